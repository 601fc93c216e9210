//! HAR captures: stream `log.entries` one entry at a time, pick the entries of the interface,
//! and check each one's URL parameters, request headers and response body.
//!
//! A HAR file is one JSON document that can be hundreds of megabytes. [`stream_entries`] reads
//! it with `serde_json::Deserializer` and a chain of `DeserializeSeed` visitors (root → `log` →
//! `entries`) that hand each entry's raw text to a callback and keep nothing else, so memory is
//! bounded by the largest entry. A reader wrapper tracks the byte offset, line and column and
//! records the bytes of the entry being read, which gives each entry its text and its place in
//! the file without a second pass. The recording stops at the payload size limit: a larger
//! entry is read on (serde skips its strings without keeping them) but its bytes are dropped,
//! so a 512 MB body costs no more memory than the limit, and the entry is reported as too large.
//!
//! [`check_entry`] then works on one entry (in parallel with others): it parses the entry with
//! the library's located parser, blanks out secret header values *in the entry text itself*
//! (so no renderer can ever quote them), and decides:
//! - a request that is not `GET`, or whose URL path is not
//!   `/rest/isales/v1/openapi/campaigns/{vdnId}/{campaignId}`, is skipped with the reason;
//! - otherwise the path parameters are checked as Table 1 (`UrlParams`), the headers as Table 2
//!   (names compared case-insensitively; the Authorization value is never read into a report),
//!   and `response.content.text` (base64-decoded when `encoding` says so) as the payload.
//!   Positions inside the body are mapped back through the string's escapes to the HAR file.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, Read};
use std::sync::Arc;

use base64::Engine as _;
use isales_contract::{Placement, Request, Validator};
use isales_json::{self as json, Node, Position, Span};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::payload::{Locus, Part, Payload, Source, Status};

pub use isales_contract::request::ROUTE;

/// Header names whose values are secrets, lower case; their values are blanked out of the
/// entry text before anything else looks at it.
pub const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// One entry of `log.entries`, as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// Index in `log.entries`, from 0.
    pub index: usize,
    /// The entry's JSON text, from its `{` to its `}`.
    pub text: Vec<u8>,
    /// The file position of the `{`.
    pub base: Position,
    /// Whether the entry was longer than the limit; its `text` is then empty.
    pub too_large: bool,
}

/// Why streaming a HAR file stopped early.
#[derive(Debug)]
pub enum HarError {
    /// Reading the file failed.
    Read(io::Error),
    /// The callback failed (writing the report).
    Callback(io::Error),
    /// The file is not a HAR document.
    Invalid(String),
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarError::Read(error) | HarError::Callback(error) => error.fmt(f),
            HarError::Invalid(message) => f.write_str(message),
        }
    }
}

/// Where the reader is, and the bytes of the entry being read.
#[derive(Debug)]
struct Tracker {
    offset: usize,
    line: usize,
    column: usize,
    recording: Option<Vec<u8>>,
    /// The most bytes one recording keeps.
    limit: usize,
    /// Whether the current recording passed `limit` (and was dropped).
    overflowed: bool,
    /// Where the current recording's first byte other than whitespace or a comma is.
    first: Option<Position>,
}

impl Tracker {
    fn new(limit: usize) -> Self {
        Tracker {
            offset: 0,
            line: 1,
            column: 1,
            recording: None,
            limit,
            overflowed: false,
            first: None,
        }
    }

    fn position(&self) -> Position {
        Position {
            offset: self.offset,
            line: self.line,
            column: self.column,
        }
    }

    fn advance(&mut self, bytes: &[u8]) {
        for byte in bytes {
            if self.first.is_none()
                && self.recording.is_some()
                && !(byte.is_ascii_whitespace() || *byte == b',')
            {
                self.first = Some(self.position());
            }
            self.offset += 1;
            if *byte == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if *byte & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        if let Some(recording) = &mut self.recording {
            if recording.len() + bytes.len() > self.limit {
                // Drop what was kept: the entry will not be checked, so holding it is waste.
                *recording = Vec::new();
                self.overflowed = true;
            } else if !self.overflowed {
                recording.extend_from_slice(bytes);
            }
        }
    }

    fn start_recording(&mut self) -> Position {
        self.recording = Some(Vec::new());
        self.overflowed = false;
        self.first = None;
        self.position()
    }
}

/// A reader that reports every byte it hands out to a [`Tracker`].
struct Tracking<'t, R> {
    inner: R,
    tracker: &'t RefCell<Tracker>,
}

impl<R: Read> Read for Tracking<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.tracker.borrow_mut().advance(&buffer[..read]);
        Ok(read)
    }
}

