//! `generate` as a user runs it: its output checked by `validate` (the same binary's
//! library, in process) and, for valid payloads, by a standard JSON Schema validator on the
//! generated schema; and the commands that print documents, into a pipe closed early.

use std::collections::BTreeSet;

use isales_cli::{Env, Exit, run};
use serde_json::Value;

/// Runs the command line; returns its exit, standard output and standard error.
fn command(args: &[&str]) -> (Exit, Vec<u8>, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("isales-contract").chain(args.iter().copied());
    let exit = run(argv, Env::plain(std::env::temp_dir()), &mut out, &mut err);
    (exit, out, String::from_utf8_lossy(&err).into_owned())
}

fn generate(args: &[&str]) -> Vec<u8> {
    let mut all = vec!["generate"];
    all.extend_from_slice(args);
    let (exit, out, err) = command(&all);
    assert_eq!(exit, Exit::Success, "{args:?}: {err}");
    out
}

/// The JSON report of `validate` on an NDJSON text: per line, the rules and their levels.
fn validate(ndjson: &[u8]) -> Vec<Vec<(String, String, String)>> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("generated.ndjson");
    std::fs::write(&path, ndjson).expect("written");
    let path = path.to_string_lossy().into_owned();
    let (_, out, err) = command(&["validate", "--format", "json", &path]);
    let report: Value = serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .map(|payload| {
            payload["violations"]
                .as_array()
                .expect("violations")
                .iter()
                .map(|v| {
                    let text = |key: &str| v[key].as_str().unwrap_or_default().to_owned();
                    (text("rule"), text("level"), text("pointer"))
                })
                .collect()
        })
        .collect()
}

fn lines(ndjson: &[u8]) -> Vec<&[u8]> {
    ndjson
        .split(|byte| *byte == b'\n')
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn valid_payloads_pass_the_validator_and_a_standard_schema_validator() {
    let out = generate(&["--count", "40", "--seed", "3"]);
    assert_eq!(lines(&out).len(), 40);
    for (line, violations) in validate(&out).iter().enumerate() {
        let errors: Vec<_> = violations.iter().filter(|v| v.1 == "error").collect();
        assert!(errors.is_empty(), "line {}: {errors:?}", line + 1);
    }
    let schema: Value =
        serde_json::from_str(isales_schema::SCHEMA_JSON).expect("the schema is JSON");
    let standard = jsonschema::validator_for(&schema).expect("the schema compiles");
    for (line, bytes) in lines(&out).into_iter().enumerate() {
        let payload: Value = serde_json::from_slice(bytes).expect("JSON");
        let errors: Vec<String> = standard
            .iter_errors(&payload)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "line {}: {errors:?}", line + 1);
    }
}

#[test]
fn a_seed_gives_the_same_bytes_and_another_seed_others() {
    let one = generate(&["-n", "5", "--seed", "42"]);
    assert_eq!(one, generate(&["-n", "5", "--seed", "42"]));
    assert_ne!(one, generate(&["-n", "5", "--seed", "43"]));
    // A payload does not depend on how many others are written.
    assert_eq!(
        lines(&one)[..3],
        lines(&generate(&["-n", "3", "--seed", "42"]))[..]
    );
}

#[test]
fn every_rule_a_response_can_break_is_reported_alone_at_the_manifests_pointer() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut request_only = Vec::new();
    for rule in isales_contract::registry::RuleId::ALL {
        let manifest = dir.path().join(format!("{rule}.ndjson"));
        let manifest_arg = manifest.to_string_lossy().into_owned();
        let (exit, out, err) = command(&[
            "generate",
            "-n",
            "2",
            "--seed",
            "8",
            "--violate",
            rule.as_str(),
            "--manifest",
            &manifest_arg,
        ]);
        if exit == Exit::Trouble && err.contains("a response cannot break it") {
            request_only.push(rule.as_str());
            continue;
        }
        assert_eq!(exit, Exit::Success, "{rule}: {err}");
        let manifest = std::fs::read_to_string(&manifest).expect("a manifest");
        let entries: Vec<Value> = manifest
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        let reports = validate(&out);
        assert_eq!(entries.len(), 2);
        assert_eq!(reports.len(), 2, "{rule}");
        for (entry, violations) in entries.iter().zip(&reports) {
            let broken = &entry["broken"][0];
            assert_eq!(broken["rule"], rule.as_str());
            let pointer = broken["pointer"].as_str().expect("a pointer");
            assert!(
                violations
                    .iter()
                    .any(|v| v.0 == rule.as_str() && v.2 == pointer),
                "{rule} at {pointer}: {violations:?}"
            );
            let companions: BTreeSet<&str> = entry["companions"]
                .as_array()
                .expect("companions")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let others: Vec<_> = violations
                .iter()
                .filter(|v| {
                    v.1 == "error" && v.0 != rule.as_str() && !companions.contains(v.0.as_str())
                })
                .collect();
            assert!(others.is_empty(), "{rule}: {others:?}");
        }
    }
    assert_eq!(request_only, ["content-type-header", "locale-format"]);
}

