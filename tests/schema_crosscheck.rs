//! Differential test: the validator of `isales-contract` and the generated JSON Schema (through
//! `isales_schema::validator()`) judge every payload of the corpus alike.
//!
//! The schema asserts the error-level rules and leaves warnings to annotations, so at default
//! levels the two verdicts agree, except where the schema cannot see what the validator checks.
//! Those cases are listed in [`EXCEPTIONS`], one entry per rule and kind of disagreement, with
//! the files where it shows and why. The test asserts each listed file disagrees exactly as
//! listed and every other file agrees, so an accidental new disagreement (or a fixed one) fails.
//!
//! Not exceptions, because the schema rejects them too: `single-quoted-json` (its
//! `contentSchema` keyword reads embedded documents strictly, so single quotes do not parse),
//! `nesting-limit` inside an embedded document (`serde_json` stops at the same depth), and
//! duplicate spellings of `mimAvgCallTime` (the schema forbids both names in one object).

#[path = "corpus_manifest.rs"]
mod corpus_manifest;

use serde_json::Value;

/// How the two sides disagree on a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Disagreement {
    /// The validator fails the payload; the schema validates it and finds nothing wrong.
    SchemaAccepts,
    /// The validator fails the payload; `serde_json` cannot read it, so there is no instance
    /// for the schema to judge.
    NotAnInstance,
}

/// Rules, or ways of breaking them, that the schema cannot express.
struct Exception {
    /// The rule the validator reports.
    rule: &'static str,
    /// How the verdicts differ.
    disagreement: Disagreement,
    /// Why the schema cannot do better.
    reason: &'static str,
    /// The corpus files where it shows.
    files: &'static [&'static str],
}

const EXCEPTIONS: &[Exception] = &[
    Exception {
        rule: "malformed-json",
        disagreement: Disagreement::NotAnInstance,
        reason: "A payload that does not parse (or starts with a byte order mark, which \
                 serde_json refuses too) is not a JSON instance; a schema judges instances only.",
        files: &[
            "invalid/malformed-json--byte-order-mark.json",
            "invalid/malformed-json--empty.json",
            "invalid/malformed-json--not-utf8.json",
            "invalid/malformed-json--trailing-comma.json",
            "invalid/malformed-json--truncated.json",
        ],
    },
    Exception {
        rule: "nesting-limit",
        disagreement: Disagreement::NotAnInstance,
        reason: "serde_json refuses to nest deeper than 128 levels, the same bound the validator \
                 follows, so the payload never becomes an instance.",
        files: &["invalid/nesting-limit--deep-extension.json"],
    },
    Exception {
        rule: "integer-format",
        disagreement: Disagreement::NotAnInstance,
        reason: "serde_json reads 1e400 as an infinite float and refuses it, so the payload is no \
                 instance; RFC 8259 allows the number, the contract does not.",
        files: &["invalid/integer-format--exponent-overflow.json"],
    },
    Exception {
        rule: "integer-format",
        disagreement: Disagreement::SchemaAccepts,
        reason: "JSON Schema's `integer` is a mathematical integer: 30.0, 8.5e1 and -0 qualify, \
                 and numbers outside 64 bits are still integers to it. The validator wants what \
                 a typed client can read: a plain integer that fits i64.",
        files: &[
            "invalid/integer-format--exponent.json",
            "invalid/integer-format--fraction.json",
            "invalid/integer-format--i64-overflow.json",
            "invalid/integer-format--inside-result-retry.json",
            "invalid/integer-format--negative-overflow.json",
            "invalid/integer-format--negative-zero.json",
        ],
    },
    Exception {
        rule: "duplicate-key",
        disagreement: Disagreement::SchemaAccepts,
        reason: "serde_json keeps the last of two equal keys silently, so the instance the schema \
                 sees has no duplicate left (inside embedded documents too, which the \
                 contentSchema keyword parses with serde_json).",
        files: &[
            "invalid/duplicate-key--campaign-status.json",
            "invalid/duplicate-key--inside-nested-policy.json",
            "invalid/duplicate-key--inside-result-retry.json",
            "invalid/duplicate-key--top-level.json",
        ],
    },
];

