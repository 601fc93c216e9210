//! End-to-end tests of the `isales-contract` binary: every output format over the bundled
//! examples and the fixtures, exit codes, help texts, levels from flags and from a configuration
//! file found upward, masking, and secrets that must never be printed.

use std::path::Path;

mod support;
use support::{Run, command, root, run, run_in, temp_filters};

/// Snapshot settings that hide what changes from run to run in a report: JUnit's times and
/// the working directory SARIF gives as `%SRCROOT%`.
fn report_filters() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r#"time="[0-9.]+""#, r#"time="[TIME]""#);
    settings.add_filter(r#""file://[^"]*/""#, r#""file://[CWD]/""#);
    settings
}

const HAR_NOTE: &str = "examples/capture.har: 1 of 2 HAR entries matched GET /rest/isales/v1/openapi/campaigns/{vdnId}/{campaignId}; 1 ignored";
const BLANK_NOTE: &str = "examples/capture.ndjson: 1 blank line skipped: line 3";
const HAR: &str = "crates/isales-cli/tests/fixtures/entries.har";
const FORMATS: [&str; 5] = ["human", "json", "junit", "sarif", "github"];

#[test]
fn examples_in_every_format() {
    for format in FORMATS {
        let output = run(&["validate", "examples/", "--format", format]);
        assert_eq!(
            output.code, 1,
            "{format}: the examples hold invalid payloads"
        );
        report_filters().bind(|| {
            insta::assert_snapshot!(format!("examples-{format}"), output.stdout);
        });
        let summary = "8 payloads checked in 4 inputs: 4 valid, 4 invalid, 4 warnings; 2 skipped";
        if format == "human" {
            assert!(
                output.stdout.ends_with(&format!("{summary}\n")),
                "{}",
                output.stdout
            );
            assert_eq!(output.stderr, "");
        } else {
            assert_eq!(
                output.stderr,
                format!("note: {HAR_NOTE}\nnote: {BLANK_NOTE}\n{summary}\n"),
                "{format}"
            );
            assert!(!output.stdout.contains(HAR_NOTE), "{format}");
        }
        if format == "human" {
            for note in [HAR_NOTE, BLANK_NOTE] {
                assert!(
                    output.stdout.contains(&format!("note: {note}\n")),
                    "{}",
                    output.stdout
                );
            }
        }
    }
}

#[test]
fn har_fixture_in_every_format() {
    for format in FORMATS {
        let output = run(&["validate", HAR, "--format", format]);
        assert_eq!(
            output.code, 2,
            "{format}: an entry without a body was not checked"
        );
        report_filters().bind(|| {
            insta::assert_snapshot!(format!("har-{format}"), output.stdout);
        });
    }
}

#[test]
fn authorization_and_cookies_never_appear() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A header problem and a body problem, with the token in every place a report could echo.
    let har = r#"{"log": {"entries": [{"request": {"method": "GET", "url": "https://h/rest/isales/v1/openapi/campaigns/1/2", "headers": [{"name": "authorization", "value": "Bearer SECRET-TOKEN"}, {"name": "Content-Type", "value": "SECRET-TOKEN"}, {"name": "locale", "value": "SECRET"}]}, "response": {"content": {"text": "{\"resultCode\": \"SECRET-TOKEN\"}"}}}]}}"#;
    std::fs::write(dir.path().join("one-line.har"), har).expect("write");
    let mut checked = 0;
    for format in FORMATS {
        for args in [
            vec!["validate", HAR, "--format", format],
            vec!["validate", "examples/capture.har", "--format", format],
        ] {
            let output = run(&args);
            for text in [&output.stdout, &output.stderr] {
                for secret in ["FIXTURE-SECRET", "COOKIE-SECRET", "EXAMPLE-SECRET"] {
                    assert!(!text.contains(secret), "{args:?} printed {secret}:\n{text}");
                }
            }
            checked += 1;
        }
        let output = run_in(
            dir.path(),
            &["validate", "one-line.har", "--format", format],
        );
        assert_eq!(output.code, 1, "{format}");
        // The Content-Type and resultCode values are not secrets and may be quoted, so only
        // the Authorization value's own text is looked for.
        assert!(
            !output.stdout.contains("Bearer SECRET-TOKEN"),
            "{format}:\n{}",
            output.stdout
        );
        checked += 1;
    }
    assert_eq!(checked, 15);
    // The fixture's minified entry has a violation next to its Authorization header: the
    // snippet quotes the header list with the value blanked.
    let output = run(&["validate", HAR]);
    assert!(
        output
            .stdout
            .contains(r#"*"},{"name":"locale","value":"zh-CN"}"#),
        "{}",
        output.stdout
    );
}