struct Context<'t, F> {
    tracker: &'t RefCell<Tracker>,
    on_entry: F,
    callback_error: Option<io::Error>,
    saw_entries: bool,
    next_index: usize,
}

struct RootSeed<'c, 't, F>(&'c mut Context<'t, F>);
struct LogSeed<'c, 't, F>(&'c mut Context<'t, F>);
struct EntriesSeed<'c, 't, F>(&'c mut Context<'t, F>);

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> DeserializeSeed<'de> for RootSeed<'_, '_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> Visitor<'de> for RootSeed<'_, '_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR document (an object with a `log` member)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "log" {
                map.next_value_seed(LogSeed(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> DeserializeSeed<'de> for LogSeed<'_, '_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> Visitor<'de> for LogSeed<'_, '_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR `log` object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "entries" {
                map.next_value_seed(EntriesSeed(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> DeserializeSeed<'de> for EntriesSeed<'_, '_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> Visitor<'de> for EntriesSeed<'_, '_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR `log.entries` array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let context = self.0;
        context.saw_entries = true;
        loop {
            let mark = context.tracker.borrow_mut().start_recording();
            let next = seq.next_element::<IgnoredAny>()?;
            let (recorded, too_large, first) = {
                let mut tracker = context.tracker.borrow_mut();
                let recorded = tracker.recording.take().unwrap_or_default();
                (recorded, tracker.overflowed, tracker.first.unwrap_or(mark))
            };
            if next.is_none() {
                return Ok(());
            }
            // The recording starts before the separator and whitespace that precede the entry;
            // the tracker noted where the entry itself starts.
            let lead = recorded
                .iter()
                .position(|byte| !(byte.is_ascii_whitespace() || *byte == b','))
                .unwrap_or(recorded.len());
            let mut text = recorded;
            text.drain(..lead);
            while text.last().is_some_and(|byte| byte.is_ascii_whitespace()) {
                text.pop();
            }
            let entry = RawEntry {
                index: context.next_index,
                text,
                base: first,
                too_large,
            };
            context.next_index += 1;
            if let Err(error) = (context.on_entry)(entry) {
                context.callback_error = Some(error);
                return Err(de::Error::custom("the report could not be written"));
            }
        }
    }
}

/// Reads a HAR document from `reader` and calls `on_entry` with each entry of `log.entries`,
/// in order; an entry longer than `limit` bytes comes without its text, marked `too_large`.
/// Gives the number of entries.
///
/// # Errors
/// When reading fails, when the callback fails, or when the text is not a HAR document (the
/// message has the line and column).
pub fn stream_entries<R: Read>(
    reader: R,
    limit: usize,
    on_entry: impl FnMut(RawEntry) -> io::Result<()>,
) -> Result<usize, HarError> {
    let tracker = RefCell::new(Tracker::new(limit));
    let mut context = Context {
        tracker: &tracker,
        on_entry,
        callback_error: None,
        saw_entries: false,
        next_index: 0,
    };
    let mut deserializer = serde_json::Deserializer::from_reader(Tracking {
        inner: reader,
        tracker: &tracker,
    });
    let result = RootSeed(&mut context)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let Some(error) = context.callback_error {
        return Err(HarError::Callback(error));
    }
    match result {
        Err(error) if error.is_io() => Err(HarError::Read(io::Error::other(error.to_string()))),
        Err(error) => Err(HarError::Invalid(format!("not a valid HAR file: {error}"))),
        Ok(()) if !context.saw_entries => Err(HarError::Invalid(
            "not a HAR file: there is no `log.entries` array".to_owned(),
        )),
        Ok(()) => Ok(context.next_index),
    }
}

/// A header of the request, as the entry holds it.
struct Header {
    name: String,
    value: String,
    value_span: Span,
}

/// The response body, as the entry holds it.
enum Body {
    /// No `response.content.text`.
    Missing,
    /// The string token and its decoded content.
    Text {
        text: String,
        span: Span,
        encoding: Option<String>,
    },
}

/// What an entry says, copied out of the parsed tree.
struct Facts {
    method: Option<String>,
    url: Option<(String, Span)>,
    headers: Vec<Header>,
    request_span: Span,
    body: Body,
    secrets: Vec<Span>,
}

fn member<'n, 's>(node: &'n Node<'s>, key: &str) -> Option<&'n Node<'s>> {
    node.member(key).map(|member| &member.value)
}

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

fn facts(root: &Node<'_>) -> Facts {
    let request = member(root, "request");
    let response = member(root, "response");
    let mut secrets = Vec::new();
    collect_secrets(
        request.and_then(|request| member(request, "headers")),
        request.and_then(|request| member(request, "cookies")),
        &mut secrets,
    );
    collect_secrets(
        response.and_then(|response| member(response, "headers")),
        response.and_then(|response| member(response, "cookies")),
        &mut secrets,
    );
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
    let body = match content.and_then(|content| member(content, "text")) {
        Some(text_node) if text_node.as_str().is_some() => Body::Text {
            text: text_node.as_str().unwrap_or_default().to_owned(),
            span: text_node.span(),
            encoding: content
                .and_then(|content| member(content, "encoding"))
                .and_then(Node::as_str)
                .map(str::to_owned),
        },
        _ => Body::Missing,
    };
    Facts {
        method: request
            .and_then(|request| member(request, "method"))
            .and_then(Node::as_str)
            .map(str::to_owned),
        url: request
            .and_then(|request| member(request, "url"))
            .and_then(|url| Some((url.as_str()?.to_owned(), url.span()))),
        headers,
        request_span: request.map_or(root.span(), |request| request.span()),
        body,
        secrets,
    }
}

/// Replaces each value with `*`, byte for byte, so offsets stay valid and the text stays
/// UTF-8: a string keeps its quotes, any other value is blanked whole.
fn blank_out(text: &mut [u8], spans: &[Span]) {
    for span in spans {
        let end = span.end.min(text.len());
        let range = if span.start + 1 < end && text[span.start] == b'"' {
            span.start + 1..end - 1
        } else {
            span.start.min(end)..end
        };
        for byte in &mut text[range] {
            *byte = b'*';
        }
    }
}

/// Everything [`check_entry`] produces: the payload and the (secret-free) entry text.
#[derive(Debug)]
pub struct CheckedEntry {
    /// The verdict and findings.
    pub payload: Payload,
    /// The entry's text with secret values blanked out; `payload`'s positions point into the
    /// file, and `text[0]` is at `base`.
    pub text: Vec<u8>,
    /// Where the text starts in the file.
    pub base: Position,
}

/// Checks one entry: skipped when it is not a GET of the interface; otherwise the URL
/// parameters, the headers and the response body.
#[must_use]
pub fn check_entry(source: &Arc<Source>, entry: RawEntry, validator: &Validator) -> CheckedEntry {
    let locus = Locus::Entry {
        index: entry.index,
        line: entry.base.line,
    };
    let base = entry.base;
    let mut bytes = entry.text;
    let arena = json::Arena::new();
    let parsed = json::parse(&bytes, &arena).map(|root| facts(&root));
    let facts = match parsed {
        Ok(facts) => facts,
        Err(error) => {
            let reason = format!("the entry is not a JSON object the validator can read: {error}");
            bytes.clear();
            return CheckedEntry {
                payload: Payload::unchecked(source.clone(), locus, reason),
                text: bytes,
                base,
            };
        }
    };
    blank_out(&mut bytes, &facts.secrets);
    let done = |payload: Payload, bytes: Vec<u8>| CheckedEntry {
        payload,
        text: bytes,
        base,
    };

    let method = facts.method.as_deref().unwrap_or("");
    if method != "GET" {
        let reason = if method.is_empty() {
            "the entry has no request method".to_owned()
        } else {
            format!("request method {method}, not GET")
        };
        return done(Payload::skipped(source.clone(), locus, reason), bytes);
    }
    let Some((url, url_span)) = &facts.url else {
        return done(
            Payload::skipped(source.clone(), locus, "the entry has no request URL"),
            bytes,
        );
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return done(
            Payload::unchecked(source.clone(), locus, "the entry is not UTF-8"),
            bytes,
        );
    };
    let mut request = Request::new(url).located(text, base, facts.request_span, *url_span);
    for header in &facts.headers {
        request = request.header_at(&header.name, &header.value, header.value_span);
    }
    let request_report = match validator.validate_request(&request) {
        Ok(report) => report,
        Err(not_the_route) => {
            return done(
                Payload::skipped(source.clone(), locus, not_the_route.to_string()),
                bytes,
            );
        }
    };

    let mut body_problem = None;
    let body_report = match &facts.body {
        Body::Missing => {
            body_problem = Some(
                "the response body was not captured (the entry has no response.content.text)"
                    .to_owned(),
            );
            None
        }
        Body::Text {
            text: body,
            span,
            encoding,
        } => {
            let decoded = match encoding.as_deref() {
                None | Some("") => Ok(None),
                Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
                    let compact: String = body.split_ascii_whitespace().collect();
                    base64::engine::general_purpose::STANDARD
                        .decode(compact.as_bytes())
                        .map(Some)
                        .map_err(|error| {
                            format!(
                                "the response body is marked base64 but does not decode: {error}"
                            )
                        })
                }
                Some(other) => Err(format!(
                    "the response body has an encoding the validator does not know: {other}"
                )),
            };
            match decoded {
                Err(problem) => {
                    body_problem = Some(problem);
                    None
                }
                Ok(decoded) => {
                    let placement = match &decoded {
                        None => Placement::InString {
                            text,
                            string: *span,
                            base,
                        },
                        // Base64 text does not show the values: nothing inside maps back.
                        Some(_) => Placement::Encoded {
                            text,
                            string: *span,
                            base,
                        },
                    };
                    let payload = decoded.as_deref().unwrap_or(body.as_bytes());
                    Some(validator.validate_in(payload, &placement))
                }
            }
        }
    };

    let mut payload = Payload::checked(
        source.clone(),
        locus,
        request_report.url,
        Some(Part::RequestUrl),
    );
    let headers = Payload::checked(
        source.clone(),
        locus,
        request_report.headers,
        Some(Part::RequestHeaders),
    );
    let mut failed = payload.status == Status::Fail || headers.status == Status::Fail;
    payload.merge(headers);
    if let Some(report) = body_report {
        let mut body = Payload::checked(source.clone(), locus, report, Some(Part::ResponseBody));
        failed |= body.status == Status::Fail;
        payload.personal = std::mem::take(&mut body.personal);
        payload.merge(body);
    }
    payload.status = if body_problem.is_some() {
        Status::Unchecked
    } else if failed {
        Status::Fail
    } else {
        Status::Pass
    };
    payload.reason = body_problem;
    done(payload, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<RawEntry> {
        let mut seen = Vec::new();
        stream_entries(text.as_bytes(), usize::MAX, |entry| {
            seen.push(entry);
            Ok(())
        })
        .expect("a HAR");
        seen
    }

    #[test]
    fn streams_entries_with_their_text_and_position() {
        let har = "{\"log\": {\"version\": \"1.2\",\n  \"entries\": [\n    {\"a\": 1},\n    {\"b\": [2, \"é\"]}\n  ],\n  \"pages\": []}}\n";
        let seen = entries(har);
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].text, b"{\"a\": 1}");
        assert_eq!(seen[0].base.line, 3);
        assert_eq!(seen[0].base.column, 5);
        assert_eq!(
            &har.as_bytes()[seen[1].base.offset..][..seen[1].text.len()],
            seen[1].text.as_slice()
        );
        assert_eq!(seen[1].index, 1);
        assert_eq!(seen[1].base.line, 4);
    }

    #[test]
    fn entries_over_the_limit_come_without_their_text() {
        let big = "x".repeat(100);
        let har = format!(
            "{{\"log\": {{\"entries\": [\n  {{\"a\": 1}},\n  {{\"b\": \"{big}\"}},\n  {{\"c\": 3}}]}}}}"
        );
        let mut seen = Vec::new();
        stream_entries(har.as_bytes(), 64, |entry| {
            seen.push(entry);
            Ok(())
        })
        .expect("a HAR");
        let summary: Vec<(usize, bool, usize, usize)> = seen
            .iter()
            .map(|entry| {
                (
                    entry.index,
                    entry.too_large,
                    entry.text.len(),
                    entry.base.line,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [(0, false, 8, 2), (1, true, 0, 3), (2, false, 8, 4)]
        );
        assert_eq!(seen[1].base.column, 3);
        assert_eq!(&har.as_bytes()[seen[1].base.offset..][..5], b"{\"b\":");
    }

    #[test]
    fn rejects_what_is_not_a_har() {
        let no_entries = stream_entries(&b"{\"log\": {}}"[..], usize::MAX, |_| Ok(()));
        assert!(
            matches!(no_entries, Err(HarError::Invalid(message)) if message.contains("log.entries"))
        );
        let broken = stream_entries(
            &b"{\"log\": {\"entries\": [{]}}"[..],
            usize::MAX,
            |_| Ok(()),
        );
        assert!(matches!(broken, Err(HarError::Invalid(message)) if message.contains("line 1")));
    }

    #[test]
    fn secrets_are_blanked_whatever_their_type() {
        let mut text = br#"[{"name": "Authorization", "value": "Bearer x\"y"}, {"name": "authorization", "value": 12345}, {"name": "Cookie", "value": ["a"]}]"#.to_vec();
        let arena = json::Arena::new();
        let root = json::parse(&text, &arena).expect("JSON");
        let mut secrets = Vec::new();
        collect_secrets(Some(&root), None, &mut secrets);
        assert_eq!(secrets.len(), 3);
        blank_out(&mut text, &secrets);
        let text = String::from_utf8(text).expect("UTF-8");
        assert_eq!(
            text,
            r#"[{"name": "Authorization", "value": "***********"}, {"name": "authorization", "value": *****}, {"name": "Cookie", "value": *****}]"#
        );
    }
}
