//! One call for the common case: bytes to a typed value that met its contract, with the
//! warnings that remain ([`Validated`]), or the full report when it did not.
//!
//! The contract is checked first, on the located path, so a failure has every violation with
//! its position. A value that meets its contract can still fail to deserialize when the Rust
//! type is stricter than the rules written on it (a serde attribute the contract does not
//! know); that failure is reported as a violation of [`DESERIALIZE`] at the JSON pointer serde
//! was reading, continuing into embedded documents, with the payload's line and column.

use std::ops::Deref;

use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::contract::Contract;
use crate::json::{self, Arena, Node, Span, line_column};
use crate::report::Report;
use crate::rule::{Provenance, Rule, Severity};
use crate::violation::{Found, Violation, ViolationKind};

/// The rule a payload breaks when it meets its contract but does not deserialize into the
/// Rust type it was parsed as: a mismatch between the type and the rules written on it, which
/// is the type's to fix. Not a rule of the vendor's contract, so not in its catalog.
pub const DESERIALIZE: Rule = Rule::new("deserialize", Severity::Error, Provenance::Inferred);

/// A value that met its contract, and the report on it (warnings only, or nothing).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Validated<T> {
    /// The value.
    pub value: T,
    /// The report: passed, with the warnings found (or, under a configuration that lowered
    /// errors to warnings, those too).
    pub report: Report,
}

impl<T> Validated<T> {
    /// The value, without the report.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The warnings found.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.report.warnings()
    }
}

impl<T> Deref for Validated<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Checks `bytes` against `T`'s contract under `config`, then deserializes them.
pub(crate) fn parse<T: Contract + DeserializeOwned>(
    bytes: &[u8],
    config: &Config,
) -> Result<Validated<T>, Report> {
    let report = crate::located::located_report::<T>(bytes, config, &crate::Placement::Whole);
    if !report.passed() {
        return Err(report);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let read = crate::json_string::for_checked_payload(|| {
        serde_path_to_error::deserialize::<_, T>(&mut deserializer)
    });
    match read {
        Ok(value) => Ok(Validated { value, report }),
        Err(error) => {
            let pointer = pointer_of(error.path());
            let inner = error.into_inner();
            let (pointer, message) = match crate::json_string::split_embedded_error(&inner) {
                Some((inner_pointer, message)) => (format!("{pointer}{inner_pointer}"), message),
                None => (pointer, message_of(&inner)),
            };
            let mut violation =
                Violation::new(DESERIALIZE, ViolationKind::Custom { message }).with_found(None);
            violation.pointer = pointer;
            place(bytes, &mut violation);
            if violation.position.is_none() {
                // A pointer the tree does not reach: serde's own position of the payload.
                let offset = offset_of(bytes, inner.line(), inner.column());
                violation.span = Some(Span::new(offset, offset));
                violation.position = Some(line_column(bytes, offset));
            }
            violation.found = violation
                .span
                .filter(|span| span.end > span.start)
                .and_then(|span| std::str::from_utf8(bytes.get(span.start..span.end)?).ok())
                .map(|text| Found::new(text, false));
            Err(Report::new(vec![violation], config))
        }
    }
}

/// serde's path as a JSON pointer (`returnObject.ivrParam[0]` to `/returnObject/ivrParam/0`).
pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } => pointer.push_str(&escape(key)),
            Segment::Enum { variant } => pointer.push_str(&escape(variant)),
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

/// A JSON pointer reference token for `key`.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// serde_json's message without its position (which the violation carries in the payload's
/// coordinates).
pub(crate) fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// The byte offset of serde_json's (line, column): columns count bytes from 1.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match bytes[start..].iter().position(|byte| *byte == b'\n') {
            Some(newline) => start += newline + 1,
            None => break,
        }
    }
    (start + column.saturating_sub(1)).min(bytes.len())
}

/// Gives `violation` the span and position of the value its pointer names, following the
/// pointer into embedded documents.
fn place(bytes: &[u8], violation: &mut Violation) {
    let Ok(text) = json::utf8(bytes) else {
        return;
    };
    let arena = Arena::new();
    let Ok(root) = json::parse_str_at(text, 0, &arena) else {
        return;
    };
    let tokens: Vec<String> = violation
        .pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    if let Some(span) = find(&root, &tokens) {
        violation.span = Some(span);
        violation.position = Some(line_column(bytes, span.start));
    }
}

/// The span of the node `tokens` lead to from `node`, descending into the documents strings
/// hold (parsed where they stand: their spans are the payload's too).
fn find(node: &Node<'_>, tokens: &[String]) -> Option<Span> {
    let Some((token, rest)) = tokens.split_first() else {
        return Some(node.span());
    };
    if let Some(members) = node.as_object() {
        let member = members.iter().rev().find(|member| member.key == token)?;
        return find(&member.value, rest);
    }
    if let Some(items) = node.as_array() {
        let item = items.get(token.parse::<usize>().ok()?)?;
        return find(item, rest);
    }
    let document = node.embedded()?.document.as_ref().ok()?;
    find(document, tokens)
}
