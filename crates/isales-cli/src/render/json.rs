//! The JSON format: one document, written as payloads are checked, so a large input never has
//! to fit in memory. Its shape is documented (and promised stable) in the crate documentation.

use std::io::{self, Write};

use isales_contract::Violation;
use serde::Serialize;

use super::{Render, Summary};
use crate::payload::{Part, Payload, Status, Text};

/// The value of the top-level `version` member; raised only when a change would break readers.
pub const VERSION: u32 = 1;

/// The JSON format.
#[derive(Debug, Default)]
pub struct Json {
    written: usize,
}

#[derive(Serialize)]
struct Record<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<usize>,
    verdict: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    violations: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Finding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<Part>,
    #[serde(flatten)]
    violation: &'a Violation,
}

#[derive(Serialize)]
struct Tail<'a> {
    summary: &'a Summary,
}

/// One payload as its JSON record.
#[must_use]
pub fn record(payload: &Payload) -> String {
    let record = Record {
        source: &payload.source.name,
        line: payload.locus.line(),
        entry: payload.locus.entry(),
        verdict: payload.status,
        reason: payload.reason.as_deref(),
        violations: payload
            .findings
            .iter()
            .map(|finding| Finding {
                part: finding.part,
                violation: &finding.violation,
            })
            .collect(),
    };
    serde_json::to_string(&record).unwrap_or_else(|error| {
        format!("{{\"source\": {:?}, \"verdict\": \"unchecked\", \"reason\": \"cannot serialize: {error}\", \"violations\": []}}", payload.source.name)
    })
}

impl Render for Json {
    type Item = String;

    fn item(&self, payload: &Payload, _text: Option<Text<'_>>) -> String {
        record(payload)
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\"version\": {VERSION}, \"payloads\": [")
    }

    fn emit(&mut self, item: String, out: &mut dyn Write) -> io::Result<()> {
        let separator = if self.written == 0 { "\n" } else { ",\n" };
        self.written += 1;
        out.write_all(separator.as_bytes())?;
        out.write_all(item.as_bytes())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let tail = serde_json::to_string(&Tail { summary }).map_err(io::Error::other)?;
        // `tail` is `{"summary": ...}`; splice its member into the open object.
        let member = tail.strip_prefix('{').unwrap_or(&tail);
        let newline = if self.written == 0 { "" } else { "\n" };
        writeln!(out, "{newline}], {member}")
    }
}
