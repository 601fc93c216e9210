//! The JSON format: one document, written as payloads are checked, so a large input never has
//! to fit in memory. Its shape is documented (and promised stable) in the crate documentation.

use std::io::{self, Write};

use isales_contract::json::Position;
use isales_contract::{DocRef, Found, Provenance, Severity, Violation};
use serde::Serialize;

use super::{Render, Summary};
use crate::payload::{Part, Payload, Status, Text};

/// The value of the top-level `version` member; raised only when a change would break readers.
pub const VERSION: u32 = 1;

/// The JSON format.
#[derive(Debug, Default)]
pub struct Json {
    written: usize,
    nothing_checked: Option<String>,
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

/// A violation in the report: the library's violation, with the part of a HAR entry it is in
/// and `facts` always present (an empty object for kinds without facts).
#[derive(Serialize)]
struct Finding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<Part>,
    rule: &'a str,
    level: Severity,
    provenance: Provenance,
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    embedded_in: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<DocRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<&'a Found>,
    kind: String,
    facts: serde_json::Map<String, serde_json::Value>,
    message: &'a str,
}

impl<'a> Finding<'a> {
    fn new(part: Option<Part>, violation: &'a Violation) -> Self {
        let mut tagged = match serde_json::to_value(&violation.kind) {
            Ok(serde_json::Value::Object(tagged)) => tagged,
            _ => serde_json::Map::new(),
        };
        let kind = match tagged.remove("kind") {
            Some(serde_json::Value::String(kind)) => kind,
            _ => String::new(),
        };
        let facts = match tagged.remove("facts") {
            Some(serde_json::Value::Object(facts)) => facts,
            _ => serde_json::Map::new(),
        };
        Finding {
            part,
            rule: violation.rule,
            level: violation.level,
            provenance: violation.provenance,
            pointer: &violation.pointer,
            position: violation.position,
            embedded_in: violation.embedded_in,
            doc: violation.doc,
            found: violation.found.as_ref(),
            kind,
            facts,
            message: &violation.message,
        }
    }
}

#[derive(Serialize)]
struct Tail<'a> {
    summary: TailSummary<'a>,
}

/// The summary's counts, and why nothing was checked when nothing was.
#[derive(Serialize)]
struct TailSummary<'a> {
    #[serde(flatten)]
    counts: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    nothing_checked: Option<&'a str>,
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
            .map(|finding| Finding::new(finding.part, &finding.violation))
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

    fn nothing_checked(
        &mut self,
        reason: &str,
        _fatal: bool,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        self.nothing_checked = Some(reason.to_owned());
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let tail = Tail {
            summary: TailSummary {
                counts: summary,
                nothing_checked: self.nothing_checked.as_deref(),
            },
        };
        let tail = serde_json::to_string(&tail).map_err(io::Error::other)?;
        // `tail` is `{"summary": ...}`; splice its member into the open object.
        let member = tail.strip_prefix('{').unwrap_or(&tail);
        let newline = if self.written == 0 { "" } else { "\n" };
        writeln!(out, "{newline}], {member}")
    }
}
