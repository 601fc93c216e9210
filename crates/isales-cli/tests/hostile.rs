//! Hostile captures: every NDJSON line that is not blank and every HAR entry gets exactly one
//! record (checked, skipped with a reason, or unchecked with a reason), with the verdict and
//! location asserted, and the counts add up to the input (blank lines are counted as skipped).

use base64::Engine as _;
use isales_cli::{Env, Exit, run};
use serde_json::{Value, json};

/// Runs `validate --input FORMAT --format json -` over `input`.
fn validate(format: &str, input: &[u8]) -> (Exit, Value) {
    validate_with(&["--input", format], input)
}

/// Runs `validate --format json ARGS -` over `input`.
fn validate_with(extra: &[&str], input: &[u8]) -> (Exit, Value) {
    let mut args = vec!["--format", "json"];
    args.extend(extra);
    let (exit, out, _) = isales_cli::validate_stdin(&args, input);
    let report = serde_json::from_slice(&out).unwrap_or_else(|error| {
        panic!(
            "report does not parse ({error}): {}",
            String::from_utf8_lossy(&out)
        )
    });
    (exit, report)
}

/// (line or entry, verdict, reason, rules, first position as (line, column)) of each record.
type Record = (u64, String, Option<String>, Vec<String>, Option<(u64, u64)>);

fn records(report: &Value, locus: &str) -> Vec<Record> {
    report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .map(|record| {
            let violations = record["violations"].as_array().expect("violations");
            (
                record[locus].as_u64().expect("locus"),
                record["verdict"].as_str().expect("verdict").to_owned(),
                record["reason"].as_str().map(str::to_owned),
                violations
                    .iter()
                    .map(|v| v["rule"].as_str().expect("rule").to_owned())
                    .collect(),
                violations.first().and_then(|v| {
                    Some((
                        v["position"]["line"].as_u64()?,
                        v["position"]["column"].as_u64()?,
                    ))
                }),
            )
        })
        .collect()
}

const FAILURE: &str =
    r#"{"resultCode":"0200007","resultDesc":"","returnCode":"0200007","returnDesc":""}"#;

fn record(
    locus: u64,
    verdict: &str,
    reason: Option<&str>,
    rules: &[&str],
    first: Option<(u64, u64)>,
) -> Record {
    (
        locus,
        verdict.to_owned(),
        reason.map(str::to_owned),
        rules.iter().map(|r| (*r).to_owned()).collect(),
        first,
    )
}

#[test]
fn ndjson_crlf_blank_comment_and_broken_lines_are_all_accounted_for() {
    let input = format!(
        "{FAILURE}\r\n\r\n# captured 2026-11-24\r\n  // proxy note\r\n{{\"resultCode\":\"0200007\",\r\n{FAILURE}"
    );
    let (exit, report) = validate("ndjson", input.as_bytes());
    assert_eq!(
        records(&report, "line"),
        [
            record(1, "pass", None, &[], None),
            // Line 2 is blank: no record, counted as skipped below.
            record(3, "skipped", Some("comment line"), &[], None),
            record(4, "skipped", Some("comment line"), &[], None),
            record(5, "fail", None, &["malformed-json"], Some((5, 25))),
            record(6, "pass", None, &[], None),
        ]
    );
    let lines = input.split('\n').count() as u64;
    let summary = &report["summary"];
    let accounted = summary["checked"].as_u64().unwrap_or(0)
        + summary["skipped"].as_u64().unwrap_or(0)
        + summary["unchecked"].as_u64().unwrap_or(0);
    assert_eq!(accounted, lines, "every line, no more, no less: {summary}");
    assert_eq!(exit, Exit::Invalid);
}

#[test]
fn ndjson_without_a_final_newline_checks_the_last_line() {
    let (exit, report) = validate("ndjson", format!("{FAILURE}\n{FAILURE}").as_bytes());
    assert_eq!(records(&report, "line").len(), 2);
    assert_eq!(exit, Exit::Success);
    let (_, report) = validate("ndjson", format!("{FAILURE}\n{FAILURE}\n").as_bytes());
    assert_eq!(
        records(&report, "line").len(),
        2,
        "a final newline adds no empty line"
    );
}

fn entry(method: &str, url: &str, content: Value, response_headers: Value) -> Value {
    json!({
        "request": {
            "method": method,
            "url": url,
            "headers": [
                {"name": "Content-Type", "value": "application/json; charset=UTF-8"},
                {"name": "Authorization", "value": "AKSK ak=hostile-secret-0042"},
            ],
        },
        "response": {"status": 200, "headers": response_headers, "content": content},
    })
}

