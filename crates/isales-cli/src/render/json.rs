//! The JSON format: one document, written as payloads are checked, so a large input never has
//! to fit in memory. Its shape is documented (and promised stable) in the crate documentation.

use std::fmt::Write as _;
use std::io::{self, Write};

use isales_contract::violation::WithFacts;
use serde::Serialize;

use super::{ItemRenderer, Render, Summary};
use crate::baseline::{Mark, Outcome};
use crate::payload::{Part, Payload, Status, Text};

/// The value of the top-level `version` member; raised only when a change would break readers.
pub const VERSION: u32 = 1;

/// The JSON format.
#[derive(Debug, Default)]
pub struct Json {
    written: usize,
    nothing_checked: Option<String>,
    config_file: Option<String>,
    baseline: Option<Outcome>,
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
    violations: Findings<'a>,
}

/// A payload's findings, serialized one by one as they are read.
struct Findings<'a>(&'a Payload);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.findings().map(Finding::new))
    }
}

/// A violation in the report: the library's violation, with the part of a HAR entry it is in
/// and `facts` always present (an empty object for kinds without facts).
#[derive(Serialize)]
struct Finding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<Part>,
    #[serde(flatten)]
    violation: WithFacts<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<Mark>,
}

impl<'a> Finding<'a> {
    fn new(finding: crate::payload::Finding<'a>) -> Self {
        Finding {
            part: finding.part,
            violation: WithFacts(finding.violation),
            baseline: finding.baseline,
        }
    }
}

#[derive(Serialize)]
struct Tail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a Outcome>,
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

impl<'a> Record<'a> {
    fn new(payload: &'a Payload) -> Self {
        Record {
            source: &payload.source.name,
            line: payload.locus.line(),
            entry: payload.locus.entry(),
            verdict: payload.status,
            reason: payload.reason.as_deref(),
            violations: Findings(payload),
        }
    }
}

/// Writes one payload's JSON record.
///
/// # Errors
/// When writing fails.
pub fn write_record(payload: &Payload, out: &mut dyn Write) -> io::Result<()> {
    // serde_json writes a record in small pieces; a buffer of a known type takes them without
    // a dynamic call each.
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buffered, &Record::new(payload))?;
    buffered.flush()
}

/// One payload as its JSON record.
#[must_use]
pub fn record(payload: &Payload) -> String {
    if let Some(text) = clean_record(payload) {
        return text;
    }
    let mut text = Vec::with_capacity(256 + 512 * payload.finding_count());
    match serde_json::to_writer(&mut text, &Record::new(payload)) {
        // serde_json writes UTF-8: taken as it is, without a copy.
        Ok(()) => String::from_utf8(text)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        Err(error) => serde_json::json!({
            "source": payload.source.name,
            "verdict": "unchecked",
            "reason": format!("cannot serialize: {error}"),
            "violations": [],
        })
        .to_string(),
    }
}

/// The record of a payload with nothing to say but its verdict (no finding, no reason): what
/// nearly every payload of a capture gets, written directly, the same bytes serde_json writes
/// for [`Record`] (a unit test holds the two equal), at a tenth of the cost. `None` for any
/// other payload.
fn clean_record(payload: &Payload) -> Option<String> {
    if payload.finding_count() != 0 || payload.reason.is_some() {
        return None;
    }
    let name = &payload.source.name;
    let mut text = String::with_capacity(64 + name.len());
    text.push_str("{\"source\":");
    // A name with nothing to escape (nearly every path) is written as it is.
    if name
        .bytes()
        .all(|byte| byte >= 0x20 && byte != b'"' && byte != b'\\')
    {
        text.push('"');
        text.push_str(name);
        text.push('"');
    } else {
        text.push_str(&serde_json::to_string(name).ok()?);
    }
    // Writing to a String cannot fail.
    if let Some(line) = payload.locus.line() {
        let _ = write!(text, ",\"line\":{line}");
    }
    if let Some(entry) = payload.locus.entry() {
        let _ = write!(text, ",\"entry\":{entry}");
    }
    text.push_str(",\"verdict\":\"");
    text.push_str(payload.status.as_str());
    text.push_str("\",\"violations\":[]}");
    Some(text)
}

