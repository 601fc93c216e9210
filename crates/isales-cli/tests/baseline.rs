//! `validate --write-baseline` and `validate --baseline`, end to end through the binary: a
//! baseline written and read back passes, survives reformatted captures, fails on a new
//! violation (the extra occurrence of a counted one too), lists fixed ones, shows known ones
//! in every format that has a place for them, and refuses a file it cannot use.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod support;
use support::run_in;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// A directory holding `captures/` with the bundled examples (every input kind, passing and
/// failing payloads, warnings).
fn captures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("captures")).expect("mkdir");
    for name in [
        "valid.json",
        "invalid.json",
        "capture.ndjson",
        "capture.har",
    ] {
        std::fs::copy(
            examples().join(name),
            dir.path().join("captures").join(name),
        )
        .expect("copy");
    }
    dir
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}:\n{text}"))
}

/// Every violation's `baseline` member, in report order.
fn marks(report: &Value) -> Vec<String> {
    report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .flat_map(|payload| payload["violations"].as_array().expect("violations").iter())
        .map(|violation| {
            violation["baseline"]
                .as_str()
                .unwrap_or("absent")
                .to_owned()
        })
        .collect()
}

/// Writes `known.json` from `captures/`; its text.
fn write_baseline(dir: &Path) -> String {
    let written = run_in(
        dir,
        &[
            "validate",
            "captures",
            "--no-config",
            "--write-baseline",
            "known.json",
        ],
    );
    assert_eq!(
        written.code, 0,
        "writing accepts the run:\n{}",
        written.stderr
    );
    assert!(
        written.stderr.contains("to the baseline known.json"),
        "{}",
        written.stderr
    );
    std::fs::read_to_string(dir.join("known.json")).expect("the baseline is written")
}