#[test]
fn har_bodies_in_every_form_and_entries_that_do_not_match() {
    let url = "https://cc.example.com:28090/rest/isales/v1/openapi/campaigns/12/3456";
    let base64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let plain = json!({"mimeType": "application/json", "text": FAILURE});
    let har = json!({"log": {"version": "1.2", "entries": [
        entry("GET", url, plain.clone(), json!([])),
        entry("GET", url, json!({"mimeType": "application/json", "text": base64(FAILURE.as_bytes()), "encoding": "base64"}), json!([])),
        // HAR stores the decoded body; a Content-Encoding header only says how it travelled.
        entry("GET", url, plain.clone(), json!([{"name": "Content-Encoding", "value": "gzip"}])),
        entry("GET", url, json!({"mimeType": "application/json", "text": "H4sIAAAAAAAA", "encoding": "gzip"}), json!([])),
        entry("GET", url, json!({"mimeType": "application/json"}), json!([])),
        entry("POST", url, plain.clone(), json!([])),
        entry("GET", "https://cc.example.com/rest/isales/v1/openapi/campaigns/12", plain.clone(), json!([])),
        entry("GET", url, json!({"mimeType": "application/json", "text": base64(b"\xff not json"), "encoding": "base64"}), json!([])),
    ]}});
    let bytes = serde_json::to_vec_pretty(&har).expect("HAR");
    let (exit, report) = validate("har", &bytes);
    let found = records(&report, "entry");
    let unknown_encoding = "the response body has an encoding the validator does not know: gzip";
    let expected = [
        record(0, "pass", None, &[], None),
        record(1, "pass", None, &[], None),
        record(2, "pass", None, &[], None),
        record(3, "unchecked", Some(unknown_encoding), &[], None),
        record(
            4,
            "unchecked",
            Some("the response body was not captured (the entry has no response.content.text)"),
            &[],
            None,
        ),
        record(
            5,
            "skipped",
            Some("request method POST, not GET"),
            &[],
            None,
        ),
    ];
    assert_eq!(found[..6], expected);
    assert_eq!((found[6].0, found[6].1.as_str()), (6, "skipped"));
    assert!(
        found[6]
            .2
            .as_deref()
            .is_some_and(|reason| reason.contains("is not /rest/isales")),
        "{:?}",
        found[6]
    );
    // A base64 body cannot be mapped back character by character: the position is the start of
    // the `text` string in the HAR file.
    assert_eq!(
        (found[7].0, found[7].1.as_str(), found[7].3.as_slice()),
        (7, "fail", ["malformed-json".to_owned()].as_slice())
    );
    assert!(found[7].4.is_some(), "a located verdict");
    assert_eq!(found.len(), 8, "every entry accounted for");
    assert_eq!(
        exit,
        Exit::Trouble,
        "entries that could not be checked make the run incomplete"
    );
    assert!(
        !serde_json::to_string(&report)
            .expect("report")
            .contains("hostile-secret-0042")
    );
}

#[test]
fn every_container_is_held_to_the_payload_limit() {
    let limit = ["--max-payload-size", "1KiB"];
    let refusal = |what: &str| {
        format!(
            "the {what} is larger than 1 KiB, the payload size limit (raise it with --max-payload-size)"
        )
    };
    let big = format!(
        r#"{{"resultCode":"0200007","resultDesc":"{}"}}"#,
        "x".repeat(2000)
    );

    let ndjson = format!("{FAILURE}\n{big}\n{FAILURE}\n");
    let (exit, report) = validate_with(
        &[&limit[..], &["--input", "ndjson"]].concat(),
        ndjson.as_bytes(),
    );
    assert_eq!(
        records(&report, "line"),
        [
            record(1, "pass", None, &[], None),
            record(2, "unchecked", Some(&refusal("payload")), &[], None),
            record(3, "pass", None, &[], None),
        ]
    );
    assert_eq!(exit, Exit::Trouble);

    let (exit, report) =
        validate_with(&[&limit[..], &["--input", "json"]].concat(), big.as_bytes());
    assert_eq!(report["payloads"][0]["reason"], refusal("payload").as_str());
    assert_eq!(exit, Exit::Trouble);

    let url = "https://cc.example.com/rest/isales/v1/openapi/campaigns/12/3456";
    let har = json!({"log": {"entries": [
        entry("GET", url, json!({"text": FAILURE}), json!([])),
        entry("GET", url, json!({"text": big}), json!([])),
    ]}});
    let bytes = serde_json::to_vec_pretty(&har).expect("HAR");
    let (exit, report) = validate_with(&[&limit[..], &["--input", "har"]].concat(), &bytes);
    let found = records(&report, "entry");
    assert_eq!(found[0].1, "pass");
    assert_eq!(
        found[1],
        record(1, "unchecked", Some(&refusal("HAR entry")), &[], None)
    );
    let text = String::from_utf8_lossy(&bytes);
    let second = text
        .match_indices("\"request\"")
        .nth(1)
        .expect("two entries")
        .0;
    let brace = text[..second].rfind('{').expect("the entry's brace");
    let line = text[..brace].matches('\n').count() + 1;
    assert_eq!(
        report["payloads"][1]["line"], line,
        "the line of the entry's brace"
    );
    assert_eq!(exit, Exit::Trouble);

    let (exit, report) = validate_with(&["--max-payload-size", "4KiB", "--input", "har"], &bytes);
    assert_eq!(
        report["payloads"][1]["verdict"], "fail",
        "a raised limit checks the entry"
    );
    assert_eq!(exit, Exit::Invalid);
}

