//! The bodies of the fuzz targets, and the invariants they hold the validator to.
//!
//! `fuzz/fuzz_targets/*.rs` (cargo-fuzz, libFuzzer) call these functions with generated inputs;
//! `tests/seeds.rs` calls them with every seed and every past crash on stable Rust, so CI runs
//! each target over its corpus without a fuzzer. A broken invariant panics, which is what
//! libFuzzer records as a crash.
//!
//! The invariants, for any input:
//! - validation returns (no panic, no hang: the parser is iterative over a bounded depth);
//! - every violation of a raw payload has a position inside the payload;
//! - the fast path never calls clean what the full path does not: `is_clean_fast` implies no
//!   violation on the full path, and `validate` equals the full path whenever the fast path
//!   does not answer.
#![deny(missing_docs)]

use isales_contract::{Config, Level, Report, Validator};

/// The configurations every target runs under: default levels, strict, and a few rules allowed.
fn validators() -> [Validator; 3] {
    [
        Validator::default(),
        Validator::new(Config::new().with_strict(true)),
        Validator::new(
            Config::new()
                .with_level("insecure-callback-url", Level::Allow)
                .with_level("datetime-lenient", Level::Allow)
                .with_level("undocumented-field", Level::Deny),
        ),
    ]
}

/// Checks the invariants of one report of `payload`.
fn check_report(payload: &[u8], report: &Report) {
    for violation in &report.violations {
        let position = violation
            .position
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
/// that is otherwise clean.
pub fn embedded(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(quoted) = serde_json_string(&text) else {
        return;
    };
    let payload = TEMPLATE.replace('@', &quoted);
    validate(payload.as_bytes());
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
