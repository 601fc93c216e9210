//! What the command reports about one payload: where it came from, its status, and the
//! violations found, with positions in the file's coordinates.
//!
//! A payload read from line 40 of an NDJSON file, or from a HAR entry's
//! `response.content.text`, is only part of its file; the library is told where it sits
//! (`isales_contract::Placement`) and answers in the file's coordinates, so every renderer can
//! print `file:line:col` without knowing where the payload came from.

use std::sync::Arc;
use std::time::Duration;

use isales_contract::{Report, Verdict, Violation};
use isales_json::{Position, Span};
use serde::Serialize;

use crate::baseline::Mark;

/// A file (or standard input) that holds payloads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    /// The name printed in reports: the path as found, or `<stdin>`.
    pub name: String,
}

impl Source {
    /// The source named `name`.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Arc<Self> {
        Arc::new(Source { name: name.into() })
    }
}

/// Where in its source a payload sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locus {
    /// The whole file is the payload.
    Document,
    /// One line of an NDJSON file (from 1).
    Line(usize),
    /// One entry of a HAR file: its index in `log.entries` (from 0) and the line it starts on.
    Entry {
        /// Index in `log.entries`.
        index: usize,
        /// Line of the entry's opening brace.
        line: usize,
    },
}

impl Locus {
    /// The line the payload starts on, when the source has more than one payload.
    #[must_use]
    pub fn line(self) -> Option<usize> {
        match self {
            Locus::Document => None,
            Locus::Line(line) | Locus::Entry { line, .. } => Some(line),
        }
    }

    /// The HAR entry index, if any.
    #[must_use]
    pub fn entry(self) -> Option<usize> {
        match self {
            Locus::Entry { index, .. } => Some(index),
            _ => None,
        }
    }
}

/// What a payload's verdict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Checked; no error (no warning either, under `--strict`).
    Pass,
    /// Checked; at least one violation fails it.
    Fail,
    /// Deliberately not checked (a blank NDJSON line, a HAR entry of another request).
    Skipped,
    /// Should have been checked but could not be (unreadable, no response body, too large).
    Unchecked,
}

impl Status {
    /// `pass`, `fail`, `skipped` or `unchecked`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skipped => "skipped",
            Status::Unchecked => "unchecked",
        }
    }
}

/// Which part of a HAR entry a violation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// The URL's path parameters (Table 1); pointers are into `{"vdnId": .., "campaignId": ..}`.
    RequestUrl,
    /// The request headers (Table 2); pointers name the header.
    RequestHeaders,
    /// The response body (Tables 3 to 21).
    ResponseBody,
}

impl Part {
    /// `request-url`, `request-headers` or `response-body`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Part::RequestUrl => "request-url",
            Part::RequestHeaders => "request-headers",
            Part::ResponseBody => "response-body",
        }
    }
}

/// One violation, with the part of a HAR entry it concerns (none for plain payloads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding<'a> {
    /// The HAR part, when the payload is a HAR entry.
    pub part: Option<Part>,
    /// The violation, positions relative to the source file.
    pub violation: &'a Violation,
    /// What the baseline says of it, under `--baseline`.
    pub baseline: Option<Mark>,
}

/// The outcome for one payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// The file it came from.
    pub source: Arc<Source>,
    /// Where in the file.
    pub locus: Locus,
    /// The verdict.
    pub status: Status,
    /// Why it was skipped or not checked.
    pub reason: Option<String>,
    /// Every violation at its configured level, in position order, positions relative to
    /// the source file: the library's report as it came, not copied (a payload may hold a
    /// million).
    violations: Vec<Violation>,
    /// For a HAR entry, the part each violation concerns, index for index; empty otherwise.
    parts: Vec<Part>,
    /// The spans of the values of personal fields in the file, sorted: what a renderer
    /// quoting the file blanks under `--mask`.
    pub personal: Vec<Span>,
    /// How long checking it took, when it was checked ([`Payload::timed`]).
    pub elapsed: Option<Duration>,
    /// Under `--baseline`, what the baseline says of each violation, index for index; empty
    /// otherwise.
    marks: Vec<Mark>,
}

impl Payload {
    /// A checked payload from a library report; `part` is the HAR part it is about.
    #[must_use]
    pub fn checked(source: Arc<Source>, locus: Locus, report: Report, part: Option<Part>) -> Self {
        let status = match report.verdict {
            Verdict::Pass => Status::Pass,
            Verdict::Fail => Status::Fail,
        };
        let parts = part.map_or_else(Vec::new, |part| vec![part; report.violations.len()]);
        Payload {
            source,
            locus,
            status,
            reason: None,
            violations: report.violations,
            parts,
            personal: report.personal,
            elapsed: None,
            marks: Vec::new(),
        }
    }

