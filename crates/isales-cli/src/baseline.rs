//! Baselines of known violations: `validate --write-baseline FILE` records what a run found,
//! and `validate --baseline FILE` then fails only on what is not recorded.
//!
//! A violation is known by its key: the rule, the file (the path as given, relative to the
//! working directory, normalised: `./a//b/../c.json` is `a/c.json`), the part of a HAR entry
//! (`request-url`, `request-headers`, `response-body`; none for plain payloads) and the JSON
//! pointer in the payload. Line numbers and columns are left out, so reformatting a capture
//! (pretty-printing it, reindenting it) keeps every key; moving or renaming the file does
//! not. The same key may be found more than once (the same problem on many lines of an NDJSON
//! log, a key repeated in one object), so the baseline counts each key: a run with more
//! occurrences than counted has that many new ones, the last ones in report order.
//!
//! Matching is done in report order, while the payloads are written: the runner checks
//! payloads on its worker threads, but which occurrence of a key is the new one must not
//! depend on which thread finished first. So under a baseline the format renders each
//! payload when its turn comes, after the known ones are marked ([`Baselined`]).
//!
//! # The file, version 1
//!
//! ```text
//! {
//!   "version": 1,
//!   "violations": [                  // sorted by file, part, pointer, rule
//!     {
//!       "file": string,              // normalised as above; "<stdin>" for standard input
//!       "part": string,              // only for HAR entries
//!       "pointer": string,           // JSON pointer in the payload ("" is the root)
//!       "rule": string,              // the rule id
//!       "count": int                 // occurrences, at least 1
//!     }, ...
//!   ]
//! }
//! ```
//!
//! The file is written with two-space indentation and one member per line, so a shrinking
//! baseline makes a small diff. Readers ignore members they do not know; `version` changes
//! when a member is removed or changes meaning.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use isales_contract::Severity;
use isales_json::Position;
use serde::{Deserialize, Serialize};

use crate::inputs::Expanded;
use crate::payload::{Payload, Status, Text};
use crate::render::{ItemRenderer, Render, Summary};
use crate::run::Stopped;

/// The version of the baseline file this command writes and reads.
pub const VERSION: u32 = 1;

/// What a baseline says of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// Not in the baseline (or found more often than it counts): it counts as usual.
    New,
    /// In the baseline: reported, but it fails nothing and is not counted as a warning.
    Known,
}

impl Mark {
    /// `new` or `known`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::New => "new",
            Mark::Known => "known",
        }
    }
}

/// What identifies a violation across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    /// The file, normalised ([`normalise`]).
    pub file: String,
    /// The part of a HAR entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// The JSON pointer in the payload.
    pub pointer: String,
    /// The rule id.
    pub rule: String,
}

/// One line of the file: a key and how often it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// What was found.
    #[serde(flatten)]
    pub key: Key,
    /// How often.
    pub count: usize,
}

#[derive(Serialize)]
struct FileOut<'a> {
    version: u32,
    violations: &'a [Entry],
}

#[derive(Deserialize)]
struct FileIn {
    violations: Vec<Entry>,
}

/// `name` (a path as the user gave it, or as found in a directory) as a baseline keys it:
/// relative to `cwd` when it is under it, without `.` components, empty components or a
/// `..` that a preceding name cancels, with `/` between components. Nothing is resolved on
/// the file system; standard input stays `<stdin>`.
#[must_use]
pub fn normalise(name: &str, cwd: &Path) -> String {
    if name == "<stdin>" {
        return name.to_owned();
    }
    let path = Path::new(name);
    let relative: PathBuf = if path.is_absolute() {
        let canonical = || {
            let cwd = cwd.canonicalize().ok()?;
            path.strip_prefix(cwd).ok().map(Path::to_path_buf)
        };
        path.strip_prefix(cwd)
            .map(Path::to_path_buf)
            .ok()
            .or_else(canonical)
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => absolute = true,
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_string_lossy().into_owned());
            }
            Component::ParentDir => {
                if parts.last().is_some_and(|last| last != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..".to_owned());
                }
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// Why a baseline could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError(
    /// What is wrong, in one sentence.
    pub String,
);

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a baseline's text: its counts per key (files normalised against `cwd`, repeated
/// keys added up).
///
/// # Errors
/// When the text is not a baseline of [`VERSION`]: not JSON, another version, a member of
/// the wrong type, a count of 0.
pub fn parse(text: &[u8], cwd: &Path) -> Result<BTreeMap<Key, usize>, BaselineError> {
    let value: serde_json::Value = serde_json::from_slice(text)
        .map_err(|error| BaselineError(format!("not JSON: {error}")))?;
    let version = value
        .get("version")
        .ok_or_else(|| BaselineError("no `version` member; is it a baseline?".to_owned()))?;
    if version.as_u64() != Some(u64::from(VERSION)) {
        return Err(BaselineError(format!(
            "version {version} is not one this isales-contract reads (version {VERSION}); \
             write it again with --write-baseline"
        )));
    }
    let file: FileIn = serde_json::from_value(value)
        .map_err(|error| BaselineError(format!("not a baseline of version {VERSION}: {error}")))?;
    let mut counts = BTreeMap::new();
    for (index, mut entry) in file.violations.into_iter().enumerate() {
        if entry.count == 0 {
            return Err(BaselineError(format!(
                "violations[{index}] has a count of 0; leave the entry out instead"
            )));
        }
        entry.key.file = normalise(&entry.key.file, cwd);
        let count: &mut usize = counts.entry(entry.key).or_default();
        *count = count.saturating_add(entry.count);
    }
    Ok(counts)
}

