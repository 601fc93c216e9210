//! The Markdown summary of an `openapi-peers` run (`target/peers/openapi/summary.md`): the
//! tools' versions, each document as Spectral and openapi-spec-validator see it, Prism's
//! responses as our validator sees them (per rule, out of how many responses), and what
//! Schemathesis said. Rendering only: every number comes in with [`Summary`].

use std::fmt::Write as _;

use super::capture::Capture;
use super::findings::Findings;
use super::schemathesis::Run;
use super::spec_validator::Verdict;
use super::spectral::{Lint, Severity};

/// What one document gave.
#[derive(Debug, Clone)]
pub(crate) struct DocumentResults {
    /// The document's path as shown.
    pub path: String,
    /// Its `openapi` member.
    pub openapi: String,
    pub spectral: Lint,
    /// openapi-spec-validator's command line on the file.
    pub spec_validator: Verdict,
    /// openapi-spec-validator's library on the document read as JSON.
    pub spec_validator_json: Verdict,
    /// Schemathesis's run against the mock, or why it gave no report.
    pub schemathesis: Result<Run, String>,
}

/// One mode of the mock.
#[derive(Debug, Clone)]
pub(crate) struct MockResults {
    /// `dynamic` or `static`.
    pub mode: &'static str,
    /// The `prism mock` command line as shown.
    pub command: String,
    pub capture: Capture,
    /// The NDJSON file as shown.
    pub ndjson: String,
    pub findings: Findings,
}

/// Everything the summary shows.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    pub versions: Vec<(String, String)>,
    pub documents: Vec<DocumentResults>,
    /// The request sent to the mock: path and header names.
    pub request: String,
    pub mocks: Vec<MockResults>,
    /// The command that validated the captures.
    pub validate_command: String,
}

impl Summary {
    /// Whether a document failed a linter or validator of OpenAPI (Spectral errors,
    /// openapi-spec-validator refusing it): the documents are ours to fix, unlike what the
    /// mock's made-up data breaks.
    pub(crate) fn documents_failed(&self) -> bool {
        self.documents.iter().any(|document| {
            document.spectral.count(Severity::Error) > 0
                || !document.spec_validator.passed
                || !document.spec_validator_json.passed
        })
    }

    pub(crate) fn render(&self) -> String {
        let mut out = String::from(
            "# The OpenAPI documents with other tools\n\n\
             Written by `cargo xtask openapi-peers`; every number below comes from that run.\n\n\
             ## Tools\n\n| tool | version |\n| --- | --- |\n",
        );
        for (tool, version) in &self.versions {
            let _ = writeln!(out, "| {tool} | {version} |");
        }
        self.render_documents(&mut out);
        self.render_mocks(&mut out);
        self.render_schemathesis(&mut out);
        out
    }

    fn render_documents(&self, out: &mut String) {
        out.push_str(
            "\n## The documents\n\n\
             Spectral with the `spectral:oas` ruleset; openapi-spec-validator's command line \
             on the file, and its library on the document read as JSON.\n\n\
             | document | OpenAPI | Spectral errors | warnings | information | hints \
             | openapi-spec-validator | on the JSON |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for document in &self.documents {
            let lint = &document.spectral;
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                document.path,
                document.openapi,
                lint.count(Severity::Error),
                lint.count(Severity::Warning),
                lint.count(Severity::Information),
                lint.count(Severity::Hint),
                cell(&document.spec_validator.said),
                cell(&document.spec_validator_json.said),
            );
        }
        let mut listed = false;
        for document in &self.documents {
            for severity in Severity::ALL {
                let rules = document.spectral.rules_of(severity);
                if rules.is_empty() {
                    continue;
                }
                if !listed {
                    out.push_str("\nSpectral's results by rule:\n\n");
                    listed = true;
                }
                let _ = writeln!(
                    out,
                    "- `{}`, {}: {}",
                    document.path,
                    severity.name(),
                    rules.join(", ")
                );
            }
        }
    }

    fn render_mocks(&self, out: &mut String) {
        let _ = write!(
            out,
            "\n## Prism's responses through our validator\n\n\
             Request: {}. Validated with `{}`.\n\n\
             | mode | responses (by status) | flagged by Prism's own check | pass, clean \
             | pass, warnings only | fail |\n| --- | --- | --- | --- | --- | --- |\n",
            self.request, self.validate_command
        );
        for mock in &self.mocks {
            let statuses: Vec<String> = mock
                .capture
                .statuses
                .iter()
                .map(|(status, count)| format!("{status}: {count}"))
                .collect();
            let findings = &mock.findings;
            let pass = findings.with_verdict("pass");
            let _ = writeln!(
                out,
                "| {} | {} ({}) | {} | {} | {} | {} |",
                mock.mode,
                mock.capture.requested,
                statuses.join(", "),
                mock.capture.flagged_by_prism,
                findings.clean,
                pass.saturating_sub(findings.clean),
                findings.with_verdict("fail"),
            );
        }
        for mock in &self.mocks {
            let _ = write!(
                out,
                "\n### {} mode: the rules broken\n\n`{}`, {} bodies saved to `{}`.\n\n",
                mock.mode, mock.command, mock.capture.saved, mock.ndjson
            );
            if mock.findings.rules.is_empty() {
                out.push_str("No rule broken.\n");
                continue;
            }
            let _ = writeln!(
                out,
                "| rule | level | payloads (of {}) | violations | most often at |\n\
                 | --- | --- | --- | --- | --- |",
                mock.findings.checked
            );
            for rule in &mock.findings.rules {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | `{}` |",
                    rule.rule, rule.level, rule.payloads, rule.occurrences, rule.pointer
                );
            }
        }
    }

    fn render_schemathesis(&self, out: &mut String) {
        out.push_str(
            "\n## Schemathesis against the dynamic mock\n\n\
             | document | loaded as | operations tested | test cases | with failures \
             | failures | errors | warnings | exit |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for document in &self.documents {
            match &document.schemathesis {
                Ok(run) => {
                    let failures: Vec<String> = run
                        .failures
                        .iter()
                        .map(|failure| {
                            format!("{} {} ({})", failure.code, failure.title, failure.count)
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "| `{}` | {} | {} of {} | {} | {} | {} | {} | {} | {} |",
                        document.path,
                        run.specification.as_deref().unwrap_or("?"),
                        run.operations_tested,
                        run.operations_total,
                        run.test_cases,
                        run.test_cases_failing,
                        or_none(&failures.join("; ")),
                        run.errors,
                        or_none(&run.warnings.join(", ")),
                        run.exit_code
                            .map_or("?".to_owned(), |code| code.to_string()),
                    );
                }
                Err(said) => {
                    let _ = writeln!(
                        out,
                        "| `{}` | no report: {} | | | | | | | |",
                        document.path,
                        cell(said)
                    );
                }
            }
        }
        let phases: Vec<String> = self
            .documents
            .iter()
            .filter_map(|document| {
                let run = document.schemathesis.as_ref().ok()?;
                Some(format!("`{}`: {}", document.path, run.phases.join(", ")))
            })
            .collect();
        if !phases.is_empty() {
            let _ = writeln!(out, "\nPhases: {}.", phases.join("; "));
        }
    }
}

