//! Schemathesis, the property-based API tester, as its 4.x command line takes it: it loads an
//! OpenAPI document, generates requests for its operations, sends them to the mock and checks
//! the answers against the document. This module builds the `schemathesis run` command line
//! and reads back its JSON run report (`--report json`): the operations, the test cases, the
//! failures by code, the errors and which kinds of warning it raised.

use std::path::Path;

use serde_json::Value;

/// Test cases per operation and phase: enough to exercise the one operation in seconds.
pub(crate) const MAX_EXAMPLES: u32 = 20;
/// The seed, so a rerun generates the same requests.
pub(crate) const SEED: u32 = 1;

/// The arguments of `schemathesis` testing `document` against `base_url`, sending `headers`,
/// its JSON report going to `report`.
pub(crate) fn arguments(
    document: &Path,
    base_url: &str,
    headers: &[(String, String)],
    report: &Path,
) -> Vec<String> {
    let mut arguments: Vec<String> = [
        "--no-color",
        "run",
        &document.display().to_string(),
        "--url",
        base_url,
        "--max-examples",
        &MAX_EXAMPLES.to_string(),
        "--seed",
        &SEED.to_string(),
        "--workers",
        "1",
        // Without it, examples found earlier would be replayed from a database it keeps in
        // the working directory.
        "--generation-database",
        "none",
        "--report",
        "json",
        "--report-json-path",
        &report.display().to_string(),
    ]
    .map(str::to_owned)
    .to_vec();
    for (name, value) in headers {
        arguments.push("--header".to_owned());
        arguments.push(format!("{name}: {value}"));
    }
    arguments
}

/// A kind of failure Schemathesis found, with its code (`ST108`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub code: String,
    pub title: String,
    pub count: u64,
}

/// What one run said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Run {
    /// How it named the document's version (`Open API 3.1.0`), from its standard output.
    pub specification: Option<String>,
    pub operations_total: u64,
    pub operations_tested: u64,
    pub test_cases: u64,
    pub test_cases_failing: u64,
    /// Each phase with its status: `examples: failure`.
    pub phases: Vec<String>,
    pub failures: Vec<Failure>,
    /// Errors: operations it could not test, requests it could not send.
    pub errors: usize,
    /// The kinds of warning it raised (`missing_auth`, ...).
    pub warnings: Vec<String>,
    pub exit_code: Option<i64>,
}

/// The value of the `Specification:` line of its standard output.
pub(crate) fn specification(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|line| {
        line.trim()
            .strip_prefix("Specification:")
            .map(|value| value.trim().to_owned())
    })
}

/// Reads the JSON run report, with the standard output beside it.
pub(crate) fn read(report: &str, stdout: &str) -> Result<Run, String> {
    let report: Value = serde_json::from_str(report)
        .map_err(|error| format!("Schemathesis's JSON report is not JSON: {error}"))?;
    if !report["operations"].is_object() {
        return Err("Schemathesis's JSON report has no `operations`".to_owned());
    }
    let number = |value: &Value| value.as_u64().unwrap_or(0);
    let phases = report["phases"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(phase, state)| {
            let status = state["status"].as_str().unwrap_or("?");
            match state["skip_reason"].as_str() {
                Some(reason) => format!("{phase}: {status} ({reason})"),
                None => format!("{phase}: {status}"),
            }
        })
        .collect();
    let failures = report["failures"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|failure| Failure {
            code: failure["code"].as_str().unwrap_or("?").to_owned(),
            title: failure["title"].as_str().unwrap_or_default().to_owned(),
            count: number(&failure["count"]),
        })
        .collect();
    let warnings = report["warnings"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, found)| found.as_array().is_some_and(|found| !found.is_empty()))
        .map(|(kind, _)| kind.clone())
        .collect();
    Ok(Run {
        specification: specification(stdout),
        operations_total: number(&report["operations"]["total"]),
        operations_tested: number(&report["operations"]["tested"]),
        test_cases: number(&report["test_cases"]["generated"]),
        test_cases_failing: number(&report["test_cases"]["with_failures"]),
        phases,
        failures,
        errors: report["errors"].as_array().map_or(0, Vec::len),
        warnings,
        exit_code: report["exit_code"].as_i64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_the_4x_one() {
        let headers = [("Authorization".to_owned(), "x".to_owned())];
        let arguments = arguments(
            Path::new("doc.json"),
            "http://127.0.0.1:4010",
            &headers,
            Path::new("r.json"),
        );
        assert_eq!(
            arguments.join(" "),
            "--no-color run doc.json --url http://127.0.0.1:4010 --max-examples 20 --seed 1 \
             --workers 1 --generation-database none --report json --report-json-path r.json --header Authorization: x"
        );
    }

    #[test]
    fn the_run_report_is_read() {
        let report = r#"{
            "schemathesis_version": "4.32.5", "exit_code": 1,
            "operations": {"total": 1, "selected": 1, "tested": 1, "errored": 0},
            "phases": {"examples": {"status": "failure", "skip_reason": null},
                       "stateful": {"status": "skip", "skip_reason": "not_applicable"}},
            "test_cases": {"generated": 4, "with_failures": 2},
            "failures": [{"type": "JsonSchemaError", "code": "ST108",
                          "title": "Response violates schema", "count": 1}],
            "errors": [],
            "warnings": {"missing_auth": [], "unsupported_regex": ["GET /a"]}
        }"#;
        let stdout = " ✅  Loaded specification from doc.json (in 0.26s)\n\n\
            \x20    Base URL:         http://127.0.0.1:4599\n\
            \x20    Specification:    Open API 3.1.0\n";
        assert_eq!(
            read(report, stdout),
            Ok(Run {
                specification: Some("Open API 3.1.0".to_owned()),
                operations_total: 1,
                operations_tested: 1,
                test_cases: 4,
                test_cases_failing: 2,
                phases: vec![
                    "examples: failure".to_owned(),
                    "stateful: skip (not_applicable)".to_owned()
                ],
                failures: vec![Failure {
                    code: "ST108".to_owned(),
                    title: "Response violates schema".to_owned(),
                    count: 1,
                }],
                errors: 0,
                warnings: vec!["unsupported_regex".to_owned()],
                exit_code: Some(1),
            })
        );
    }

    #[test]
    fn a_report_of_another_shape_is_refused() {
        assert!(read("Traceback", "").is_err());
        let error = read("{}", "").expect_err("no operations");
        assert!(error.contains("no `operations`"), "{error}");
    }
}