#[test]
fn quirks_report_the_rule_the_spec_gives_them() {
    for quirk in isales_generator::Quirk::ALL {
        let out = generate(&["-n", "3", "--quirk", quirk.name()]);
        for violations in validate(&out) {
            let rules: BTreeSet<&str> = violations.iter().map(|v| v.0.as_str()).collect();
            let errors: BTreeSet<&str> = violations
                .iter()
                .filter(|v| v.1 == "error")
                .map(|v| v.0.as_str())
                .collect();
            match quirk.rule() {
                Some(rule) => {
                    assert!(rules.contains(rule.as_str()), "{quirk}: {rules:?}");
                    assert!(
                        errors.iter().all(|r| *r == rule.as_str()),
                        "{quirk}: {errors:?}"
                    );
                }
                None => assert!(errors.is_empty(), "{quirk}: {errors:?}"),
            }
        }
    }
}

#[test]
fn forms_are_what_the_filters_ask() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let manifest = dir.path().join("manifest.ndjson");
    let manifest_arg = manifest.to_string_lossy().into_owned();
    let out_dir = dir.path().join("payloads");
    let out_arg = out_dir.to_string_lossy().into_owned();
    generate(&[
        "-n",
        "6",
        "--form",
        "device-type=previewed",
        "--form",
        "retry-policy=number-type",
        "--out",
        &out_arg,
        "--manifest",
        &manifest_arg,
    ]);
    let names: BTreeSet<String> = std::fs::read_dir(&out_dir)
        .expect("the directory")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names.len(), 6);
    assert!(names.contains("payload-0000.json"), "{names:?}");
    for line in std::fs::read_to_string(&manifest)
        .expect("a manifest")
        .lines()
    {
        let entry: Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(entry["form"]["device-type"], 5);
        assert_eq!(entry["form"]["out-bound-type"], 5);
        assert_eq!(entry["form"]["retry-policy"], "number-type");
        let file = out_dir.join(entry["name"].as_str().expect("a name"));
        let payload: Value =
            serde_json::from_slice(&std::fs::read(file).expect("a file")).expect("JSON");
        assert_eq!(payload["returnObject"]["deviceType"], 5);
    }
    let (exit, _, err) = command(&["generate", "--form", "device-type=4"]);
    assert_eq!(exit, Exit::Trouble);
    assert!(err.contains("previewed (5)"), "{err}");
}

#[test]
fn error_codes_give_their_failure_envelopes() {
    let out = generate(&["-n", "2", "--error-code", "0200007"]);
    for line in lines(&out) {
        let payload: Value = serde_json::from_slice(line).expect("JSON");
        assert_eq!(payload["resultCode"], "0200007");
        assert_eq!(payload["returnCode"], "0200007");
        assert!(payload.get("returnObject").is_none_or(Value::is_null));
    }
    assert!(
        validate(&out)
            .iter()
            .all(|violations| violations.iter().all(|v| v.1 != "error"))
    );
    let (exit, _, err) = command(&["generate", "--error-code", "1234567"]);
    assert_eq!(exit, Exit::Trouble);
    assert!(err.contains("0200001"), "{err}");
}

/// Standard output that its reader closed after `limit` bytes, as `| head -c` does.
struct ClosedAfter {
    limit: usize,
    written: usize,
}

impl std::io::Write for ClosedAfter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.written >= self.limit {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        self.written += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    let mut out = ClosedAfter {
        limit: 10,
        written: 0,
    };
    let mut err = Vec::new();
    let argv = ["isales-contract", "generate", "-n", "300"];
    let exit = run(argv, Env::plain(std::env::temp_dir()), &mut out, &mut err);
    assert_eq!(exit, Exit::Success);
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
}

#[test]
fn printing_a_document_to_a_reader_that_stops_early_is_quiet() {
    let mut out = ClosedAfter {
        limit: 10,
        written: 0,
    };
    let mut err = Vec::new();
    let argv = ["isales-contract", "schema", "--document", "openapi"];
    let exit = run(argv, Env::plain(std::env::temp_dir()), &mut out, &mut err);
    assert_eq!(exit, Exit::Success);
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
}
