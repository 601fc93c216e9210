//! The SARIF 2.1.0 format, for code-scanning tools (GitHub code scanning, IDE viewers).
//!
//! Built by hand with `serde_json` rather than with the `serde-sarif` crate: the output needs
//! a dozen of SARIF's hundreds of properties, and results are written as they come (the
//! document is streamed like the JSON format), each serialized straight from the violation by
//! small borrowed structs, where a typed builder's `Vec<Result>` would hold every result at
//! once. A test validates the output against the
//! official 2.1.0 schema, vendored at `tests/fixtures/sarif-schema-2.1.0.json`, which keeps the
//! hand-built document honest.
//!
//! `tool.driver.rules` lists the whole catalog, in catalog order, so `ruleIndex` and the ids
//! are stable across runs; each result points at the artifact, line and column, and carries the
//! JSON pointer as a logical location and in its property bag.

use std::collections::HashMap;
use std::io::{self, Write};

use isales_contract::rules::{self, RuleInfo};
use isales_contract::{DocRef, RuleId, Severity, Violation, ViolationKind};
use serde::Serialize;
use serde_json::{Value, json};

use super::{Render, Summary};
use crate::baseline::Mark;
use crate::payload::{Finding, Part, Payload, Status, Text};

/// The `$schema` written into the document.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF format.
#[derive(Debug)]
pub struct Sarif {
    indexes: HashMap<&'static str, usize>,
    written: usize,
    notifications: Vec<Value>,
    nothing_checked: bool,
}

impl Default for Sarif {
    fn default() -> Self {
        Sarif {
            indexes: rules::catalog()
                .iter()
                .enumerate()
                .map(|(index, info)| (info.rule.id, index))
                .collect(),
            written: 0,
            notifications: Vec::new(),
            nothing_checked: false,
        }
    }
}

/// A path as a URI reference: `/` separators, everything outside RFC 3986's unreserved and
/// path characters percent-encoded.
#[must_use]
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn descriptor(info: &RuleInfo) -> Value {
    let docs: Vec<String> = info.docs().iter().map(ToString::to_string).collect();
    let mut help = format!(
        "{}\n\nDocumentation: {}.",
        info.explanation,
        docs.join("; ")
    );
    if !info.applies_to.is_empty() {
        let parts: Vec<String> = if info.is_mixed() {
            info.applies_to.iter().map(ToString::to_string).collect()
        } else {
            info.applies_to
                .iter()
                .map(|part| part.text.to_owned())
                .collect()
        };
        help.push_str(&format!(" Applies to: {}.", parts.join("; ")));
    }
    if let Some(example) = info.example {
        help.push_str(&format!(
            "\n\n{}: {example}",
            crate::explain::example_heading(example)
        ));
    }
    json!({
        "id": info.rule.id,
        "name": RuleId::from_id(info.rule.id).map_or(info.rule.id, RuleId::name),
        "shortDescription": {"text": info.summary()},
        "fullDescription": {"text": info.explanation},
        "help": {"text": help},
        "defaultConfiguration": {"level": level(info.rule.severity)},
        "properties": {
            "provenance": info.rule.provenance.as_str(),
            "partlyInferred": info.is_mixed(),
            "doc": info.doc().map(|doc| doc.to_string()),
            "docs": docs,
            "kind": info.kind,
            "tags": [info.rule.provenance.as_str()],
        },
    })
}

/// The `tool` object: the driver and every rule of the catalog.
#[must_use]
pub fn tool() -> Value {
    let rules: Vec<Value> = rules::catalog().iter().map(descriptor).collect();
    json!({
        "driver": {
            "name": "isales-contract",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }
    })
}

/// A result's or a notification's `location`. Members are declared in alphabetical order,
/// the order `serde_json`'s maps write them in, so typed and `json!`-built parts of the
/// document read alike.
#[derive(Serialize)]
struct Location<'a> {
    #[serde(rename = "logicalLocations", skip_serializing_if = "Option::is_none")]
    logical: Option<[Logical<'a>; 1]>,
    #[serde(rename = "physicalLocation")]
    physical: Physical<'a>,
}

#[derive(Serialize)]
struct Logical<'a> {
    #[serde(rename = "fullyQualifiedName")]
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Physical<'a> {
    #[serde(rename = "artifactLocation")]
    artifact: Artifact<'a>,
    region: Region,
}

#[derive(Serialize)]
struct Artifact<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
struct Region {
    #[serde(rename = "startColumn", skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(rename = "startLine")]
    start_line: usize,
}

fn location<'a>(payload: &Payload, uri: &'a str, violation: Option<&'a Violation>) -> Location<'a> {
    let position = violation.and_then(|violation| violation.position());
    let start_line = position
        .map(|position| position.line)
        .or(payload.locus.line())
        .unwrap_or(1);
    Location {
        logical: violation.map(|violation| {
            [Logical {
                name: pointer(violation),
                kind: "member",
            }]
        }),
        physical: Physical {
            artifact: Artifact { uri },
            region: Region {
                start_column: position.map(|position| position.column),
                start_line,
            },
        },
    }
}

fn pointer(violation: &Violation) -> &str {
    if violation.pointer().is_empty() {
        "/"
    } else {
        violation.pointer()
    }
}

/// One result, members in alphabetical order (see [`Location`]).
#[derive(Serialize)]
struct SarifResult<'a> {
    #[serde(rename = "baselineState", skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message<'a>,
    properties: Properties<'a>,
    #[serde(rename = "ruleId")]
    rule_id: &'a str,
    #[serde(rename = "ruleIndex", skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

