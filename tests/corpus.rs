//! The payload corpus against the validator.
//!
//! `corpus/valid` holds realistic responses that must be reported clean (the page's own example
//! aside, which draws three warnings); `corpus/invalid` holds responses that each break one named
//! rule, starting from a clean payload. `corpus/manifest.toml` records, per file, the rule ids
//! the spec's rules decide, in report order. The tests here hold the validator to it:
//!
//! - the manifest and the files match one to one, and every rule of the catalog is broken by
//!   some invalid file unless the manifest lists it as a request-only rule;
//! - every file reports exactly its manifest rules, with the verdict that follows from their
//!   levels, except the files of [`KNOWN_GAPS`], which must still report what they report today;
//! - every violation's position points at what it is about;
//! - insta snapshots (one per file and per form) of the JSON report and of the command's human
//!   output, and no snapshot without its corpus file;
//! - the page's example, in detail.

#[path = "corpus_manifest.rs"]
mod corpus_manifest;

use std::collections::BTreeSet;
use std::path::Path;

use corpus_manifest::CorpusFile;
use isales_cli::{Env, Exit};
use isales_contract::violation::EmbeddedProblem;
use isales_contract::{Config, Report, RuleId, Severity, Verdict, Violation, ViolationKind, rules};
use isales_json::SyntaxProblem;

/// A corpus file whose report differs from what the spec decides (its manifest entry), for a
/// reason that needs a design decision rather than a small fix. The tests assert that the file
/// still reports `reports`, so that fixing the cause fails a test and the entry gets removed.
struct KnownGap {
    /// The file, as in the manifest.
    file: &'static str,
    /// The rule ids the validator reports today, in report order.
    reports: &'static [&'static str],
    /// Why it differs, and what would resolve it.
    reason: &'static str,
}

/// Every known gap, in one place.
const KNOWN_GAPS: &[KnownGap] = &[
    // None today. The two gaps found while building the corpus (turn-fields reporting a missing
    // `turns` again, and a leftover chooseType in sequence dialling) were resolved in the spec:
    // path requirements check the items of present containers only, and turn-fields applies
    // in round dialling.
];

/// Valid files that report warnings, by design (their manifest rules must all be warnings).
const VALID_WITH_WARNINGS: &[&str] = &["valid/page-example.json"];

fn known_gap(file: &str) -> Option<&'static KnownGap> {
    KNOWN_GAPS.iter().find(|gap| gap.file == file)
}

fn severity_of(rule: &str) -> Severity {
    match rules::lookup(rule) {
        Some(info) => info.rule.severity,
        None => panic!("`{rule}` is not a rule of the catalog"),
    }
}

/// The rules a file is expected to report today: its manifest entry, or a known gap's record.
fn expected_today(file: &str, manifest_rules: &[String]) -> Vec<String> {
    match known_gap(file) {
        Some(gap) => gap.reports.iter().map(|rule| (*rule).to_owned()).collect(),
        None => manifest_rules.to_vec(),
    }
}

// ---------------------------------------------------------------------------------------------
// The manifest

#[test]
fn the_manifest_has_one_entry_per_file() {
    let manifest = corpus_manifest::manifest();
    let files = corpus_manifest::files();
    let on_disk: BTreeSet<&str> = files.iter().map(|file| file.name.as_str()).collect();
    let listed: BTreeSet<&str> = manifest.files.keys().map(String::as_str).collect();
    let without_entry: Vec<&&str> = on_disk.difference(&listed).collect();
    let without_file: Vec<&&str> = listed.difference(&on_disk).collect();
    assert!(
        without_entry.is_empty() && without_file.is_empty(),
        "files without a manifest entry: {without_entry:?}\nmanifest entries without a file: \
         {without_file:?}"
    );
    let valid = files.iter().filter(|file| file.is_valid()).count();
    let invalid = files.len() - valid;
    assert!(
        files.len() >= 70 && valid >= 20 && invalid >= 50,
        "{valid} valid and {invalid} invalid files"
    );
}