const BROKEN_LANGUAGE: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

fn replace_string(value: &mut serde_json::Value, from: &str, to: &str) -> usize {
    match value {
        serde_json::Value::String(text) if text == from => {
            *text = to.to_owned();
            1
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .map(|item| replace_string(item, from, to))
            .sum(),
        serde_json::Value::Object(members) => members
            .values_mut()
            .map(|member| replace_string(member, from, to))
            .sum(),
        _ => 0,
    }
}

#[test]
fn sarif_output_follows_the_2_1_0_schema() {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema file"))
            .expect("schema JSON");
    // The official file's `language` patterns (of `run` and `toolComponent`) have a stray `]`
    // that strict regex engines reject when the schema itself is checked; replace them in
    // memory (the file stays as published) by the pattern they mean: two letters, optionally a
    // dash and two more.
    assert_eq!(
        replace_string(&mut schema, BROKEN_LANGUAGE, "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"),
        2
    );
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    // With a configuration file too: the invocation names it in its property bag.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("levels.toml");
    std::fs::write(&config, "strict = true\n").expect("write");
    let config = config.display().to_string();
    for paths in [
        vec!["examples/"],
        vec![HAR],
        vec!["examples/valid.json"],
        vec!["examples/capture.ndjson", "--config", &config],
    ] {
        let mut args = vec!["validate", "--format", "sarif"];
        args.extend(&paths);
        let output = run(&args);
        let sarif: serde_json::Value = serde_json::from_str(&output.stdout).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{paths:?}: {errors:#?}");
        let run = &sarif["runs"][0];
        let named = &run["invocations"][0]["properties"]["configurationFile"];
        assert_eq!(named.is_string(), paths.contains(&"--config"), "{named}");
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), isales_contract::rules::catalog().len());
        for result in run["results"].as_array().expect("results") {
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            let region = &result["locations"][0]["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().is_some_and(|line| line >= 1));
            assert!(
                result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].is_string()
            );
        }
    }
    // A schema violation is caught: the test can fail.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!validator.is_valid(&broken));
}

