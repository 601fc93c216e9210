//! A payload with more findings than any format draws or renders ahead: every format still
//! accounts for every finding, in order, at its position, and masks what it prints.
//!
//! The thresholds are the formats' own: the human format draws the first
//! `DRAWN_FINDINGS` and writes one line for each of the rest, JUnit lists the first
//! `LISTED_FINDINGS` and counts the rest, and JSON and SARIF write a payload with more than
//! `RENDERED_FINDINGS` straight to the output instead of rendering it on a worker thread.

use isales_cli::Exit;
use isales_cli::render::{human::DRAWN_FINDINGS, json::RENDERED_FINDINGS, junit::LISTED_FINDINGS};
use serde_json::Value;

/// A one-line valid response whose `returnObject` starts with `keys` undocumented members
/// (`"k00000":1` ...), followed by `callerNo` holding `caller`.
fn payload(keys: usize, caller: &str) -> String {
    let mut members = String::new();
    for index in 0..keys {
        members.push_str(&format!("\"k{index:05}\":1,"));
    }
    format!(
        r#"{{"resultCode":"0200000","resultDesc":"","returnCode":"0200000","returnDesc":"","returnObject":{{{members}"callerNo":{caller},"name":"n","status":2,"strBeginTime":"2024-07-01 00:00:00","strEndTime":"2024-07-01 00:00:00","deviceType":1,"ivrParam":{{"deviceSign":"1001"}}}}}}"#
    )
}

/// Runs `validate --input json --format FORMAT [extra] -` over `input`.
fn validate(format: &str, extra: &[&str], input: &str) -> (Exit, String) {
    let mut args = vec!["--input", "json", "--format", format];
    args.extend(extra);
    let (exit, out, _) = isales_cli::validate_stdin(&args, input.as_bytes());
    (exit, String::from_utf8(out).expect("UTF-8 output"))
}

/// The column of the `index`th undocumented key's name in [`payload`]'s line.
fn column_of(input: &str, index: usize) -> usize {
    let key = format!("\"k{index:05}\"");
    input.find(&key).expect("key in payload") + 1
}

#[test]
fn json_and_sarif_write_every_finding_of_a_payload_too_large_to_render_ahead() {
    let keys = RENDERED_FINDINGS + 50;
    let input = payload(keys, "\"5\"");
    let (exit, out) = validate("json", &[], &input);
    assert_eq!(exit, Exit::Success, "undocumented fields are warnings");
    let report: Value = serde_json::from_str(&out).expect("the JSON report parses");
    let violations = report["payloads"][0]["violations"]
        .as_array()
        .expect("violations");
    assert_eq!(violations.len(), keys);
    for (index, violation) in violations.iter().enumerate() {
        assert_eq!(violation["rule"], "undocumented-field");
        assert_eq!(violation["pointer"], format!("/returnObject/k{index:05}"));
        assert_eq!(violation["facts"]["name"], format!("k{index:05}"));
        assert_eq!(
            violation["position"]["column"],
            column_of(&input, index),
            "{violation}"
        );
        assert_eq!(
            violation["message"],
            format!("field `k{index:05}` is not documented")
        );
    }
    // A payload rendered ahead writes the same records.
    let (_, small) = validate("json", &[], &payload(3, "\"5\""));
    let small: Value = serde_json::from_str(&small).expect("the JSON report parses");
    assert_eq!(small["payloads"][0]["violations"][2], violations[2]);

    let (_, out) = validate("sarif", &[], &input);
    let sarif: Value = serde_json::from_str(&out).expect("the SARIF document parses");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), keys);
    for (index, result) in results.iter().enumerate() {
        assert_eq!(result["ruleId"], "undocumented-field");
        assert_eq!(
            result["properties"]["pointer"],
            format!("/returnObject/k{index:05}")
        );
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startColumn"],
            column_of(&input, index)
        );
    }
    let (_, small) = validate("sarif", &[], &payload(3, "\"5\""));
    let small: Value = serde_json::from_str(&small).expect("the SARIF document parses");
    assert_eq!(small["runs"][0]["results"][2], results[2]);
}

