//! One entry of a capture: what it says, copied out of its located tree, and its text with
//! the secrets blanked.
//!
//! The secret values (the headers of [`SECRET_HEADERS`] and every cookie, of the request and
//! of the response) are replaced with `*` in the entry's text itself before [`Entry::read`]
//! returns, byte for byte so every span stays valid; nothing that reads the text afterwards,
//! a report quoting it included, can show them.

use std::fmt;

use isales_contract::{Placement, Request};
use isales_json::{self as json, Node, Position, Span};

use crate::body::{BodyError, Placed, decode};
use crate::stream::RawEntry;

/// Header names whose values are secrets, lower case; their values are blanked out of the
/// entry text before anything else looks at it.
pub const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// A header of the request, as the entry holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The name, as written.
    pub name: String,
    /// The value; for a secret header, `*` when it has one and `""` when it is blank, never
    /// the value itself.
    pub value: String,
    /// The value's span in the entry's text.
    pub value_span: Span,
}

/// The response body, as the entry holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// `response.content.text`, unescaped.
    pub text: String,
    /// The string literal in the entry's text, quotes included.
    pub span: Span,
    /// `response.content.encoding`, when it is a string.
    pub encoding: Option<String>,
}

/// What an entry says, copied out of its parsed tree. Members of the wrong type count as
/// absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// `request.method`.
    pub method: Option<String>,
    /// `request.url` and its string literal's span.
    pub url: Option<(String, Span)>,
    /// `request.headers` that have a string name and a value.
    pub headers: Vec<Header>,
    /// The `request` object, or the whole entry when it has none.
    pub request_span: Span,
    /// `response.content.text`, when it is a string.
    pub body: Option<Body>,
    /// The spans of the secret values, which [`blank_secrets`] blanks.
    pub secrets: Vec<Span>,
}

fn member<'n, 's>(node: &'n Node<'s>, key: &str) -> Option<&'n Node<'s>> {
    node.member(key).map(|member| &member.value)
}

/// Whether a header object names a secret header. A malformed capture may repeat `name`
/// (`{"name": "locale", "name": "Authorization", ..}`), and readers disagree on which one
/// wins: the header is secret if any of its names is.
fn is_secret_header(header: &Node<'_>) -> bool {
    header.as_object().unwrap_or_default().iter().any(|member| {
        member.key == "name"
            && member
                .value
                .as_str()
                .is_some_and(|name| SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
    })
}

/// The spans of the secret values among `headers` and `cookies` (each a HAR array, or not).
fn collect_secrets(
    headers: Option<&Node<'_>>,
    cookies: Option<&Node<'_>>,
    secrets: &mut Vec<Span>,
) {
    for header in headers.and_then(Node::as_array).unwrap_or_default() {
        if is_secret_header(header) {
            let values = header.as_object().unwrap_or_default().iter();
            secrets.extend(
                values
                    .filter(|member| member.key == "value")
                    .map(|member| member.value.span()),
            );
        }
    }
    for cookie in cookies.and_then(Node::as_array).unwrap_or_default() {
        if let Some(value) = member(cookie, "value") {
            secrets.push(value.span());
        }
    }
}

impl Facts {
    /// What the entry `root` says.
    #[must_use]
    pub fn of(root: &Node<'_>) -> Facts {
        let request = member(root, "request");
        let response = member(root, "response");
        let mut secrets = Vec::new();
        for part in [request, response].into_iter().flatten() {
            collect_secrets(
                member(part, "headers"),
                member(part, "cookies"),
                &mut secrets,
            );
        }
        let headers = request
            .and_then(|request| member(request, "headers"))
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|header| {
                let name = member(header, "name")?.as_str()?.to_owned();
                let value_node = member(header, "value")?;
                let value = if is_secret_header(header) {
                    // Only whether it is empty matters; the value itself is never kept.
                    if value_node
                        .as_str()
                        .is_some_and(|text| !text.trim().is_empty())
                    {
                        "*".to_owned()
                    } else {
                        String::new()
                    }
                } else {
                    value_node.as_str()?.to_owned()
                };
                Some(Header {
                    name,
                    value,
                    value_span: value_node.span(),
                })
            })
            .collect();
        let content = response.and_then(|response| member(response, "content"));
        let body = content
            .and_then(|content| member(content, "text"))
            .and_then(|text| {
                Some(Body {
                    text: text.as_str()?.to_owned(),
                    span: text.span(),
                    encoding: content
                        .and_then(|content| member(content, "encoding"))
                        .and_then(Node::as_str)
                        .map(str::to_owned),
                })
            });
        Facts {
            method: request
                .and_then(|request| member(request, "method"))
                .and_then(Node::as_str)
                .map(str::to_owned),
            url: request
                .and_then(|request| member(request, "url"))
                .and_then(|url| Some((url.as_str()?.to_owned(), url.span()))),
            headers,
            request_span: request.map_or(root.span(), Node::span),
            body,
            secrets,
        }
    }

    /// The URL of the entry's request when it is a request of the interface, a `GET`
    /// (exactly, as HTTP methods are case-sensitive) of a URL whose path is
    /// [`ROUTE`](crate::ROUTE), with its span.
    ///
    /// # Errors
    /// Why the entry is not one, in words: no method, another method, no URL, another path.
    pub fn interface_url(&self) -> Result<(&str, Span), String> {
        match self.method.as_deref().unwrap_or("") {
            "GET" => {}
            "" => return Err("the entry has no request method".to_owned()),
            method => return Err(format!("request method {method}, not GET")),
        }
        let Some((url, span)) = &self.url else {
            return Err("the entry has no request URL".to_owned());
        };
        match Request::new(url).route() {
            Ok(_) => Ok((url, *span)),
            Err(not_the_route) => Err(not_the_route.to_string()),
        }
    }
}