#[test]
fn junit_output_is_xml() {
    for paths in [vec!["examples/"], vec![HAR]] {
        let mut args = vec!["validate", "--format", "junit"];
        args.extend(&paths);
        let output = run(&args);
        let mut reader = quick_xml::Reader::from_str(&output.stdout);
        let mut suites = 0;
        let mut cases = 0;
        let mut stack = Vec::new();
        loop {
            match reader.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Start(element) => {
                    let name = String::from_utf8(element.name().as_ref().to_vec()).expect("name");
                    suites += usize::from(name == "testsuite");
                    cases += usize::from(name == "testcase");
                    stack.push(name);
                }
                quick_xml::events::Event::End(element) => {
                    let name = String::from_utf8(element.name().as_ref().to_vec()).expect("name");
                    assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "balanced tags");
                }
                quick_xml::events::Event::Empty(element) => {
                    cases += usize::from(element.name().as_ref() == b"testcase");
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert!(stack.is_empty());
        if paths == ["examples/"] {
            // The capture's blank line is a note, not a case.
            assert_eq!((suites, cases), (4, 9));
        } else {
            assert_eq!((suites, cases), (1, 5));
        }
    }
    let broken = "<testsuites><testsuite></testsuites>";
    let mut reader = quick_xml::Reader::from_str(broken);
    let mut failed = false;
    loop {
        match reader.read_event() {
            Err(_) => {
                failed = true;
                break;
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
        }
    }
    assert!(failed, "the XML check can fail");
}

#[test]
fn help_texts() {
    for (name, args) in [
        ("root", vec!["--help"]),
        ("validate", vec!["validate", "--help"]),
        ("explain", vec!["explain", "--help"]),
        ("rules", vec!["rules", "--help"]),
        ("schema", vec!["schema", "--help"]),
        ("generate", vec!["generate", "--help"]),
        ("mock", vec!["mock", "--help"]),
        ("completions", vec!["completions", "--help"]),
        ("man", vec!["man", "--help"]),
    ] {
        let output = run(&args);
        assert_eq!(output.code, 0, "{name}");
        insta::assert_snapshot!(format!("help-{name}"), output.stdout);
    }
}

#[test]
fn explain_rules_and_schema() {
    let output = run(&["explain", "ivr-param-required"]);
    assert_eq!(output.code, 0);
    insta::assert_snapshot!("explain-ivr-param-required", output.stdout);

    // A request rule: its example is a HAR capture, and explain says how to feed it.
    let output = run(&["explain", "content-type-header"]);
    assert_eq!(output.code, 0);
    insta::assert_snapshot!("explain-content-type-header", output.stdout);

    let output = run(&["explain", "ivr-param-requird"]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("did you mean `ivr-param-required`"),
        "{}",
        output.stderr
    );

    let output = run(&["rules"]);
    assert_eq!(output.code, 0);
    insta::assert_snapshot!("rules", output.stdout);
    for info in isales_contract::rules::catalog() {
        assert!(output.stdout.contains(info.rule.id), "{}", info.rule.id);
    }

    let output = run(&["schema"]);
    assert_eq!(output.code, 0);
    assert_eq!(
        output.stdout.trim_end(),
        isales_schema::SCHEMA_JSON.trim_end()
    );
    for (document, version) in [("openapi", "3.1.0"), ("openapi-3.0", "3.0.3")] {
        let output = run(&["schema", "--document", document]);
        assert_eq!(output.code, 0, "{document}");
        let printed: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
        assert_eq!(printed["openapi"], version);
    }
}

#[test]
fn exit_codes() {
    let valid = run(&["validate", "examples/valid.json"]);
    assert_eq!((valid.code, valid.stderr.as_str()), (0, ""));
    assert_eq!(
        valid.stdout,
        "1 payload checked in 1 input: 1 valid, 0 invalid, 0 warnings\n"
    );

    let missing = run(&["validate", "examples/valid.json", "no/such/file.json"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error: cannot read no/such/file.json: no such file or directory\n"
    );
    assert!(
        missing.stdout.contains("1 valid"),
        "the readable input is still checked"
    );

    let no_match = run(&["validate", "examples/*.nothing"]);
    assert_eq!(no_match.code, 2);
    assert!(
        no_match.stderr.contains("no file matches this pattern"),
        "{}",
        no_match.stderr
    );

    let glob = run(&["validate", "examples/*.json", "--format", "json"]);
    assert_eq!(glob.code, 1);
    let report: serde_json::Value = serde_json::from_str(&glob.stdout).expect("JSON");
    let sources: Vec<&str> = report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .map(|payload| payload["source"].as_str().expect("source"))
        .collect();
    assert_eq!(sources, ["examples/invalid.json", "examples/valid.json"]);

    let usage = run(&["validate", "--format", "yaml", "examples/"]);
    assert_eq!(usage.code, 2);
    assert!(usage.stderr.contains("possible values"), "{}", usage.stderr);
    assert_eq!(usage.stdout, "");

    let no_paths = run(&["validate"]);
    assert_eq!(no_paths.code, 2);
}

#[test]
fn a_payload_that_is_not_json_is_a_verdict_and_unreadable_input_is_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("broken.json"), "{\"resultCode\": ").expect("write");
    let broken = run_in(dir.path(), &["validate", "broken.json", "--format", "json"]);
    assert_eq!(broken.code, 1);
    assert!(
        broken.stdout.contains("\"rule\":\"malformed-json\""),
        "{}",
        broken.stdout
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let locked = dir.path().join("locked.json");
        std::fs::write(&locked, "{}").expect("write");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        // Root reads anything; the permission case only means something for other users.
        if std::fs::read(&locked).is_err() {
            let output = run_in(dir.path(), &["validate", "locked.json", "--format", "json"]);
            assert_eq!(output.code, 2);
            assert!(
                output.stderr.contains("permission denied"),
                "{}",
                output.stderr
            );
            assert!(
                output.stdout.contains("\"verdict\":\"unchecked\""),
                "{}",
                output.stdout
            );
        }
    }
}

#[test]
fn ndjson_lines_blank_crlf_and_last_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let valid = std::fs::read_to_string(root().join("examples/valid.json")).expect("example");
    let compact: serde_json::Value = serde_json::from_str(&valid).expect("JSON");
    let line = compact.to_string();
    let text = format!(
        "{line}\r\n\r\n   \n{{\"resultCode\": 1}}\r\n{line}\n{}",
        line.replace("\"status\":2", "\"status\":9")
    );
    std::fs::write(dir.path().join("log.jsonl"), &text).expect("write");
    // No extension: recognised by content.
    std::fs::write(dir.path().join("log"), &text).expect("write");
    for name in ["log.jsonl", "log"] {
        let output = run_in(dir.path(), &["validate", name, "--format", "json"]);
        assert_eq!(output.code, 1, "{name}");
        let report: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
        let verdicts: Vec<(u64, &str)> = report["payloads"]
            .as_array()
            .expect("payloads")
            .iter()
            .map(|payload| {
                (
                    payload["line"].as_u64().expect("line"),
                    payload["verdict"].as_str().expect("verdict"),
                )
            })
            .collect();
        // Lines 2 and 3 are blank: no record each, one note, and counted as skipped.
        assert_eq!(
            verdicts,
            [(1, "pass"), (4, "fail"), (5, "pass"), (6, "fail")],
            "{name}"
        );
        assert_eq!(report["summary"]["skipped"], 2, "{name}");
        assert!(
            output.stderr.contains(&format!(
                "note: {name}: 2 blank lines skipped: lines 2 and 3\n"
            )),
            "{name}: {}",
            output.stderr
        );
    }
    let output = run_in(dir.path(), &["validate", "log.jsonl"]);
    temp_filters(dir.path()).bind(|| {
        insta::assert_snapshot!("ndjson-crlf-human", output.stdout);
    });
}