#[test]
fn a_written_baseline_passes_the_same_captures_and_shows_them_known() {
    let dir = captures();
    let without = run_in(dir.path(), &["validate", "captures", "--no-config"]);
    assert_eq!(without.code, 1, "the examples fail without a baseline");

    let text = write_baseline(dir.path());
    insta::assert_snapshot!("baseline-file", text);
    let baseline = json(&text);
    let entries = baseline["violations"].as_array().expect("violations");
    let keys: Vec<(String, String, String)> = entries
        .iter()
        .map(|entry| {
            let text = |name: &str| entry[name].as_str().unwrap_or_default().to_owned();
            (text("file"), text("pointer"), text("rule"))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "entries are sorted for stable diffs");
    assert!(
        keys.iter()
            .all(|(file, _, _)| file.starts_with("captures/")),
        "files are relative to the working directory: {keys:?}"
    );

    let human = run_in(
        dir.path(),
        &[
            "validate",
            "captures",
            "--no-config",
            "--baseline",
            "known.json",
        ],
    );
    assert_eq!(human.code, 0, "{}", human.stdout);
    insta::assert_snapshot!("baseline-human", human.stdout);
    assert!(human.stdout.contains("= note: known: in the baseline"));
    assert!(
        human.stdout.contains(", 0 new, 0 fixed"),
        "{}",
        human.stdout
    );

    let report = run_in(
        dir.path(),
        &[
            "validate",
            "captures",
            "--no-config",
            "--baseline",
            "known.json",
            "-f",
            "json",
        ],
    );
    assert_eq!(report.code, 0);
    let report = json(&report.stdout);
    let marks = marks(&report);
    let total: u64 = entries
        .iter()
        .map(|entry| entry["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(
        marks.len() as u64,
        total,
        "every finding is in the baseline once"
    );
    assert!(marks.iter().all(|mark| mark == "known"), "{marks:?}");
    assert_eq!(report["baseline"]["known"], total);
    assert_eq!(report["baseline"]["new"], 0);
    assert_eq!(report["baseline"]["fixed"], serde_json::json!([]));
    assert_eq!(report["summary"]["invalid"], 0);
    assert_eq!(
        report["summary"]["warnings"], 0,
        "known warnings are not counted"
    );

    // Code scanning learns the same through SARIF's own member.
    let sarif = run_in(
        dir.path(),
        &[
            "validate",
            "captures",
            "--no-config",
            "--baseline",
            "known.json",
            "-f",
            "sarif",
        ],
    );
    assert_eq!(sarif.code, 0);
    let sarif = json(&sarif.stdout);
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| result["baselineState"].as_str().unwrap_or("absent"))
        .collect();
    assert_eq!(states.len() as u64, total);
    assert!(
        states.iter().all(|state| *state == "unchanged"),
        "{states:?}"
    );
    // GitHub shows known findings as notices, not as errors of the change.
    let github = run_in(
        dir.path(),
        &[
            "validate",
            "captures",
            "--no-config",
            "--baseline",
            "known.json",
            "-f",
            "github",
        ],
    );
    assert_eq!(github.code, 0);
    assert!(!github.stdout.contains("::error"), "{}", github.stdout);
    assert!(github.stdout.contains("::notice"), "{}", github.stdout);
    assert!(
        github.stderr.contains(", 0 new, 0 fixed"),
        "a format without a place for it says it on stderr: {}",
        github.stderr
    );
}

/// `text` as JSON re-indented with four spaces (keys sorted), or on one line.
fn reformat(text: &str, pretty: bool) -> String {
    let value: Value = serde_json::from_str(text).expect("JSON");
    if pretty {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        serde::Serialize::serialize(&value, &mut serializer).expect("serialize");
        String::from_utf8(out).expect("UTF-8")
    } else {
        value.to_string()
    }
}

/// Every violation's line, in report order.
fn lines(report: &Value) -> Vec<u64> {
    report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .flat_map(|payload| payload["violations"].as_array().expect("violations").iter())
        .filter_map(|violation| violation["position"]["line"].as_u64())
        .collect()
}

#[test]
fn reformatted_captures_keep_their_keys() {
    let dir = captures();
    write_baseline(dir.path());
    let args = [
        "validate",
        "./captures/",
        "--no-config",
        "--baseline",
        "known.json",
        "-f",
        "json",
    ];
    let before = json(&run_in(dir.path(), &args).stdout);
    let captures = dir.path().join("captures");
    let invalid = std::fs::read_to_string(captures.join("invalid.json")).expect("read");
    let one_line = reformat(&invalid, false);
    assert_eq!(one_line.lines().count(), 1);
    std::fs::write(captures.join("invalid.json"), one_line).expect("write");
    let har = std::fs::read_to_string(captures.join("capture.har")).expect("read");
    std::fs::write(captures.join("capture.har"), reformat(&har, true)).expect("write");

    let output = run_in(dir.path(), &args);
    assert_eq!(output.code, 0, "{}\n{}", output.stdout, output.stderr);
    let after = json(&output.stdout);
    assert_eq!(after["baseline"]["new"], 0, "{after}");
    assert_eq!(after["baseline"]["fixed"], serde_json::json!([]));
    assert_eq!(after["baseline"]["known"], before["baseline"]["known"]);
    assert_ne!(lines(&before), lines(&after), "the violations really moved");
}

#[test]
fn a_new_violation_fails_and_a_fixed_one_is_listed() {
    let dir = captures();
    write_baseline(dir.path());
    let captures = dir.path().join("captures");
    // Fixed: the invalid example now holds the valid one. New: the valid one loses its
    // mandatory resultCode.
    let valid = std::fs::read_to_string(captures.join("valid.json")).expect("read");
    std::fs::write(captures.join("invalid.json"), &valid).expect("write");
    let mut broken: Value = serde_json::from_str(&valid).expect("JSON");
    broken
        .as_object_mut()
        .expect("an object")
        .remove("resultCode");
    std::fs::write(captures.join("valid.json"), broken.to_string()).expect("write");

    let output = run_in(
        dir.path(),
        &[
            "validate",
            "captures",
            "--no-config",
            "--baseline",
            "known.json",
            "-f",
            "json",
        ],
    );
    assert_eq!(output.code, 1, "the new violation fails the run");
    let report = json(&output.stdout);
    let new: Vec<(String, String)> = report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .flat_map(|payload| {
            let source = payload["source"].as_str().unwrap_or_default().to_owned();
            payload["violations"]
                .as_array()
                .expect("violations")
                .iter()
                .filter(|violation| violation["baseline"] == "new")
                .map(move |violation| {
                    (
                        source.clone(),
                        violation["rule"].as_str().unwrap_or_default().to_owned(),
                    )
                })
        })
        .collect();
    assert!(!new.is_empty());
    assert!(
        new.iter()
            .all(|(source, _)| source == "captures/valid.json"),
        "only the broken payload is new: {new:?}"
    );
    let fixed = report["baseline"]["fixed"].as_array().expect("fixed");
    assert!(!fixed.is_empty());
    assert!(
        fixed
            .iter()
            .all(|entry| entry["file"] == "captures/invalid.json"),
        "{fixed:?}"
    );
    assert_eq!(report["summary"]["invalid"], 1);

    let human = run_in(
        dir.path(),
        &[
            "validate",
            "captures",
            "--no-config",
            "--baseline",
            "known.json",
        ],
    );
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .contains("fixed since the baseline was written")
            && human
                .stdout
                .contains("  captures/invalid.json at /returnObject"),
        "{}",
        human.stdout
    );
}

