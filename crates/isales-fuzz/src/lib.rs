//! The bodies of the fuzz targets, and the invariants they hold the validator to.
//!
//! `fuzz/fuzz_targets/*.rs` (cargo-fuzz, libFuzzer) call these functions with generated inputs;
//! `tests/seeds.rs` calls them with every seed and every past crash on stable Rust, so CI runs
//! each target over its corpus without a fuzzer. A broken invariant panics, which is what
//! libFuzzer records as a crash.
//!
//! The invariants, for any input:
//! - validation returns (no panic, no hang: nesting is bounded);
//! - every violation of a raw payload has a position inside the payload;
//! - the fast path never calls clean what the full path does not: `is_clean_fast` implies no
//!   violation on the full path, and `validate` equals the full path whenever the fast path
//!   does not answer;
//! - the command (NDJSON and HAR readers) always writes a JSON report that accounts for every
//!   line or entry, exits with a documented code, and never prints an Authorization value;
//! - the configuration file either loads, and then reads back from its own TOML as the same
//!   configuration, or is refused with a message for each problem, placed inside the text.
//! - the located parser reads what serde_json reads, alike, and its spans stay inside the
//!   text they index; the documents strings embed, read where they stand, are the ones their
//!   decoded texts give, parsed on their own, with every position mapped back through the
//!   escapes (the `json` target, [`json`], and the `embedded` target, one and two literals
//!   deep).
#![deny(missing_docs)]

mod json;

use isales_cli::{Env, Exit};
use isales_contract::{Config, Level, Report, RuleId, Validator};
use serde_json::Value;

/// The configurations every target runs under: default levels, strict, and a few rules allowed.
fn validators() -> [Validator; 3] {
    [
        Validator::default(),
        Validator::new(Config::new().with_strict(true)),
        Validator::new(
            Config::new()
                .with_rule_level(RuleId::InsecureCallbackUrl, Level::Allow)
                .with_rule_level(RuleId::DatetimeLenient, Level::Allow)
                .with_rule_level(RuleId::UndocumentedField, Level::Deny),
        ),
    ]
}

/// Checks the invariants of one report of `payload`.
fn check_report(payload: &[u8], report: &Report) {
    for violation in &report.violations {
        let position = violation
            .position()
            .unwrap_or_else(|| panic!("violation without a position: {violation}"));
        assert!(
            position.offset <= payload.len(),
            "position {position:?} beyond the payload ({} bytes): {violation}",
            payload.len()
        );
        assert!(position.line >= 1 && position.column >= 1, "{violation}");
    }
}

/// Target `validate`: any bytes as a payload.
pub fn validate(payload: &[u8]) {
    for validator in validators() {
        let full = validator.validate_full(payload);
        check_report(payload, &full);
        if validator.is_clean_fast(payload) {
            assert!(
                full.violations.is_empty(),
                "the fast path called clean a payload the full path reports:\n{full}"
            );
        }
        let report = validator.validate(payload);
        assert_eq!(report, full, "validate and the full path disagree");
    }
}

/// A clean payload whose `turns`, `resultRetry` and `policyJson` strings are replaced.
const TEMPLATE: &str = r#"{"resultCode":"0200000","returnCode":"0200000","returnObject":{"name":"n","status":2,"strBeginTime":"2026-03-01 08:00:00","strEndTime":"2026-03-31 20:00:00","deviceType":3,"ivrParam":{"deviceSign":"1"},"retryPolicy":{"policyType":0,"resultRetry":@,"policyJson":@},"callPolicy":{"callType":1,"chooseType":0,"turns":@}}}"#;