#[test]
fn standard_input_is_sniffed() {
    let capture = std::fs::read(root().join("examples/capture.ndjson")).expect("example");
    let output = command(&root())
        .args(["validate", "-", "--format", "json"])
        .write_stdin(capture)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["payloads"][0]["source"], "<stdin>");
    assert_eq!(report["summary"]["checked"], 5);
    assert_eq!(report["summary"]["skipped"], 1);

    let har = std::fs::read(root().join(HAR)).expect("fixture");
    let output = command(&root())
        .args(["validate", "-", "--format", "json"])
        .write_stdin(har)
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["payloads"][0]["entry"], 0);
}

#[test]
fn directories_pick_payload_extensions_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).expect("dirs");
    let valid = std::fs::read(root().join("examples/valid.json")).expect("example");
    std::fs::write(nested.join("one.json"), &valid).expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a payload").expect("write");
    std::fs::write(dir.path().join("a/two.JSON"), &valid).expect("write");
    let output = run_in(dir.path(), &["validate", "."]);
    assert_eq!(output.code, 0, "{}", output.stdout);
    assert_eq!(
        output.stdout,
        "2 payloads checked in 2 inputs: 2 valid, 0 invalid, 0 warnings\n"
    );
}

#[test]
fn mask_hides_caller_numbers() {
    for format in FORMATS {
        let plain = run(&["validate", HAR, "--format", format]);
        assert!(
            plain.stdout.contains("138-0013-8000"),
            "{format}: visible without --mask"
        );
        let masked = run(&["validate", HAR, "--format", format, "--mask"]);
        assert!(
            !masked.stdout.contains("138-0013-8000"),
            "{format}:\n{}",
            masked.stdout
        );
        assert!(!masked.stdout.contains("13800138000"), "{format}");
    }
    let masked = run(&["validate", "examples/capture.ndjson", "--mask"]);
    assert!(!masked.stdout.contains("13800138000x"), "{}", masked.stdout);
    let plain = run(&["validate", "examples/capture.ndjson"]);
    assert!(plain.stdout.contains("13800138000x"));
}