/// Replaces each value with `*`, byte for byte, so offsets stay valid and the text stays
/// UTF-8: a string keeps its quotes, any other value is blanked whole. Spans beyond the text
/// are cut at its end.
pub fn blank_secrets(text: &mut [u8], spans: &[Span]) {
    for span in spans {
        let end = span.end.min(text.len());
        let range = if span.start + 1 < end && text.get(span.start) == Some(&b'"') {
            span.start + 1..end - 1
        } else {
            span.start.min(end)..end
        };
        for byte in text.get_mut(range).unwrap_or_default() {
            *byte = b'*';
        }
    }
}

/// Why an entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// The entry was longer than the limit it was streamed with, so its text was not kept.
    TooLarge,
    /// The entry is not JSON the located parser reads; what it said.
    Syntax(json::SyntaxError),
    /// The entry's text is not UTF-8.
    NotUtf8,
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryError::TooLarge => {
                f.write_str("the entry is larger than the limit it was read with")
            }
            EntryError::Syntax(error) => write!(
                f,
                "the entry is not a JSON object the validator can read: {error}"
            ),
            EntryError::NotUtf8 => f.write_str("the entry is not UTF-8"),
        }
    }
}

impl std::error::Error for EntryError {}

/// One entry read: its text with the secrets blanked, where it is, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Index in `log.entries`, from 0.
    pub index: usize,
    /// The entry's JSON text, its secret values blanked; the facts' spans point into it.
    pub text: String,
    /// The file position of the text's first byte.
    pub base: Position,
    /// What the entry says.
    pub facts: Facts,
}

impl Entry {
    /// Parses a streamed entry, copies out its facts and blanks its secrets.
    ///
    /// # Errors
    /// When the entry was too large to keep, or is not JSON.
    pub fn read(raw: RawEntry) -> Result<Entry, EntryError> {
        if raw.too_large {
            return Err(EntryError::TooLarge);
        }
        let mut bytes = raw.text;
        let facts = {
            let arena = json::Arena::new();
            let root = json::parse(&bytes, &arena).map_err(EntryError::Syntax)?;
            Facts::of(&root)
        };
        blank_secrets(&mut bytes, &facts.secrets);
        let text = String::from_utf8(bytes).map_err(|_| EntryError::NotUtf8)?;
        Ok(Entry {
            index: raw.index,
            text,
            base: raw.base,
            facts,
        })
    }

