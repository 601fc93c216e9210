//! The JUnit format: one test suite per input file, one test case per payload; a failing
//! payload's case carries a failure with its violations (the first [`LISTED_FINDINGS`], and
//! the count), a payload that could not be checked an error, a skipped line or entry a skipped
//! case. Every case has a `time`: how long checking that payload took, on the worker thread
//! that checked it (0 for a payload that was not checked); a suite's time is the sum of its
//! cases', the root's the run's wall clock.
//!
//! JUnit puts totals on the root and on each suite, before the cases they count, so the cases
//! cannot go straight to the output. Each case is written as XML when its turn comes into a
//! spool: memory up to [`SPOOL_MEMORY`] bytes, beyond that an unnamed temporary file, which
//! the system deletes when it is closed, whatever ends the process. At the end the root and
//! each suite's opening tag are written with their totals around the spooled cases. What the
//! command holds is then one line of totals per input, however many payloads fail: with a
//! document model (`quick-junit`, before) 200,000 failing NDJSON lines peaked at 148 MB
//! resident, and now at 21 MB.
//!
//! The writer is this module's own, a few escapes: `&`, `<`, `>`, `"` and `'` become
//! entities everywhere, tab, newline and carriage return become character references in
//! attributes (where a parser would turn them into spaces), and the characters XML 1.0
//! cannot hold at all go through [`crate::shown::xml_text`]. File names are written as
//! [`crate::shown::name`] shows them.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use isales_contract::Severity;

use super::{ItemRenderer, Render, Summary};
use crate::payload::{Locus, Payload, Source, Status, Text};

/// How many bytes of spooled cases stay in memory before they move to a temporary file:
/// small runs never touch the disk, large ones hold no more than this.
pub const SPOOL_MEMORY: usize = 8 * 1024 * 1024;

/// How many violations a test case lists. JUnit viewers show a failure's text as one block;
/// a payload with a million findings would make a 150 MB block nobody opens. The count is
/// always given, and the JSON and SARIF formats list every finding.
pub const LISTED_FINDINGS: usize = 1000;

/// The JUnit format.
#[derive(Debug)]
pub struct Junit {
    started: Instant,
    spool: Spool,
    /// Every suite so far, in order; the last one is open.
    suites: Vec<Suite>,
    totals: Counts,
}

impl Default for Junit {
    fn default() -> Self {
        Junit {
            started: Instant::now(),
            spool: Spool::default(),
            suites: Vec::new(),
            totals: Counts::default(),
        }
    }
}

/// What a suite (or the whole report) counts.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    tests: usize,
    skipped: usize,
    failures: usize,
    errors: usize,
    time: Duration,
}

impl Counts {
    fn add(&mut self, case: &Case) {
        self.tests += 1;
        match case.outcome {
            Outcome::Pass => {}
            Outcome::Failure => self.failures += 1,
            Outcome::Error => self.errors += 1,
            Outcome::Skipped => self.skipped += 1,
        }
        self.time += case.time;
    }
}

/// A suite: its name as written, its totals, and how many bytes of the spool its cases take.
#[derive(Debug)]
struct Suite {
    source: Arc<Source>,
    counts: Counts,
    bytes: u64,
}

/// Spooled cases: in memory, then in an unnamed temporary file.
#[derive(Debug)]
enum Spool {
    Memory {
        bytes: Vec<u8>,
        /// Set once a temporary file could not be made: the cases then stay in memory.
        no_file: bool,
    },
    File(BufWriter<File>),
}

impl Default for Spool {
    fn default() -> Self {
        Spool::Memory {
            bytes: Vec::new(),
            no_file: false,
        }
    }
}

impl Spool {
    fn write(&mut self, text: &[u8]) -> io::Result<()> {
        match self {
            Spool::File(file) => file.write_all(text),
            Spool::Memory { bytes, no_file } => {
                bytes.extend_from_slice(text);
                if bytes.len() > SPOOL_MEMORY && !*no_file {
                    match tempfile::tempfile() {
                        Ok(file) => {
                            let mut file = BufWriter::with_capacity(1 << 16, file);
                            file.write_all(bytes)?;
                            *self = Spool::File(file);
                        }
                        // No temporary directory: the report is still written, from memory.
                        Err(_) => *no_file = true,
                    }
                }
                Ok(())
            }
        }
    }

    /// Everything spooled, from the start.
    fn reader(self) -> io::Result<Box<dyn Read>> {
        Ok(match self {
            Spool::Memory { bytes, .. } => Box::new(io::Cursor::new(bytes)),
            Spool::File(file) => {
                let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
                file.seek(SeekFrom::Start(0))?;
                Box::new(BufReader::with_capacity(1 << 16, file))
            }
        })
    }
}

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pass,
    Failure,
    Error,
    Skipped,
}

