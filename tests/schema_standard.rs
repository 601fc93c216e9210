//! The generated JSON Schema as a standard draft 2020-12 validator sees it, held to what the
//! schema's `x-rule-catalog` claims.
//!
//! The validator here is the `jsonschema` crate with its default options for draft 2020-12 and
//! no custom keyword, the opposite of `isales_schema::validator()`: `contentSchema` is an
//! annotation, so the JSON documents held in strings go unchecked, as in python-jsonschema or
//! plain ajv. Over every corpus payload that parses as JSON, the test checks that:
//! - a payload `isales-contract`'s validator passes at the default levels is accepted (the
//!   schema asserts nothing beyond the error-level rules);
//! - a payload that breaks a rule the catalog marks `asserted` is rejected; for a rule marked
//!   `partly-asserted` whose only unasserted part lies inside embedded documents (no
//!   `notExpressible` or `notInSchema` part), a payload that breaks it outside any embedded
//!   document is rejected. Other `partly-asserted` rules (`duplicate-key`: a report does not
//!   tell a key written twice from both spellings of an aliased field) and
//!   `asserted-with-content` ones are left out of this check;
//! - a payload the standard validator rejects breaks, at error level, a rule the catalog says
//!   such a validator asserts there, so the catalog does not undersell the schema either. A
//!   rule that lives in embedded documents counts where the payload sends a real array instead
//!   of the string (the violation is then outside any string-held document).
//!
//! Every offender is listed at once.

#[path = "corpus_manifest.rs"]
mod corpus_manifest;

use isales_contract::{Report, Violation};
use jsonschema::{Draft, Validator};
use serde_json::Value;

/// The schema compiled as any draft 2020-12 validator would: defaults, no custom keyword.
fn standard_validator() -> Validator {
    match jsonschema::options()
        .with_draft(Draft::Draft202012)
        .build(isales_schema::schema())
    {
        Ok(validator) => validator,
        Err(error) => panic!("the schema does not compile as plain draft 2020-12: {error}"),
    }
}

/// What the catalog says a standard validator does with one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    /// `asserted`: rejected wherever it is broken.
    Everywhere,
    /// `partly-asserted`, missing only what lies inside embedded documents: rejected where it
    /// is broken outside them.
    OutsideEmbeddedDocuments,
    /// `partly-asserted` with a part no schema states (`duplicate-key`): the report alone does
    /// not tell which part a payload breaks, so a rejection is allowed outside embedded
    /// documents and never required.
    SomePart,
    /// `asserted-with-content`: only a real array standing in for the string (which
    /// `array-instead-of-string` reports) is checked, in place.
    ArrayForm,
    /// `annotation`, `not-expressible`, `not-in-schema`: never rejected.
    Never,
}

/// The claim of the catalog entry of `rule`.
fn claim(rule: &str) -> Claim {
    let entry = &isales_schema::schema()["x-rule-catalog"][rule];
    let beyond = entry.get("notExpressible").is_some() || entry.get("notInSchema").is_some();
    match entry["inSchema"].as_str().unwrap_or_default() {
        "asserted" => Claim::Everywhere,
        "partly-asserted" if beyond => Claim::SomePart,
        "partly-asserted" => Claim::OutsideEmbeddedDocuments,
        "asserted-with-content" => Claim::ArrayForm,
        _ => Claim::Never,
    }
}

/// Whether the catalog requires a standard validator to reject a payload that breaks `rule`,
/// as `report` shows it broken.
fn must_reject(rule: &str, report: &Report) -> bool {
    match claim(rule) {
        Claim::Everywhere => true,
        Claim::OutsideEmbeddedDocuments => report
            .errors()
            .any(|violation| violation.rule() == rule && violation.embedded_in().is_none()),
        Claim::SomePart | Claim::ArrayForm | Claim::Never => false,
    }
}

/// Whether the catalog allows a standard validator to reject a payload for `violation`.
fn may_reject(violation: &Violation, report: &Report) -> bool {
    let array_form = report.rule_ids().contains(&"array-instead-of-string");
    match claim(violation.rule()) {
        Claim::Everywhere => true,
        Claim::OutsideEmbeddedDocuments | Claim::SomePart => violation.embedded_in().is_none(),
        Claim::ArrayForm => array_form && violation.embedded_in().is_none(),
        Claim::Never => false,
    }
}

#[test]
fn a_standard_validator_does_what_the_catalog_says() {
    let validator = standard_validator();
    let manifest = corpus_manifest::manifest();
    let mut offenders = Vec::new();
    let mut instances = 0;
    let mut rejected = 0;
    for file in corpus_manifest::files() {
        let Ok(instance) = serde_json::from_slice::<Value>(&file.bytes) else {
            continue;
        };
        instances += 1;
        let report = isales_contract::validate(&file.bytes);
        let accepted = validator.is_valid(&instance);
        rejected += usize::from(!accepted);
        if report.passed() && !accepted {
            let errors: Vec<String> = validator
                .iter_errors(&instance)
                .map(|error| format!("{}: {error}", error.instance_path()))
                .collect();
            offenders.push(format!(
                "{}: the validator passes it, the standard validator rejects it:\n  {}",
                file.name,
                errors.join("\n  ")
            ));
        }
        let broken = manifest
            .files
            .get(&file.name)
            .map(|entry| entry.rules.clone())
            .unwrap_or_default();
        for rule in &broken {
            if accepted && must_reject(rule, &report) {
                offenders.push(format!(
                    "{}: breaks `{rule}`, which the catalog says a standard validator asserts \
                     here ({:?}), yet the standard validator accepts it",
                    file.name,
                    claim(rule)
                ));
            }
        }
        if !accepted
            && !report
                .errors()
                .any(|violation| may_reject(violation, &report))
        {
            offenders.push(format!(
                "{}: the standard validator rejects it, yet the catalog says it asserts none of \
                 the rules broken here ({:?})",
                file.name,
                report.rule_ids()
            ));
        }
    }
    assert!(
        instances >= 60,
        "only {instances} payloads were JSON instances"
    );
    assert!(rejected >= 30, "only {rejected} payloads were rejected");
    assert!(offenders.is_empty(), "{}", offenders.join("\n\n"));
}

#[test]
fn the_rules_a_standard_validator_misses_are_the_ones_reported_missed() {
    // Embedded documents are not checked: a standard validator accepts a payload that breaks
    // a rule inside `resultRetry` which the asserting keyword refuses.
    let payload = serde_json::json!({
        "resultCode": "0200000",
        "returnCode": "0200000",
        "returnObject": {"retryPolicy": {"resultRetry": "[{\"result\": 1}]"}},
    });
    assert!(standard_validator().is_valid(&payload));
    assert!(!isales_schema::validator().is_valid(&payload));
    assert_eq!(
        isales_schema::schema()["x-rule-catalog"]["result-retry-fields"]["inSchema"],
        "asserted-with-content"
    );
}