/// The text of a baseline holding `counts`, sorted by key, ending in a newline.
#[must_use]
pub fn render(counts: &BTreeMap<Key, usize>) -> String {
    let entries: Vec<Entry> = counts
        .iter()
        .map(|(key, count)| Entry {
            key: key.clone(),
            count: *count,
        })
        .collect();
    let file = FileOut {
        version: VERSION,
        violations: &entries,
    };
    // Serializing plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// What a run under a baseline found, for the report: how many findings were known and new,
/// and which keys of the baseline were not found (or found fewer times than it counts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The baseline file, as given.
    pub file: String,
    /// Findings the baseline knows.
    pub known: usize,
    /// Findings it does not.
    pub new: usize,
    /// What the baseline lists and the run no longer found, with the number missing.
    pub fixed: Vec<Entry>,
}

impl Outcome {
    /// The outcome in a few lines for people: the counts, then a line per fixed entry.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let fixed: usize = self.fixed.iter().map(|entry| entry.count).sum();
        let mut lines = vec![format!(
            "baseline {}: {} known (not failing), {} new, {} fixed",
            crate::shown::name(&self.file),
            plural(self.known, "violation"),
            self.new,
            fixed
        )];
        if fixed > 0 {
            lines.push(
                "fixed since the baseline was written (--write-baseline writes it without them):"
                    .to_owned(),
            );
            for entry in &self.fixed {
                let key = &entry.key;
                let part = key
                    .part
                    .as_deref()
                    .map(|part| format!(" ({part})"))
                    .unwrap_or_default();
                let times = if entry.count == 1 {
                    String::new()
                } else {
                    format!(", {} times", entry.count)
                };
                let pointer = if key.pointer.is_empty() {
                    "/"
                } else {
                    &key.pointer
                };
                lines.push(
                    crate::shown::text(&format!(
                        "  {} at {pointer}{part}: {}{times}",
                        key.file, key.rule
                    ))
                    .into_owned(),
                );
            }
        }
        lines
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A run's baseline work: the baseline read (`--baseline`), where to write one
/// (`--write-baseline`), and, once the run is over, what it found.
#[derive(Debug)]
pub struct Session {
    /// The baseline read, with the path as given.
    read: Option<(String, BTreeMap<Key, usize>)>,
    /// Where to write the run's findings.
    write: Option<PathBuf>,
    /// What file keys are relative to.
    cwd: PathBuf,
    /// Whether warnings fail payloads (`--strict`), for settling verdicts again.
    strict: bool,
    /// Filled when the run is over.
    result: Mutex<Option<RunResult>>,
}

/// What a run under a session found.
#[derive(Debug, Default)]
struct RunResult {
    found: BTreeMap<Key, usize>,
    outcome: Option<Outcome>,
}

impl Session {
    /// A session reading the baseline at `read` (if any) and writing one to `write` (if
    /// any); `None` when neither is asked for.
    ///
    /// # Errors
    /// When the baseline cannot be read or is not one: the message names the file.
    pub fn open(
        read: Option<&Path>,
        write: Option<&Path>,
        cwd: &Path,
        strict: bool,
    ) -> Result<Option<Self>, BaselineError> {
        if read.is_none() && write.is_none() {
            return Ok(None);
        }
        let read = match read {
            Some(path) => {
                let shown = path.display().to_string();
                let mut text = Vec::new();
                std::fs::File::open(path)
                    .and_then(|mut file| file.read_to_end(&mut text))
                    .map_err(|error| {
                        BaselineError(format!(
                            "cannot read the baseline {}: {}",
                            crate::shown::name(&shown),
                            crate::inputs::describe_io(&error)
                        ))
                    })?;
                let counts = parse(&text, cwd).map_err(|error| {
                    BaselineError(format!(
                        "the baseline {} cannot be used: {error}",
                        crate::shown::name(&shown)
                    ))
                })?;
                Some((shown, counts))
            }
            None => None,
        };
        Ok(Some(Session {
            read,
            write: write.map(Path::to_path_buf),
            cwd: cwd.to_path_buf(),
            strict,
            result: Mutex::new(None),
        }))
    }