/// The exceptions that list `file`.
fn listed(file: &str) -> Vec<&'static Exception> {
    EXCEPTIONS
        .iter()
        .filter(|exception| exception.files.contains(&file))
        .collect()
}

#[test]
fn the_validator_and_the_schema_agree_except_where_listed() {
    let manifest = corpus_manifest::manifest();
    let schema = isales_schema::validator();
    let mut failures = Vec::new();
    let mut instances = 0;
    for file in corpus_manifest::files() {
        let report = isales_contract::validate(&file.bytes);
        let observed = match serde_json::from_slice::<Value>(&file.bytes) {
            Err(_) => Some(Disagreement::NotAnInstance),
            Ok(instance) => {
                instances += 1;
                let schema_passes = schema.is_valid(&instance);
                match (report.passed(), schema_passes) {
                    (true, true) | (false, false) => None,
                    (false, true) => Some(Disagreement::SchemaAccepts),
                    (true, false) => {
                        let causes: Vec<String> = schema
                            .iter_errors(&instance)
                            .flat_map(|error| isales_schema::causes(&error))
                            .map(|cause| format!("{}: {}", cause.instance_path, cause.message))
                            .collect();
                        failures.push(format!(
                            "{}: the validator passes it but the schema rejects it (the schema \
                             must assert error-level rules only):\n  {}",
                            file.name,
                            causes.join("\n  ")
                        ));
                        continue;
                    }
                }
            }
        };
        if observed == Some(Disagreement::NotAnInstance) && report.passed() {
            failures.push(format!(
                "{}: not JSON to serde_json, yet the validator passes it",
                file.name
            ));
            continue;
        }
        let exceptions = listed(&file.name);
        assert!(
            exceptions.len() <= 1,
            "{} is listed more than once",
            file.name
        );
        let exception = exceptions.first().copied();
        if observed != exception.map(|exception| exception.disagreement) {
            failures.push(format!(
                "{}: expected {}, observed {}\n{report}",
                file.name,
                exception.map_or("agreement".to_owned(), |exception| format!(
                    "{:?}",
                    exception.disagreement
                )),
                observed.map_or("agreement".to_owned(), |disagreement| format!(
                    "{disagreement:?}"
                )),
            ));
            continue;
        }
        // A rule's exception explains the file only if the file breaks that rule.
        if let Some(&Exception { rule, .. }) = exception {
            let rules = manifest
                .files
                .get(&file.name)
                .map(|entry| entry.rules.clone())
                .unwrap_or_default();
            let reported = report.rule_ids();
            if !rules.iter().any(|expected| expected == rule) || !reported.contains(&rule) {
                failures.push(format!(
                    "{}: listed under `{rule}`, which it does not break (manifest {rules:?}, \
                     reported {reported:?})",
                    file.name
                ));
            }
        }
    }
    assert!(
        instances >= 60,
        "only {instances} payloads were JSON instances"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_listed_file_exists_and_every_exception_has_a_reason() {
    let names: Vec<String> = corpus_manifest::files()
        .into_iter()
        .map(|file| file.name)
        .collect();
    let mut problems = Vec::new();
    for exception in EXCEPTIONS {
        if isales_contract::rules::lookup(exception.rule).is_none() {
            problems.push(format!("`{}` is not a rule", exception.rule));
        }
        if exception.reason.trim().is_empty() || exception.files.is_empty() {
            problems.push(format!(
                "`{}`: give the reason and the files",
                exception.rule
            ));
        }
        for file in exception.files {
            if !names.iter().any(|name| name == file) {
                problems.push(format!("`{}`: no file {file}", exception.rule));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