#[test]
fn levels_from_flags() {
    let json = |args: &[&str]| {
        let mut all = vec!["validate", "--format", "json", "--no-config"];
        all.extend(args);
        let output = run(&all);
        let report: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
        (output.code, report)
    };
    let (code, report) = json(&["examples/invalid.json", "--allow", "enum-value"]);
    assert_eq!(code, 1);
    assert!(!report.to_string().contains("enum-value"));

    let (code, _) = json(&[
        "examples/invalid.json",
        "-A",
        "enum-value",
        "-A",
        "ivr-param-required",
        "-W",
        "time-of-day",
        "-W",
        "single-quoted-json",
    ]);
    assert_eq!(code, 0, "every error lowered or allowed");

    let (code, report) = json(&[
        "examples/capture.har",
        "--warn",
        "enum-value",
        "--deny",
        "locale-format",
    ]);
    assert_eq!(code, 1);
    let levels: Vec<(String, String)> = report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .flat_map(|payload| {
            payload["violations"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|violation| {
            (
                violation["rule"].to_string(),
                violation["level"].to_string(),
            )
        })
        .collect();
    assert!(
        levels.contains(&("\"locale-format\"".to_owned(), "\"error\"".to_owned())),
        "{levels:?}"
    );
    assert!(
        levels.contains(&("\"enum-value\"".to_owned(), "\"warning\"".to_owned())),
        "{levels:?}"
    );

    // The last flag for a rule wins.
    let (code, _) = json(&[
        "examples/invalid.json",
        "-A",
        "enum-value",
        "-D",
        "enum-value",
        "-A",
        "ivr-param-required",
        "-W",
        "time-of-day",
        "-W",
        "single-quoted-json",
    ]);
    assert_eq!(code, 1);

    let (code, _) = json(&[
        "examples/capture.ndjson",
        "--strict",
        "-A",
        "ivr-param-required",
        "-A",
        "malformed-json",
    ]);
    assert_eq!(code, 1, "warnings fail under --strict");
    let (code, _) = json(&[
        "examples/capture.ndjson",
        "-A",
        "ivr-param-required",
        "-A",
        "malformed-json",
    ]);
    assert_eq!(code, 0, "warnings pass otherwise");

    let unknown = run(&["validate", "examples/", "--deny", "insecure-callback"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("did you mean `insecure-callback-url`"),
        "{}",
        unknown.stderr
    );
    assert_eq!(unknown.stdout, "");
}

#[test]
fn levels_from_a_config_file_found_upward() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("team/captures");
    std::fs::create_dir_all(&nested).expect("dirs");
    let capture = std::fs::read_to_string(root().join("examples/capture.ndjson")).expect("example");
    // Keep the lines whose only findings are warnings: 1 (valid), 4 (insecure URL).
    let lines: Vec<&str> = capture.lines().collect();
    std::fs::write(
        nested.join("warnings.ndjson"),
        format!("{}\n{}\n", lines[0], lines[3]),
    )
    .expect("write");

    let without = run_in(&nested, &["validate", "warnings.ndjson"]);
    assert_eq!(without.code, 0, "{}", without.stdout);

    std::fs::write(dir.path().join("isales-contract.toml"), "strict = true\n").expect("write");
    let strict = run_in(&nested, &["validate", "warnings.ndjson"]);
    assert_eq!(strict.code, 1, "the file two levels up makes warnings fail");

    let ignored = run_in(&nested, &["validate", "warnings.ndjson", "--no-config"]);
    assert_eq!(ignored.code, 0);

    std::fs::write(
        dir.path().join("isales-contract.toml"),
        "strict = true\n[rules]\ninsecure-callback-url = \"allow\"\n",
    )
    .expect("write");
    let allowed = run_in(&nested, &["validate", "warnings.ndjson"]);
    assert_eq!(allowed.code, 0, "{}", allowed.stdout);
    assert!(!allowed.stdout.contains("insecure-callback-url"));

    let flag_wins = run_in(
        &nested,
        &[
            "validate",
            "warnings.ndjson",
            "--warn",
            "insecure-callback-url",
        ],
    );
    assert_eq!(flag_wins.code, 1, "the command line wins over the file");

    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[rules]\ninsecure-callback-url = \"deny\"\n").expect("write");
    let explicit = run_in(
        &nested,
        &[
            "validate",
            "warnings.ndjson",
            "--config",
            "../../other.toml",
        ],
    );
    assert_eq!(explicit.code, 1, "--config replaces the discovered file");

    std::fs::write(
        dir.path().join("isales-contract.toml"),
        "[rules]\nnot-a-rule = \"deny\"\n",
    )
    .expect("write");
    let bad = run_in(&nested, &["validate", "warnings.ndjson"]);
    assert_eq!(bad.code, 2);
    temp_filters(dir.path()).bind(|| {
        insta::assert_snapshot!("config-unknown-rule", bad.stderr);
    });

    // Every problem of the file, in its order, one line each with its line and column.
    std::fs::write(
        dir.path().join("isales-contract.toml"),
        "strict = \"yes\"\n[rules]\ninsecure-callback = \"allow\"\ntype-mismatch = \"loud\"\n",
    )
    .expect("write");
    let problems = run_in(&nested, &["validate", "warnings.ndjson"]);
    assert_eq!(problems.code, 2);
    assert_eq!(problems.stdout, "");
    assert_eq!(problems.stderr.lines().count(), 3, "{}", problems.stderr);
    temp_filters(dir.path()).bind(|| {
        insta::assert_snapshot!("config-problems", problems.stderr);
    });
}

#[test]
fn long_lines_are_cut_around_the_spot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let valid = std::fs::read_to_string(root().join("examples/valid.json")).expect("example");
    let mut value: serde_json::Value = serde_json::from_str(&valid).expect("JSON");
    value["returnObject"]["description"] = serde_json::Value::String("x".repeat(150));
    value["padding"] = serde_json::Value::String("y".repeat(10_000));
    value["returnObject"]["status"] = serde_json::json!(8);
    let line = value.to_string();
    assert!(line.len() > 10_000);
    std::fs::write(dir.path().join("long.ndjson"), format!("{line}\n")).expect("write");
    let output = run_in(dir.path(), &["validate", "long.ndjson"]);
    assert_eq!(output.code, 1);
    let widest = output.stdout.lines().map(str::len).max().unwrap_or(0);
    assert!(widest < 400, "a {widest}-byte line:\n{}", output.stdout);
    assert!(
        output.stdout.contains("\"status\":8"),
        "the spot is shown:\n{}",
        output.stdout
    );
}

