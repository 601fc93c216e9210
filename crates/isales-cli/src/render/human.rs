//! The human format: rustc-style diagnostics drawn by `annotate-snippets`.
//!
//! ```text
//! error[ivr-param-required]: `ivrParam` is mandatory when deviceType in [1, 3], but missing
//!  --> examples/invalid.json:3:19
//!   |
//! 3 |   "returnObject": {
//!   |                   ^ /returnObject/ivrParam
//!   |
//!   = doc: Table 4, 5.10 ivrParam
//!   = help: add `ivrParam`
//! ```
//!
//! `annotate-snippets` is the renderer rustc and cargo use, so the output looks like what Rust
//! users already read, and it cuts long lines around the annotated spot (captured payloads are
//! often one 10 KB line). miette draws its own style and wraps long lines instead of cutting
//! them. Only the line holding the spot is handed over, so a 1 GB file never reaches it.

use std::borrow::Cow;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use isales_contract::violation::FormatKind;
use isales_contract::{Severity, Violation, ViolationKind};

use super::{Render, Summary};
use crate::payload::{Finding, Part, Payload, Status, Text};

/// Keys whose string values are personal data, hidden from quoted source under `--mask`.
pub const PERSONAL_KEYS: &[&str] = &["callerNo"];

/// The human format.
#[derive(Debug)]
pub struct Human {
    renderer: Renderer,
    mask: bool,
}

impl Human {
    /// A renderer; `color` adds ANSI styles, `mask` hides personal values in quoted source.
    #[must_use]
    pub fn new(color: bool, mask: bool) -> Self {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Human { renderer, mask }
    }
}

/// A one-line fix, when the violation makes one obvious.
#[must_use]
pub fn help(violation: &Violation) -> Option<String> {
    match &violation.kind {
        ViolationKind::Missing { field, .. } => Some(format!("add `{field}`")),
        ViolationKind::Unpaired { missing, .. } => Some(format!("add `{missing}`")),
        ViolationKind::IncompleteForms { missing, .. } => {
            let fields: Vec<String> = missing.iter().map(|field| format!("`{field}`")).collect();
            Some(format!("add {}", fields.join(", ")))
        }
        ViolationKind::SingleQuotedJson => {
            Some("use double quotes: JSON writes strings and keys as \"...\"".to_owned())
        }
        ViolationKind::NotListed { listed, .. } => {
            let listed: Vec<String> = listed.iter().map(ToString::to_string).collect();
            Some(format!("expected one of {}", listed.join(", ")))
        }
        ViolationKind::NotFixedValue { expected } => Some(format!("use `{expected}`")),
        ViolationKind::Alias { documented, .. } => Some(format!("rename it to `{documented}`")),
        ViolationKind::ArrayInsteadOfString => {
            Some("send the array as a JSON string (serialize it, then quote it)".to_owned())
        }
        ViolationKind::DuplicateKey { key } => Some(format!("keep one `{key}`")),
        ViolationKind::ByteOrderMark => Some("remove the byte order mark".to_owned()),
        ViolationKind::InsecureUrl => Some("use an https:// URL".to_owned()),
        ViolationKind::Format {
            format: FormatKind::TimeOfDay,
        } => Some("write the time as HH:mm, for example 08:30".to_owned()),
        ViolationKind::Format {
            format: FormatKind::DateTime,
        }
        | ViolationKind::LenientDateTime { .. } => {
            Some("write it as yyyy-MM-dd HH:mm:ss, for example 2026-03-01 08:00:00".to_owned())
        }
        _ => None,
    }
}

/// The line of `text` that holds file offset `offset`, and where that line starts in `text`.
fn line_at(text: &Text<'_>, offset: usize) -> (usize, usize) {
    let relative = offset
        .saturating_sub(text.base.offset)
        .min(text.bytes.len());
    let start = memchr::memrchr(b'\n', &text.bytes[..relative]).map_or(0, |newline| newline + 1);
    let end = memchr::memchr(b'\n', &text.bytes[relative..])
        .map_or(text.bytes.len(), |newline| relative + newline);
    (start, end)
}

/// Replaces the string value after each personal key on `line` with asterisks.
fn mask_personal_keys(line: &mut String) {
    for key in PERSONAL_KEYS {
        let quoted = format!("\"{key}\"");
        let mut from = 0;
        while let Some(found) = line[from..].find(&quoted) {
            let after_key = from + found + quoted.len();
            let rest = &line[after_key..];
            let trimmed = rest.trim_start();
            let Some(after_colon) = trimmed.strip_prefix(':') else {
                from = after_key;
                continue;
            };
            let value = after_colon.trim_start();
            let value_start = line.len() - value.len();
            if let Some(body) = value.strip_prefix('"') {
                let mut escaped = false;
                let mut length = body.len();
                for (index, character) in body.char_indices() {
                    if escaped {
                        escaped = false;
                    } else if character == '\\' {
                        escaped = true;
                    } else if character == '"' {
                        length = index;
                        break;
                    }
                }
                let start = value_start + 1;
                line.replace_range(start..start + length, &"*".repeat(length));
            }
            from = after_key;
        }
    }
}

