//! Report formats. Each format turns one payload into an item (in parallel, while the
//! payload's text is still in memory, with its [`ItemRenderer`]) and then writes items in
//! order (sequentially, with its [`Render`]); the two work at once, on different payloads.
//!
//! One module per format: [`human`], [`json`], [`ndjson`], [`junit`], [`sarif`], [`github`].
//! They share [`Summary`], the counts printed at the end, and [`ItemRenderer`] and [`Render`],
//! the two-step interface the runner drives.
//!
//! Every format shows a violation at its level in force: under strictness a warning fails its
//! payload, and [`crate::levels::effective`] has made it an error before any format sees it.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod ndjson;
pub mod sarif;

use std::io::{self, Write};

use serde::Serialize;

use crate::payload::{Payload, Status, Text};

/// How a format turns one payload into an item: called from worker threads, while the
/// format's [`Render`] writes the items of payloads before (its own state is not shared with
/// them). A format that keeps no state while writing is its own item renderer.
pub trait ItemRenderer: Sync + Send {
    /// What one payload becomes before it is written.
    type Item: Send;

    /// Renders one payload. `text` is the payload's source text when it is available (not
    /// for unreadable files). A format may keep the payload itself as its item and write it
    /// in [`Render::emit`], straight to the output, when rendering it first would only copy
    /// it (a payload with a million findings).
    fn item(&self, payload: Payload, text: Option<Text<'_>>) -> Self::Item;
}

/// What one payload becomes in the format `R` before it is written.
pub type ItemOf<R> = <<R as Render>::Items as ItemRenderer>::Item;

/// A report format: an [`ItemRenderer`] for the worker threads, and the writer of the
/// report, which takes the items in report order.
pub trait Render {
    /// The format's item renderer.
    type Items: ItemRenderer;

    /// Whether the format reports how long each payload took to check
    /// ([`Payload::elapsed`]): the runner reads the clock around a check only then.
    const TIMED: bool = false;

    /// The item renderer, taken once for a run: what it renders does not depend on what the
    /// format has written.
    fn items(&self) -> Self::Items;

    /// Takes what the run was set up with, before [`Render::begin`]; a format that records
    /// it (the configuration file that applied) keeps what it needs.
    fn run_info(&mut self, _info: &RunInfo) {}

    /// Writes what comes before the first item.
    ///
    /// # Errors
    /// When writing fails.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Writes one item, in report order.
    ///
    /// # Errors
    /// When writing fails.
    fn emit(&mut self, item: ItemOf<Self>, out: &mut dyn Write) -> io::Result<()>;

    /// Called after the items of a batch (a chunk of NDJSON lines, a batch of files or HAR
    /// entries) were emitted: a format whose reader takes records as they come flushes them.
    ///
    /// # Errors
    /// When writing fails.
    fn end_batch(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Writes a note about a whole input (how many HAR entries matched) into the report, or
    /// gives `false` when the format has no place for it (the note then goes to stderr).
    ///
    /// # Errors
    /// When writing fails.
    fn note(&mut self, _text: &str, _out: &mut dyn Write) -> io::Result<bool> {
        Ok(false)
    }

    /// Records that the run checked no payload, and why, in the format's own place for a
    /// run-level problem; called once, before [`Render::finish`]. `fatal` is false under
    /// `--allow-empty`, where the note is kept but does not fail the run.
    ///
    /// # Errors
    /// When writing fails.
    fn nothing_checked(&mut self, reason: &str, fatal: bool, out: &mut dyn Write)
    -> io::Result<()>;

    /// Records what a run under `--baseline` found against it (known, new and fixed
    /// violations) in the format's own place, before [`Render::finish`]; gives `false` when
    /// the format has none (the outcome then goes to stderr).
    ///
    /// # Errors
    /// When writing fails.
    fn baseline(
        &mut self,
        _outcome: &crate::baseline::Outcome,
        _out: &mut dyn Write,
    ) -> io::Result<bool> {
        Ok(false)
    }

    /// Writes what comes after the last item.
    ///
    /// # Errors
    /// When writing fails.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()>;
}

/// What the run was set up with, for the formats that record it beside what it found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// The configuration file whose levels applied, as an absolute path; `None` when none did
    /// (none was found upward from the working directory, or `--no-config`).
    pub config_file: Option<String>,
}

/// What a run found, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Inputs (files and standard input) read.
    pub files: usize,
    /// Payloads checked (passed or failed).
    pub checked: usize,
    /// Payloads that passed.
    pub valid: usize,
    /// Payloads that failed.
    pub invalid: usize,
    /// Warning-level violations reported.
    pub warnings: usize,
    /// Blank NDJSON lines and HAR entries of other requests.
    pub skipped: usize,
    /// Payloads and inputs that could not be checked.
    pub unchecked: usize,
    /// The most warnings the run allows (`--max-warnings`); not a count, and only in the
    /// run's summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_warnings: Option<usize>,
}