#[test]
fn each_occurrence_of_a_key_is_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line = "{\"resultCode\": 7, \"returnCode\": \"0200007\"}\n";
    std::fs::write(dir.path().join("log.ndjson"), line).expect("write");
    let written = run_in(
        dir.path(),
        &[
            "validate",
            "log.ndjson",
            "--no-config",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(written.code, 0, "{}", written.stderr);
    let baseline = json(&std::fs::read_to_string(dir.path().join("b.json")).expect("read"));
    assert!(
        baseline["violations"]
            .as_array()
            .expect("violations")
            .iter()
            .all(|entry| entry["count"] == 1),
        "{baseline}"
    );

    // The same problem on a second line: the first is known, the second is new.
    std::fs::write(dir.path().join("log.ndjson"), line.repeat(2)).expect("write");
    let output = run_in(
        dir.path(),
        &[
            "validate",
            "log.ndjson",
            "--no-config",
            "--baseline",
            "b.json",
            "-f",
            "json",
        ],
    );
    assert_eq!(output.code, 1);
    let report = json(&output.stdout);
    let verdicts: Vec<&str> = report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .map(|payload| payload["verdict"].as_str().expect("verdict"))
        .collect();
    assert_eq!(verdicts, ["pass", "fail"]);

    // Written again, the baseline counts both, and both lines pass.
    let rewritten = run_in(
        dir.path(),
        &[
            "validate",
            "log.ndjson",
            "--no-config",
            "--baseline",
            "b.json",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(rewritten.code, 0, "{}", rewritten.stderr);
    let baseline = json(&std::fs::read_to_string(dir.path().join("b.json")).expect("read"));
    assert!(
        baseline["violations"]
            .as_array()
            .expect("violations")
            .iter()
            .all(|entry| entry["count"] == 2),
        "{baseline}"
    );
    let again = run_in(
        dir.path(),
        &[
            "validate",
            "log.ndjson",
            "--no-config",
            "--baseline",
            "b.json",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stdout);
}

#[test]
fn a_baseline_that_cannot_be_used_exits_2_before_checking() {
    let dir = captures();
    let missing = run_in(
        dir.path(),
        &["validate", "captures", "--baseline", "nope.json"],
    );
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error: cannot read the baseline nope.json: no such file or directory\n"
    );
    assert_eq!(missing.stdout, "", "nothing is checked");

    for (text, fragment) in [
        (
            "{\"version\": 2, \"violations\": []}",
            "version 2 is not one this isales-contract reads (version 1)",
        ),
        ("{\"violations\": []}", "no `version` member"),
        ("not json", "not JSON"),
        (
            "{\"version\": 1, \"violations\": [{\"file\": 3}]}",
            "not a baseline of version 1",
        ),
    ] {
        std::fs::write(dir.path().join("bad.json"), text).expect("write");
        let bad = run_in(
            dir.path(),
            &["validate", "captures", "--baseline", "bad.json"],
        );
        assert_eq!(bad.code, 2, "{text}");
        assert!(
            bad.stderr
                .starts_with("error: the baseline bad.json cannot be used: ")
                && bad.stderr.contains(fragment),
            "{text}: {}",
            bad.stderr
        );
    }

    // A run that could not check everything writes no baseline: it would forget violations.
    let partial = run_in(
        dir.path(),
        &[
            "validate",
            "captures",
            "missing.json",
            "--write-baseline",
            "partial.json",
        ],
    );
    assert_eq!(partial.code, 2);
    assert!(!dir.path().join("partial.json").exists());
    assert!(
        partial.stderr.contains("the baseline was not written"),
        "{}",
        partial.stderr
    );
}
