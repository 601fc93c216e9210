//! The GitHub format: workflow commands (`::error file=..,line=..,col=..,title=..::message`)
//! that GitHub Actions turns into annotations on the pull request, and a Markdown summary of
//! the run appended to the file `GITHUB_STEP_SUMMARY` names, when it names one.
//!
//! Escaping follows the runner's rules: in the message `%`, `\r` and `\n` are percent-encoded;
//! in property values `:` and `,` are too.
//!
//! GitHub shows at most [`SHOWN_PER_KIND`] annotations of each kind (error, warning, notice)
//! per step, and 50 per job, and drops the rest without a word. Every finding still gets its
//! command (the step's log shows each one), and when some were over the limit a last notice
//! says how many and where every finding is: the JSON and SARIF formats, and the step summary,
//! which counts them by rule. So that this notice is itself shown, skipped payloads get a
//! notice for the first [`SKIPPED_NOTICES`] only and a plain log line after that.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;

use isales_contract::Severity;

use super::{ItemRenderer, Render, Summary};
use crate::baseline::Mark;
use crate::payload::{Payload, Source, Status, Text};

/// How many annotations of each kind GitHub shows for a step.
pub const SHOWN_PER_KIND: usize = 10;

/// How many skipped payloads get a notice annotation; the rest get a log line, so the notice
/// about annotations over the limit (and one for a run that checked nothing) stays within it.
pub const SKIPPED_NOTICES: usize = SHOWN_PER_KIND - 2;

/// How many failing payloads the step summary lists, with their first error.
pub const SUMMARY_FAILURES: usize = 20;

/// How many inputs with failures the step summary lists.
pub const SUMMARY_INPUTS: usize = 30;

/// The GitHub format.
#[derive(Debug, Default)]
pub struct Github {
    /// Annotations written: errors, warnings, notices.
    errors: usize,
    warnings: usize,
    notices: usize,
    /// Skipped payloads written as log lines instead of notices.
    logged: usize,
    /// The step summary being gathered, when `GITHUB_STEP_SUMMARY` names a file.
    step: Option<StepSummary>,
}

impl Github {
    /// The format; `step_summary` is the file `GITHUB_STEP_SUMMARY` names, if any, where
    /// [`Render::finish`] appends the run's summary in Markdown.
    #[must_use]
    pub fn new(step_summary: Option<PathBuf>) -> Self {
        Github {
            step: step_summary.map(StepSummary::new),
            ..Github::default()
        }
    }
}

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

/// One payload's commands, and what the run's counts and summary need of it.
#[derive(Debug)]
pub struct Item {
    /// Error and warning commands.
    commands: String,
    errors: usize,
    warnings: usize,
    /// For a skipped payload: its notice, and the log line written instead past the limit.
    skipped: Option<(String, String)>,
    /// What the step summary takes from the payload, when there is one.
    digest: Option<Digest>,
}

/// What the step summary keeps of a payload.
#[derive(Debug)]
struct Digest {
    source: Arc<Source>,
    status: Status,
    /// Per rule, its level and how many findings the payload has.
    rules: Vec<(&'static str, Severity, usize)>,
    /// For a payload that failed or could not be checked: the row of the table of first
    /// failures.
    first: Option<FirstFailure>,
}

/// A row of the table of first failures.
#[derive(Debug, Clone)]
struct FirstFailure {
    /// `file:line:column`.
    place: String,
    rule: Option<&'static str>,
    pointer: String,
    message: String,
    doc: String,
}

/// The item renderer of the GitHub format: a payload's workflow commands, and its digest for
/// the step summary when there is one.
#[derive(Debug, Clone, Copy, Default)]
pub struct Annotations {
    digests: bool,
}

impl ItemRenderer for Annotations {
    type Item = Item;