    /// Whether the run writes a baseline (and so accepts what it found).
    #[must_use]
    pub fn writes(&self) -> bool {
        self.write.is_some()
    }

    /// What the run found against the baseline read, once it is over.
    #[must_use]
    pub fn outcome(&self) -> Option<Outcome> {
        self.result
            .lock()
            .ok()
            .and_then(|result| result.as_ref().and_then(|result| result.outcome.clone()))
    }

    /// Writes the run's findings as a baseline, when asked to; gives a sentence saying what
    /// was written.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn write_file(&self) -> Result<Option<String>, BaselineError> {
        let Some(path) = &self.write else {
            return Ok(None);
        };
        let found = self
            .result
            .lock()
            .ok()
            .and_then(|mut result| result.take().map(|result| result.found))
            .unwrap_or_default();
        let text = render(&found);
        let shown = path.display().to_string();
        // Written beside the target and renamed over it, so a reader never sees half a file.
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        std::fs::write(&temporary, text)
            .and_then(|()| std::fs::rename(&temporary, path))
            .map_err(|error| {
                let _ = std::fs::remove_file(&temporary);
                BaselineError(format!(
                    "cannot write the baseline {}: {}",
                    crate::shown::name(&shown),
                    crate::inputs::describe_io(&error)
                ))
            })?;
        let total: usize = found.values().sum();
        Ok(Some(format!(
            "wrote {} ({} keys) to the baseline {}",
            plural(total, "violation"),
            found.len(),
            crate::shown::name(&shown)
        )))
    }
}

/// A payload waiting for its turn, with a copy of its text.
#[derive(Debug)]
pub struct Pending {
    payload: Payload,
    text: Option<(Vec<u8>, Position)>,
}

/// A format under a baseline: payloads are kept as they come from the worker threads and,
/// in report order, matched against the baseline, marked, settled again and only then
/// rendered by the format.
#[derive(Debug)]
pub struct Baselined<'a, R: Render> {
    inner: &'a mut R,
    /// The format's item renderer: a payload is rendered when its turn comes, once marked.
    inner_items: R::Items,
    session: &'a Session,
    /// What is left of each key's count.
    remaining: HashMap<Key, usize>,
    /// Every key found, when a baseline is written.
    found: BTreeMap<Key, usize>,
    known: usize,
    new: usize,
    /// Payloads that failed before the baseline and pass under it.
    passed: usize,
    /// Warnings the baseline knows, which the runner counted.
    known_warnings: usize,
    /// Whether the format had a place for the outcome.
    shown: bool,
}

impl<'a, R: Render> Baselined<'a, R> {
    /// `inner` under `session`.
    pub fn new(inner: &'a mut R, session: &'a Session) -> Self {
        let remaining = session
            .read
            .as_ref()
            .map(|(_, counts)| {
                counts
                    .iter()
                    .map(|(key, count)| (key.clone(), *count))
                    .collect()
            })
            .unwrap_or_default();
        Baselined {
            inner_items: inner.items(),
            inner,
            session,
            remaining,
            found: BTreeMap::new(),
            known: 0,
            new: 0,
            passed: 0,
            known_warnings: 0,
            shown: false,
        }
    }

