//! The JUnit format (via `quick-junit`): one test suite per input file, one test case per
//! payload; a failing payload's case carries a failure with its violations (the first
//! [`LISTED_FINDINGS`], and the count), a payload that
//! could not be checked an error, a skipped line or entry a skipped case.
//!
//! JUnit's root element carries totals, so the document is written at the end; the test cases
//! (names and messages, not payloads) are held until then. File names are written as
//! [`crate::shown::name`] shows them (they are attributes, where a newline would not survive),
//! every other text through [`crate::shown::xml_text`]: XML 1.0 has no way to write most
//! control characters.

use std::io::{self, Write};
use std::sync::Arc;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{Render, Summary};
use crate::payload::{Locus, Payload, Source, Status, Text};

/// The JUnit format.
#[derive(Debug)]
pub struct Junit {
    report: Report,
    current: Option<(Arc<Source>, TestSuite)>,
}

impl Default for Junit {
    fn default() -> Self {
        Junit {
            report: Report::new("isales-contract"),
            current: None,
        }
    }
}

fn case_name(payload: &Payload) -> String {
    match payload.locus {
        Locus::Document => "document".to_owned(),
        Locus::Line(line) => format!("line {line}"),
        Locus::Entry { index, line } => format!("entry {index} (line {line})"),
    }
}

/// Text XML 1.0 can hold: quick-junit escapes markup but writes control characters as they
/// are, and one ESC in a file name or a found value would make the whole document invalid.
fn xml(text: String) -> String {
    match crate::shown::xml_text(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// How many violations a test case lists. JUnit viewers show a failure's text as one block,
/// and `quick-junit` filters every character of it; a payload with a million findings would
/// make a 150 MB block nobody opens. The count is always given, and the JSON and SARIF formats
/// list every finding.
pub const LISTED_FINDINGS: usize = 1000;

/// One violation per line: `level[rule] at pointer (line:column): message; found ...`, the
/// first [`LISTED_FINDINGS`] of them, then how many more there are.
fn describe(payload: &Payload) -> String {
    use std::fmt::Write as _;
    let name = crate::shown::name(&payload.source.name);
    let mut lines = String::new();
    for finding in payload.findings().take(LISTED_FINDINGS) {
        let violation = finding.violation;
        if !lines.is_empty() {
            lines.push('\n');
        }
        let pointer = if violation.pointer().is_empty() {
            "/"
        } else {
            violation.pointer()
        };
        // Writing into a String cannot fail.
        let _ = write!(
            lines,
            "{}[{}] at {pointer}",
            violation.level(),
            violation.rule()
        );
        if let Some(part) = finding.part {
            let _ = write!(lines, " in the {}", part.as_str());
        }
        if let Some(position) = violation.position() {
            let _ = write!(lines, " ({name}:{}:{})", position.line, position.column);
        }
        let _ = write!(lines, ": {}", violation.kind());
        if let Some(found) = violation.found() {
            let _ = write!(lines, "; found {}", found.text());
        }
        if let Some(doc) = violation.doc() {
            let _ = write!(lines, " ({doc})");
        }
    }
    let rest = payload.finding_count().saturating_sub(LISTED_FINDINGS);
    if rest > 0 {
        let _ = write!(
            lines,
            "\n... and {rest} more; the json and sarif formats list every finding"
        );
    }
    lines
}

impl Render for Junit {
    type Item = (Arc<Source>, TestCase);

    fn item(&self, payload: Payload, _text: Option<Text<'_>>) -> Self::Item {
        let payload = &payload;
        let reason = payload.reason.clone().unwrap_or_default();
        let status = match payload.status {
            Status::Pass => TestCaseStatus::success(),
            Status::Fail => {
                let errors = payload
                    .findings()
                    .filter(|finding| finding.violation.level() == isales_contract::Severity::Error)
                    .count();
                let first = payload
                    .findings()
                    .find(|finding| finding.violation.level() == isales_contract::Severity::Error)
                    .or(payload.finding(0))
                    .map(|finding| {
                        format!(
                            "[{}] {}",
                            finding.violation.rule(),
                            finding.violation.kind()
                        )
                    })
                    .unwrap_or_default();
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message(xml(format!(
                        "{} violation(s), {errors} error(s); first error: {first}",
                        payload.finding_count()
                    )))
                    .set_type("contract-violation")
                    .set_description(xml(describe(payload)));
                status
            }
            Status::Skipped => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(xml(reason));
                status
            }
            Status::Unchecked => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                status.set_message(xml(reason)).set_type("not-checked");
                if payload.finding_count() > 0 {
                    status.set_description(xml(describe(payload)));
                }
                status
            }
        };
        let mut case = TestCase::new(case_name(payload), status);
        case.set_classname(crate::shown::name(&payload.source.name).into_owned());
        if payload.status == Status::Pass && payload.finding_count() > 0 {
            case.set_system_out(xml(describe(payload)));
        }
        (payload.source.clone(), case)
    }

    fn emit(&mut self, (source, case): Self::Item, _out: &mut dyn Write) -> io::Result<()> {
        match &mut self.current {
            Some((current, suite)) if *current == source => {
                suite.add_test_case(case);
            }
            _ => {
                let mut suite = TestSuite::new(crate::shown::name(&source.name).into_owned());
                suite.add_test_case(case);
                if let Some((_, done)) = self.current.replace((source, suite)) {
                    self.report.add_test_suite(done);
                }
            }
        }
        Ok(())
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        if let Some((_, done)) = self.current.take() {
            self.report.add_test_suite(done);
        }
        let status = if fatal {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message(xml(reason.to_owned()))
                .set_type("nothing-checked");
            status
        } else {
            let mut status = TestCaseStatus::skipped();
            status.set_message(xml(reason.to_owned()));
            status
        };
        let mut suite = TestSuite::new("isales-contract run");
        suite.add_test_case(TestCase::new(super::NOTHING_CHECKED, status));
        self.report.add_test_suite(suite);
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if let Some((_, done)) = self.current.take() {
            self.report.add_test_suite(done);
        }
        self.report.serialize(&mut *out).map_err(io::Error::other)?;
        writeln!(out)
    }
}