    fn item(&self, payload: Payload, _text: Option<Text<'_>>) -> Item {
        let payload = &payload;
        let file = escape_property(&payload.source.name);
        let line = payload.locus.line();
        let reason = payload.reason.as_deref().unwrap_or("");
        let mut out = String::new();
        let (mut errors, mut warnings) = (0, 0);
        let mut skipped = None;
        match payload.status {
            Status::Skipped => {
                let mut notice = String::new();
                command(&mut notice, "notice", &file, line, None, "skipped", reason);
                let log = format!(
                    "isales-contract: skipped {}: {}\n",
                    crate::shown::name(&super::payload_name(payload)),
                    crate::shown::text(reason)
                );
                skipped = Some((notice, log));
            }
            Status::Unchecked => {
                command(&mut out, "error", &file, line, None, "not checked", reason);
                errors += 1;
            }
            Status::Pass | Status::Fail => {}
        }
        let mut message = String::new();
        for finding in payload.findings() {
            let violation = finding.violation;
            let kind = match (finding.baseline, violation.level()) {
                // Known to the baseline: shown, but not as a problem of this change, and not
                // counted against GitHub's limits on errors and warnings.
                (Some(Mark::Known), _) => "notice",
                (_, Severity::Error) => {
                    errors += 1;
                    "error"
                }
                (_, Severity::Warning) => {
                    warnings += 1;
                    "warning"
                }
            };
            message.clear();
            // Writing into a String cannot fail.
            let _ = write!(message, "{} (at {}", violation.kind(), pointer(violation));
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
        Item {
            commands: out,
            errors,
            warnings,
            skipped,
            digest: self.digests.then(|| Digest::new(payload)),
        }
    }
}

impl Render for Github {
    type Items = Annotations;

    fn items(&self) -> Annotations {
        Annotations {
            digests: self.step.is_some(),
        }
    }

