//! The report formats in a pipeline: failures shown at the level that failed them, SARIF that
//! code scanning can track (fingerprints, URIs), JUnit with times and a bounded memory, NDJSON
//! records as a stream, GitHub annotations past the display limit and the step summary, and
//! the JSON report's order.

use std::io::{BufRead as _, Write as _};
use std::path::Path;
use std::time::Duration;

use isales_cli::Exit;
use serde_json::Value;

mod support;
use support::{command, root, run, run_in};

/// Snapshot settings that hide what changes from run to run: JUnit's times and the working
/// directory SARIF names as `%SRCROOT%`.
fn stable() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r#"time="[0-9.]+""#, r#"time="[TIME]""#);
    settings.add_filter(r#""file://[^"]*/""#, r#""file://[CWD]/""#);
    settings
}

/// Every result of a SARIF document.
fn sarif_results(text: &str) -> Vec<Value> {
    let sarif: Value = serde_json::from_str(text).expect("SARIF is JSON");
    sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .clone()
}

/// The official SARIF 2.1.0 schema, with its two broken `language` patterns mended in memory
/// (see `cli.rs`).
fn sarif_schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(path).expect("schema file").replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, text: &str) {
    let sarif: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The capture's lines 2 and 4 have warnings only once its errors are allowed.
const WARNINGS_ONLY: [&str; 5] = [
    "examples/capture.ndjson",
    "-A",
    "ivr-param-required",
    "-A",
    "malformed-json",
];

const FORMATS: [&str; 6] = ["human", "json", "ndjson", "junit", "sarif", "github"];

#[test]
fn strict_failures_are_errors_in_every_format() {
    for format in FORMATS {
        let mut args = vec!["validate", "--no-config", "--format", format];
        args.extend(WARNINGS_ONLY);
        let lax = run(&args);
        assert_eq!(lax.code, 0, "{format}: warnings pass");
        args.push("--strict");
        let strict = run(&args);
        assert_eq!(strict.code, 1, "{format}: warnings fail under --strict");
        let counts = "5 payloads checked in 1 input: 3 valid, 2 invalid, 0 warnings; 1 skipped\n";
        if format != "human" {
            assert!(
                strict.stderr.ends_with(counts),
                "{format}: {}",
                strict.stderr
            );
        }
        stable().bind(|| insta::assert_snapshot!(format!("strict-{format}"), strict.stdout));
        let out = &strict.stdout;
        match format {
            "human" => {
                assert!(out.contains("error[insecure-callback-url]"), "{out}");
                assert!(out.contains("error[caller-no-format]"), "{out}");
                assert!(!out.contains("warning["), "{out}");
                assert!(
                    out.ends_with(
                        "5 payloads checked in 1 input: 3 valid, 2 invalid, 0 warnings; 1 skipped\n"
                    ),
                    "{out}"
                );
                assert!(lax.stdout.contains("warning[insecure-callback-url]"));
            }
            "json" | "ndjson" => {
                assert!(out.contains(r#""verdict":"fail""#), "{out}");
                assert!(!out.contains(r#""level":"warning""#), "{out}");
                assert!(out.contains(r#""rule":"insecure-callback-url","level":"error""#));
                assert!(lax.stdout.contains(r#""level":"warning""#));
            }
            "junit" => {
                assert!(
                    out.contains(
                        r#"failure message="1 violation(s), 1 error(s); first error: [insecure-callback-url]"#
                    ),
                    "{out}"
                );
                assert!(out.contains("error[caller-no-format] at /returnObject/callerNo"));
                assert!(!out.contains("0 error(s)"), "{out}");
            }
            "sarif" => {
                let levels: Vec<Value> = sarif_results(out)
                    .iter()
                    .map(|result| result["level"].clone())
                    .collect();
                assert_eq!(levels, ["error", "error"], "{out}");
                let lax_levels: Vec<Value> = sarif_results(&lax.stdout)
                    .iter()
                    .map(|result| result["level"].clone())
                    .collect();
                assert_eq!(lax_levels, ["warning", "warning"]);
            }
            "github" => {
                assert_eq!(out.matches("::error file=").count(), 2, "{out}");
                assert!(!out.contains("::warning"), "{out}");
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn denied_rules_are_errors_in_every_format() {
    for format in FORMATS {
        let mut args = vec!["validate", "--no-config", "--format", format];
        args.extend(WARNINGS_ONLY);
        args.extend(["--deny", "insecure-callback-url"]);
        let denied = run(&args);
        assert_eq!(denied.code, 1, "{format}: a denied rule fails");
        let out = &denied.stdout;
        match format {
            "human" => {
                assert!(out.contains("error[insecure-callback-url]"), "{out}");
                assert!(out.contains("warning[caller-no-format]"), "{out}");
            }
            "json" | "ndjson" => {
                assert!(out.contains(r#""rule":"insecure-callback-url","level":"error""#));
                assert!(out.contains(r#""rule":"caller-no-format","level":"warning""#));
            }
            "junit" => assert!(
                out.contains("1 error(s); first error: [insecure-callback-url]"),
                "{out}"
            ),
            "sarif" => {
                let levels: Vec<(Value, Value)> = sarif_results(out)
                    .iter()
                    .map(|result| (result["ruleId"].clone(), result["level"].clone()))
                    .collect();
                let expected = [
                    ("caller-no-format", "warning"),
                    ("insecure-callback-url", "error"),
                ]
                .map(|(rule, level)| (Value::from(rule), Value::from(level)));
                assert_eq!(levels, expected);
            }
            "github" => {
                assert!(
                    out.contains("::error file=examples/capture.ndjson,line=4,"),
                    "{out}"
                );
                assert!(out.contains("::warning file=examples/capture.ndjson,line=2,"));
            }
            _ => unreachable!(),
        }
    }
}

/// `(ruleId, uri, fingerprint)` of every result.
fn fingerprints(text: &str) -> Vec<(String, String, String)> {
    sarif_results(text)
        .iter()
        .map(|result| {
            let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
            (
                result["ruleId"].as_str().expect("ruleId").to_owned(),
                location["uri"].as_str().expect("uri").to_owned(),
                result["partialFingerprints"]["isalesContract/v1"]
                    .as_str()
                    .expect("a fingerprint")
                    .to_owned(),
            )
        })
        .collect()
}

/// A capture directory: an NDJSON file whose three lines break the same rule at the same
/// pointer, and a JSON file in a subdirectory.
fn capture(dir: &Path) {
    let line = r#"{"resultCode": "0200000", "resultDesc": "", "returnCode": "0200000", "returnDesc": "", "returnObject": {"name": "n", "status": 7}}"#;
    std::fs::create_dir_all(dir.join("sub")).expect("dirs");
    std::fs::write(
        dir.join("traffic.ndjson"),
        format!("{line}\n{line}\n{line}\n"),
    )
    .expect("write");
    std::fs::write(dir.join("sub/one.json"), line).expect("write");
}

#[test]
fn sarif_fingerprints_survive_a_second_run_and_a_move() {
    let temp = tempfile::tempdir().expect("temp dir");
    let first = temp.path().join("a/capture");
    capture(&first);
    let sarif = |dir: &Path, paths: &[&str]| {
        let mut args = vec!["validate", "--no-config", "--format", "sarif"];
        args.extend(paths);
        let output = run_in(dir, &args);
        assert_eq!(output.code, 1, "{}", output.stderr);
        output.stdout
    };
    let before = fingerprints(&sarif(&first, &["."]));
    assert!(before.len() >= 8, "{before:?}");
    let unique: std::collections::BTreeSet<&String> =
        before.iter().map(|(_, _, print)| print).collect();
    assert_eq!(
        unique.len(),
        before.len(),
        "every result has a fingerprint of its own"
    );
    assert!(
        before
            .iter()
            .any(|(_, uri, print)| uri == "traffic.ndjson" && print.ends_with(":3")),
        "the third line's result is the third occurrence: {before:?}"
    );
    assert!(before.iter().all(|(_, _, print)| print.len() > 17));

    assert_eq!(fingerprints(&sarif(&first, &["."])), before, "a second run");
    let absolute = first.display().to_string();
    assert_eq!(
        fingerprints(&sarif(&first, &[absolute.as_str()])),
        before,
        "an absolute path under the working directory"
    );

    let moved = temp.path().join("elsewhere/deeper/capture");
    std::fs::create_dir_all(moved.parent().expect("parent")).expect("dirs");
    std::fs::rename(&first, &moved).expect("move");
    assert_eq!(fingerprints(&sarif(&moved, &["."])), before, "after a move");
    assert_eq!(
        fingerprints(&sarif(&moved, &["traffic.ndjson", "sub"])),
        before,
        "the same files named otherwise"
    );

    // From the parent, the path relative to the run's base changes, and so do they.
    let parent = fingerprints(&sarif(moved.parent().expect("parent"), &["capture"]));
    assert_eq!(parent.len(), before.len());
    assert!(parent.iter().zip(&before).all(|(a, b)| a.2 != b.2));
}

#[cfg(unix)]
#[test]
fn sarif_uris_never_gain_a_scheme_and_standard_input_names_no_file() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path();
    std::fs::create_dir(dir.join("a:b")).expect("dir");
    std::fs::write(dir.join("a:b/x y.json"), r#"{"resultCode": 7}"#).expect("write");
    let validator = sarif_schema();

    let named = run_in(dir, &["validate", "--format", "sarif", "a:b"]);
    assert_eq!(named.code, 1);
    assert_valid_sarif(&validator, &named.stdout);
    let result = &sarif_results(&named.stdout)[0];
    let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "a%3Ab/x%20y.json");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    let sarif: Value = serde_json::from_str(&named.stdout).expect("JSON");
    let bases = &sarif["runs"][0]["originalUriBaseIds"];
    let srcroot = bases["%SRCROOT%"]["uri"].as_str().expect("a base URI");
    assert!(
        srcroot.starts_with("file:///") && srcroot.ends_with('/'),
        "{srcroot}"
    );
    assert!(bases["STDIN"]["uri"].is_null() && bases["STDIN"]["description"]["text"].is_string());
    // Code scanning shows the message alone: it says where.
    for result in sarif_results(&named.stdout) {
        let message = result["message"]["text"].as_str().expect("message");
        let pointer = result["properties"]["pointer"].as_str().expect("pointer");
        assert!(message.contains(&format!("(at {pointer}")), "{message}");
    }

    let stdin = command(dir)
        .args(["validate", "--format", "sarif", "-"])
        .write_stdin(r#"{"resultCode": 7}"#)
        .output()
        .expect("runs");
    let text = String::from_utf8(stdin.stdout).expect("UTF-8");
    assert_valid_sarif(&validator, &text);
    let results = sarif_results(&text);
    let artifact = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "stdin");
    assert_eq!(artifact["uriBaseId"], "STDIN");
    assert!(!text.contains("%3Cstdin%3E"), "{text}");
}

#[test]
fn sarif_of_the_whole_corpus_follows_the_schema() {
    let validator = sarif_schema();
    let output = run(&[
        "validate",
        "--no-config",
        "--format",
        "sarif",
        "tests/corpus",
    ]);
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert_valid_sarif(&validator, &output.stdout);
    let results = sarif_results(&output.stdout);
    assert!(results.len() > 100, "{} results", results.len());
    let prints: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|result| {
            result["partialFingerprints"]["isalesContract/v1"]
                .as_str()
                .expect("a fingerprint")
        })
        .collect();
    assert_eq!(prints.len(), results.len(), "fingerprints are unique");
}

/// The `time` attributes of every `tag` element, in order.
fn times(xml: &str, tag: &[u8]) -> Vec<f64> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(element) | quick_xml::events::Event::Empty(element)
                if element.name().as_ref() == tag =>
            {
                let time = element
                    .try_get_attribute("time")
                    .expect("attributes")
                    .expect("a time attribute");
                let text = String::from_utf8(time.value.to_vec()).expect("UTF-8");
                found.push(text.parse::<f64>().expect("seconds"));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    found
}

#[test]
fn junit_times_every_case_and_sums_them_per_suite() {
    let output = run(&["validate", "--format", "junit", "examples/"]);
    assert_eq!(output.code, 1);
    let cases = times(&output.stdout, b"testcase");
    let suites = times(&output.stdout, b"testsuite");
    let root = times(&output.stdout, b"testsuites");
    assert_eq!((cases.len(), suites.len(), root.len()), (9, 4, 1));
    assert!(cases.iter().all(|time| *time >= 0.0));
    assert!(
        cases.iter().any(|time| *time > 0.0),
        "checked payloads take time: {cases:?}"
    );
    let sum: f64 = suites.iter().sum();
    assert!(
        (sum - cases.iter().sum::<f64>()).abs() < 1e-5,
        "{suites:?} {cases:?}"
    );
    assert!(root[0] > 0.0);
}

#[test]
fn junit_of_many_failures_is_written_whole_through_its_spool() {
    // About 12 MB of test cases: more than the spool keeps in memory.
    let line = r#"{"resultCode": "0200000", "resultDesc": "", "returnCode": "0200000", "returnDesc": "", "returnObject": {"name": "n", "status": 7, "deviceType": 9, "callerNo": "x", "maxAlertingTime": 3000}}"#;
    let count = 12_000;
    let input = format!("{line}\n").repeat(count);
    let (exit, out, _) = isales_cli::validate_stdin(
        &["--input", "ndjson", "--format", "junit"],
        input.as_bytes(),
    );
    assert_eq!(exit, Exit::Invalid);
    let xml = String::from_utf8(out).expect("UTF-8");
    assert!(
        xml.len() > isales_cli::render::junit::SPOOL_MEMORY,
        "{} bytes",
        xml.len()
    );
    assert!(xml.starts_with(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"isales-contract\" tests=\"{count}\" skipped=\"0\" failures=\"{count}\" errors=\"0\""
    )));
    assert_eq!(times(&xml, b"testcase").len(), count);
    assert!(xml.contains(&format!(
        "<testcase name=\"line {count}\" classname=\"&lt;stdin&gt;\""
    )));
    assert!(xml.ends_with("    </testsuite>\n</testsuites>\n"));
}

#[test]
fn ndjson_writes_the_json_reports_payloads_one_per_line() {
    let output = run(&[
        "validate",
        "--format",
        "ndjson",
        "examples/",
        "missing.json",
    ]);
    assert_eq!(output.code, 2, "an input could not be read");
    let report = run(&["validate", "--format", "json", "examples/", "missing.json"]);
    let report: Value = serde_json::from_str(&report.stdout).expect("JSON");
    let records: Vec<Value> = output
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON record per line"))
        .collect();
    assert_eq!(&records, report["payloads"].as_array().expect("payloads"));
    assert_eq!(records.len(), 10);
    assert_eq!(
        output.stderr.lines().last(),
        Some(
            "8 payloads checked in 4 inputs: 4 valid, 4 invalid, 4 warnings; 2 skipped; 1 could not be checked"
        )
    );
    insta::assert_snapshot!("examples-ndjson", output.stdout);
}

#[test]
fn ndjson_records_leave_before_the_input_ends() {
    let line = std::fs::read_to_string(root().join("examples/valid.json"))
        .expect("example")
        .replace('\n', "");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_isales-contract"))
        .args(["validate", "--no-config", "--format", "ndjson", "-"])
        .current_dir(root())
        .env_remove("GITHUB_STEP_SUMMARY")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    // A chunk's worth of lines, and one more to show that the chunk ended; the pipe stays open.
    let lines = isales_cli::run::CHUNK_LINES + 1;
    stdin
        .write_all(format!("{line}\n").repeat(lines).as_bytes())
        .expect("written");
    stdin.flush().expect("flushed");
    let (sender, receiver) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if sender.send(line.expect("a line")).is_err() {
                break;
            }
        }
    });
    let first = receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("the first chunk's records come while the input is still open");
    let record: Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(record["source"], "<stdin>");
    assert_eq!(record["line"], 1);
    assert_eq!(record["verdict"], "pass");
    drop(stdin);
    let status = child.wait().expect("exits");
    assert_eq!(status.code(), Some(0));
    reader.join().expect("reader");
    let rest: Vec<String> = receiver.try_iter().collect();
    assert_eq!(rest.len() + 1, lines);
}

#[test]
fn github_says_how_many_annotations_it_could_not_show() {
    let line = r#"{"resultCode": "0200000", "resultDesc": "", "returnCode": "0200000", "returnDesc": "", "returnObject": {"name": "n", "status": 7, "x": 1}}"#;
    let mut input = String::new();
    for _ in 0..12 {
        input.push_str(line);
        input.push_str("\n\n");
    }
    let (exit, out, err) = isales_cli::validate_stdin(
        &["--input", "ndjson", "--format", "github"],
        input.as_bytes(),
    );
    assert_eq!(exit, Exit::Invalid);
    let out = String::from_utf8(out).expect("UTF-8");
    let errors = out
        .lines()
        .filter(|line| line.starts_with("::error "))
        .count();
    let notices = out
        .lines()
        .filter(|line| line.starts_with("::notice "))
        .count();
    assert!(errors > 10, "{out}");
    assert!(notices <= 10, "every notice is shown: {out}");
    let last = out.lines().last().expect("a last line");
    assert!(
        last.starts_with("::notice title=isales-contract%3A more findings than GitHub shows::"),
        "{last}"
    );
    assert!(
        last.contains(&format!("{} more errors", errors - 10)),
        "{last}"
    );
    assert!(last.contains("--format json or --format sarif lists every finding"));
    // Blank lines are one note for the input, on standard error: no annotation is spent on
    // them.
    let err = String::from_utf8(err).expect("UTF-8");
    assert!(
        err.contains("note: <stdin>: 12 blank lines skipped: lines 2, 4, 6"),
        "{err}"
    );
    insta::assert_snapshot!("github-over-the-limit", out);

    // Within the limit, no such notice.
    let (_, few, _) = isales_cli::validate_stdin(
        &["--input", "ndjson", "--format", "github"],
        line.as_bytes(),
    );
    assert!(
        !String::from_utf8(few)
            .expect("UTF-8")
            .contains("more findings")
    );
}

#[test]
fn github_appends_a_step_summary() {
    let temp = tempfile::tempdir().expect("temp dir");
    let summary = temp.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").expect("write");
    let output = command(&root())
        .args(["validate", "--format", "github", "examples/"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let markdown = std::fs::read_to_string(&summary).expect("the summary");
    assert!(
        markdown.starts_with("earlier step\n### isales-contract: 4 of 8 payloads failed\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!(
            "| [`ivr-param-required`]({}#ivr-param-required) | error | 2 | 2 | Table 4, 5.10 ivrParam |",
            isales_cli::render::RULES_REFERENCE
        )),
        "{markdown}"
    );
    assert!(
        markdown.contains("| examples/invalid.json | 1 | 1 | 0 | 0 |"),
        "{markdown}"
    );
    insta::assert_snapshot!("github-step-summary", markdown);

    // Without the variable, nothing is written anywhere.
    let quiet = run(&["validate", "--format", "github", "examples/"]);
    assert_eq!(quiet.code, 1);
    assert!(!quiet.stdout.contains("GITHUB_STEP_SUMMARY"));

    // A summary that cannot be written is a warning, not a failed run.
    let unwritable = command(&root())
        .args(["validate", "--format", "github", "examples/valid.json"])
        .env("GITHUB_STEP_SUMMARY", temp.path())
        .output()
        .expect("runs");
    assert_eq!(unwritable.status.code(), Some(0));
    let out = String::from_utf8(unwritable.stdout).expect("UTF-8");
    assert!(
        out.starts_with("::warning title=GITHUB_STEP_SUMMARY::cannot append the run's summary to "),
        "{out}"
    );
}

#[test]
fn the_json_report_keeps_unreadable_inputs_in_their_place() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path();
    let valid = std::fs::read_to_string(root().join("examples/valid.json")).expect("example");
    for name in ["a.json", "c.json"] {
        std::fs::write(dir.join(name), &valid).expect("write");
    }
    // One payload on one line.
    std::fs::write(dir.join("e.ndjson"), valid.replace('\n', "") + "\n").expect("write");
    let output = run_in(
        dir,
        &[
            "validate", "--format", "json", "e.ndjson", "d.json", "c.json", "b.json", "a.json",
        ],
    );
    assert_eq!(output.code, 2);
    let report: Value = serde_json::from_str(&output.stdout).expect("JSON");
    let sources: Vec<(&str, &str)> = report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .map(|payload| {
            (
                payload["source"].as_str().expect("source"),
                payload["verdict"].as_str().expect("verdict"),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("a.json", "pass"),
            ("b.json", "unchecked"),
            ("c.json", "pass"),
            ("d.json", "unchecked"),
            ("e.ndjson", "pass"),
        ]
    );
    assert_eq!(
        output.stderr.lines().take(2).collect::<Vec<_>>(),
        [
            "error: cannot read b.json: no such file or directory",
            "error: cannot read d.json: no such file or directory",
        ]
    );
}
