//! An entry's response body as the payload: `response.content.text` decoded by its
//! `encoding`, and placed in the entry's text so the validator's positions are the file's.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use isales_contract::Placement;

/// Why an entry's response body cannot be read as a payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// The entry has no `response.content.text` string.
    Missing,
    /// The body is marked base64 and does not decode; what the decoder said.
    Base64(String),
    /// The body has an encoding other than base64, as the entry names it.
    UnknownEncoding(String),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Missing => f.write_str(
                "the response body was not captured (the entry has no response.content.text)",
            ),
            BodyError::Base64(error) => write!(
                f,
                "the response body is marked base64 but does not decode: {error}"
            ),
            BodyError::UnknownEncoding(name) => write!(
                f,
                "the response body has an encoding the validator does not know: {name}"
            ),
        }
    }
}

impl std::error::Error for BodyError {}

/// The bytes of a body as `encoding` (a HAR `content.encoding`) says to read `text`: no
/// encoding, or an empty one, is the text itself; `base64` (in any case) is decoded with the
/// standard alphabet and padding, after the whitespace that capture tools wrap it with is
/// removed; any other encoding is refused.
///
/// # Errors
/// [`BodyError::Base64`] when base64 text does not decode, [`BodyError::UnknownEncoding`]
/// for another encoding.
pub fn decode<'t>(text: &'t str, encoding: Option<&str>) -> Result<Cow<'t, [u8]>, BodyError> {
    match encoding {
        None | Some("") => Ok(Cow::Borrowed(text.as_bytes())),
        Some(name) if name.eq_ignore_ascii_case("base64") => {
            let compact: Vec<u8> = text
                .bytes()
                .filter(|byte| !byte.is_ascii_whitespace())
                .collect();
            base64::engine::general_purpose::STANDARD
                .decode(&compact)
                .map(Cow::Owned)
                .map_err(|error| BodyError::Base64(error.to_string()))
        }
        Some(name) => Err(BodyError::UnknownEncoding(name.to_owned())),
    }
}

/// A response body ready for the validator: its bytes, and where they sit in the capture.
#[derive(Debug)]
pub struct Placed<'e> {
    /// The payload: the string's content, or what it decoded to.
    pub bytes: Cow<'e, [u8]>,
    /// Where the payload is: inside the string literal (positions map back through its
    /// escapes), or decoded from it (every position is the literal's).
    pub placement: Placement<'e>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_encoding_is_the_text_itself() {
        for encoding in [None, Some("")] {
            let decoded = decode("{\"a\": 1}", encoding).expect("the text");
            assert!(
                matches!(decoded, Cow::Borrowed(b"{\"a\": 1}")),
                "{decoded:?}"
            );
        }
    }

    #[test]
    fn base64_in_any_case_with_whitespace_removed() {
        // `{"returnCode": "0"}` wrapped at 8 columns with CRLF, a tab and a trailing newline.
        let wrapped = "eyJyZXR1\r\ncm5Db2Rl\r\nIjogIjAi\tfQ==\n";
        for name in ["base64", "BASE64", "Base64"] {
            let decoded = decode(wrapped, Some(name)).expect("base64");
            assert_eq!(decoded.as_ref(), b"{\"returnCode\": \"0\"}", "{name}");
        }
        assert_eq!(decode("", Some("base64")).expect("empty").as_ref(), b"");
    }

    #[test]
    fn invalid_base64_is_refused_with_what_the_decoder_said() {
        for text in ["e30", "e3!=", "e30=e30=", "中文"] {
            let error = decode(text, Some("base64")).expect_err(text);
            assert!(matches!(error, BodyError::Base64(_)), "{text}: {error:?}");
            assert!(
                error
                    .to_string()
                    .starts_with("the response body is marked base64 but does not decode: "),
                "{error}"
            );
        }
    }

    #[test]
    fn other_encodings_are_refused_by_name() {
        for name in ["gzip", "base-64", "base64 ", "utf-8"] {
            let error = decode("e30=", Some(name)).expect_err(name);
            assert_eq!(error, BodyError::UnknownEncoding(name.to_owned()));
            assert_eq!(
                error.to_string(),
                format!("the response body has an encoding the validator does not know: {name}")
            );
        }
    }
}