/// Whether any object in the tree repeats a key (the library's parser keeps duplicates).
fn repeated_keys(node: &isales_json::Node<'_>, found: &mut Vec<String>) {
    if let Some(members) = node.as_object() {
        let mut seen = std::collections::BTreeSet::new();
        for member in members {
            if !seen.insert(member.key.to_string()) {
                found.push(member.key.to_string());
            }
            repeated_keys(&member.value, found);
        }
    } else if let Some(items) = node.as_array() {
        for item in items {
            repeated_keys(item, found);
        }
    }
}

#[test]
fn json_and_sarif_reports_never_repeat_a_key() {
    for format in ["json", "sarif"] {
        for path in ["examples/", HAR] {
            let output = run(&["validate", "--format", format, path]);
            let arena = isales_json::Arena::new();
            let tree = isales_json::parse(output.stdout.as_bytes(), &arena).expect("JSON");
            let mut found = Vec::new();
            repeated_keys(&tree, &mut found);
            assert!(found.is_empty(), "{format} {path}: {found:?}");
        }
    }
    let arena = isales_json::Arena::new();
    let tree = isales_json::parse(br#"{"a": {"b": 1, "b": 2}}"#, &arena).expect("JSON");
    let mut found = Vec::new();
    repeated_keys(&tree, &mut found);
    assert_eq!(found, ["b"], "the check can fail");
}

#[test]
fn a_run_that_checks_nothing_exits_2_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    std::fs::create_dir(path.join("empty")).expect("dir");
    std::fs::create_dir(path.join("unknown")).expect("dir");
    std::fs::write(path.join("unknown/notes.txt"), "not a payload").expect("write");
    std::fs::write(path.join("unknown/capture.log.bak"), "{}").expect("write");
    let har = serde_json::json!({"log": {"entries": [
        {"request": {"method": "GET", "url": "https://h/other/1"}, "response": {}},
    ]}});
    std::fs::write(path.join("other.har"), har.to_string()).expect("write");
    std::fs::write(path.join("empty.ndjson"), "").expect("write");
    std::fs::write(path.join("notes.ndjson"), "# nothing today\n\n").expect("write");

    let matched_nothing =
        "no input files matched (no .json, .ndjson, .jsonl or .har file under the paths given)";
    let cases = [
        (vec!["empty"], matched_nothing.to_owned()),
        (vec!["unknown"], matched_nothing.to_owned()),
        (
            vec!["other.har"],
            "other.har: no HAR entry matched GET /rest/isales/v1/openapi/campaigns/{vdnId}/{campaignId}"
                .to_owned(),
        ),
        (vec!["empty.ndjson"], "empty.ndjson: empty stream".to_owned()),
        (
            vec!["notes.ndjson", "empty.ndjson"],
            "empty.ndjson: empty stream; notes.ndjson: only blank and comment lines".to_owned(),
        ),
    ];
    for (paths, reason) in &cases {
        let mut args = vec!["validate"];
        args.extend(paths);
        let output = run_in(path, &args);
        assert_eq!(output.code, 2, "{paths:?}: {}", output.stdout);
        let said = format!("error: nothing was checked: {reason}");
        assert!(
            output.stdout.contains(&said),
            "{paths:?}: {}",
            output.stdout
        );

        args.push("--allow-empty");
        let allowed = run_in(path, &args);
        assert_eq!(allowed.code, 0, "{paths:?} under --allow-empty");
        let noted = format!("note: nothing was checked: {reason}");
        assert!(allowed.stdout.contains(&noted), "{}", allowed.stdout);
    }

    for args in [
        &["validate", "-"][..],
        &["validate", "--input", "ndjson", "-"],
    ] {
        let stdin = command(path)
            .args(args)
            .write_stdin("")
            .output()
            .expect("runs");
        assert_eq!(stdin.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&stdin.stdout)
                .contains("error: nothing was checked: <stdin>: empty stream"),
            "{stdin:?}"
        );
    }

    // Every format says so, in its own place, and on stderr for the machine formats.
    let stderr_line = format!("error: nothing was checked: {matched_nothing}\n");
    let json = run_in(path, &["validate", "empty", "--format", "json"]);
    assert_eq!(json.code, 2);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(report["summary"]["nothing_checked"], matched_nothing);
    assert!(json.stderr.starts_with(&stderr_line), "{}", json.stderr);

    let sarif = run_in(path, &["validate", "empty", "--format", "sarif"]);
    assert_eq!(sarif.code, 2);
    let report: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF");
    let invocation = &report["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        format!("nothing was checked: {matched_nothing}")
    );
    assert!(sarif.stderr.starts_with(&stderr_line), "{}", sarif.stderr);

    let junit = run_in(path, &["validate", "empty", "--format", "junit"]);
    assert_eq!(junit.code, 2);
    assert!(
        junit
            .stdout
            .contains(r#"<testcase name="nothing was checked" time="0.000000">"#)
            && junit.stdout.contains(r#"type="nothing-checked""#),
        "{}",
        junit.stdout
    );

    let github = run_in(path, &["validate", "empty", "--format", "github"]);
    assert_eq!(github.code, 2);
    assert_eq!(
        github.stdout,
        format!("::error title=nothing was checked::{matched_nothing}\n")
    );

    let allowed = run_in(
        path,
        &["validate", "empty", "--format", "github", "--allow-empty"],
    );
    assert_eq!(allowed.code, 0);
    assert_eq!(
        allowed.stdout,
        format!("::notice title=nothing was checked::{matched_nothing}\n")
    );
}

#[cfg(unix)]
#[test]
fn file_names_are_escaped_for_people_and_ci() {
    let dir = tempfile::tempdir().expect("temp dir");
    let forged = "x\n::error file=x::forged.json";
    let colored = "\u{1b}[31mred.json";
    for name in [forged, colored] {
        std::fs::write(dir.path().join(name), "{\"resultCode\": 7}").expect("write");
    }
    let missing = "gone\u{1b}]0;title\u{7}.json";
    let raw = |text: &str| text.contains('\u{1b}') || text.contains('\u{7}');
    let injected = |text: &str| {
        text.lines()
            .any(|line| line.starts_with("::error file=x::"))
    };
    for format in FORMATS {
        let output = run_in(dir.path(), &["validate", ".", missing, "--format", format]);
        assert_eq!(output.code, 2, "{format}");
        assert!(!injected(&output.stdout), "{format}: {}", output.stdout);
        assert!(!injected(&output.stderr), "{format}: {}", output.stderr);
        assert!(!raw(&output.stderr), "{format}: {:?}", output.stderr);
        assert!(
            output
                .stderr
                .contains(r#"error: cannot read "gone\u{1b}]0;title\u{7}.json""#),
            "{format}: {}",
            output.stderr
        );
        match format {
            "human" => {
                assert!(!raw(&output.stdout), "{:?}", output.stdout);
                assert!(
                    output
                        .stdout
                        .contains(r#"--> "./x\n::error file=x::forged.json""#),
                    "{}",
                    output.stdout
                );
                assert!(
                    output.stdout.contains(r#"--> "./\u{1b}[31mred.json""#),
                    "{}",
                    output.stdout
                );
            }
            // XML 1.0 cannot hold ESC at all, escaped or not.
            "junit" => assert!(!raw(&output.stdout), "{:?}", output.stdout),
            "github" => assert!(
                output
                    .stdout
                    .contains("::error file=./x%0A%3A%3Aerror file=x%3A%3Aforged.json,"),
                "{}",
                output.stdout
            ),
            // JSON and SARIF escape control characters as `\u001b` themselves.
            _ => assert!(!raw(&output.stdout), "{format}: {:?}", output.stdout),
        }
    }
}

#[cfg(unix)]
#[test]
fn walks_skip_links_and_special_files_and_never_block() {
    use std::os::unix::fs::symlink;
    use std::time::Duration;

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    let valid = std::fs::read(root().join("examples/valid.json")).expect("example");
    std::fs::create_dir(path.join("a")).expect("dir");
    std::fs::write(path.join("a/one.json"), &valid).expect("write");
    symlink("..", path.join("a/loop")).expect("a link back up");
    symlink("/", path.join("a/root")).expect("a link to the whole file system");
    let fifo = path.join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let within = |args: &[&str]| {
        let output = command(path)
            .args(args)
            .timeout(Duration::from_secs(20))
            .output()
            .expect("runs");
        Run {
            code: output
                .status
                .code()
                .expect("finished in time, with an exit code"),
            stdout: String::from_utf8(output.stdout).expect("UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8"),
        }
    };

    // By default links in directories are skipped with a note: the link to / is not walked.
    let walked = within(&["validate", "."]);
    assert_eq!(walked.code, 0, "{}{}", walked.stdout, walked.stderr);
    for note in [
        "note: skipped ./a/loop: a symbolic link in a directory (--follow-symlinks follows it)",
        "note: skipped ./a/root: a symbolic link in a directory (--follow-symlinks follows it)",
        "note: skipped ./pipe.json: not a regular file (a FIFO)",
    ] {
        assert!(walked.stdout.contains(note), "{note}: {}", walked.stdout);
    }
    assert!(
        walked
            .stdout
            .ends_with("1 payload checked in 1 input: 1 valid, 0 invalid, 0 warnings\n"),
        "{}",
        walked.stdout
    );

    // Under --follow-symlinks a link back to a directory being walked is a note, not a hang.
    std::fs::remove_file(path.join("a/root")).expect("remove");
    let followed = within(&["validate", "a", "--follow-symlinks", "--format", "json"]);
    assert_eq!(followed.code, 0, "{}", followed.stderr);
    assert!(
        followed.stderr.contains(": a symbolic link loop back to "),
        "{}",
        followed.stderr
    );
    // The link is walked up to the loop: `a/one.json` is also found as `a/loop/a/one.json`,
    // the same file, checked once; and the FIFO beside `a` is met and skipped.
    let report: serde_json::Value = serde_json::from_str(&followed.stdout).expect("JSON");
    assert_eq!(report["summary"]["checked"], 1, "{report}");
    assert!(
        followed
            .stderr
            .contains("note: skipped a/loop/pipe.json: not a regular file (a FIFO)"),
        "{}",
        followed.stderr
    );

    // A FIFO named on the command line is refused by its type, before any open could block.
    let named = within(&["validate", "pipe.json", "a/one.json"]);
    assert_eq!(named.code, 2);
    assert_eq!(
        named.stderr,
        "error: cannot read pipe.json: not a regular file (a FIFO); pipe it to standard input with `-` instead\n"
    );

    // Standard input stays readable, by `-` or by name.
    let stdin = command(path)
        .args(["validate", "/dev/stdin"])
        .write_stdin(valid)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("runs");
    assert_eq!(stdin.status.code(), Some(0), "{stdin:?}");
}
