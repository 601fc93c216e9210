//! The report formats in a pipeline: failures shown at the level that failed them, and the
//! JSON report's order.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The workspace root: commands run there so reports name `examples/...` like the README.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn command(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("isales-contract").expect("the binary is built");
    command
        .current_dir(dir)
        .env("CI", "true")
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = command(dir).args(args).output().expect("the binary runs");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

/// Snapshot settings that hide what may change from run to run in a report.
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

/// The capture's lines 2 and 4 have warnings only once its errors are allowed.
const WARNINGS_ONLY: [&str; 5] = [
    "examples/capture.ndjson",
    "-A",
    "ivr-param-required",
    "-A",
    "malformed-json",
];

const FORMATS: [&str; 5] = ["human", "json", "junit", "sarif", "github"];

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