    /// The response body as the payload, placed in this entry's text: the string's content
    /// when it has no encoding (positions map back through its escapes), or what its base64
    /// decodes to (positions are the string's).
    ///
    /// # Errors
    /// When the entry has no body string, or its encoding cannot be decoded ([`decode`]).
    pub fn body(&self) -> Result<Placed<'_>, BodyError> {
        let body = self.facts.body.as_ref().ok_or(BodyError::Missing)?;
        let bytes = decode(&body.text, body.encoding.as_deref())?;
        let (text, string, base) = (self.text.as_str(), body.span, self.base);
        let placement = if body.encoding.as_deref().is_none_or(str::is_empty) {
            Placement::InString { text, string, base }
        } else {
            // Base64 text does not show the values: nothing inside maps back.
            Placement::Encoded { text, string, base }
        };
        Ok(Placed { bytes, placement })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawEntry {
        RawEntry {
            index: 3,
            text: text.as_bytes().to_vec(),
            base: Position {
                offset: 100,
                line: 7,
                column: 5,
            },
            too_large: false,
        }
    }

    fn read(text: &str) -> Entry {
        Entry::read(raw(text)).unwrap_or_else(|error| panic!("{error}: {text}"))
    }

    const URL: &str = "http://h/rest/isales/v1/openapi/campaigns/1/2";

    #[test]
    fn secrets_are_blanked_whatever_their_type() {
        let mut text = br#"[{"name": "Authorization", "value": "Bearer x\"y"}, {"name": "authorization", "value": 12345}, {"name": "Cookie", "value": ["a"]}]"#.to_vec();
        let arena = json::Arena::new();
        let root = json::parse(&text, &arena).expect("JSON");
        let mut secrets = Vec::new();
        collect_secrets(Some(&root), None, &mut secrets);
        assert_eq!(secrets.len(), 3);
        blank_secrets(&mut text, &secrets);
        let text = String::from_utf8(text).expect("UTF-8");
        assert_eq!(
            text,
            r#"[{"name": "Authorization", "value": "***********"}, {"name": "authorization", "value": *****}, {"name": "Cookie", "value": *****}]"#
        );
    }

