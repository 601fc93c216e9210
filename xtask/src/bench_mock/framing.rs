//! Where one HTTP/1.1 response ends in the bytes read from a kept-alive connection: the status
//! line, the headers that decide the body's extent (`Content-Length`, `Transfer-Encoding:
//! chunked`, or none, when the body runs to the end of the connection) and whether the server
//! means to close the connection after it. The load generator calls [`frame`] after every read
//! until it answers; nothing is copied, only lengths are computed.

/// The largest head (status line and headers) accepted before the response is refused.
const MAX_HEAD: usize = 64 * 1024;

/// A complete response at the start of a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Frame {
    /// The status code.
    pub status: u16,
    /// Bytes of the whole response, head and body; the next response starts there.
    pub length: usize,
    /// Bytes of the body, after any chunked framing is taken off.
    pub body: usize,
    /// The connection cannot carry another request after this response.
    pub close: bool,
}

/// How the body's end is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    Length(usize),
    Chunked,
    /// No length given: the body is what comes until the server closes the connection.
    UntilClose,
}

/// The response at the start of `bytes`: `Ok(None)` while it is incomplete and more bytes may
/// come, `Ok(Some(_))` once it is whole. `closed` says the peer has closed the connection, so
/// nothing more will come: a body that runs to the close ends there, and anything else that
/// is incomplete is an error.
pub(crate) fn frame(bytes: &[u8], closed: bool) -> Result<Option<Frame>, String> {
    let Some(head_end) = find(bytes, b"\r\n\r\n") else {
        if bytes.len() > MAX_HEAD {
            return Err(format!(
                "the response's head is longer than {MAX_HEAD} bytes"
            ));
        }
        return incomplete(bytes, closed, "head");
    };
    let head = std::str::from_utf8(&bytes[..head_end])
        .map_err(|_| "the response's head is not UTF-8".to_owned())?;
    let body_start = head_end + 4;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let (version, status) = status_line
        .split_once(' ')
        .filter(|(version, _)| version.starts_with("HTTP/1."))
        .and_then(|(version, rest)| {
            let code = rest.split(' ').next().unwrap_or_default();
            Some((version, code.parse::<u16>().ok()?))
        })
        .ok_or_else(|| format!("`{status_line}` is not an HTTP/1.x status line"))?;
    let mut close = version == "HTTP/1.0";
    let mut extent = None;
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("`{line}` is not a header line"))?;
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("content-length") {
            let length = value
                .parse::<usize>()
                .map_err(|_| format!("`Content-Length: {value}` is not a length"))?;
            if extent.is_none() {
                extent = Some(Extent::Length(length));
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            if value
                .rsplit(',')
                .next()
                .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"))
            {
                // Chunked framing wins over a length (RFC 9112, 6.3).
                extent = Some(Extent::Chunked);
            }
        } else if name.eq_ignore_ascii_case("connection") {
            for token in value.split(',').map(str::trim) {
                if token.eq_ignore_ascii_case("close") {
                    close = true;
                } else if token.eq_ignore_ascii_case("keep-alive") {
                    close = false;
                }
            }
        }
    }
    // Informational, 204 and 304 responses have no body whatever their headers say.
    let bodiless = status < 200 || status == 204 || status == 304;
    let extent = if bodiless {
        Extent::Length(0)
    } else {
        extent.unwrap_or(Extent::UntilClose)
    };
    let rest = &bytes[body_start..];
    let body = match extent {
        Extent::Length(length) => {
            if rest.len() < length {
                return incomplete(bytes, closed, "body");
            }
            (length, length)
        }
        Extent::Chunked => match chunked(rest)? {
            Some(sizes) => sizes,
            None => return incomplete(bytes, closed, "chunked body"),
        },
        Extent::UntilClose => {
            if !closed {
                return Ok(None);
            }
            close = true;
            (rest.len(), rest.len())
        }
    };
    Ok(Some(Frame {
        status,
        length: body_start + body.0,
        body: body.1,
        close,
    }))
}

/// `Ok(None)` for an incomplete response while more may come, an error once the peer closed.
fn incomplete(bytes: &[u8], closed: bool, what: &str) -> Result<Option<Frame>, String> {
    if !closed {
        Ok(None)
    } else if bytes.is_empty() {
        Err("the connection was closed before a response".to_owned())
    } else {
        Err(format!(
            "the connection was closed after {} bytes, before the end of the response's {what}",
            bytes.len()
        ))
    }
}