#[test]
fn entries_name_catalog_rules_and_files_are_named_for_their_rule() {
    let manifest = corpus_manifest::manifest();
    let mut problems = Vec::new();
    for (name, expected) in &manifest.files {
        for rule in &expected.rules {
            if rules::lookup(rule).is_none() {
                problems.push(format!("{name}: `{rule}` is not a rule of the catalog"));
            }
        }
        // Snapshot names replace `/` by `__`; the orphan check maps them back.
        if name.contains("__") {
            problems.push(format!("{name}: file names must not contain `__`"));
        }
        let stem = name
            .rsplit('/')
            .next()
            .and_then(|file| file.strip_suffix(".json"))
            .unwrap_or_default();
        if name.starts_with("invalid/") {
            let Some((rule, what)) = stem.split_once("--") else {
                problems.push(format!("{name}: not named `<rule-id>--<what>.json`"));
                continue;
            };
            let kebab = |text: &str| {
                !text.is_empty()
                    && text.bytes().all(|byte| {
                        byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-'
                    })
            };
            if rules::lookup(rule).is_none() || !kebab(what) {
                problems.push(format!(
                    "{name}: `{rule}` is not a rule id, or `{what}` not kebab-case"
                ));
            }
            if !expected.rules.iter().any(|expected| expected == rule) {
                problems.push(format!(
                    "{name}: named for `{rule}`, which its entry does not expect"
                ));
            }
        } else if VALID_WITH_WARNINGS.contains(&name.as_str()) {
            let errors: Vec<&String> = expected
                .rules
                .iter()
                .filter(|rule| severity_of(rule) == Severity::Error)
                .collect();
            if expected.rules.is_empty() || !errors.is_empty() {
                problems.push(format!(
                    "{name}: a valid file with warnings expects warnings only, found {:?}",
                    expected.rules
                ));
            }
        } else if !expected.rules.is_empty() {
            problems.push(format!(
                "{name}: a valid file expects no rule, found {:?}",
                expected.rules
            ));
        }
    }
    for gap in KNOWN_GAPS {
        match manifest.files.get(gap.file) {
            None => problems.push(format!("known gap {}: no such file", gap.file)),
            Some(expected) if expected.rules == gap.reports => problems.push(format!(
                "known gap {}: its record equals its manifest entry, so it is no gap",
                gap.file
            )),
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_a_response_can_break_is_broken_by_an_invalid_file() {
    let manifest = corpus_manifest::manifest();
    let broken: BTreeSet<&str> = manifest
        .files
        .iter()
        .filter(|(name, _)| name.starts_with("invalid/"))
        .flat_map(|(_, expected)| expected.rules.iter().map(String::as_str))
        .collect();
    let mut problems = Vec::new();
    for listed in &manifest.not_a_response_rule {
        if rules::lookup(&listed.rule).is_none() {
            problems.push(format!(
                "not_a_response_rule `{}` is not in the catalog",
                listed.rule
            ));
        }
        if listed.uses.trim().is_empty() || listed.reason.trim().is_empty() {
            problems.push(format!(
                "not_a_response_rule `{}` lacks its uses or reason",
                listed.rule
            ));
        }
        // A rule listed for all its uses must not be broken by a payload after all.
        if !listed.partial && broken.contains(listed.rule.as_str()) {
            problems.push(format!(
                "`{}` is listed as not a response rule, yet an invalid file breaks it",
                listed.rule
            ));
        }
        if listed.partial && !broken.contains(listed.rule.as_str()) {
            problems.push(format!(
                "`{}` is listed for some uses only, yet no invalid file breaks its other uses",
                listed.rule
            ));
        }
    }
    for info in rules::catalog() {
        let id = info.rule.id;
        let excused = manifest
            .not_a_response_rule
            .iter()
            .any(|listed| listed.rule == id && !listed.partial);
        if !broken.contains(id) && !excused {
            problems.push(format!("no invalid file breaks `{id}`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Reports

/// `file: expected [..], reported [..]` and the report, for failure messages.
fn mismatch(file: &CorpusFile, expected: &[String], report: &Report) -> String {
    format!(
        "{}: expected {expected:?}, reported {:?}\n{report}",
        file.name,
        report.rule_ids()
    )
}

#[test]
fn each_file_reports_exactly_its_manifest_rules() {
    let manifest = corpus_manifest::manifest();
    let mut failures = Vec::new();
    for file in corpus_manifest::files() {
        if known_gap(&file.name).is_some() {
            continue;
        }
        let Some(expected) = manifest.files.get(&file.name) else {
            continue; // the_manifest_has_one_entry_per_file reports it
        };
        let report = isales_contract::validate(&file.bytes);
        if report.rule_ids() != expected.rules {
            failures.push(mismatch(&file, &expected.rules, &report));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn known_gaps_still_report_what_they_report_today() {
    let files = corpus_manifest::files();
    let mut failures = Vec::new();
    for gap in KNOWN_GAPS {
        let Some(file) = files.iter().find(|file| file.name == gap.file) else {
            failures.push(format!("known gap {}: no such file", gap.file));
            continue;
        };
        assert!(
            !gap.reason.trim().is_empty(),
            "{}: give the reason",
            gap.file
        );
        let report = isales_contract::validate(&file.bytes);
        if report.rule_ids() != gap.reports {
            failures.push(format!(
                "{}: the known gap changed (fixed?): it reports {:?}, recorded {:?}. If it now \
                 matches the manifest, remove it from KNOWN_GAPS.\n{report}",
                gap.file,
                report.rule_ids(),
                gap.reports
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn verdicts_follow_from_the_levels_of_the_expected_rules() {
    let manifest = corpus_manifest::manifest();
    let mut failures = Vec::new();
    for file in corpus_manifest::files() {
        let Some(entry) = manifest.files.get(&file.name) else {
            continue;
        };
        let expected = expected_today(&file.name, &entry.rules);
        let report = isales_contract::validate(&file.bytes);
        let any_error = expected
            .iter()
            .any(|rule| severity_of(rule) == Severity::Error);
        let verdict = if any_error {
            Verdict::Fail
        } else {
            Verdict::Pass
        };
        let errors = report.errors().count();
        let warnings = report.warnings().count();
        let ok = if expected.is_empty() {
            report.verdict == Verdict::Pass && report.violations.is_empty()
        } else if any_error {
            report.verdict == Verdict::Fail && errors > 0
        } else {
            // The page's example, or an invalid file breaking a warning-level rule: it passes,
            // and reports its warnings.
            report.verdict == Verdict::Pass && errors == 0 && warnings == expected.len()
        };
        if !ok || report.verdict != verdict {
            failures.push(format!(
                "{}: expected {verdict} from {expected:?}, found {} with {errors} error(s) and \
                 {warnings} warning(s)",
                file.name, report.verdict
            ));
        }
        // Stated by directory: a valid file passes; an invalid one fails unless all it breaks
        // are warnings (then it passes with them). Known gaps are held to their record above.
        if known_gap(&file.name).is_none() {
            let by_directory = if file.is_valid() || !any_error {
                Verdict::Pass
            } else {
                Verdict::Fail
            };
            if report.verdict != by_directory {
                failures.push(format!(
                    "{}: a {} file must {by_directory}, found {}",
                    file.name,
                    if file.is_valid() { "valid" } else { "invalid" },
                    report.verdict
                ));
            }
        }
        // Under strict, a file with any violation fails.
        let strict = isales_contract::validate_with(&file.bytes, &Config::new().with_strict(true));
        if strict.passed() != expected.is_empty() {
            failures.push(format!("{}: strict verdict {}", file.name, strict.verdict));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Positions

/// The payload with every backslash removed, and where each payload offset lands in it: a
/// value inside an embedded document (`\"retryDay\\\": 2`) reads like a value of the payload.
struct Unescaped {
    text: Vec<u8>,
    at: Vec<usize>,
}

impl Unescaped {
    fn new(source: &[u8]) -> Self {
        let mut text = Vec::with_capacity(source.len());
        let mut at = Vec::with_capacity(source.len() + 1);
        for byte in source {
            at.push(text.len());
            if *byte != b'\\' {
                text.push(*byte);
            }
        }
        at.push(text.len());
        Unescaped { text, at }
    }

    /// The unescaped text from payload offset `offset` on.
    fn from(&self, offset: usize) -> &[u8] {
        &self.text[self.at[offset]..]
    }

    /// The unescaped text before payload offset `offset`, without trailing whitespace.
    fn before(&self, offset: usize) -> &[u8] {
        self.text[..self.at[offset]].trim_ascii_end()
    }
}

/// The segments of a JSON pointer, unescaped.
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn is_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|byte| byte.is_ascii_digit())
}

/// Whether `before` ends where the value of member `segment` (or item `segment`, or the root
/// when `None`) starts: after `"segment":`, after `[` or `,`, or at the beginning.
fn ends_before_value_of(before: &[u8], segment: Option<&str>) -> bool {
    match segment {
        None => before.is_empty() || before == b"\xEF\xBB\xBF",
        Some(index) if is_index(index) => before.ends_with(b"[") || before.ends_with(b","),
        Some(key) => {
            let Some(before_colon) = before.strip_suffix(b":") else {
                return false;
            };
            let before_colon = before_colon.trim_ascii_end();
            before_colon.ends_with(format!("\"{key}\"").as_bytes())
                || before_colon.ends_with(format!("'{key}'").as_bytes())
        }
    }
}

/// Whether `text` starts with member key `key`, in double or single quotes.
fn starts_with_key(text: &[u8], key: &str) -> bool {
    text.starts_with(format!("\"{key}\"").as_bytes())
        || text.starts_with(format!("'{key}'").as_bytes())
}

/// Open arrays and objects before `offset`, strings skipped.
fn depth_at(source: &[u8], offset: usize) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for byte in &source[..offset] {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// The span (quotes included) of the string value of the last member `key` that starts before
/// `offset`, for strings written directly in the payload.
fn string_value_before(source: &[u8], offset: usize, key: &str) -> Option<(usize, usize)> {
    let needle = format!("\"{key}\"");
    let key_at = source[..offset]
        .windows(needle.len())
        .rposition(|window| window == needle.as_bytes())?;
    let mut at = key_at + needle.len();
    let skip_blank = |at: &mut usize| {
        while source.get(*at).is_some_and(u8::is_ascii_whitespace) {
            *at += 1;
        }
    };
    skip_blank(&mut at);
    if source.get(at) != Some(&b':') {
        return None;
    }
    at += 1;
    skip_blank(&mut at);
    if source.get(at) != Some(&b'"') {
        return None;
    }
    let open = at;
    at += 1;
    while at < source.len() {
        match source[at] {
            b'\\' => at += 2,
            b'"' => return Some((open, at)),
            _ => at += 1,
        }
    }
    None
}

/// Checks that `violation`'s position points at what it is about in `source`.
fn check_position(source: &[u8], violation: &Violation) -> Result<(), String> {
    check_position_at(source, violation, violation.position(), violation.span())
}

/// [`check_position`] for `violation` placed at `position` and `span` instead of its own.
fn check_position_at(
    source: &[u8],
    violation: &Violation,
    position: Option<isales_json::Position>,
    span: Option<isales_json::Span>,
) -> Result<(), String> {
    let Some(position) = position else {
        return Err("no position".to_owned());
    };
    let offset = position.offset;
    if Some(offset) != span.map(|span| span.start) || offset > source.len() {
        return Err(format!(
            "position {offset} is not the span's start {span:?}"
        ));
    }
    let before = &source[..offset];
    let line = before.iter().filter(|byte| **byte == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|byte| *byte == b'\n')
        .map_or(0, |newline| newline + 1);
    let column = String::from_utf8_lossy(&source[line_start..offset])
        .chars()
        .count()
        + 1;
    if std::str::from_utf8(source).is_ok() && (position.line, position.column) != (line, column) {
        return Err(format!(
            "line {}:{} but the offset is at {line}:{column}",
            position.line, position.column
        ));
    }

    let segments = segments(violation.pointer());
    let last = segments.last().map(String::as_str);
    let parent = segments
        .len()
        .checked_sub(2)
        .map(|index| segments[index].as_str());
    let unescaped = Unescaped::new(source);
    let here = unescaped.from(offset);
    let rest = &source[offset..];
    let ok = match &violation.kind() {
        ViolationKind::Syntax { problem } => match problem {
            SyntaxProblem::Empty | SyntaxProblem::UnexpectedEnd { .. } => {
                rest.trim_ascii().is_empty()
            }
            SyntaxProblem::UnexpectedChar { found, .. } => {
                String::from_utf8_lossy(rest).starts_with(*found)
            }
            SyntaxProblem::TooDeep { limit } => {
                matches!(rest.first(), Some(b'[' | b'{')) && depth_at(source, offset) == *limit
            }
            SyntaxProblem::InvalidUtf8 => {
                std::str::from_utf8(before).is_ok() && std::str::from_utf8(rest).is_err()
            }
            SyntaxProblem::TrailingCharacters => {
                rest.first().is_some_and(|byte| !byte.is_ascii_whitespace())
            }
            _ => true,
        },
        ViolationKind::ByteOrderMark => offset == 0 && source.starts_with(b"\xEF\xBB\xBF"),
        ViolationKind::DuplicateKey { .. }
        | ViolationKind::UndocumentedField { .. }
        | ViolationKind::Alias { .. } => last.is_some_and(|key| starts_with_key(here, key)),
        ViolationKind::Missing { field, .. } => {
            let at_parent =
                here.starts_with(b"{") && ends_before_value_of(unescaped.before(offset), parent);
            let at_null =
                here.starts_with(b"null") && ends_before_value_of(unescaped.before(offset), last);
            // `""` read as not set: the value stands for the missing field.
            let at_blank =
                here.starts_with(b"\"\"") && ends_before_value_of(unescaped.before(offset), last);
            // A lone object read as the only item of an embedded array: the object starts
            // the document, right after the string's opening quote.
            let in_lone_object = here.starts_with(b"{") && {
                let before = unescaped.before(offset);
                let before = before
                    .strip_suffix(b"\"")
                    .unwrap_or(before)
                    .trim_ascii_end();
                ends_before_value_of(before, parent)
            };
            last == Some(*field) && (at_parent || at_null || at_blank || in_lone_object)
        }
        ViolationKind::ReturnObjectMissing => {
            let at_root =
                here.starts_with(b"{") && ends_before_value_of(unescaped.before(offset), None);
            let at_null =
                here.starts_with(b"null") && ends_before_value_of(unescaped.before(offset), last);
            at_root || at_null
        }
        ViolationKind::EmbeddedJson {
            problem: EmbeddedProblem::Syntax { syntax },
        } => {
            let inside = last.and_then(|key| string_value_before(source, offset, key));
            let deep_enough = match (syntax, inside) {
                (SyntaxProblem::TooDeep { limit }, Some((open, _))) => {
                    matches!(here.first(), Some(b'[' | b'{'))
                        && depth_at(&source[open + 1..], offset - open - 1) == *limit
                }
                _ => true,
            };
            inside.is_some_and(|(open, close)| open < offset && offset <= close) && deep_enough
        }
        ViolationKind::EmbeddedJson {
            problem: EmbeddedProblem::NotAnArray { .. },
        }
        | ViolationKind::ObjectInsteadOfArray => {
            // The document inside the string: after the string's opening quote.
            let before = unescaped.before(offset);
            let before = before
                .strip_suffix(b"\"")
                .or_else(|| before.strip_suffix(b"'"))
                .unwrap_or(before)
                .trim_ascii_end();
            ends_before_value_of(before, last)
                && matches!(here.first(), Some(b'{' | b'"' | b'0'..=b'9'))
        }
        _ => {
            // A value: right after its member's key, and starting with the value found.
            let found_ok = violation.found().as_ref().is_none_or(|found| {
                let shown = found
                    .text()
                    .split('…')
                    .next()
                    .unwrap_or_default()
                    .replace('\\', "");
                here.starts_with(shown.as_bytes())
            });
            ends_before_value_of(unescaped.before(offset), last) && found_ok
        }
    };
    if ok {
        Ok(())
    } else {
        let shown: String = String::from_utf8_lossy(here).chars().take(40).collect();
        Err(format!("the source there reads `{shown}`"))
    }
}

#[test]
fn every_position_points_at_what_its_violation_is_about() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in corpus_manifest::files() {
        let report = isales_contract::validate(&file.bytes);
        for violation in &report.violations {
            checked += 1;
            if let Err(problem) = check_position(&file.bytes, violation) {
                failures.push(format!("{}: {violation}: {problem}", file.name));
            }
        }
    }
    assert!(checked > 100, "only {checked} violations checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_position_check_notices_a_position_one_byte_off() {
    let mut unnoticed = Vec::new();
    for file in corpus_manifest::files() {
        let report = isales_contract::validate(&file.bytes);
        for violation in &report.violations {
            let (Some(position), Some(span)) = (violation.position(), violation.span()) else {
                continue;
            };
            let noticed = [
                position.offset.checked_sub(1),
                position.offset.checked_add(1),
            ]
            .into_iter()
            .flatten()
            .any(|offset| {
                let position = Some(isales_json::line_column(&file.bytes, offset));
                let span = Some(isales_json::Span::new(offset, span.end.max(offset)));
                check_position_at(&file.bytes, violation, position, span).is_err()
            });
            if !noticed {
                unnoticed.push(format!("{}: {violation}", file.name));
            }
        }
    }
    assert!(
        unnoticed.is_empty(),
        "moved positions pass the check:\n{}",
        unnoticed.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Snapshots

/// The corpus file name (`invalid/x.json`) of a path the glob hands over.
fn corpus_name(path: &Path) -> String {
    let relative = path
        .strip_prefix(corpus_manifest::dir())
        .unwrap_or_else(|_| panic!("{} is outside the corpus", path.display()));
    relative.to_string_lossy().replace('\\', "/")
}

/// Runs `snapshot` for every corpus file, with the file's manifest note as the snapshot's
/// description.
fn for_each_corpus_file(mut snapshot: impl FnMut(&str, &[u8])) {
    let manifest = corpus_manifest::manifest();
    insta::glob!("corpus/**/*.json", |path| {
        let name = corpus_name(path);
        let bytes = std::fs::read(path).unwrap_or_else(|error| panic!("{name}: {error}"));
        let note = manifest.files.get(&name).map_or_else(
            || "(no manifest entry)".to_owned(),
            |entry| entry.note.clone(),
        );
        insta::with_settings!({description => note, omit_expression => true}, {
            snapshot(&name, &bytes);
        });
    });
}

#[test]
fn json_report() {
    for_each_corpus_file(|_, bytes| {
        insta::assert_json_snapshot!(isales_contract::validate(bytes));
    });
}

#[test]
fn human_report() {
    for_each_corpus_file(|name, _| {
        insta::assert_snapshot!(human(name));
    });
}

/// What `isales-contract validate --format human` prints for one corpus file, without colours
/// and without a configuration file, so at the default levels. Snapshotting the command's own
/// renderer shows what a person reads, and a change to that renderer shows up here.
///
/// The command names a file as it was given and reads a relative path from the process's
/// working directory, which for a test is this crate's directory, not the repository root. So
/// the file is given by its absolute path and the root is cut from what is printed: the
/// snapshots name the file by its path in the repository, and hold no machine paths.
fn human(name: &str) -> String {
    let Some(root) = Path::new(env!("CARGO_MANIFEST_DIR")).parent() else {
        panic!("the tests crate is not at the repository's top level");
    };
    let path = root.join("tests/corpus").join(name).display().to_string();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = isales_cli::run(
        [
            "isales-contract",
            "validate",
            "--no-config",
            "--format",
            "human",
            path.as_str(),
        ],
        Env::plain(root),
        &mut out,
        &mut err,
    );
    let err = String::from_utf8_lossy(&err);
    assert!(
        exit != Exit::Trouble && err.is_empty(),
        "{name}: the command failed: {err}"
    );
    let prefix = format!("{}/", root.display());
    String::from_utf8_lossy(&out).replace(&prefix, "")
}

/// The glob tests that write one snapshot per corpus file.
const SNAPSHOT_TESTS: [&str; 2] = ["json_report", "human_report"];

#[test]
fn every_snapshot_belongs_to_a_corpus_file_and_every_file_has_its_snapshots() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let names: BTreeSet<String> = corpus_manifest::files()
        .into_iter()
        .map(|file| file.name)
        .collect();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let entries = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", directory.display()));
    for entry in entries {
        let file_name = entry.expect("snapshot directory entry").file_name();
        let file_name = file_name.to_string_lossy();
        let Some(rest) = file_name.strip_prefix("corpus__") else {
            continue; // another test target's snapshot
        };
        let Some(rest) = rest.strip_suffix(".snap") else {
            problems.push(format!(
                "{file_name}: not a .snap file (an unreviewed snapshot?)"
            ));
            continue;
        };
        let Some((test, input)) = rest.split_once('@') else {
            problems.push(format!(
                "{file_name}: not a glob snapshot of this file's tests"
            ));
            continue;
        };
        let corpus_file = input.replace("__", "/");
        if !SNAPSHOT_TESTS.contains(&test) || !names.contains(&corpus_file) {
            problems.push(format!(
                "{file_name}: orphan (no test `{test}` or no file {corpus_file})"
            ));
        }
        seen.insert((test.to_owned(), corpus_file));
    }
    for name in &names {
        for test in SNAPSHOT_TESTS {
            if !seen.contains(&(test.to_owned(), name.clone())) {
                problems.push(format!("{name}: no `{test}` snapshot"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The page's own example

#[test]
fn the_page_example_passes_with_its_three_warnings() {
    let bytes = std::fs::read(corpus_manifest::dir().join("valid/page-example.json"))
        .expect("the page example is in the corpus");
    let report = isales_contract::validate(&bytes);
    assert_eq!(report.verdict, Verdict::Pass);
    let found: Vec<String> = report
        .violations
        .iter()
        .map(|violation| {
            let position = violation.position().expect("located");
            format!(
                "{} {} {} {}:{}",
                violation.level(),
                violation.rule(),
                violation.pointer(),
                position.line,
                position.column
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "warning datetime-lenient /returnObject/strBeginTime 1:191",
            "warning datetime-lenient /returnObject/strEndTime 1:219",
            "warning insecure-callback-url /returnObject/callBackUrl 1:959",
        ]
    );
    for violation in &report.violations {
        let position = violation.position().expect("located");
        let value = &bytes[position.offset..];
        let found = violation.found().expect("the value found");
        assert!(value.starts_with(found.text().as_bytes()), "{violation}");
    }
    // The warnings are real: strict mode fails the example, allowing them passes it clean.
    let strict = isales_contract::validate_with(&bytes, &Config::new().with_strict(true));
    assert_eq!(strict.verdict, Verdict::Fail);
    let quiet = Config::new()
        .with_rule_level(RuleId::DatetimeLenient, isales_contract::Level::Allow)
        .with_rule_level(RuleId::InsecureCallbackUrl, isales_contract::Level::Allow);
    let quiet = isales_contract::validate_with(&bytes, &quiet);
    assert!(quiet.passed() && quiet.violations.is_empty(), "{quiet}");
}