/// `{"text": ...}`, the sentence written straight into the output.
#[derive(Serialize)]
struct Message<'a> {
    #[serde(serialize_with = "sentence")]
    text: &'a ViolationKind,
}

fn sentence<S: serde::Serializer>(kind: &&ViolationKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(kind)
}

#[derive(Serialize)]
struct Properties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<DocRefText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<&'a str>,
    #[serde(rename = "harEntry", skip_serializing_if = "Option::is_none")]
    har_entry: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    #[serde(rename = "payloadLine", skip_serializing_if = "Option::is_none")]
    payload_line: Option<usize>,
    pointer: &'a str,
    provenance: &'static str,
}

/// A documentation reference as its text, written without building it first.
struct DocRefText(DocRef);

impl Serialize for DocRefText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Sarif {
    /// Writes a payload's results into `out`, separated by `,\n`.
    fn write_results<W: Write>(&self, payload: &Payload, uri: &str, mut out: W) -> io::Result<()> {
        for (index, finding) in payload.findings().enumerate() {
            if index > 0 {
                out.write_all(b",\n")?;
            }
            serde_json::to_writer(&mut out, &self.result(payload, uri, finding))?;
        }
        Ok(())
    }

    fn result<'a>(&self, payload: &Payload, uri: &'a str, finding: Finding<'a>) -> SarifResult<'a> {
        let violation = finding.violation;
        SarifResult {
            // SARIF's words for a result new since the baseline and one it already had.
            baseline_state: finding.baseline.map(|mark| match mark {
                Mark::New => "new",
                Mark::Known => "unchanged",
            }),
            level: level(violation.level()),
            locations: [location(payload, uri, Some(violation))],
            message: Message {
                text: violation.kind(),
            },
            properties: Properties {
                doc: violation.doc().map(DocRefText),
                found: violation.found().map(|found| found.text()),
                har_entry: payload.locus.entry(),
                part: finding.part.map(Part::as_str),
                payload_line: payload.locus.line(),
                pointer: violation.pointer(),
                provenance: violation.provenance().as_str(),
            },
            rule_id: violation.rule(),
            rule_index: self.indexes.get(violation.rule()).copied(),
        }
    }
}

/// How many findings a payload may have for its results to be written by the worker thread
/// that checked it; a payload with more is written straight to the output by
/// [`Render::emit`] (see the JSON format's `RENDERED_FINDINGS`).
pub const RENDERED_FINDINGS: usize = super::json::RENDERED_FINDINGS;

/// One payload's part of the document.
#[derive(Debug)]
pub struct Item {
    results: Results,
    /// The notification for a payload that could not be checked.
    notification: Option<Value>,
}

/// A payload's results.
#[derive(Debug)]
enum Results {
    /// Written ahead, separated by `,\n`, with how many there are.
    Written(Vec<u8>, usize),
    /// The payload, written when its turn comes, with its file's URI.
    Payload(Box<Payload>, String),
}

impl Render for Sarif {
    type Item = Item;

    fn item(&self, payload: Payload, _text: Option<Text<'_>>) -> Self::Item {
        let uri = uri(&payload.source.name);
        let notification = (payload.status == Status::Unchecked).then(|| {
            json!({
                "level": "error",
                "message": {"text": format!(
                    "{} could not be checked: {}",
                    super::payload_name(&payload),
                    payload.reason.as_deref().unwrap_or("")
                )},
                "locations": [location(&payload, &uri, None)],
            })
        });
        let count = payload.finding_count();
        let mut text = Vec::new();
        let results = if count <= RENDERED_FINDINGS
            && self.write_results(&payload, &uri, &mut text).is_ok()
        {
            Results::Written(text, count)
        } else {
            // Also where writing into memory failed, which it cannot: `emit` then reports
            // the error instead of writing half a result.
            Results::Payload(Box::new(payload), uri)
        };
        Item {
            results,
            notification,
        }
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\"$schema\": \"{SCHEMA_URI}\", \"version\": \"2.1.0\", \"runs\": [{{\"tool\": {}, \"columnKind\": \"unicodeCodePoints\", \"results\": [",
            tool()
        )
    }

    fn emit(&mut self, item: Self::Item, out: &mut dyn Write) -> io::Result<()> {
        let count = match &item.results {
            Results::Written(_, count) => *count,
            Results::Payload(payload, _) => payload.finding_count(),
        };
        if count > 0 {
            let separator = if self.written == 0 { "\n" } else { ",\n" };
            self.written += count;
            out.write_all(separator.as_bytes())?;
            match &item.results {
                Results::Written(text, _) => out.write_all(text)?,
                Results::Payload(payload, uri) => {
                    // Results are written in small pieces; a buffer of a known type takes
                    // them without a dynamic call each.
                    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
                    self.write_results(payload, uri, &mut buffered)?;
                    buffered.flush()?;
                }
            }
        }
        self.notifications.extend(item.notification);
        Ok(())
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        self.nothing_checked |= fatal;
        self.notifications.push(json!({
            "level": if fatal { "error" } else { "note" },
            "message": {"text": format!("{}: {reason}", super::NOTHING_CHECKED)},
        }));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let invocation = json!({
            "executionSuccessful": summary.unchecked == 0 && !self.nothing_checked,
            "toolExecutionNotifications": self.notifications,
        });
        let newline = if self.written == 0 { "" } else { "\n" };
        writeln!(out, "{newline}], \"invocations\": [{invocation}]}}]}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("examples/a b.json"), "examples/a%20b.json");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("/tmp/x.har"), "file:///tmp/x.har");
    }
}
