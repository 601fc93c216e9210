//! The GitHub format: workflow commands (`::error file=..,line=..,col=..,title=..::message`)
//! that GitHub Actions turns into annotations on the pull request.
//!
//! Escaping follows the runner's rules: in the message `%`, `\r` and `\n` are percent-encoded;
//! in property values `:` and `,` are too.

use std::io::{self, Write};

use isales_contract::Severity;

use super::{Render, Summary};
use crate::baseline::Mark;
use crate::payload::{Payload, Status, Text};

/// The GitHub format.
#[derive(Debug, Default)]
pub struct Github;

/// Appends `text` to `out` escaped for a command's message, or, with `property`, for a
/// property's value.
fn push_escaped(out: &mut String, text: &str, property: bool) {
    for character in text.chars() {
        match character {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            character => out.push(character),
        }
    }
}

/// Escapes a command's message.
#[must_use]
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, false);
    out
}

/// Escapes a command property's value.
#[must_use]
pub fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, true);
    out
}

/// Appends one workflow command to `out`; `file` is already escaped as a property.
fn command(
    out: &mut String,
    kind: &str,
    file: &str,
    line: Option<usize>,
    column: Option<usize>,
    title: &str,
    message: &str,
) {
    use std::fmt::Write as _;
    // Writing into a String cannot fail.
    let _ = write!(out, "::{kind} file={file}");
    if let Some(line) = line {
        let _ = write!(out, ",line={line}");
        if let Some(column) = column {
            let _ = write!(out, ",col={column}");
        }
    }
    out.push_str(",title=");
    push_escaped(out, title, true);
    out.push_str("::");
    push_escaped(out, message, false);
    out.push('\n');
}

impl Render for Github {
    type Item = String;

    fn item(&self, payload: Payload, _text: Option<Text<'_>>) -> String {
        use std::fmt::Write as _;
        let payload = &payload;
        let file = escape_property(&payload.source.name);
        let line = payload.locus.line();
        let reason = payload.reason.as_deref().unwrap_or("");
        let mut out = String::new();
        match payload.status {
            Status::Skipped => command(&mut out, "notice", &file, line, None, "skipped", reason),
            Status::Unchecked => {
                command(&mut out, "error", &file, line, None, "not checked", reason);
            }
            Status::Pass | Status::Fail => {}
        }
        let mut message = String::new();
        for finding in payload.findings() {
            let violation = finding.violation;
            let kind = match (finding.baseline, violation.level()) {
                // Known to the baseline: shown, but not as a problem of this change.
                (Some(Mark::Known), _) => "notice",
                (_, Severity::Error) => "error",
                (_, Severity::Warning) => "warning",
            };
            let pointer = if violation.pointer().is_empty() {
                "/"
            } else {
                violation.pointer()
            };
            message.clear();
            // Writing into a String cannot fail.
            let _ = write!(message, "{} (at {pointer}", violation.kind());
            if let Some(part) = finding.part {
                let _ = write!(message, " in the {}", part.as_str());
            }
            if let Some(found) = violation.found() {
                let _ = write!(message, "; found {}", found.text());
            }
            if let Some(doc) = violation.doc() {
                let _ = write!(message, "; {doc}");
            }
            message.push(')');
            let position = violation.position();
            command(
                &mut out,
                kind,
                &file,
                position.map(|position| position.line).or(line),
                position.map(|position| position.column),
                violation.rule(),
                &message,
            );
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
        let mut out = String::new();
        let file = escape_property("d/x,y.json");
        command(&mut out, "error", &file, Some(3), Some(4), "rule", "m");
        assert_eq!(
            out,
            "::error file=d/x%2Cy.json,line=3,col=4,title=rule::m\n"
        );
    }
}