/// Target `embedded`: any text as the content of the embedded JSON documents of a payload
/// that is otherwise clean: validated, and read in place one and two string literals deep
/// against the decoded reading (the `json` target's checks).
pub fn embedded(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(quoted) = serde_json_string(&text) else {
        return;
    };
    let payload = TEMPLATE.replace('@', &quoted);
    validate(payload.as_bytes());
    // Read where they stand, one and two string literals deep, the documents are the ones
    // their decoded texts give: the `json` target's checks, on the payload and on one that
    // holds the text inside a document inside a string.
    json::check(payload.as_bytes());
    if let Ok(twice) = serde_json_string(&format!(r#"[{{"type": 0, "policy": {quoted}}}]"#)) {
        json::check(TEMPLATE.replace('@', &twice).as_bytes());
    }
    // The same document as a real array (when it is one) takes the other branch of the
    // embedded-document checks.
    if text.trim_start().starts_with('[') {
        validate(TEMPLATE.replace('@', &text).as_bytes());
    }
}

/// Quotes text as a JSON string.
fn serde_json_string(text: &str) -> Result<String, std::fmt::Error> {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ch if u32::from(ch) < 0x20 => write!(out, "\\u{:04x}", u32::from(ch))?,
            ch => out.push(ch),
        }
    }
    out.push('"');
    Ok(out)
}

/// Runs `isales-contract validate --input FORMAT --format json -` over `data` and returns the
/// exit and the parsed report.
fn run_command(format: &str, data: &[u8]) -> (Exit, Value, String) {
    let (exit, out, err) =
        isales_cli::validate_stdin(&["--input", format, "--format", "json"], data);
    let report: Value = serde_json::from_slice(&out).unwrap_or_else(|error| {
        panic!(
            "the JSON report does not parse ({error}): {}",
            String::from_utf8_lossy(&out)
        )
    });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&err)
    );
    (exit, report, text)
}

/// The payload records of a JSON report.
fn records(report: &Value) -> &[Value] {
    report["payloads"].as_array().map_or(&[], Vec::as_slice)
}

/// Checks the exit code against the report's verdicts.
fn check_exit(exit: Exit, report: &Value) {
    let verdicts: Vec<&str> = records(report)
        .iter()
        .filter_map(|record| record["verdict"].as_str())
        .collect();
    let unchecked = report["summary"]["unchecked"].as_u64().unwrap_or(0);
    let checked = verdicts
        .iter()
        .filter(|verdict| matches!(**verdict, "pass" | "fail"))
        .count();
    // A run that checked no payload is a problem of its own: the report says why.
    let nothing_checked = checked == 0;
    assert_eq!(
        nothing_checked,
        report["summary"]["nothing_checked"].is_string(),
        "the report says why nothing was checked, exactly when nothing was"
    );
    let expected = if unchecked > 0
        || nothing_checked
        || verdicts
            .iter()
            .any(|verdict| !matches!(*verdict, "pass" | "fail" | "skipped"))
    {
        Exit::Trouble
    } else if verdicts.contains(&"fail") {
        Exit::Invalid
    } else {
        Exit::Success
    };
    assert_eq!(
        exit, expected,
        "exit code against verdicts {verdicts:?}, unchecked {unchecked}"
    );
}

/// Target `ndjson`: any bytes as an NDJSON capture; every line that is not blank gets exactly
/// one record, and the blank ones are counted as skipped.
pub fn ndjson(data: &[u8]) {
    let (exit, report, _) = run_command("ndjson", data);
    check_exit(exit, &report);
    let mut lines: Vec<&[u8]> = data.split(|byte| *byte == b'\n').collect();
    if data.is_empty() || data.ends_with(b"\n") {
        lines.pop();
    }
    let numbers: Vec<u64> = records(&report)
        .iter()
        .filter_map(|record| record["line"].as_u64())
        .collect();
    let blank = |line: &&[u8]| line.iter().all(u8::is_ascii_whitespace);
    let expected: Vec<u64> = (1..=lines.len() as u64)
        .zip(&lines)
        .filter(|(_, line)| !blank(line))
        .map(|(number, _)| number)
        .collect();
    assert_eq!(
        numbers, expected,
        "every line that is not blank accounted for, once, in order"
    );
    let blanks = lines.iter().filter(|line| blank(line)).count() as u64;
    assert!(
        report["summary"]["skipped"].as_u64().unwrap_or(0) >= blanks,
        "blank lines counted as skipped: {}",
        report["summary"]
    );
}

