//! HAR captures: the entries of the interface checked, each one's URL parameters, request
//! headers and response body.
//!
//! Reading a capture is `isales-har`'s, shared with the mock server's fixtures:
//! [`stream_entries`] streams `log.entries` one entry at a time with its place in the file,
//! and [`Entry::read`] parses an entry with the located parser, blanks out secret header values
//! *in the entry text itself* (so no renderer can ever quote them) and copies out what it says.
//!
//! [`check_entry`] then works on one entry (in parallel with others) and decides:
//! - a request that is not `GET`, or whose URL path is not
//!   `/rest/isales/v1/openapi/campaigns/{vdnId}/{campaignId}`, is skipped with the reason;
//! - otherwise the path parameters are checked as Table 1 (`UrlParams`), the headers as Table 2
//!   (names compared case-insensitively; the Authorization value is never read into a report),
//!   and `response.content.text` (base64-decoded when `encoding` says so) as the payload.
//!   Positions inside the body are mapped back through the string's escapes to the HAR file.

use std::sync::Arc;

use isales_contract::{Request, Validator};
use isales_har::Entry;
use isales_json::Position;

use crate::payload::{Locus, Part, Payload, Source, Status};

pub use isales_har::{HarError, ROUTE, RawEntry, SECRET_HEADERS, stream_entries};

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
    let entry = match Entry::read(entry) {
        Ok(entry) => entry,
        Err(error) => {
            return CheckedEntry {
                payload: Payload::unchecked(source.clone(), locus, error.to_string()),
                text: Vec::new(),
                base,
            };
        }
    };
    let payload = check_read(source, locus, &entry, validator);
    CheckedEntry {
        payload,
        text: entry.text.into_bytes(),
        base,
    }
}

/// The payload of an entry read: skipped, or its request and response body checked.
fn check_read(source: &Arc<Source>, locus: Locus, entry: &Entry, validator: &Validator) -> Payload {
    let facts = &entry.facts;
    let (url, url_span) = match facts.interface_url() {
        Ok(url) => url,
        Err(reason) => return Payload::skipped(source.clone(), locus, reason),
    };
    let mut request =
        Request::new(url).located(&entry.text, entry.base, facts.request_span, url_span);
    for header in &facts.headers {
        request = request.header_at(&header.name, &header.value, header.value_span);
    }
    let request_report = match validator.validate_request(&request) {
        Ok(report) => report,
        Err(not_the_route) => {
            return Payload::skipped(source.clone(), locus, not_the_route.to_string());
        }
    };
    let (body_report, body_problem) = match entry.body() {
        Ok(placed) => (
            Some(validator.validate_in(&placed.bytes, &placed.placement)),
            None,
        ),
        Err(problem) => (None, Some(problem.to_string())),
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
    payload
}