    fn emit(&mut self, item: Item, out: &mut dyn Write) -> io::Result<()> {
        if let Some((notice, log)) = &item.skipped {
            if self.notices < SKIPPED_NOTICES {
                self.notices += 1;
                out.write_all(notice.as_bytes())?;
            } else {
                self.logged += 1;
                out.write_all(log.as_bytes())?;
            }
        }
        out.write_all(item.commands.as_bytes())?;
        self.errors += item.errors;
        self.warnings += item.warnings;
        if let (Some(step), Some(digest)) = (&mut self.step, item.digest) {
            step.add(digest);
        }
        Ok(())
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let kind = if fatal {
            self.errors += 1;
            "error"
        } else {
            self.notices += 1;
            "notice"
        };
        if let Some(step) = &mut self.step {
            step.nothing_checked = Some(reason.to_owned());
        }
        let title = escape_property(super::NOTHING_CHECKED);
        writeln!(out, "::{kind} title={title}::{}", escape_data(reason))
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if let Some(text) = self.over_the_limit() {
            let title = escape_property("isales-contract: more findings than GitHub shows");
            writeln!(out, "::notice title={title}::{}", escape_data(&text))?;
        }
        if let Some(step) = self.step.take() {
            let path = step.path.clone();
            let markdown = step.markdown(summary, self.errors, self.warnings);
            let written = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&path)
                .and_then(|mut file| file.write_all(markdown.as_bytes()));
            if let Err(error) = written {
                let path = crate::shown::name(&path.display().to_string()).into_owned();
                writeln!(
                    out,
                    "::warning title=GITHUB_STEP_SUMMARY::{}",
                    escape_data(&format!(
                        "cannot append the run's summary to {path}: {error}"
                    ))
                )?;
            }
        }
        Ok(())
    }
}

impl Github {
    /// What the last notice says when annotations went over the limit, if any did.
    fn over_the_limit(&self) -> Option<String> {
        let hidden_errors = self.errors.saturating_sub(SHOWN_PER_KIND);
        let hidden_warnings = self.warnings.saturating_sub(SHOWN_PER_KIND);
        if hidden_errors == 0 && hidden_warnings == 0 && self.logged == 0 {
            return None;
        }
        let mut parts = Vec::new();
        if hidden_errors > 0 {
            parts.push(count(hidden_errors, "more error", "more errors"));
        }
        if hidden_warnings > 0 {
            parts.push(count(hidden_warnings, "more warning", "more warnings"));
        }
        let mut text =
            format!("GitHub shows {SHOWN_PER_KIND} annotations of each kind per step (50 per job)");
        if !parts.is_empty() {
            let _ = write!(
                text,
                ": {} are in this step's log only",
                parts.join(" and ")
            );
        }
        if self.logged > 0 {
            let _ = write!(
                text,
                "{} {} written as log lines",
                if parts.is_empty() { ":" } else { ";" },
                count(self.logged, "skipped payload is", "skipped payloads are")
            );
        }
        text.push_str(". --format json or --format sarif lists every finding");
        if self.step.is_some() {
            text.push_str("; the step summary counts them by rule");
        }
        text.push('.');
        Some(text)
    }
}

fn count(number: usize, one: &str, many: &str) -> String {
    if number == 1 {
        format!("1 {one}")
    } else {
        format!("{number} {many}")
    }
}

fn pointer(violation: &isales_contract::Violation) -> &str {
    if violation.pointer().is_empty() {
        "/"
    } else {
        violation.pointer()
    }
}

impl Digest {
    fn new(payload: &Payload) -> Self {
        let mut rules: Vec<(&'static str, Severity, usize)> = Vec::new();
        for finding in payload.findings() {
            let violation = finding.violation;
            match rules
                .iter_mut()
                .find(|(rule, _, _)| *rule == violation.rule())
            {
                Some((_, _, findings)) => *findings += 1,
                None => rules.push((violation.rule(), violation.level(), 1)),
            }
        }
        let first = match payload.status {
            Status::Fail => payload
                .findings()
                .find(|finding| finding.violation.level() == Severity::Error)
                .or(payload.finding(0))
                .map(|finding| {
                    let violation = finding.violation;
                    let mut place = super::payload_name(payload);
                    if let Some(position) = violation.position() {
                        place = format!(
                            "{}:{}:{}",
                            payload.source.name, position.line, position.column
                        );
                    }
                    let mut where_ = pointer(violation).to_owned();
                    if let Some(part) = finding.part {
                        let _ = write!(where_, " in the {}", part.as_str());
                    }
                    let mut message = violation.kind().to_string();
                    if let Some(found) = violation.found() {
                        let _ = write!(message, "; found {}", found.text());
                    }
                    FirstFailure {
                        place,
                        rule: Some(violation.rule()),
                        pointer: where_,
                        message,
                        doc: violation
                            .doc()
                            .map(|doc| doc.to_string())
                            .unwrap_or_default(),
                    }
                }),
            Status::Unchecked => Some(FirstFailure {
                place: super::payload_name(payload),
                rule: None,
                pointer: String::new(),
                message: format!(
                    "not checked: {}",
                    payload.reason.as_deref().unwrap_or_default()
                ),
                doc: String::new(),
            }),
            Status::Pass | Status::Skipped => None,
        };
        Digest {
            source: payload.source.clone(),
            status: payload.status,
            rules,
            first,
        }
    }
}

/// One input's counts in the step summary.
#[derive(Debug, Clone, Default)]
struct InputRow {
    name: String,
    checked: usize,
    failed: usize,
    unchecked: usize,
    warnings: usize,
}

/// Per rule: its level, its findings, the payloads it was found in.
#[derive(Debug, Clone, Copy)]
struct RuleRow {
    level: Severity,
    findings: usize,
    payloads: usize,
}

/// The step summary, gathered as payloads are written: bounded whatever the run's size (the
/// rules of the catalog, [`SUMMARY_INPUTS`] inputs, [`SUMMARY_FAILURES`] failures).
#[derive(Debug)]
struct StepSummary {
    path: PathBuf,
    /// The input being counted.
    current: Option<(Arc<Source>, InputRow)>,
    /// Inputs with a failure or a payload not checked, the first [`SUMMARY_INPUTS`].
    inputs: Vec<InputRow>,
    /// Inputs with failures beyond those.
    more_inputs: usize,
    rules: BTreeMap<&'static str, RuleRow>,
    failures: Vec<FirstFailure>,
    more_failures: usize,
    nothing_checked: Option<String>,
}

impl StepSummary {
    fn new(path: PathBuf) -> Self {
        StepSummary {
            path,
            current: None,
            inputs: Vec::new(),
            more_inputs: 0,
            rules: BTreeMap::new(),
            failures: Vec::new(),
            more_failures: 0,
            nothing_checked: None,
        }
    }