/// Target `har`: any bytes as a HAR capture; no Authorization value is ever printed, and every
/// entry of a well-formed log gets a record (checked or skipped with a reason).
pub fn har(data: &[u8]) {
    let (exit, report, text) = run_command("har", data);
    check_exit(exit, &report);
    let Ok(document) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Some(entries) = document["log"]["entries"].as_array() else {
        return;
    };
    for entry in entries {
        let Some(headers) = entry["request"]["headers"].as_array() else {
            continue;
        };
        for header in headers {
            let is_secret = header["name"]
                .as_str()
                .is_some_and(|name| name.eq_ignore_ascii_case("authorization"));
            if let (true, Some(value)) = (is_secret, header["value"].as_str())
                && value.trim().len() >= 8
            {
                assert!(
                    !text.contains(value.trim()),
                    "an Authorization value was printed"
                );
            }
        }
    }
    if report["summary"]["unchecked"].as_u64() == Some(0) {
        let mut numbers: Vec<u64> = records(&report)
            .iter()
            .filter_map(|record| record["entry"].as_u64())
            .collect();
        numbers.dedup();
        let expected: Vec<u64> = (0..entries.len() as u64).collect();
        assert_eq!(
            numbers, expected,
            "every entry accounted for, once, in order"
        );
    }
}

/// Target `json`: any bytes through the located parser (`isales-json`) alone.
///
/// The invariants, for any input:
/// - the parser returns (no panic), and a syntax error is located inside the input, on a
///   character boundary;
/// - when serde_json reads the input (it reads one level of nesting less than
///   `isales_json::MAX_DEPTH`), we read it too and give the same value: objects' members in
///   order with duplicates kept (compared with serde_json's parser through a visitor that
///   keeps them; `serde_json::Value` keeps the last), strings decoded alike, each number's
///   text read as serde_json reads it (integers exactly, floats to the bit as serde_json
///   reads the text alone);
/// - when we read it, serde_json does too, unless it nests deeper than serde_json reads or
///   holds a number beyond `f64` (we keep numbers as written; serde_json refuses those);
/// - every span of the tree lies within the input, on character boundaries, inside its
///   parent and after its elder sibling, and covers exactly its token;
/// - for every string, the document it holds, read where it stands (strictly, then with
///   single quotes), is the one its decoded text gives when parsed on its own
///   (`parse_embedded`): the same tree or the same error, every span and error offset the
///   copy's mapped back through the escapes (`Origin`), inside the string's quotes, on a
///   character boundary; documents inside those strings are followed the same way, a few
///   levels deep;
/// - positions found in one pass (`line_columns`) are those found one at a time.
pub fn json(data: &[u8]) {
    json::check(data);
}

/// Target `config`: any text as `isales-contract.toml`. A refused text says why, at a place
/// inside the text; an accepted one is the configuration its own TOML reads back as.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::from_toml_str(text) {
        Ok(config) => {
            let written = toml::to_string(&config)
                .unwrap_or_else(|error| panic!("{config:?} does not serialize: {error}"));
            assert_eq!(
                Config::from_toml_str(&written).as_ref(),
                Ok(&config),
                "{written}"
            );
        }
        Err(error) => {
            assert!(
                !error.problems().is_empty(),
                "a refused configuration says why"
            );
            for problem in error.problems() {
                assert!(!problem.to_string().is_empty());
                if let Some(span) = problem.span() {
                    assert!(span.start <= text.len(), "{problem}: {span:?}");
                }
            }
        }
    }
}

/// A directory of this process for the files the `human` target names.
fn scratch() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("isales-fuzz-human-{}", std::process::id()));
        for side in ["hostile", "benign"] {
            std::fs::create_dir_all(dir.join(side))
                .unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
        }
        dir
    })
}