impl Summary {
    /// Counts one payload.
    pub fn count(&mut self, payload: &Payload) {
        match payload.status {
            Status::Pass => {
                self.checked += 1;
                self.valid += 1;
            }
            Status::Fail => {
                self.checked += 1;
                self.invalid += 1;
            }
            Status::Skipped => self.skipped += 1,
            Status::Unchecked => self.unchecked += 1,
        }
        self.warnings += payload.warnings();
    }

    /// Adds another summary's counts.
    pub fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.checked += other.checked;
        self.valid += other.valid;
        self.invalid += other.invalid;
        self.warnings += other.warnings;
        self.skipped += other.skipped;
        self.unchecked += other.unchecked;
    }

    /// The one-line summary.
    #[must_use]
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} checked in {}: {} valid, {} invalid, {}",
            plural(self.checked, "payload"),
            plural(self.files, "input"),
            self.valid,
            self.invalid,
            plural(self.warnings, "warning"),
        );
        if self.skipped > 0 {
            line.push_str(&format!("; {} skipped", self.skipped));
        }
        if self.unchecked > 0 {
            line.push_str(&format!("; {} could not be checked", self.unchecked));
        }
        if let Some(max) = self.max_warnings
            && self.too_many_warnings()
        {
            line.push_str(&format!(
                "; more warnings than --max-warnings allows ({max}), which fails the run"
            ));
        }
        line
    }

    /// Whether the run reported more warnings than `--max-warnings` allows.
    #[must_use]
    pub fn too_many_warnings(&self) -> bool {
        self.max_warnings.is_some_and(|max| self.warnings > max)
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The rules reference of this version: `docs/rules.md` in the repository, one section per
/// rule (anchored by its id) with its documentation rows and explanation, as `explain` prints
/// them.
pub const RULES_REFERENCE: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/v",
    env!("CARGO_PKG_VERSION"),
    "/docs/rules.md"
);

/// The words every format uses for a run that checked no payload.
pub const NOTHING_CHECKED: &str = "nothing was checked";

/// How a payload is named in one-line messages: `file`, `file:line` or `file:line (entry N)`.
#[must_use]
pub fn payload_name(payload: &Payload) -> String {
    match payload.locus {
        crate::payload::Locus::Document => payload.source.name.clone(),
        crate::payload::Locus::Line(line) => format!("{}:{line}", payload.source.name),
        crate::payload::Locus::Entry { index, line } => {
            format!("{}:{line} (entry {index})", payload.source.name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_names_every_count_that_matters() {
        let summary = Summary {
            files: 2,
            checked: 3,
            valid: 1,
            invalid: 2,
            warnings: 1,
            skipped: 4,
            unchecked: 0,
            max_warnings: None,
        };
        assert_eq!(
            summary.line(),
            "3 payloads checked in 2 inputs: 1 valid, 2 invalid, 1 warning; 4 skipped"
        );
    }

    #[test]
    fn the_summary_line_says_when_warnings_fail_the_run() {
        let mut summary = Summary {
            files: 1,
            checked: 2,
            valid: 2,
            warnings: 3,
            max_warnings: Some(3),
            ..Summary::default()
        };
        assert!(!summary.too_many_warnings());
        assert_eq!(
            summary.line(),
            "2 payloads checked in 1 input: 2 valid, 0 invalid, 3 warnings"
        );
        summary.max_warnings = Some(2);
        assert!(summary.too_many_warnings());
        assert_eq!(
            summary.line(),
            "2 payloads checked in 1 input: 2 valid, 0 invalid, 3 warnings; \
             more warnings than --max-warnings allows (2), which fails the run"
        );
    }
}
