//! The service's tests: the vendor's answers through the contract, requests, and (below) its
//! own messages through the derive.

use isales_contract::{Request, Validator};

const CAMPAIGN: &[u8] = include_bytes!("../payloads/campaign.json");
const BROKEN: &[u8] = include_bytes!("../payloads/broken-retry-policy.json");

#[test]
fn a_valid_answer_is_read_typed_in_one_call() {
    let summary = downstream::campaign(CAMPAIGN).expect("the bundled answer is valid");
    assert_eq!(summary.name, "最小化IVR外呼任务");
    assert!(summary.ivr);
    assert_eq!(summary.warnings, 0);
}

#[test]
fn a_broken_answer_explains_itself_with_its_position() {
    let report = downstream::campaign(BROKEN).expect_err("the retry policy is cut off");
    assert_eq!(report.rule_ids(), ["embedded-json"]);
    let violation = &report.violations[0];
    assert_eq!(violation.pointer(), "/returnObject/retryPolicy/resultRetry");
    let position = violation.position().expect("a position");
    assert_eq!((position.line, position.column), (33, 75));
    let embedded_in = violation.embedded_in().expect("inside a string");
    assert_eq!((embedded_in.line, embedded_in.column), (33, 22));
    assert_eq!(
        violation.doc().map(|doc| doc.to_string()).as_deref(),
        Some("Table 14, 5.13.6 resultRetry")
    );
    // The report is an error a service can return with `?`.
    let error: Box<dyn std::error::Error> = Box::new(report);
    assert!(error.to_string().contains("[embedded-json]"));
}

#[test]
fn requests_are_checked_against_tables_1_and_2() {
    let validator = Validator::default();
    let good = Request::new("https://cc.example/rest/isales/v1/openapi/campaigns/12/3400")
        .header("Content-Type", "application/json; charset=UTF-8")
        .header("Authorization", "a token");
    assert!(
        validator
            .validate_request(&good)
            .expect("the route")
            .passed()
    );
    let bad = Request::new("/rest/isales/v1/openapi/campaigns/10000/x");
    let report = validator.validate_request(&bad).expect("the route");
    assert_eq!(report.url.rule_ids(), ["out-of-range", "type-mismatch"]);
    assert_eq!(
        report.headers.rule_ids(),
        ["required-field", "required-field"]
    );
    assert!(
        validator
            .validate_request(&Request::new("/health"))
            .is_err()
    );
}

#[test]
fn the_configuration_refuses_a_misspelt_rule() {
    let error =
        isales_contract::Config::from_toml_str("[rules]\ninsecure-callbak-url = \"allow\"\n")
            .expect_err("misspelt");
    assert!(
        error.to_string().contains("insecure-callback-url"),
        "{error}"
    );
}

#[test]
fn the_crate_uses_the_public_api_only() {
    for source in [
        include_str!("../src/lib.rs"),
        include_str!("service.rs"),
        include_str!("jobs.rs"),
    ] {
        let hidden = ["__", "private"].concat();
        assert!(!source.contains(&hidden), "a hidden module is used");
    }
}