impl Human {
    fn finding(&self, payload: &Payload, finding: &Finding, text: Option<Text<'_>>) -> String {
        let violation = &finding.violation;
        let level = match violation.level {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let pointer = if violation.pointer.is_empty() {
            "/"
        } else {
            violation.pointer.as_str()
        };
        let mut label = match finding.part {
            Some(Part::RequestUrl) => format!("URL parameter {}", pointer.trim_start_matches('/')),
            Some(Part::RequestHeaders) => {
                format!("request header {}", pointer.trim_start_matches('/'))
            }
            Some(Part::ResponseBody) | None => pointer.to_owned(),
        };
        if let Some(found) = &violation.found {
            label.push_str(&format!(": found {}", found.text));
        }
        let name = crate::shown::name(&payload.source.name);
        let name = name.as_ref();
        let title = level
            .primary_title(violation.message.as_str())
            .id(violation.rule);
        let mut group = Group::with_title(title);
        match (violation.position, text) {
            (Some(position), Some(text)) => {
                let (start, end) = line_at(&text, position.offset);
                let relative =
                    |offset: usize| offset.saturating_sub(text.base.offset).clamp(start, end);
                let bytes = &text.bytes[start..end];
                let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
                let pad = if start == 0 { text.base.column - 1 } else { 0 };
                let mut line = " ".repeat(pad);
                line.push_str(&String::from_utf8_lossy(bytes));
                let spot = relative(position.offset).min(start + bytes.len());
                let span_end = violation
                    .span
                    .map_or(spot, |span| relative(span.end))
                    .min(start + bytes.len());
                let to_str =
                    |offset: usize| pad + String::from_utf8_lossy(&text.bytes[start..offset]).len();
                let first = to_str(spot);
                let mut last = to_str(span_end.max(spot));
                if last == first {
                    last = line[first..]
                        .chars()
                        .next()
                        .map_or(first, |character| first + character.len_utf8());
                }
                if self.mask {
                    for other in &payload.findings {
                        let (Some(found), Some(span)) =
                            (&other.violation.found, other.violation.span)
                        else {
                            continue;
                        };
                        if found.personal && span.start >= text.base.offset + start {
                            let from = to_str(relative(span.start));
                            let to = to_str(relative(span.end));
                            if from < to && line.is_char_boundary(from) && line.is_char_boundary(to)
                            {
                                line.replace_range(from..to, &"*".repeat(to - from));
                            }
                        }
                    }
                    mask_personal_keys(&mut line);
                }
                let first = first.min(line.len());
                let last = last.clamp(first, line.len());
                group = group.element(
                    Snippet::source(line)
                        .line_start(position.line)
                        .path(name)
                        .annotation(AnnotationKind::Primary.span(first..last).label(label)),
                );
            }
            _ => {
                let mut origin = Origin::path(name);
                if let Some(line) = violation
                    .position
                    .map(|position| position.line)
                    .or(payload.locus.line())
                {
                    origin = origin.line(line);
                    if let Some(position) = violation.position {
                        origin = origin.char_column(position.column);
                    }
                }
                group = group
                    .element(origin)
                    .element(Level::NOTE.message(format!("at {label}")));
            }
        }
        if let Some(string) = violation.embedded_in {
            group = group.element(Level::NOTE.message(format!(
                "inside the JSON document held by the string at {}:{}",
                string.line, string.column
            )));
        }
        if let Some(doc) = violation.doc {
            group = group.element(Level::NOTE.with_name("doc").message(doc.to_string()));
        }
        if let Some(help) = help(violation) {
            group = group.element(Level::HELP.message(help));
        }
        self.renderer.render(&[group])
    }

    fn note(&self, payload: &Payload, level: Level<'_>, title: String) -> String {
        let name = crate::shown::name(&payload.source.name);
        let mut origin = Origin::path(name.as_ref());
        if let Some(line) = payload.locus.line() {
            origin = origin.line(line);
        }
        let group = Group::with_title(level.primary_title(Cow::Owned(title))).element(origin);
        self.renderer.render(&[group])
    }
}

impl Render for Human {
    type Item = String;

    fn item(&self, payload: &Payload, text: Option<Text<'_>>) -> String {
        let entry = payload
            .locus
            .entry()
            .map(|index| format!("HAR entry {index} "))
            .unwrap_or_default();
        let reason = payload.reason.as_deref().unwrap_or("");
        let mut out = String::new();
        match payload.status {
            Status::Skipped => {
                let what = match payload.locus {
                    crate::payload::Locus::Line(_) => "line skipped".to_owned(),
                    _ => format!("{entry}ignored"),
                };
                out.push_str(&self.note(payload, Level::NOTE, format!("{what}: {reason}")));
                out.push_str("\n\n");
            }
            Status::Unchecked => {
                out.push_str(&self.note(
                    payload,
                    Level::ERROR,
                    format!("{entry}could not be checked: {reason}"),
                ));
                out.push_str("\n\n");
            }
            Status::Pass | Status::Fail => {}
        }
        for finding in &payload.findings {
            out.push_str(&self.finding(payload, finding, text));
            out.push_str("\n\n");
        }
        out
    }

    fn emit(&mut self, item: String, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(item.as_bytes())
    }

    fn note(&mut self, text: &str, out: &mut dyn Write) -> io::Result<bool> {
        let group = Group::with_title(Level::NOTE.primary_title(text));
        writeln!(out, "{}\n", self.renderer.render(&[group]))?;
        Ok(true)
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let level = if fatal { Level::ERROR } else { Level::NOTE };
        let title = format!("{}: {reason}", super::NOTHING_CHECKED);
        let group = Group::with_title(level.primary_title(title));
        writeln!(out, "{}\n", self.renderer.render(&[group]))
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", summary.line())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_keys_are_masked_in_quoted_source() {
        let mut line =
            r#"{"callerNo" : "13800138000", "name": "callerNo", "x": {"callerNo":"a\"b"}}"#
                .to_owned();
        mask_personal_keys(&mut line);
        assert!(!line.contains("13800138000"), "{line}");
        assert!(!line.contains(r#"a\"b"#), "{line}");
        assert!(line.contains(r#""name": "callerNo""#), "{line}");
    }
}