/// One payload's test case, written as XML on the worker thread that checked it.
#[derive(Debug)]
pub struct Case {
    source: Arc<Source>,
    outcome: Outcome,
    time: Duration,
    xml: String,
}

/// Appends `text` to `out` escaped for XML 1.0: as an attribute's value when `attribute`,
/// else as element content.
fn escape(out: &mut String, text: &str, attribute: bool) {
    for character in crate::shown::xml_text(text).chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            // Content keeps newlines, but a parser reads a lone CR as a newline.
            '\r' => out.push_str("&#13;"),
            character => out.push(character),
        }
    }
}

/// ` name="value"`, escaped.
fn attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape(out, value, true);
    out.push('"');
}

/// Seconds with microseconds, as JUnit's `time` attributes hold them.
fn seconds(time: Duration) -> String {
    format!("{:.6}", time.as_secs_f64())
}

fn case_name(payload: &Payload) -> String {
    match payload.locus {
        Locus::Document => "document".to_owned(),
        Locus::Line(line) => format!("line {line}"),
        Locus::Entry { index, line } => format!("entry {index} (line {line})"),
    }
}

/// One violation per line: `level[rule] at pointer (line:column): message; found ...`, the
/// first [`LISTED_FINDINGS`] of them, then how many more there are.
fn describe(payload: &Payload) -> String {
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

/// The failure's one-line message: how many violations, how many errors, the first error.
fn failure_message(payload: &Payload) -> String {
    let is_error =
        |finding: &crate::payload::Finding<'_>| finding.violation.level() == Severity::Error;
    let errors = payload.findings().filter(is_error).count();
    let first = payload
        .findings()
        .find(is_error)
        .or(payload.finding(0))
        .map(|finding| {
            format!(
                "[{}] {}",
                finding.violation.rule(),
                finding.violation.kind()
            )
        })
        .unwrap_or_default();
    format!(
        "{} violation(s), {errors} error(s); first error: {first}",
        payload.finding_count()
    )
}

/// A case element: `<testcase .../>` or, with `body` (already indented and escaped), the
/// element around it.
fn case_element(name: &str, classname: Option<&str>, time: Duration, body: &str) -> String {
    let mut xml = String::with_capacity(128 + body.len());
    xml.push_str("        <testcase");
    attribute(&mut xml, "name", name);
    if let Some(classname) = classname {
        attribute(&mut xml, "classname", classname);
    }
    attribute(&mut xml, "time", &seconds(time));
    if body.is_empty() {
        xml.push_str("/>\n");
    } else {
        xml.push_str(">\n");
        xml.push_str(body);
        xml.push_str("        </testcase>\n");
    }
    xml
}

/// A child of a case: `<tag message=".." type="..">text</tag>`, or empty without text.
fn child(tag: &str, message: &str, kind: Option<&str>, text: Option<&str>) -> String {
    let mut xml = format!("            <{tag}");
    attribute(&mut xml, "message", message);
    if let Some(kind) = kind {
        attribute(&mut xml, "type", kind);
    }
    match text {
        Some(text) => {
            xml.push('>');
            escape(&mut xml, text, false);
            let _ = writeln!(xml, "</{tag}>");
        }
        None => xml.push_str("/>\n"),
    }
    xml
}

/// `<system-out>text</system-out>`.
fn system_out(text: &str) -> String {
    let mut xml = "            <system-out>".to_owned();
    escape(&mut xml, text, false);
    xml.push_str("</system-out>\n");
    xml
}

impl Junit {
    fn add(&mut self, case: &Case) -> io::Result<()> {
        let same = self
            .suites
            .last()
            .is_some_and(|suite| suite.source == case.source);
        if !same {
            self.suites.push(Suite {
                source: case.source.clone(),
                counts: Counts::default(),
                bytes: 0,
            });
        }
        self.spool.write(case.xml.as_bytes())?;
        self.totals.add(case);
        if let Some(suite) = self.suites.last_mut() {
            suite.counts.add(case);
            suite.bytes += case.xml.len() as u64;
        }
        Ok(())
    }
}

/// The counts of a suite (`tests`, `skipped`, `errors`, `failures`) or of the root (`tests`,
/// `skipped`, `failures`, `errors`), in the order JUnit writers usually give them.
fn totals(out: &mut String, counts: &Counts, suite: bool) {
    let _ = write!(
        out,
        " tests=\"{}\" skipped=\"{}\"",
        counts.tests, counts.skipped
    );
    if suite {
        let _ = write!(
            out,
            " errors=\"{}\" failures=\"{}\"",
            counts.errors, counts.failures
        );
    } else {
        let _ = write!(
            out,
            " failures=\"{}\" errors=\"{}\"",
            counts.failures, counts.errors
        );
    }
}

/// The item renderer of the JUnit format: a payload's test case.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cases;

impl ItemRenderer for Cases {
    type Item = Case;

    fn item(&self, payload: Payload, _text: Option<Text<'_>>) -> Case {
        let payload = &payload;
        let reason = payload.reason.as_deref().unwrap_or_default();
        let (outcome, body) = match payload.status {
            Status::Pass if payload.finding_count() > 0 => {
                (Outcome::Pass, system_out(&describe(payload)))
            }
            Status::Pass => (Outcome::Pass, String::new()),
            Status::Fail => (
                Outcome::Failure,
                child(
                    "failure",
                    &failure_message(payload),
                    Some("contract-violation"),
                    Some(&describe(payload)),
                ),
            ),
            Status::Skipped => (Outcome::Skipped, child("skipped", reason, None, None)),
            Status::Unchecked => {
                let described = (payload.finding_count() > 0).then(|| describe(payload));
                (
                    Outcome::Error,
                    child("error", reason, Some("not-checked"), described.as_deref()),
                )
            }
        };
        let time = payload.elapsed.unwrap_or_default();
        let classname = crate::shown::name(&payload.source.name);
        Case {
            source: payload.source.clone(),
            outcome,
            time,
            xml: case_element(&case_name(payload), Some(classname.as_ref()), time, &body),
        }
    }
}

impl Render for Junit {
    type Items = Cases;

    /// A test case has a `time`.
    const TIMED: bool = true;

    fn items(&self) -> Cases {
        Cases
    }

    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        self.started = Instant::now();
        Ok(())
    }

    fn emit(&mut self, case: Case, _out: &mut dyn Write) -> io::Result<()> {
        self.add(&case)
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        let (outcome, body) = if fatal {
            (
                Outcome::Error,
                child("error", reason, Some("nothing-checked"), None),
            )
        } else {
            (Outcome::Skipped, child("skipped", reason, None, None))
        };
        let case = Case {
            source: Source::new("isales-contract run"),
            outcome,
            time: Duration::ZERO,
            xml: case_element(super::NOTHING_CHECKED, None, Duration::ZERO, &body),
        };
        self.add(&case)
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        let mut head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites".to_owned();
        attribute(&mut head, "name", "isales-contract");
        totals(&mut head, &self.totals, false);
        attribute(&mut head, "time", &seconds(self.started.elapsed()));
        head.push_str(">\n");
        out.write_all(head.as_bytes())?;
        let mut spooled = std::mem::take(&mut self.spool).reader()?;
        for suite in std::mem::take(&mut self.suites) {
            let mut tag = "    <testsuite".to_owned();
            attribute(&mut tag, "name", &crate::shown::name(&suite.source.name));
            totals(&mut tag, &suite.counts, true);
            attribute(&mut tag, "time", &seconds(suite.counts.time));
            tag.push_str(">\n");
            out.write_all(tag.as_bytes())?;
            let copied = io::copy(&mut (&mut spooled).take(suite.bytes), out)?;
            if copied != suite.bytes {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the spooled test cases ended early",
                ));
            }
            out.write_all(b"    </testsuite>\n")?;
        }
        out.write_all(b"</testsuites>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cover_markup_whitespace_in_attributes_and_what_xml_cannot_hold() {
        let mut text = String::new();
        escape(&mut text, "a<b>&\"c'\td\ne\rf\u{1b}g\u{0}", false);
        assert_eq!(
            text,
            "a&lt;b&gt;&amp;&quot;c&apos;\td\ne&#13;f\\u{1b}g\\u{0}"
        );
        let mut value = String::new();
        escape(&mut value, "a\tb\nc\rd\u{FFFE}", true);
        assert_eq!(value, "a&#9;b&#10;c&#13;d\\u{fffe}");
    }

    #[test]
    fn a_large_spool_moves_to_a_file_and_reads_back_whole() {
        let mut spool = Spool::default();
        let line = vec![b'x'; 1 << 20];
        for _ in 0..(SPOOL_MEMORY >> 20) + 2 {
            spool.write(&line).expect("spooled");
        }
        assert!(matches!(spool, Spool::File(_)), "beyond the limit, a file");
        let mut all = Vec::new();
        spool
            .reader()
            .expect("readable")
            .read_to_end(&mut all)
            .expect("read");
        assert_eq!(all.len(), ((SPOOL_MEMORY >> 20) + 2) << 20);
        assert!(all.iter().all(|byte| *byte == b'x'));
    }
}
