//! Hostile input: every case gets a verdict, the exact rules, and a location; nothing panics.
//!
//! Each row names the input, the rule ids expected (in report order), the verdict, and where
//! the first violation must be (line, column, pointer).

use isales_contract::{Config, Level, Verdict, validate, validate_with};

/// A payload that breaks no rule.
const CLEAN: &str = r#"{"resultCode":"0200000","resultDesc":"","returnCode":"0200000","returnDesc":"","returnObject":{"id":1,"name":"n","status":2,"strBeginTime":"2026-03-01 08:00:00","strEndTime":"2026-03-31 20:00:00","deviceType":1,"ivrParam":{"deviceSign":"1001","callCount":5,"callInterval":60},"maxAlertingTime":30,"callBackUrl":"https://example.com/cb"}}"#;

struct Case {
    name: &'static str,
    input: Vec<u8>,
    rules: &'static [&'static str],
    verdict: Verdict,
    /// (line, column, pointer) of the first violation.
    first: Option<(usize, usize, &'static str)>,
}

fn replaced(from: &str, to: &str) -> Vec<u8> {
    assert!(CLEAN.contains(from), "`{from}` is not in the clean payload");
    CLEAN.replacen(from, to, 1).into_bytes()
}

fn column_of(needle: &str, input: &[u8]) -> usize {
    let text = String::from_utf8_lossy(input);
    text.find(needle)
        .map(|offset| text[..offset].chars().count() + 1)
        .expect("needle in input")
}