/// A chunked body at the start of `rest`: the bytes it takes on the wire and the bytes of
/// data it carries, or `None` while it is incomplete.
fn chunked(rest: &[u8]) -> Result<Option<(usize, usize)>, String> {
    let mut at = 0;
    let mut data = 0;
    loop {
        let Some(line_end) = find(&rest[at..], b"\r\n") else {
            return Ok(None);
        };
        let line = std::str::from_utf8(&rest[at..at + line_end]).unwrap_or("?");
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("`{size_text}` is not a chunk size"))?;
        at += line_end + 2;
        if size == 0 {
            // Trailer fields, if any, then the empty line that ends the message.
            loop {
                let Some(line_end) = find(&rest[at..], b"\r\n") else {
                    return Ok(None);
                };
                at += line_end + 2;
                if line_end == 0 {
                    return Ok(Some((at, data)));
                }
            }
        }
        if rest.len() < at + size + 2 {
            return Ok(None);
        }
        if &rest[at + size..at + size + 2] != b"\r\n" {
            return Err(format!("a chunk of {size} bytes is not followed by CRLF"));
        }
        data += size;
        at += size + 2;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(bytes: &[u8]) -> Frame {
        frame(bytes, false)
            .expect("a response")
            .expect("a whole response")
    }

    #[test]
    fn a_sized_response_ends_at_its_length_and_leaves_the_next_one() {
        let two = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
            content-length: 7\r\n\r\n{\"a\":1}HTTP/1.1 404 Not Found\r\n";
        let first = whole(two);
        assert_eq!(
            first,
            Frame {
                status: 200,
                length: two.len() - "HTTP/1.1 404 Not Found\r\n".len(),
                body: 7,
                close: false,
            }
        );
        assert_eq!(frame(&two[first.length..], false), Ok(None));
    }

    #[test]
    fn every_prefix_of_a_response_is_incomplete() {
        let sized = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
            3\r\n{\"a\r\n4;x=y\r\n\":1}\r\n0\r\nTrailer: t\r\n\r\n";
        for bytes in [&sized[..], &chunked[..]] {
            for end in 0..bytes.len() {
                assert_eq!(frame(&bytes[..end], false), Ok(None), "{end}");
                assert!(frame(&bytes[..end], true).is_err(), "{end} closed");
            }
            assert_eq!(whole(bytes).length, bytes.len());
        }
        assert_eq!(whole(chunked).body, 7);
    }

    #[test]
    fn the_connection_closes_when_the_server_says_so() {
        let cases: [(&[u8], bool); 4] = [
            (b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false),
            (
                b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                true,
            ),
            (b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", true),
            (
                b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n",
                false,
            ),
        ];
        for (bytes, close) in cases {
            assert_eq!(
                whole(bytes).close,
                close,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn a_body_without_length_runs_to_the_close() {
        let open = b"HTTP/1.1 422 Unprocessable Entity\r\n\r\n{}";
        assert_eq!(frame(open, false), Ok(None));
        assert_eq!(
            frame(open, true),
            Ok(Some(Frame {
                status: 422,
                length: open.len(),
                body: 2,
                close: true,
            }))
        );
        let no_content = b"HTTP/1.1 204 No Content\r\n\r\n";
        assert_eq!(whole(no_content).length, no_content.len());
    }

    #[test]
    fn broken_responses_are_refused_with_a_reason() {
        let long_head = [b'a'; MAX_HEAD + 1];
        let cases: [(&[u8], &str); 6] = [
            (b"SMTP 220\r\n\r\n", "not an HTTP/1.x status line"),
            (b"HTTP/1.1 OK\r\n\r\n", "not an HTTP/1.x status line"),
            (
                b"HTTP/1.1 200 OK\r\nbroken\r\n\r\n",
                "`broken` is not a header",
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
                "`Content-Length: x` is not a length",
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "`zz` is not a chunk size",
            ),
            (&long_head, "longer than"),
        ];
        for (bytes, fragment) in cases {
            let error = frame(bytes, false).expect_err(fragment);
            assert!(error.contains(fragment), "{error}");
        }
        let cut = frame(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}", true);
        assert!(cut.is_err_and(|error| error.contains("before the end of the response's body")));
        assert_eq!(
            frame(b"", true),
            Err("the connection was closed before a response".to_owned())
        );
    }
}