/// `text` as one table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or_default()
        .trim()
        .replace('|', "\\|")
}

fn or_none(text: &str) -> &str {
    if text.is_empty() { "none" } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi_peers::findings::RuleCount;
    use crate::openapi_peers::schemathesis::Failure;

    fn summary() -> Summary {
        let mut lint = Lint::default();
        lint.rules
            .insert((Severity::Warning, "info-contact".to_owned()), 1);
        let mut findings = Findings {
            checked: 2,
            clean: 0,
            ..Findings::default()
        };
        findings.verdicts.insert("fail".to_owned(), 1);
        findings.verdicts.insert("pass".to_owned(), 1);
        findings.rules.push(RuleCount {
            rule: "type-mismatch".to_owned(),
            level: "error".to_owned(),
            payloads: 1,
            occurrences: 3,
            pointer: "/returnObject/id".to_owned(),
        });
        let mut capture = Capture {
            requested: 2,
            flagged_by_prism: 1,
            saved: 2,
            ..Capture::default()
        };
        capture.statuses.insert(200, 2);
        Summary {
            versions: vec![("@stoplight/spectral-cli".to_owned(), "6.16.3".to_owned())],
            documents: vec![DocumentResults {
                path: "a.openapi.json".to_owned(),
                openapi: "3.1.0".to_owned(),
                spectral: lint,
                spec_validator: Verdict {
                    passed: true,
                    said: "a.openapi.json: OK".to_owned(),
                },
                spec_validator_json: Verdict {
                    passed: true,
                    said: "valid".to_owned(),
                },
                schemathesis: Ok(Run {
                    specification: Some("Open API 3.1.0".to_owned()),
                    operations_total: 1,
                    operations_tested: 1,
                    test_cases: 4,
                    test_cases_failing: 1,
                    phases: vec!["examples: success".to_owned()],
                    failures: vec![Failure {
                        code: "ST103".to_owned(),
                        title: "Undocumented status code".to_owned(),
                        count: 1,
                    }],
                    errors: 0,
                    warnings: Vec::new(),
                    exit_code: Some(1),
                }),
            }],
            request: "`GET /x`".to_owned(),
            mocks: vec![MockResults {
                mode: "dynamic",
                command: "prism mock --dynamic a.openapi.json".to_owned(),
                capture,
                ndjson: "target/peers/openapi/dynamic.ndjson".to_owned(),
                findings,
            }],
            validate_command: "isales-contract validate --format json FILE".to_owned(),
        }
    }

    #[test]
    fn every_result_has_its_row() {
        let text = summary().render();
        for expected in [
            "| @stoplight/spectral-cli | 6.16.3 |\n",
            "| `a.openapi.json` | 3.1.0 | 0 | 1 | 0 | 0 | a.openapi.json: OK | valid |\n",
            "- `a.openapi.json`, warning: info-contact (1)\n",
            "| dynamic | 2 (200: 2) | 1 | 0 | 1 | 1 |\n",
            "| rule | level | payloads (of 2) | violations | most often at |\n",
            "| `type-mismatch` | error | 1 | 3 | `/returnObject/id` |\n",
            "| `a.openapi.json` | Open API 3.1.0 | 1 of 1 | 4 | 1 \
             | ST103 Undocumented status code (1) | 0 | none | 1 |\n",
            "Phases: `a.openapi.json`: examples: success.\n",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        assert!(!summary().documents_failed());
    }

    #[test]
    fn a_refused_document_fails_the_run() {
        let mut refused = summary();
        refused.documents[0].spec_validator = Verdict {
            passed: false,
            said: "a: Validation Error: | bad\nmore".to_owned(),
        };
        refused.documents[0].schemathesis = Err("cannot load".to_owned());
        assert!(refused.documents_failed());
        let text = refused.render();
        assert!(
            text.contains("a: Validation Error: \\| bad | valid |"),
            "{text}"
        );
        assert!(text.contains("| no report: cannot load |"), "{text}");
        let mut linted = summary();
        linted.documents.iter_mut().for_each(|document| {
            document
                .spectral
                .rules
                .insert((Severity::Error, "oas3-schema".to_owned()), 2);
        });
        assert!(linted.documents_failed());
    }
}