    /// The runner's counts as the baseline changes them.
    #[must_use]
    pub fn adjust(&self, mut summary: Summary) -> Summary {
        summary.valid += self.passed;
        summary.invalid = summary.invalid.saturating_sub(self.passed);
        summary.warnings = summary.warnings.saturating_sub(self.known_warnings);
        summary
    }

    fn outcome(&self) -> Option<Outcome> {
        let (file, counts) = self.session.read.as_ref()?;
        let fixed = counts
            .keys()
            .filter_map(|key| {
                let count = self.remaining.get(key).copied().unwrap_or(0);
                (count > 0).then(|| Entry {
                    key: key.clone(),
                    count,
                })
            })
            .collect();
        Some(Outcome {
            file: file.clone(),
            known: self.known,
            new: self.new,
            fixed,
        })
    }

    /// Marks a payload's findings in report order and settles its verdict again.
    fn mark(&mut self, payload: &mut Payload) {
        if payload.finding_count() == 0 {
            return;
        }
        let file = normalise(&payload.source.name, &self.session.cwd);
        let reading = self.session.read.is_some();
        let writing = self.session.write.is_some();
        let mut marks = Vec::with_capacity(if reading { payload.finding_count() } else { 0 });
        for finding in payload.findings() {
            let key = Key {
                file: file.clone(),
                part: finding.part.map(|part| part.as_str().to_owned()),
                pointer: finding.violation.pointer().to_owned(),
                rule: finding.violation.rule().to_owned(),
            };
            if reading {
                let mark = match self.remaining.get_mut(&key) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        self.known += 1;
                        if finding.violation.level() == Severity::Warning {
                            self.known_warnings += 1;
                        }
                        Mark::Known
                    }
                    _ => {
                        self.new += 1;
                        Mark::New
                    }
                };
                marks.push(mark);
            }
            if writing {
                *self.found.entry(key).or_default() += 1;
            }
        }
        if reading {
            let failed = payload.status == Status::Fail;
            payload.set_marks(marks, self.session.strict);
            if failed && payload.status == Status::Pass {
                self.passed += 1;
            }
        }
    }

    /// Hands what the run found to the session.
    fn record(&mut self) {
        let outcome = self.outcome();
        if let Ok(mut result) = self.session.result.lock() {
            *result = Some(RunResult {
                found: std::mem::take(&mut self.found),
                outcome,
            });
        }
    }
}

/// The item renderer under a baseline: a payload and a copy of its text, kept for its turn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pendings;

impl ItemRenderer for Pendings {
    type Item = Pending;

    fn item(&self, payload: Payload, text: Option<Text<'_>>) -> Pending {
        Pending {
            payload,
            text: text.map(|text| (text.bytes.to_vec(), text.base)),
        }
    }
}

impl<R: Render> Render for Baselined<'_, R> {
    type Items = Pendings;

    /// The format's: JUnit under a baseline still gives each test case its time.
    const TIMED: bool = R::TIMED;

    fn items(&self) -> Pendings {
        Pendings
    }

    fn run_info(&mut self, info: &crate::render::RunInfo) {
        self.inner.run_info(info);
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.inner.begin(out)
    }

    fn end_batch(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.inner.end_batch(out)
    }

    fn emit(&mut self, item: Pending, out: &mut dyn Write) -> io::Result<()> {
        let Pending { mut payload, text } = item;
        self.mark(&mut payload);
        let text = text
            .as_ref()
            .map(|(bytes, base)| Text { bytes, base: *base });
        let rendered = self.inner_items.item(payload, text);
        self.inner.emit(rendered, out)
    }

    fn note(&mut self, text: &str, out: &mut dyn Write) -> io::Result<bool> {
        self.inner.note(text, out)
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.inner.nothing_checked(reason, fatal, out)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if let Some(outcome) = self.outcome() {
            self.shown = self.inner.baseline(&outcome, out)?;
        }
        let adjusted = self.adjust(*summary);
        self.inner.finish(&adjusted, out)
    }
}