/// How many findings a payload may have for its record to be written by the worker thread
/// that checked it. A payload with more is handed to [`Render::emit`] as it is and written
/// straight to the output: building its record first would hold a second copy of a million
/// findings, several hundred megabytes, only to copy it out.
pub const RENDERED_FINDINGS: usize = 10_000;

/// One payload, ready to be written.
#[derive(Debug)]
pub enum Item {
    /// Its record.
    Record(String),
    /// The payload, too large to render ahead.
    Payload(Box<Payload>),
}

/// One payload as an [`Item`]: its record, or itself when it has too many findings to
/// render ahead.
#[must_use]
pub fn item(payload: Payload) -> Item {
    if payload.finding_count() > RENDERED_FINDINGS {
        Item::Payload(Box::new(payload))
    } else {
        Item::Record(record(&payload))
    }
}

/// The item renderer of the JSON and NDJSON formats: a payload's record.
#[derive(Debug, Clone, Copy, Default)]
pub struct Records;

impl ItemRenderer for Records {
    type Item = Item;

    fn item(&self, payload: Payload, _text: Option<Text<'_>>) -> Item {
        item(payload)
    }
}

impl Render for Json {
    type Items = Records;

    fn items(&self) -> Records {
        Records
    }

    fn run_info(&mut self, info: &super::RunInfo) {
        self.config_file.clone_from(&info.config_file);
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let config_file = serde_json::to_string(&self.config_file).map_err(io::Error::other)?;
        write!(
            out,
            "{{\"version\": {VERSION}, \"config_file\": {config_file}, \"payloads\": ["
        )
    }

    fn emit(&mut self, item: Item, out: &mut dyn Write) -> io::Result<()> {
        let separator = if self.written == 0 { "\n" } else { ",\n" };
        self.written += 1;
        out.write_all(separator.as_bytes())?;
        match item {
            Item::Record(text) => out.write_all(text.as_bytes()),
            Item::Payload(payload) => write_record(&payload, out),
        }
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

    fn baseline(&mut self, outcome: &Outcome, _out: &mut dyn Write) -> io::Result<bool> {
        self.baseline = Some(outcome.clone());
        Ok(true)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let tail = Tail {
            baseline: self.baseline.as_ref(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::{Locus, Source};

    /// The record written directly is the one serde_json writes, for every status, locus
    /// and kind of name.
    #[test]
    fn clean_records_are_the_records_serde_json_writes() {
        let names = [
            "capture.ndjson",
            "<stdin>",
            "dir with spaces/日本語.ndjson",
            "quote\"d\\back",
            "tab\there\u{1}",
            "",
        ];
        let loci = [
            Locus::Document,
            Locus::Line(1),
            Locus::Line(452_578),
            Locus::Entry { index: 0, line: 7 },
        ];
        let mut compared = 0;
        for name in names {
            for locus in loci {
                let source = Source::new(name);
                let clean = Payload::checked(source.clone(), locus, clean_report(), None);
                let with_reason = Payload::skipped(source, locus, "a blank line");
                for (payload, fast) in [(clean, true), (with_reason, false)] {
                    let expected = serde_json::to_string(&Record::new(&payload)).expect("JSON");
                    assert_eq!(clean_record(&payload).is_some(), fast, "{expected}");
                    assert_eq!(record(&payload), expected);
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, names.len() * loci.len() * 2);
    }

    fn clean_report() -> isales_contract::Report {
        let report = isales_contract::Report::new(Vec::new(), &isales_contract::Config::default());
        assert!(report.passed());
        report
    }
}