    #[test]
    fn reading_an_entry_blanks_its_secrets_in_request_and_response() {
        let text = r#"{"request": {"method": "GET", "url": "/u", "headers": [
            {"name": "locale", "name": "PROXY-AUTHORIZATION", "value": "Basic 中文"},
            {"name": "Authorization", "value": "  "},
            {"name": "locale", "value": "zh_CN"}],
          "cookies": [{"name": "session", "value": "s3cr3t"}]},
          "response": {"headers": [{"name": "Set-Cookie", "value": "id=42"}],
            "content": {"text": "{}"}}}"#;
        let entry = read(text);
        assert_eq!(entry.text.len(), text.len(), "byte for byte");
        for secret in ["Basic", "中文", "s3cr3t", "id=42"] {
            assert!(!entry.text.contains(secret), "{secret}: {}", entry.text);
        }
        assert!(
            entry.text.contains(r#""value": "************""#),
            "{}",
            entry.text
        );
        let headers: Vec<(&str, &str)> = entry
            .facts
            .headers
            .iter()
            .map(|header| (header.name.as_str(), header.value.as_str()))
            .collect();
        // The first `name` is the one read; a secret's value is only whether it has one.
        assert_eq!(
            headers,
            [("locale", "*"), ("Authorization", ""), ("locale", "zh_CN")]
        );
        let locale = &entry.facts.headers[2];
        assert_eq!(
            &entry.text[locale.value_span.start..locale.value_span.end],
            "\"zh_CN\""
        );
        assert_eq!(entry.facts.secrets.len(), 4);
        assert_eq!((entry.index, entry.base.line), (3, 7));
    }

    #[test]
    fn facts_and_their_spans() {
        let text = format!(
            r#"{{"request": {{"method": "GET", "url": "{URL}"}}, "response": {{"content": {{"encoding": "base64", "text": "e30="}}}}}}"#
        );
        let entry = read(&text);
        let facts = &entry.facts;
        assert_eq!(facts.method.as_deref(), Some("GET"));
        let (url, url_span) = facts.url.as_ref().expect("a URL");
        assert_eq!(url, URL);
        assert_eq!(&text[url_span.start..url_span.end], format!("\"{URL}\""));
        assert!(text[facts.request_span.start..].starts_with("{\"method\""));
        let body = facts.body.as_ref().expect("a body");
        assert_eq!(&text[body.span.start..body.span.end], "\"e30=\"");
        assert_eq!(body.encoding.as_deref(), Some("base64"));
        // Members of the wrong type are absent; no request, and the entry is the request.
        let odd = read(r#"{"response": {"content": {"text": 7, "encoding": "base64"}}}"#);
        assert_eq!(odd.facts.body, None);
        assert_eq!(odd.facts.method, None);
        assert_eq!(odd.facts.request_span.start, 0);
    }

    #[test]
    fn only_a_get_of_the_route_is_the_interface() {
        let reason = |request: &str| {
            read(&format!(r#"{{"request": {request}}}"#))
                .facts
                .interface_url()
                .err()
        };
        let entry = read(&format!(
            r#"{{"request": {{"method": "GET", "url": "{URL}?x=1"}}}}"#
        ));
        let (url, span) = entry.facts.interface_url().expect("the interface's");
        assert_eq!(url, format!("{URL}?x=1"));
        assert_eq!(&entry.text[span.start..span.end], format!("\"{URL}?x=1\""));
        let cases = [
            (
                format!(r#"{{"url": "{URL}"}}"#),
                "the entry has no request method",
            ),
            (
                format!(r#"{{"method": "POST", "url": "{URL}"}}"#),
                "request method POST, not GET",
            ),
            (
                format!(r#"{{"method": "get", "url": "{URL}"}}"#),
                "request method get, not GET",
            ),
            (
                r#"{"method": "GET"}"#.to_owned(),
                "the entry has no request URL",
            ),
            (
                r#"{"method": "GET", "url": "http://h/rest/isales/v1/openapi/campaigns/1"}"#
                    .to_owned(),
                "URL path /rest/isales/v1/openapi/campaigns/1 is not",
            ),
        ];
        for (request, expected) in cases {
            let reason = reason(&request).unwrap_or_default();
            assert!(reason.starts_with(expected), "{request}: {reason}");
        }
    }

    #[test]
    fn bodies_are_placed_in_the_entry() {
        let plain = read(r#"{"response": {"content": {"text": "{\"a\": \"\u00e9\"}"}}}"#);
        let placed = plain.body().expect("a body");
        assert_eq!(placed.bytes.as_ref(), "{\"a\": \"é\"}".as_bytes());
        assert!(matches!(
            placed.placement,
            Placement::InString { base, .. } if base == plain.base
        ));
        let encoded =
            read(r#"{"response": {"content": {"text": "e3\n0=", "encoding": "BASE64"}}}"#);
        let placed = encoded.body().expect("a body");
        assert_eq!(placed.bytes.as_ref(), b"{}");
        assert!(matches!(placed.placement, Placement::Encoded { .. }));
        let missing = read(r#"{"response": {"content": {"size": 0}}}"#);
        assert_eq!(missing.body().err(), Some(BodyError::Missing));
        let gzip = read(r#"{"response": {"content": {"text": "x", "encoding": "gzip"}}}"#);
        assert_eq!(
            gzip.body().err(),
            Some(BodyError::UnknownEncoding("gzip".to_owned()))
        );
    }

    #[test]
    fn entries_that_cannot_be_read() {
        let mut large = raw("");
        large.too_large = true;
        assert_eq!(Entry::read(large), Err(EntryError::TooLarge));
        for text in ["{", "", "{\"a\": 1} {}"] {
            let error = Entry::read(raw(text)).expect_err(text);
            assert!(matches!(error, EntryError::Syntax(_)), "{text}: {error}");
            assert!(
                error
                    .to_string()
                    .starts_with("the entry is not a JSON object the validator can read: "),
                "{error}"
            );
        }
        let mut latin1 = raw("");
        latin1.text = b"{\"a\": \"\xe9\"}".to_vec();
        assert!(matches!(Entry::read(latin1), Err(EntryError::Syntax(_))));
    }
}
