//! Every rule's `explain` example reproduces its rule, fed to validation the way `explain` tells
//! a user to: a response example (a whole payload, rooted at the envelope) through
//! `isales_contract::validate` at the default levels; a request example (a one-entry HAR
//! capture, for the rules only a request can break) saved as `capture.har` and given to
//! `isales-contract validate`. Each must report its rule and, unless listed in
//! [`ALSO_REPORTS`], nothing else. All failures are collected and reported at once.

use std::collections::BTreeSet;

use isales_cli::explain::example_is_har;
use isales_cli::{Env, Exit};
use isales_contract::rules;

/// Examples that may report rules besides their own: (rule, the other rules, why). Empty: every
/// example today breaks its rule alone. A rule that can only be shown beside another violation
/// belongs here, with the reason.
const ALSO_REPORTS: &[(&str, &[&str], &str)] = &[];

/// The rule ids a response payload reports at the default levels.
fn reported_by_response(example: &str) -> Vec<String> {
    isales_contract::validate(example.as_bytes())
        .violations
        .iter()
        .map(|violation| violation.rule().to_owned())
        .collect()
}

/// The rule ids `isales-contract validate capture.har` reports for a HAR example, or why the
/// capture was not checked.
fn reported_by_har(example: &str) -> Result<Vec<String>, String> {
    let dir = tempfile::tempdir().map_err(|error| format!("no temporary directory: {error}"))?;
    let capture = dir.path().join("capture.har");
    std::fs::write(&capture, example).map_err(|error| format!("cannot write: {error}"))?;
    let capture = capture.display().to_string();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = isales_cli::run(
        [
            "isales-contract",
            "validate",
            "--no-config",
            "--format",
            "json",
            capture.as_str(),
        ],
        Env::plain(dir.path()),
        &mut out,
        &mut err,
    );
    let stderr = String::from_utf8_lossy(&err);
    if exit == Exit::Trouble {
        return Err(format!("the command failed: {stderr}"));
    }
    let report: serde_json::Value = serde_json::from_slice(&out)
        .map_err(|error| format!("the JSON report does not parse: {error}"))?;
    // The entry must match the interface and have its body checked, as a real capture would.
    if report["summary"]["checked"] != 1 {
        return Err(format!(
            "the capture's entry was not checked: {} {stderr}",
            report["summary"]
        ));
    }
    let violations: Vec<&serde_json::Value> = report["payloads"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|payload| payload["violations"].as_array().into_iter().flatten())
        .collect();
    // A request's violations cite the page like a response's do (the library's
    // `tests/doc_refs.rs` holds the response examples to it).
    if let Some(undocumented) = violations
        .iter()
        .find(|violation| violation.get("doc").is_none())
    {
        return Err(format!(
            "a violation without a documentation reference: {undocumented}"
        ));
    }
    Ok(violations
        .into_iter()
        .filter_map(|violation| violation["rule"].as_str().map(str::to_owned))
        .collect())
}

#[test]
fn every_example_reports_its_rule_and_nothing_else() {
    let mut failures = Vec::new();
    for info in rules::catalog() {
        let id = info.rule.id;
        let Some(example) = info.example else {
            failures.push(format!("{id}: has no example"));
            continue;
        };
        if example.contains('\n') {
            failures.push(format!("{id}: the example spans several lines"));
        }
        let reported = if example_is_har(example) {
            match reported_by_har(example) {
                Ok(reported) => reported,
                Err(problem) => {
                    failures.push(format!("{id}: {problem}"));
                    continue;
                }
            }
        } else {
            if !example.starts_with("{\"resultCode\"") {
                failures.push(format!(
                    "{id}: the example is not a whole response rooted at the envelope"
                ));
            }
            reported_by_response(example)
        };
        if !reported.iter().any(|rule| rule == id) {
            failures.push(format!(
                "{id}: the example does not report it; reports {reported:?}"
            ));
        }
        let allowed: &[&str] = ALSO_REPORTS
            .iter()
            .find(|(rule, _, _)| *rule == id)
            .map_or(&[], |(_, others, _)| others);
        let others: BTreeSet<&str> = reported
            .iter()
            .map(String::as_str)
            .filter(|rule| *rule != id && !allowed.contains(rule))
            .collect();
        if !others.is_empty() {
            failures.push(format!("{id}: the example also reports {others:?}"));
        }
    }
    for (rule, _, _) in ALSO_REPORTS {
        if rules::lookup(rule).is_none() {
            failures.push(format!("ALSO_REPORTS names `{rule}`, which is not a rule"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        rules::catalog().len(),
        failures.join("\n")
    );
}

/// The request rules' examples are the HAR ones, and only they: a response example that
/// `validate` would read as HAR (or the reverse) would be fed the wrong way.
#[test]
fn request_rules_and_only_they_have_har_examples() {
    let har: Vec<&str> = rules::catalog()
        .iter()
        .filter(|info| info.example.is_some_and(example_is_har))
        .map(|info| info.rule.id)
        .collect();
    assert_eq!(har, ["content-type-header", "locale-format"]);
}