    /// The same payload, with how long checking it took, if that was measured.
    #[must_use]
    pub fn timed(mut self, elapsed: Option<Duration>) -> Self {
        self.elapsed = elapsed;
        self
    }

    /// A payload that was skipped on purpose.
    #[must_use]
    pub fn skipped(source: Arc<Source>, locus: Locus, reason: impl Into<String>) -> Self {
        Payload {
            source,
            locus,
            status: Status::Skipped,
            reason: Some(reason.into()),
            violations: Vec::new(),
            parts: Vec::new(),
            personal: Vec::new(),
            elapsed: None,
            marks: Vec::new(),
        }
    }

    /// A payload that could not be checked.
    #[must_use]
    pub fn unchecked(source: Arc<Source>, locus: Locus, reason: impl Into<String>) -> Self {
        Payload {
            source,
            locus,
            status: Status::Unchecked,
            reason: Some(reason.into()),
            violations: Vec::new(),
            parts: Vec::new(),
            personal: Vec::new(),
            elapsed: None,
            marks: Vec::new(),
        }
    }

    /// The findings, in order.
    pub fn findings(&self) -> impl ExactSizeIterator<Item = Finding<'_>> + Clone + '_ {
        self.violations
            .iter()
            .enumerate()
            .map(|(index, violation)| Finding {
                part: self.parts.get(index).copied(),
                violation,
                baseline: self.marks.get(index).copied(),
            })
    }

    /// The finding at `index`.
    #[must_use]
    pub fn finding(&self, index: usize) -> Option<Finding<'_>> {
        self.violations.get(index).map(|violation| Finding {
            part: self.parts.get(index).copied(),
            violation,
            baseline: self.marks.get(index).copied(),
        })
    }

    /// How many findings there are.
    #[must_use]
    pub fn finding_count(&self) -> usize {
        self.violations.len()
    }

    /// Adds the findings of another part of the same HAR entry, keeping position order (a
    /// finding without a position last).
    pub fn merge(&mut self, other: Payload) {
        debug_assert_eq!(self.parts.len(), self.violations.len(), "HAR parts only");
        let mut pairs: Vec<(Violation, Part)> = std::mem::take(&mut self.violations)
            .into_iter()
            .zip(std::mem::take(&mut self.parts))
            .chain(other.violations.into_iter().zip(other.parts))
            .collect();
        pairs.sort_by_key(|(violation, _)| {
            violation
                .position()
                .map_or(usize::MAX, |position| position.offset)
        });
        (self.violations, self.parts) = pairs.into_iter().unzip();
    }

    /// Number of warning-level findings (those a baseline knows left out).
    #[must_use]
    pub fn warnings(&self) -> usize {
        self.findings()
            .filter(|finding| {
                finding.violation.level() == isales_contract::Severity::Warning
                    && finding.baseline != Some(Mark::Known)
            })
            .count()
    }

    /// Records what a baseline says of each finding (`marks`, index for index) and settles
    /// the verdict of a checked payload again: it fails when a finding the baseline does not
    /// know is an error, or any such finding under `strict`, as the library decides.
    pub fn set_marks(&mut self, marks: Vec<Mark>, strict: bool) {
        debug_assert_eq!(marks.len(), self.violations.len());
        self.marks = marks;
        if matches!(self.status, Status::Pass | Status::Fail) {
            let fails = self.findings().any(|finding| {
                finding.baseline != Some(Mark::Known)
                    && (strict || finding.violation.level() == isales_contract::Severity::Error)
            });
            self.status = if fails { Status::Fail } else { Status::Pass };
        }
    }

    /// The same payload with personal values hidden.
    #[must_use]
    pub fn masked(mut self) -> Self {
        for violation in &mut self.violations {
            violation.mask();
        }
        self
    }
}

/// The text a payload was validated from, and where that text starts in its file: what the
/// human renderer quotes.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    /// The bytes (an NDJSON line, a whole file, a HAR entry with secrets blanked out).
    pub bytes: &'a [u8],
    /// The file position of `bytes[0]`.
    pub base: Position,
}

impl<'a> Text<'a> {
    /// A text that is a whole file.
    #[must_use]
    pub fn whole(bytes: &'a [u8]) -> Self {
        Text {
            bytes,
            base: Position {
                offset: 0,
                line: 1,
                column: 1,
            },
        }
    }
}