/// Runs `validate --no-config --input json FORMAT.. -- PATH` and returns what it printed.
fn printed(format: &[&str], path: &std::path::Path) -> String {
    let path = path.display().to_string();
    let mut env = Env::plain(scratch().to_path_buf());
    env.stdin = None;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    // The name decides nothing about the content: both files are read as one JSON document.
    let mut args = vec![
        "isales-contract",
        "validate",
        "--no-config",
        "--input",
        "json",
    ];
    args.extend_from_slice(format);
    // A name may start with `-`: after `--` it is a path whatever it looks like.
    args.extend(["--", path.as_str()]);
    let _exit = isales_cli::run(args, env, &mut out, &mut err);
    format!(
        "{}{}",
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&err)
    )
}

/// Characters a terminal acts on: controls other than newline and tab, direction marks.
fn acts_on(ch: char) -> bool {
    (ch.is_control() && ch != '\n' && ch != '\t')
        || matches!(ch, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Target `human`: a hostile file name and a payload, through the human format (masked and
/// not) and the GitHub format. The first byte is the name's length in bytes, the name follows
/// (a file system takes any bytes but `/` and NUL, so those become `_`; names with glob
/// characters are left out, being patterns on the command line), the payload is the rest.
///
/// The invariants, comparing the output with that of the same payload under a plain name: the
/// command returns (no panic); the output has as many lines (a newline in a name never starts
/// a line of its own, a forged `::error` workflow command say); a name holding characters a
/// terminal acts on never brings them into the human format; and under `--mask` the campaign's
/// `callerNo` string (when it is distinctive: eight or more characters, found nowhere else in
/// the payload) is never quoted.
pub fn human(data: &[u8]) {
    let Some((&length, rest)) = data.split_first() else {
        return;
    };
    let (name, payload) = rest.split_at(usize::from(length).min(rest.len()));
    let name: String = String::from_utf8_lossy(name)
        .chars()
        .map(|ch| if matches!(ch, '/' | '\0') { '_' } else { ch })
        .collect();
    if name.is_empty()
        || name == "."
        || name == ".."
        || name.len() > 200
        || name.contains(['*', '?', '[', ']', '{', '}'])
    {
        return;
    }
    let hostile = scratch().join("hostile").join(&name);
    let benign = scratch().join("benign").join("capture.json");
    if std::fs::write(&hostile, payload).is_err() || std::fs::write(&benign, payload).is_err() {
        return;
    }
    // The human format quotes the payload's own line, which may hold such characters itself.
    let name_acts =
        name.chars().any(acts_on) && !String::from_utf8_lossy(payload).chars().any(acts_on);
    // Masking follows the spec's personal marks: the check needs a value that stands only as
    // the campaign's callerNo (the same text in an undocumented member is not personal data
    // to the spec, and is quoted).
    let caller_no = serde_json::from_slice::<Value>(payload)
        .ok()
        .and_then(|value| {
            let text = value["returnObject"]["callerNo"].as_str()?.to_owned();
            let once = String::from_utf8_lossy(payload)
                .matches(text.as_str())
                .count()
                == 1;
            (text.chars().count() >= 8 && text.trim() == text && once).then_some(text)
        });
    for format in [
        &["--format", "human"][..],
        &["--format", "human", "--mask"],
        &["--format", "github"],
    ] {
        let shown = printed(format, &hostile);
        let plain = printed(format, &benign);
        assert_eq!(
            shown.lines().count(),
            plain.lines().count(),
            "the name {name:?} changed the output's lines:\n{shown}\n--- under a plain name:\n{plain}"
        );
        if name_acts && format[1] != "github" {
            assert!(
                !shown.chars().any(acts_on),
                "the name {name:?} reached the output unescaped:\n{shown}"
            );
        }
        if format.contains(&"--mask")
            && let Some(caller_no) = &caller_no
        {
            assert!(
                !shown.contains(caller_no.as_str()),
                "--mask printed callerNo {caller_no:?}:\n{shown}"
            );
        }
    }
    let _ = std::fs::remove_file(&hostile);
}