#[test]
fn human_draws_the_first_findings_and_gives_every_other_one_a_line() {
    let keys = DRAWN_FINDINGS + 20;
    let input = payload(keys, "\"5\"");
    let (_, out) = validate("human", &[], &input);
    let drawn = out
        .lines()
        .filter(|line| line.starts_with("warning[undocumented-field]: "))
        .count();
    assert_eq!(drawn, DRAWN_FINDINGS, "{out}");
    assert!(
        out.contains("note: 20 more findings in this payload, one line each"),
        "{out}"
    );
    for index in DRAWN_FINDINGS..keys {
        let line = format!(
            "<stdin>:1:{}: warning[undocumented-field] at /returnObject/k{index:05}: \
             field `k{index:05}` is not documented",
            column_of(&input, index)
        );
        assert!(out.contains(&line), "missing `{line}` in\n{out}");
    }
    assert!(
        out.ends_with(&format!("{} warnings\n", keys)),
        "the summary follows: {}",
        &out[out.len().saturating_sub(300)..]
    );
}

#[test]
fn a_finding_written_on_one_line_is_masked_like_a_drawn_one() {
    // `callerNo` comes after the undocumented keys, so its finding is one of the one-line ones.
    let input = payload(DRAWN_FINDINGS + 5, r#""13800138000x""#);
    let (_, plain) = validate("human", &[], &input);
    let line = plain
        .lines()
        .find(|line| line.contains("[caller-no-format] at /returnObject/callerNo"))
        .unwrap_or_else(|| panic!("no one-line callerNo finding in\n{plain}"));
    assert!(line.contains("13800138000x"), "{line}");
    let (_, masked) = validate("human", &["--mask"], &input);
    assert!(!masked.contains("13800138000"), "{masked}");
    assert!(
        masked.contains("[caller-no-format] at /returnObject/callerNo: found ***"),
        "{masked}"
    );
}

#[test]
fn junit_lists_the_first_findings_and_counts_them_all() {
    let keys = LISTED_FINDINGS + 7;
    // Under --strict the warnings fail the payload, so they are errors and its case carries
    // the list.
    let (_, out) = validate("junit", &["--strict"], &payload(keys, "\"5\""));
    assert!(
        out.contains(&format!("{keys} violation(s), {keys} error(s)")),
        "{}",
        &out[..out.len().min(2000)]
    );
    assert_eq!(
        out.matches("error[undocumented-field] at /returnObject/k")
            .count(),
        LISTED_FINDINGS
    );
    assert!(out.contains("... and 7 more; the json and sarif formats list every finding"));
}

#[test]
fn github_annotates_every_finding() {
    let keys = DRAWN_FINDINGS + 20;
    let (_, out) = validate("github", &[], &payload(keys, "\"5\""));
    assert_eq!(
        out.lines()
            .filter(|line| line.starts_with("::warning file=<stdin>,line=1,col="))
            .count(),
        keys
    );
}

#[test]
fn keys_holding_controls_are_escaped_in_drawn_and_one_line_findings() {
    // A carriage return, an ESC and a direction override in keys: undocumented fields whose
    // names reach the pointer, the message and (for a repeat) the help. The last one comes
    // after the drawn findings, so it is written on one line.
    let mut members = String::new();
    for index in 0..DRAWN_FINDINGS {
        members.push_str(&format!("\"k{index:05}\":1,"));
    }
    let input = format!(
        r#"{{"resultCode":"0200000","resultDesc":"","returnCode":"0200000","returnDesc":"","returnObject":{{"a\rb":1,"a\rb":1,{members}"c\u001b[2Jd\u202ee":1,"name":"n","status":2,"strBeginTime":"2024-07-01 00:00:00","strEndTime":"2024-07-01 00:00:00","deviceType":1,"ivrParam":{{"deviceSign":"1001"}}}}}}"#
    );
    let (_, out) = validate("human", &[], &input);
    let acting = |character: char| {
        (character.is_control() && character != '\n')
            || matches!(character, '\u{202A}'..='\u{202E}')
    };
    assert!(!out.chars().any(acting), "{out:?}");
    assert!(out.contains("/returnObject/a\\u{d}b"), "{out}");
    assert!(
        out.contains("at /returnObject/c\\u{1b}[2Jd\\u{202e}e: field `c\\u{1b}[2Jd\\u{202e}e`"),
        "{out}"
    );
}