/// [`crate::run::validate`] under a baseline session: the counts it gives are the
/// baseline's (payloads whose every failing finding is known pass), and the outcome goes to
/// `err` when the format has no place for it.
///
/// # Errors
/// When the report cannot be written.
pub fn validate<R: Render>(
    session: &Session,
    expanded: &Expanded,
    render: &mut R,
    settings: &crate::run::Settings,
    stdin: Option<Box<dyn Read + Send>>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Summary, Stopped> {
    let mut baselined = Baselined::new(render, session);
    let summary = match crate::run::validate(expanded, &mut baselined, settings, stdin, out, err) {
        Ok(summary) => summary,
        Err(stopped) => {
            return Err(Stopped {
                error: stopped.error,
                summary: baselined.adjust(stopped.summary),
            });
        }
    };
    let adjusted = baselined.adjust(summary);
    if !baselined.shown
        && let Some(outcome) = baselined.outcome()
    {
        for line in outcome.lines() {
            if let Err(error) = writeln!(err, "note: {line}") {
                return Err(Stopped {
                    error,
                    summary: adjusted,
                });
            }
        }
    }
    baselined.record();
    Ok(adjusted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_without_the_file_system() {
        let cwd = Path::new("/work/repo");
        let cases = [
            ("examples/a.json", "examples/a.json"),
            ("./examples//a.json", "examples/a.json"),
            ("examples/x/../a.json", "examples/a.json"),
            ("../other/a.json", "../other/a.json"),
            ("/work/repo/examples/a.json", "examples/a.json"),
            ("/elsewhere/a.json", "/elsewhere/a.json"),
            ("/../a.json", "/a.json"),
            ("<stdin>", "<stdin>"),
            ("./", "."),
        ];
        for (name, expected) in cases {
            assert_eq!(normalise(name, cwd), expected, "{name}");
        }
    }

    fn key(file: &str, pointer: &str, rule: &str) -> Key {
        Key {
            file: file.to_owned(),
            part: None,
            pointer: pointer.to_owned(),
            rule: rule.to_owned(),
        }
    }

    #[test]
    fn a_written_baseline_reads_back_sorted_and_counted() {
        let mut counts = BTreeMap::new();
        counts.insert(key("b.json", "/x", "type-mismatch"), 2);
        counts.insert(key("a.json", "", "malformed-json"), 1);
        let mut har = key("c.har", "/Authorization", "required-field");
        har.part = Some("request-headers".to_owned());
        counts.insert(har, 1);
        let text = render(&counts);
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"violations\": [\n"));
        let a = text.find("a.json").expect("a");
        let b = text.find("b.json").expect("b");
        assert!(a < b, "sorted by file:\n{text}");
        assert!(text.contains("\"part\": \"request-headers\""), "{text}");
        assert_eq!(text.matches("\"part\"").count(), 1, "{text}");
        assert_eq!(parse(text.as_bytes(), Path::new("/")), Ok(counts));
    }

    #[test]
    fn repeated_keys_add_up_and_files_are_normalised_on_reading() {
        let text = br#"{"version": 1, "future": true, "violations": [
            {"file": "./a.json", "pointer": "/x", "rule": "r", "count": 2},
            {"file": "a.json", "pointer": "/x", "rule": "r", "count": 1, "note": "kept"}
        ]}"#;
        let counts = parse(text, Path::new("/")).expect("a baseline");
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [(key("a.json", "/x", "r"), 3)]
        );
    }

    #[test]
    fn what_is_not_a_baseline_says_why() {
        let cases: [(&[u8], &str); 6] = [
            (b"[1", "not JSON"),
            (b"{\"violations\": []}", "no `version` member"),
            (b"{\"version\": 2, \"violations\": []}", "version 2 is not one"),
            (b"{\"version\": \"1\", \"violations\": []}", "version \"1\" is not one"),
            (b"{\"version\": 1}", "missing field `violations`"),
            (
                b"{\"version\": 1, \"violations\": [{\"file\": \"a\", \"pointer\": \"\", \"rule\": \"r\", \"count\": 0}]}",
                "violations[0] has a count of 0",
            ),
        ];
        for (text, fragment) in cases {
            let error = parse(text, Path::new("/")).expect_err(fragment);
            assert!(error.0.contains(fragment), "{fragment}: {error}");
        }
    }

    #[test]
    fn the_outcome_lists_what_was_fixed() {
        let outcome = Outcome {
            file: "known.json".to_owned(),
            known: 1,
            new: 2,
            fixed: vec![Entry {
                key: key("a.json", "", "malformed-json"),
                count: 2,
            }],
        };
        assert_eq!(
            outcome.lines(),
            [
                "baseline known.json: 1 violation known (not failing), 2 new, 2 fixed",
                "fixed since the baseline was written (--write-baseline writes it without them):",
                "  a.json at /: malformed-json, 2 times",
            ]
        );
    }
}
