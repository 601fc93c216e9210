//! The GitHub format: workflow commands (`::error file=..,line=..,col=..,title=..::message`)
//! that GitHub Actions turns into annotations on the pull request.
//!
//! Escaping follows the runner's rules: in the message `%`, `\r` and `\n` are percent-encoded;
//! in property values `:` and `,` are too.

use std::io::{self, Write};

use isales_contract::Severity;

use super::{Render, Summary};
use crate::payload::{Payload, Status, Text};

/// The GitHub format.
#[derive(Debug, Default)]
pub struct Github;

/// Escapes a command's message.
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(
    kind: &str,
    file: &str,
    line: Option<usize>,
    column: Option<usize>,
    title: &str,
    message: &str,
) -> String {
    let mut properties = format!("file={}", escape_property(file));
    if let Some(line) = line {
        properties.push_str(&format!(",line={line}"));
        if let Some(column) = column {
            properties.push_str(&format!(",col={column}"));
        }
    }
    properties.push_str(&format!(",title={}", escape_property(title)));
    format!("::{kind} {properties}::{}\n", escape_data(message))
}

impl Render for Github {
    type Item = String;

    fn item(&self, payload: &Payload, _text: Option<Text<'_>>) -> String {
        let file = payload.source.name.as_str();
        let line = payload.locus.line();
        let reason = payload.reason.as_deref().unwrap_or("");
        let mut out = String::new();
        match payload.status {
            Status::Skipped => {
                out.push_str(&command("notice", file, line, None, "skipped", reason))
            }
            Status::Unchecked => {
                out.push_str(&command("error", file, line, None, "not checked", reason))
            }
            Status::Pass | Status::Fail => {}
        }
        for finding in &payload.findings {
            let violation = &finding.violation;
            let kind = match violation.level {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let pointer = if violation.pointer.is_empty() {
                "/"
            } else {
                &violation.pointer
            };
            let mut message = format!("{} (at {pointer}", violation.message);
            if let Some(part) = finding.part {
                message.push_str(&format!(" in the {}", part.as_str()));
            }
            if let Some(found) = &violation.found {
                message.push_str(&format!("; found {}", found.text));
            }
            if let Some(doc) = violation.doc {
                message.push_str(&format!("; {doc}"));
            }
            message.push(')');
            let position = violation.position;
            out.push_str(&command(
                kind,
                file,
                position.map(|position| position.line).or(line),
                position.map(|position| position.column),
                violation.rule,
                &message,
            ));
        }
        out
    }

    fn emit(&mut self, item: String, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(item.as_bytes())
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let kind = if fatal { "error" } else { "notice" };
        let title = escape_property(super::NOTHING_CHECKED);
        writeln!(out, "::{kind} title={title}::{}", escape_data(reason))
    }

    fn finish(&mut self, _summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_runner() {
        assert_eq!(escape_data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            command("error", "d/x,y.json", Some(3), Some(4), "rule", "m"),
            "::error file=d/x%2Cy.json,line=3,col=4,title=rule::m\n"
        );
    }
}