    fn close_input(&mut self) {
        if let Some((_, row)) = self.current.take()
            && (row.failed > 0 || row.unchecked > 0)
        {
            if self.inputs.len() < SUMMARY_INPUTS {
                self.inputs.push(row);
            } else {
                self.more_inputs += 1;
            }
        }
    }

    fn add(&mut self, digest: Digest) {
        let same = matches!(&self.current, Some((source, _)) if *source == digest.source);
        if !same {
            self.close_input();
            let row = InputRow {
                name: digest.source.name.clone(),
                ..InputRow::default()
            };
            self.current = Some((digest.source.clone(), row));
        }
        if let Some((_, row)) = &mut self.current {
            match digest.status {
                Status::Pass => row.checked += 1,
                Status::Fail => {
                    row.checked += 1;
                    row.failed += 1;
                }
                Status::Unchecked => row.unchecked += 1,
                Status::Skipped => {}
            }
            row.warnings += digest
                .rules
                .iter()
                .filter(|(_, level, _)| *level == Severity::Warning)
                .map(|(_, _, findings)| findings)
                .sum::<usize>();
        }
        for (rule, level, findings) in digest.rules {
            let row = self.rules.entry(rule).or_insert(RuleRow {
                level,
                findings: 0,
                payloads: 0,
            });
            row.findings += findings;
            row.payloads += 1;
        }
        if let Some(first) = digest.first {
            if self.failures.len() < SUMMARY_FAILURES {
                self.failures.push(first);
            } else {
                self.more_failures += 1;
            }
        }
    }

