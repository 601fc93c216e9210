//! The SARIF 2.1.0 format, for code-scanning tools (GitHub code scanning, IDE viewers).
//!
//! Built by hand with `serde_json` rather than with the `serde-sarif` crate: the output needs
//! a dozen of SARIF's hundreds of properties, and writing results as they come (the document is
//! streamed like the JSON format) is simpler with plain values than with a typed builder whose
//! `Vec<Result>` would hold every result at once. A test validates the output against the
//! official 2.1.0 schema, vendored at `tests/fixtures/sarif-schema-2.1.0.json`, which keeps the
//! hand-built document honest.
//!
//! `tool.driver.rules` lists the whole catalog, in catalog order, so `ruleIndex` and the ids
//! are stable across runs; each result points at the artifact, line and column, and carries the
//! JSON pointer as a logical location and in its property bag.

use std::collections::HashMap;
use std::io::{self, Write};

use isales_contract::rules::{self, RuleInfo};
use isales_contract::{Severity, Violation};
use serde_json::{Value, json};

use super::{Render, Summary};
use crate::payload::{Finding, Payload, Status, Text};

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

fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn descriptor(info: &RuleInfo) -> Value {
    let docs: Vec<String> = info.docs.iter().map(ToString::to_string).collect();
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
        "name": pascal_case(info.rule.id),
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.explanation},
        "help": {"text": help},
        "defaultConfiguration": {"level": level(info.rule.severity)},
        "properties": {
            "provenance": info.rule.provenance.as_str(),
            "partlyInferred": info.is_mixed(),
            "doc": info.doc.to_string(),
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

fn location(payload: &Payload, violation: Option<&Violation>) -> Value {
    let position = violation.and_then(|violation| violation.position);
    let mut region = serde_json::Map::new();
    let line = position
        .map(|position| position.line)
        .or(payload.locus.line())
        .unwrap_or(1);
    region.insert("startLine".to_owned(), json!(line));
    if let Some(position) = position {
        region.insert("startColumn".to_owned(), json!(position.column));
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(&payload.source.name)},
            "region": region,
        }
    });
    if let Some(violation) = violation {
        let pointer = if violation.pointer.is_empty() {
            "/"
        } else {
            &violation.pointer
        };
        location["logicalLocations"] = json!([{"fullyQualifiedName": pointer, "kind": "member"}]);
    }
    location
}

impl Sarif {
    fn result(&self, payload: &Payload, finding: &Finding) -> Value {
        let violation = &finding.violation;
        let mut properties = json!({
            "pointer": violation.pointer,
            "provenance": violation.provenance.as_str(),
        });
        if let Some(part) = finding.part {
            properties["part"] = json!(part.as_str());
        }
        if let Some(doc) = violation.doc {
            properties["doc"] = json!(doc.to_string());
        }
        if let Some(found) = &violation.found {
            properties["found"] = json!(found.text);
        }
        if let Some(line) = payload.locus.line() {
            properties["payloadLine"] = json!(line);
        }
        if let Some(entry) = payload.locus.entry() {
            properties["harEntry"] = json!(entry);
        }
        let mut result = json!({
            "ruleId": violation.rule,
            "level": level(violation.level),
            "message": {"text": violation.message},
            "locations": [location(payload, Some(violation))],
            "properties": properties,
        });
        if let Some(index) = self.indexes.get(violation.rule) {
            result["ruleIndex"] = json!(index);
        }
        result
    }
}

impl Render for Sarif {
    type Item = (Vec<String>, Option<Value>);

    fn item(&self, payload: &Payload, _text: Option<Text<'_>>) -> Self::Item {
        let results = payload
            .findings
            .iter()
            .map(|finding| self.result(payload, finding).to_string())
            .collect();
        let notification = (payload.status == Status::Unchecked).then(|| {
            json!({
                "level": "error",
                "message": {"text": format!(
                    "{} could not be checked: {}",
                    super::payload_name(payload),
                    payload.reason.as_deref().unwrap_or("")
                )},
                "locations": [location(payload, None)],
            })
        });
        (results, notification)
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\"$schema\": \"{SCHEMA_URI}\", \"version\": \"2.1.0\", \"runs\": [{{\"tool\": {}, \"columnKind\": \"unicodeCodePoints\", \"results\": [",
            tool()
        )
    }

    fn emit(&mut self, (results, notification): Self::Item, out: &mut dyn Write) -> io::Result<()> {
        for result in results {
            let separator = if self.written == 0 { "\n" } else { ",\n" };
            self.written += 1;
            out.write_all(separator.as_bytes())?;
            out.write_all(result.as_bytes())?;
        }
        self.notifications.extend(notification);
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
        assert_eq!(pascal_case("ivr-param-required"), "IvrParamRequired");
    }
}
