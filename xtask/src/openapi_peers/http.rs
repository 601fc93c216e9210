//! Just enough HTTP/1.1 to ask the local mock server for a response: one `GET` per connection
//! (`Connection: close`), and the answer read back into its status, headers and body (sized by
//! `Content-Length`, chunked, or running to the end of the connection). The mock listens on the
//! loopback address only, so no TLS, redirects or proxies.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// An HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name`, compared without regard to case.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The bytes of a `GET path` request to `host` with `headers`.
pub(crate) fn request(host: &str, path: &str, headers: &[(String, String)]) -> Vec<u8> {
    let mut text = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

/// Sends `GET path` to `address` and reads the whole response.
pub(crate) fn get(
    address: SocketAddr,
    path: &str,
    headers: &[(String, String)],
    timeout: Duration,
) -> Result<Response, String> {
    let failed = |what: &str, error: std::io::Error| format!("{what} {address}{path}: {error}");
    let mut stream = TcpStream::connect_timeout(&address, timeout)
        .map_err(|error| failed("cannot connect to", error))?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|error| failed("cannot set a timeout for", error))?;
    stream
        .write_all(&request(&address.to_string(), path, headers))
        .map_err(|error| failed("cannot send the request to", error))?;
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .map_err(|error| failed("cannot read the response of", error))?;
    parse(&bytes)
}

/// Reads a whole response from its bytes.
pub(crate) fn parse(bytes: &[u8]) -> Result<Response, String> {
    let end = bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or("the response ends before its headers do")?;
    let head = std::str::from_utf8(&bytes[..end])
        .map_err(|_| "the response's headers are not UTF-8".to_owned())?;
    let rest = &bytes[end + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .filter(|_| status_line.starts_with("HTTP/1."))
        .ok_or_else(|| format!("`{status_line}` is not an HTTP/1.x status line"))?;
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("`{line}` is not a header line"))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    let chunked = response
        .header("transfer-encoding")
        .is_some_and(|value| value.eq_ignore_ascii_case("chunked"));
    response.body = if chunked {
        dechunk(rest)?
    } else if let Some(length) = response.header("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| format!("`Content-Length: {length}` is not a length"))?;
        rest.get(..length)
            .ok_or_else(|| {
                format!(
                    "the body has {} bytes of the {length} announced",
                    rest.len()
                )
            })?
            .to_vec()
    } else {
        rest.to_vec()
    };
    Ok(response)
}

/// The body of a chunked transfer.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|window| window == b"\r\n")
            .ok_or("a chunk's size line does not end")?;
        let line = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("`{size_text}` is not a chunk size"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = rest
            .get(..size)
            .ok_or("the body ends inside a chunk".to_owned())?;
        body.extend_from_slice(chunk);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_its_host_and_headers() {
        let headers = [("Authorization".to_owned(), "x".to_owned())];
        assert_eq!(
            String::from_utf8_lossy(&request("127.0.0.1:4010", "/a/1", &headers)),
            "GET /a/1 HTTP/1.1\r\nHost: 127.0.0.1:4010\r\nConnection: close\r\n\
             Authorization: x\r\n\r\n"
        );
    }

    #[test]
    fn bodies_are_read_by_length_by_chunks_or_to_the_end() {
        let sized = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
            content-length: 7\r\n\r\n{\"a\":1}trailing";
        let response = parse(sized).expect("sized");
        assert_eq!(response.status, 200);
        assert_eq!(response.header("Content-Type"), Some("application/json"));
        assert_eq!(response.body, b"{\"a\":1}");

        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
            3\r\n{\"a\r\n4;x=y\r\n\":1}\r\n0\r\n\r\n";
        assert_eq!(parse(chunked).expect("chunked").body, b"{\"a\":1}");

        let open = b"HTTP/1.0 422 Unprocessable Entity\r\n\r\n{}";
        let response = parse(open).expect("open");
        assert_eq!(
            (response.status, response.body.as_slice()),
            (422, &b"{}"[..])
        );
    }

    #[test]
    fn broken_responses_are_refused_with_a_reason() {
        let cases: [(&[u8], &str); 5] = [
            (b"HTTP/1.1 200 OK\r\n", "ends before its headers"),
            (b"SMTP 220\r\n\r\n", "not an HTTP/1.x status line"),
            (
                b"HTTP/1.1 200 OK\r\nbroken\r\n\r\n",
                "`broken` is not a header",
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}",
                "2 bytes of the 9",
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "`zz` is not a chunk size",
            ),
        ];
        for (bytes, fragment) in cases {
            let error = parse(bytes).expect_err(fragment);
            assert!(error.contains(fragment), "{error}");
        }
    }
}