    fn markdown(mut self, summary: &Summary, errors: usize, warnings: usize) -> String {
        self.close_input();
        let mut md = String::new();
        let verdict = if summary.invalid == 0 && summary.unchecked == 0 {
            if summary.checked == 0 {
                "nothing was checked".to_owned()
            } else {
                format!(
                    "all {} passed",
                    count(summary.checked, "payload", "payloads")
                )
            }
        } else {
            let mut parts = Vec::new();
            if summary.invalid > 0 {
                parts.push(format!(
                    "{} of {} failed",
                    summary.invalid,
                    count(summary.checked, "payload", "payloads")
                ));
            }
            if summary.unchecked > 0 {
                parts.push(format!("{} could not be checked", summary.unchecked));
            }
            parts.join(", ")
        };
        // Writing into a String cannot fail.
        let _ = writeln!(md, "### isales-contract: {verdict}\n");
        let _ = writeln!(md, "{}\n", markdown_text(&summary.line()));
        if let Some(reason) = &self.nothing_checked {
            let _ = writeln!(md, "Nothing was checked: {}\n", markdown_text(reason));
        }
        if !self.inputs.is_empty() {
            let _ = writeln!(md, "| input | checked | failed | not checked | warnings |");
            let _ = writeln!(md, "|---|---:|---:|---:|---:|");
            for row in &self.inputs {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    markdown_text(&row.name),
                    row.checked,
                    row.failed,
                    row.unchecked,
                    row.warnings
                );
            }
            if self.more_inputs > 0 {
                let _ = writeln!(
                    md,
                    "\n{} with failures are not listed.",
                    count(self.more_inputs, "more input", "more inputs")
                );
            }
            md.push('\n');
        }
        if !self.rules.is_empty() {
            let mut rules: Vec<(&'static str, RuleRow)> = self.rules.into_iter().collect();
            // Errors first, then by findings, then by id.
            rules.sort_by(|(a, ra), (b, rb)| {
                (
                    ra.level != Severity::Error,
                    std::cmp::Reverse(ra.findings),
                    *a,
                )
                    .cmp(&(
                        rb.level != Severity::Error,
                        std::cmp::Reverse(rb.findings),
                        *b,
                    ))
            });
            let _ = writeln!(md, "#### Findings by rule\n");
            let _ = writeln!(md, "| rule | level | findings | payloads | documentation |");
            let _ = writeln!(md, "|---|---|---:|---:|---|");
            for (rule, row) in rules {
                let doc = isales_contract::rules::lookup(rule)
                    .and_then(isales_contract::rules::RuleInfo::doc)
                    .map(|doc| markdown_text(&doc.to_string()))
                    .unwrap_or_default();
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {doc} |",
                    rule_link(rule),
                    row.level,
                    row.findings,
                    row.payloads
                );
            }
            md.push('\n');
        }
        if !self.failures.is_empty() {
            let _ = writeln!(md, "#### First failures\n");
            let _ = writeln!(md, "| payload | rule | at | what | documentation |");
            let _ = writeln!(md, "|---|---|---|---|---|");
            for failure in &self.failures {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    markdown_text(&failure.place),
                    failure.rule.map(rule_link).unwrap_or_default(),
                    markdown_text(&failure.pointer),
                    markdown_text(&failure.message),
                    markdown_text(&failure.doc)
                );
            }
            if self.more_failures > 0 {
                let _ = writeln!(
                    md,
                    "\n{} not listed.",
                    count(self.more_failures, "more failure is", "more failures are")
                );
            }
            md.push('\n');
        }
        if errors > SHOWN_PER_KIND || warnings > SHOWN_PER_KIND {
            let _ = writeln!(
                md,
                "GitHub annotated the first {SHOWN_PER_KIND} errors and warnings of this step; \
                 `--format json` or `--format sarif` lists every finding.\n"
            );
        }
        md
    }
}

/// `[rule](reference#rule)`: the rule's section of the rules reference, which gives its
/// documentation rows and explanation (what `isales-contract explain RULE` prints).
fn rule_link(rule: &str) -> String {
    format!("[`{rule}`]({}#{rule})", super::RULES_REFERENCE)
}

/// Text from a payload or a file name for a Markdown table cell: control characters (line
/// breaks too) made visible, and the characters Markdown and tables act on escaped.
fn markdown_text(text: &str) -> String {
    let shown = crate::shown::text(text);
    let mut out = String::with_capacity(shown.len());
    for character in shown.chars() {
        match character {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(character);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            character => out.push(character),
        }
    }
    out
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

    #[test]
    fn markdown_cells_hold_text_as_it_is() {
        assert_eq!(
            markdown_text("a|b `c` *d* [e](f) <g> & \u{1b}\n"),
            "a\\|b \\`c\\` \\*d\\* \\[e\\](f) &lt;g&gt; &amp; \\\\u{1b}\\\\u{a}"
        );
    }

    #[test]
    fn the_last_notice_counts_what_went_over_the_limit() {
        let mut github = Github::default();
        assert_eq!(github.over_the_limit(), None);
        github.errors = SHOWN_PER_KIND;
        github.warnings = SHOWN_PER_KIND;
        assert_eq!(
            github.over_the_limit(),
            None,
            "at the limit, everything shows"
        );
        github.errors = SHOWN_PER_KIND + 1;
        github.warnings = SHOWN_PER_KIND + 5;
        github.logged = 2;
        assert_eq!(
            github.over_the_limit().as_deref(),
            Some(
                "GitHub shows 10 annotations of each kind per step (50 per job): 1 more error \
                 and 5 more warnings are in this step's log only; 2 skipped payloads are \
                 written as log lines. --format json or --format sarif lists every finding."
            )
        );
    }
}