/// Runs `validate --format json ARGS PATH` over a file.
fn validate_file(extra: &[&str], path: &std::path::Path) -> (Exit, Value, String) {
    let env = Env::plain(std::env::temp_dir());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let path = path.to_str().expect("a UTF-8 temporary path");
    let mut args = vec![
        "isales-contract",
        "validate",
        "--no-config",
        "--format",
        "json",
    ];
    args.extend(extra);
    args.push(path);
    let exit = run(args, env, &mut out, &mut err);
    let report = serde_json::from_slice(&out).expect("the report parses");
    (exit, report, String::from_utf8_lossy(&err).into_owned())
}

#[test]
fn sniffing_never_turns_ndjson_into_one_document() {
    let long = format!(
        r#"{{"resultCode":"0200007","resultDesc":"{}","returnCode":"0200007","returnDesc":""}}"#,
        "x".repeat(300 * 1024)
    );
    let cases = [
        (
            "malformed first line",
            format!("{{\"resultCode\":\n{FAILURE}\n{FAILURE}\n"),
        ),
        (
            "comment first line",
            format!("# captured 2026-11-24\n{FAILURE}\n{FAILURE}\n"),
        ),
        (
            "first line over 256 KiB",
            format!("{long}\n{FAILURE}\n{FAILURE}\n"),
        ),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    for (case, text) in &cases {
        let (_, from_stdin) = validate_with(&[], text.as_bytes());
        let mut reports = vec![("stdin", from_stdin)];
        for extension in ["log", "txt"] {
            let path = dir.path().join(format!("capture.{extension}"));
            std::fs::write(&path, text).expect("write");
            let (_, report, err) = validate_file(&[], &path);
            if !case.starts_with("comment") {
                assert!(
                    err.contains("read as NDJSON, one payload per line, because"),
                    "{case}: the guess is said: {err}"
                );
            }
            reports.push((extension, report));
        }
        for (how, report) in reports {
            let lines: Vec<u64> = records(&report, "line").iter().map(|r| r.0).collect();
            assert_eq!(lines, [1, 2, 3], "{case} from {how}: one record per line");
            let verdicts: Vec<String> = records(&report, "line").into_iter().map(|r| r.1).collect();
            assert_eq!(verdicts[1..], ["pass", "pass"], "{case} from {how}");
        }
    }

    // `--input` wins over the content: a capture whose first line is a value, read as one
    // document, is one malformed document.
    let text = format!("{FAILURE}\n{FAILURE}\n");
    let path = dir.path().join("capture.log");
    std::fs::write(&path, &text).expect("write");
    let (exit, report, _) = validate_file(&["--input", "json"], &path);
    assert_eq!(report["payloads"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["payloads"][0]["line"], Value::Null, "one document");
    assert_eq!(report["payloads"][0]["verdict"], "fail");
    assert_eq!(exit, Exit::Invalid);
    let (exit, report) = validate_with(&["--input", "json"], text.as_bytes());
    assert_eq!(report["payloads"][0]["verdict"], "fail");
    assert_eq!(exit, Exit::Invalid);

    // A one-line value followed by a newline is NDJSON; a pretty document stays one.
    let (_, report) = validate_with(&[], format!("{FAILURE}\n").as_bytes());
    assert_eq!(report["payloads"][0]["line"], 1);
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(FAILURE).expect("JSON"))
            .expect("JSON");
    let (exit, report) = validate_with(&[], pretty.as_bytes());
    assert_eq!(report["payloads"][0]["line"], Value::Null, "one document");
    assert_eq!(exit, Exit::Success);
}