fn cases() -> Vec<Case> {
    let with_call_policy = |turns: &str| {
        replaced(
            r#""maxAlertingTime":30"#,
            &format!(r#""maxAlertingTime":30,"callPolicy":{{"callType":0,"turns":"{turns}"}}"#),
        )
    };
    let deep_embedded = with_call_policy(&"[".repeat(100_000));
    let duplicate_embedded = with_call_policy(r#"[{\"orderNo\":1,\"orderNo\":2}]"#);
    // Sibling pages send "" for unused fields: read as not set, with a warning each.
    let blank = replaced(
        r#""maxAlertingTime":30"#,
        r#""maxAlertingTime":30,"callPolicy":{"callType":0,"turns":""},"scheduleParam":{"workdayBeginTime1":"","workdayEndTime1":""}"#,
    );
    // The page calls policy "this object": checked as the only entry, which lacks retryTimes.
    let lone_policy = replaced(
        r#""maxAlertingTime":30"#,
        r#""maxAlertingTime":30,"retryPolicy":{"policyType":1,"policyJson":"[{\"dataType\":\"SI\",\"type\":0,\"policy\":\"{\\\"retryDay\\\":2}\"}]"}"#,
    );
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(CLEAN.as_bytes());
    let mut bom_and_violation = b"\xEF\xBB\xBF".to_vec();
    bom_and_violation.extend(replaced(
        r#""ivrParam":{"deviceSign":"1001","callCount":5,"callInterval":60}"#,
        r#""x":1"#,
    ));
    let utf16: Vec<u8> = CLEAN.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut utf16_bom = vec![0xFF, 0xFE];
    utf16_bom.extend_from_slice(&utf16);
    let mut invalid_utf8 = CLEAN.as_bytes().to_vec();
    let name_at = CLEAN.find(r#""n","status""#).expect("name") + 1;
    invalid_utf8[name_at] = 0xC3;
    let huge_name = replaced(
        r#""name":"n""#,
        &format!(r#""name":"{}""#, "x".repeat(100 * 1024 * 1024)),
    );

    vec![
        Case {
            name: "empty input",
            input: Vec::new(),
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((1, 1, "")),
        },
        Case {
            name: "whitespace only",
            input: b"  \n\t ".to_vec(),
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((2, 3, "")),
        },
        Case {
            name: "UTF-8 byte order mark",
            input: bom,
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((1, 1, "")),
        },
        Case {
            name: "byte order mark, content still checked",
            input: bom_and_violation,
            rules: &["malformed-json", "ivr-param-required", "undocumented-field"],
            verdict: Verdict::Fail,
            first: Some((1, 1, "")),
        },
        Case {
            name: "UTF-16LE without mark",
            input: utf16,
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((1, 1, "")),
        },
        Case {
            name: "UTF-16LE with mark",
            input: utf16_bom,
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((1, 1, "")),
        },
        Case {
            name: "invalid UTF-8 inside a string",
            input: invalid_utf8,
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((1, name_at + 1, "")),
        },
        Case {
            name: "NUL byte between tokens",
            input: replaced(r#","returnCode""#, "\0,\"returnCode\""),
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of("\0", &replaced(r#","returnCode""#, "\0,\"returnCode\"")),
                "",
            )),
        },
        Case {
            name: "truncated document",
            input: CLEAN.as_bytes()[..CLEAN.len() / 2].to_vec(),
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((1, CLEAN.len() / 2 + 1, "")),
        },
        Case {
            name: "100,000 nested arrays",
            input: "[".repeat(100_000).into_bytes(),
            rules: &["nesting-limit"],
            verdict: Verdict::Fail,
            first: Some((1, 129, "")),
        },
        Case {
            name: "100,000 nested arrays inside an embedded string",
            input: deep_embedded.clone(),
            rules: &["nesting-limit"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#""turns":"["#, &deep_embedded) + 9 + 128,
                "/returnObject/callPolicy/turns",
            )),
        },
        Case {
            name: "100 MB string",
            input: huge_name,
            rules: &["name-length"],
            verdict: Verdict::Pass,
            first: Some((
                1,
                column_of(r#""name":"#, CLEAN.as_bytes()) + 7,
                "/returnObject/name",
            )),
        },
        Case {
            name: "1e400 for an integer",
            input: replaced(r#""maxAlertingTime":30"#, r#""maxAlertingTime":1e400"#),
            rules: &["integer-format"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#""maxAlertingTime""#, CLEAN.as_bytes()) + 18,
                "/returnObject/maxAlertingTime",
            )),
        },
        Case {
            // serde_json, and so typed clients, read -0 as the float -0.0 and refuse it.
            name: "-0 for an integer",
            input: replaced(r#""callCount":5"#, r#""callCount":-0"#),
            rules: &["integer-format"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#""callCount""#, CLEAN.as_bytes()) + 12,
                "/returnObject/ivrParam/callCount",
            )),
        },
        Case {
            name: "2.0 for an integer",
            input: replaced(r#""callCount":5"#, r#""callCount":2.0"#),
            rules: &["integer-format"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#""callCount""#, CLEAN.as_bytes()) + 12,
                "/returnObject/ivrParam/callCount",
            )),
        },
        Case {
            name: "\"2\" for an integer",
            input: replaced(r#""callCount":5"#, r#""callCount":"2""#),
            rules: &["type-mismatch"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#""callCount""#, CLEAN.as_bytes()) + 12,
                "/returnObject/ivrParam/callCount",
            )),
        },
        Case {
            name: "i64 overflow",
            input: replaced(r#""id":1"#, r#""id":9223372036854775808"#),
            rules: &["integer-format"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#""id""#, CLEAN.as_bytes()) + 5,
                "/returnObject/id",
            )),
        },
        Case {
            name: "duplicate key",
            input: replaced(
                r#""returnDesc":"""#,
                r#""returnDesc":"","resultCode":"0200000""#,
            ),
            rules: &["duplicate-key"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#""returnDesc""#, CLEAN.as_bytes()) + 16,
                "/resultCode",
            )),
        },
        Case {
            name: "duplicate key inside an embedded document",
            input: duplicate_embedded.clone(),
            rules: &["duplicate-key"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#"\"orderNo\":2"#, &duplicate_embedded),
                "/returnObject/callPolicy/turns/0/orderNo",
            )),
        },
        Case {
            name: "keys differing only by case",
            input: replaced(r#""name":"n""#, r#""name":"n","Name":"m""#),
            rules: &["undocumented-field"],
            verdict: Verdict::Pass,
            first: Some((
                1,
                column_of(r#""name""#, CLEAN.as_bytes()) + 11,
                "/returnObject/Name",
            )),
        },
        Case {
            name: "\"\" for an unused embedded document and a schedule time",
            input: blank.clone(),
            rules: &["empty-as-absent", "empty-as-absent", "empty-as-absent"],
            verdict: Verdict::Pass,
            first: Some((
                1,
                column_of(r#""turns":"""#, &blank) + 8,
                "/returnObject/callPolicy/turns",
            )),
        },
        Case {
            name: "one policy object where the array is documented",
            input: lone_policy.clone(),
            rules: &["object-instead-of-array", "number-policy-fields"],
            verdict: Verdict::Fail,
            first: Some((
                1,
                column_of(r#"{\\\"retryDay"#, &lone_policy),
                "/returnObject/retryPolicy/policyJson/0/policy",
            )),
        },
        Case {
            name: "lone surrogate in an escape",
            input: replaced(r#""name":"n""#, r#""name":"\ud800""#),
            rules: &["malformed-json"],
            verdict: Verdict::Fail,
            first: Some((1, column_of(r#""name""#, CLEAN.as_bytes()) + 8, "")),
        },
    ]
}

/// The clean payload with `member` written `count` times after `"id":1`: a million makes
/// 12 MB with a 12-byte member.
fn repeated(member: impl Fn(usize) -> String, count: usize) -> Vec<u8> {
    let mut members = String::with_capacity(count * 12);
    for index in 0..count {
        members.push_str(&member(index));
    }
    replaced(r#""id":1,"#, &format!(r#""id":1,{members}"#))
}

#[test]
fn a_million_keys_get_every_violation_located() {
    // Table rows: a million undocumented keys (a warning each, so the payload passes) and a
    // million repeats of a documented key (an error each). Positions of a million violations
    // come from one pass over the 12 MB; how long it takes is measured by the `hostile`
    // benchmark group, not asserted here.
    const COUNT: usize = 1_000_000;
    let undocumented = repeated(|index| format!(r#""k{index:06}":1,"#), COUNT);
    let duplicates = repeated(|_| r#""id":100000,"#.to_owned(), COUNT);
    let id_column = column_of(r#""id""#, CLEAN.as_bytes());
    let rows = [
        (
            "a million undocumented keys",
            &undocumented,
            "undocumented-field",
            Verdict::Pass,
            "/returnObject/k000000",
            "/returnObject/k999999",
        ),
        (
            "a million duplicate keys",
            &duplicates,
            "duplicate-key",
            Verdict::Fail,
            "/returnObject/id",
            "/returnObject/id",
        ),
    ];
    for (name, payload, rule, verdict, first, last) in rows {
        assert!(
            payload.len() >= 12_000_000,
            "{name}: {} bytes",
            payload.len()
        );
        let report = validate(payload);
        assert_eq!(report.verdict, verdict, "{name}");
        assert_eq!(report.violations.len(), COUNT, "{name}");
        assert!(
            report
                .violations
                .iter()
                .all(|violation| violation.rule() == rule),
            "{name}: only {rule}"
        );
        let located = |index: usize| {
            let violation = &report.violations[index];
            let position = violation.position().expect("a position");
            (position.line, position.column, violation.pointer())
        };
        assert_eq!(located(0), (1, id_column + 7, first), "{name}");
        assert_eq!(
            located(COUNT - 1),
            (1, id_column + 7 + 12 * (COUNT - 1), last),
            "{name}"
        );
        // Allowed, the rule costs its detection only, and the report is empty.
        let allowed = validate_with(
            payload,
            &Config::new()
                .with_level(rule, Level::Allow)
                .expect("a rule of the contract"),
        );
        assert!(allowed.violations.is_empty(), "{name}: allowed");
    }
}

#[test]
fn the_clean_payload_is_clean() {
    let report = validate(CLEAN.as_bytes());
    assert!(report.violations.is_empty(), "{report}");
}

#[test]
fn every_hostile_input_gets_a_located_verdict() {
    let mut failures = Vec::new();
    for case in cases() {
        let report = validate(&case.input);
        let rules = report.rule_ids();
        let first = report.violations.first().map(|violation| {
            let position = violation
                .position()
                .expect("every violation of a raw payload has a position");
            (position.line, position.column, violation.pointer())
        });
        if rules != case.rules || report.verdict != case.verdict || first != case.first {
            failures.push(format!(
                "{}: expected {:?} {:?} first at {:?}, got {:?} {:?} first at {:?}",
                case.name, case.rules, case.verdict, case.first, rules, report.verdict, first
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn violations_inside_embedded_documents_say_where_the_string_starts() {
    let nested = r#"\"[{\\\"retryDay\\\":\\\"2\\\",\\\"retryTimes\\\":3}]\""#;
    let payload = replaced(
        r#""maxAlertingTime":30"#,
        &format!(
            r#""maxAlertingTime":30,"retryPolicy":{{"policyType":1,"policyJson":"[{{\"type\":0,\"policy\":{nested}}}]"}}"#
        ),
    );
    let report = validate(&payload);
    let violation = report
        .violations
        .first()
        .expect("a violation inside the nested policy");
    assert_eq!(
        (violation.rule(), violation.pointer()),
        (
            "type-mismatch",
            "/returnObject/retryPolicy/policyJson/0/policy/0/retryDay"
        )
    );
    let string = violation
        .embedded_in()
        .expect("the embedded string's position");
    let text = String::from_utf8_lossy(&payload);
    assert!(
        text[string.offset..].starts_with(r#""[{\"type\""#),
        "the outermost string: {}",
        &text[string.offset..]
    );
    assert!(violation.position().expect("position").offset > string.offset);
    let outside = validate(&replaced(r#""callCount":5"#, r#""callCount":"5""#));
    assert_eq!(
        outside.violations[0].embedded_in(),
        None,
        "not inside an embedded document"
    );
}
