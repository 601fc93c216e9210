//! Every violation is traceable to the vendor page, and no reference invents a row.
//!
//! The test validates every payload of the corpus and every rule's example, then holds each
//! violation to three promises:
//!
//! - it carries a documentation reference (a row when one applies, else its rule's own);
//! - the reference exists in the spec: its table, and its row by number and name, or, for a
//!   field the page does not list, by name with the same "not on the page" source;
//! - a reference to something not on the page comes with provenance `inferred`.
//!
//! The rule catalog's own references are held to the second promise too, since SARIF and
//! `explain` show them as each rule's help.

#[path = "corpus_manifest.rs"]
mod corpus_manifest;

use isales_contract::{DocRef, Provenance, Violation};
use isales_spec::{Row, Spec};

fn spec() -> Spec {
    isales_spec::load_embedded().unwrap_or_else(|errors| panic!("{errors}"))
}

/// Why `doc` does not name a place of the page as the spec transcribes it, if it does not.
fn unknown_place(spec: &Spec, doc: &DocRef) -> Option<String> {
    let Some(table) = spec.table(isales_spec::TableNo(doc.table)) else {
        return Some(format!("Table {} does not exist", doc.table));
    };
    let Some(name) = doc.name else {
        return match (doc.param, doc.off_page) {
            (None, None) => None,
            _ => Some("a row number or source without the row's name".to_owned()),
        };
    };
    if let Some(code) = table.codes.iter().find(|code| code.code == name) {
        return match doc.param {
            Some(param) if param == code.no.to_string() => None,
            _ => Some(format!("code {name} is row {} of Table 21", code.no)),
        };
    }
    let Some(field) = table.fields.iter().find(|field| field.name == name) else {
        return Some(format!("Table {} has no row `{name}`", doc.table));
    };
    match (&field.row, doc.param, doc.off_page) {
        (Row::Numbered(param), Some(cited), None) if param.0 == cited => None,
        (Row::OffPage(source), None, Some(cited)) if source == cited => None,
        (Row::Numbered(param), _, _) => Some(format!(
            "`{name}` is row {param} of Table {}, cited as {doc}",
            doc.table
        )),
        (Row::OffPage(source), _, _) => Some(format!(
            "`{name}` is not on the page ({source}), cited as {doc}"
        )),
    }
}

fn check(spec: &Spec, source: &str, violations: &[Violation], problems: &mut Vec<String>) {
    for violation in violations {
        let at = format!(
            "{source}: [{}] at {}",
            violation.rule(),
            if violation.pointer().is_empty() {
                "/"
            } else {
                violation.pointer()
            }
        );
        let Some(doc) = violation.doc() else {
            problems.push(format!("{at}: no documentation reference"));
            continue;
        };
        if let Some(problem) = unknown_place(spec, &doc) {
            problems.push(format!("{at}: {problem}"));
        }
        if !doc.is_on_page() && violation.provenance() != Provenance::Inferred {
            problems.push(format!(
                "{at}: cites {doc}, which is not on the page, yet says `documented`"
            ));
        }
    }
}

#[test]
fn every_violation_of_the_corpus_and_the_examples_cites_the_page() {
    let spec = spec();
    let mut problems = Vec::new();
    let mut checked = 0;
    let files = corpus_manifest::files();
    assert!(files.len() > 150, "the corpus did not load");
    for file in files {
        let report = isales_contract::validate(&file.bytes);
        checked += report.violations.len();
        check(&spec, &file.name, &report.violations, &mut problems);
    }
    for info in isales_contract::rules::catalog() {
        let Some(example) = info.example else {
            continue;
        };
        let report = isales_contract::validate(example.as_bytes());
        checked += report.violations.len();
        check(
            &spec,
            &format!("example of {}", info.rule.id),
            &report.violations,
            &mut problems,
        );
    }
    assert!(checked > 0, "no violation was checked");
    assert!(
        problems.is_empty(),
        "{} violations are not traceable to the page:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_catalog_cites_only_places_of_the_page() {
    let spec = spec();
    let mut problems = Vec::new();
    for info in isales_contract::rules::catalog() {
        assert!(
            info.doc().is_some(),
            "{}: a rule of the contract cites at least one place",
            info.rule.id
        );
        for doc in info.docs() {
            if let Some(problem) = unknown_place(&spec, doc) {
                problems.push(format!("{}: {problem}", info.rule.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_row_the_page_does_not_list_is_cited_as_such_and_inferred() {
    let payload = br#"{"resultCode": "0200000", "resultDesc": "", "returnCode": "0200000",
        "returnDesc": "", "returnObject": {"id": "146", "name": "spring", "status": 2,
        "deviceType": 1, "ivrParam": {}, "strBeginTime": "2018-12-01 00:00:00",
        "strEndTime": "2018-12-02 00:00:00"}}"#;
    let report = isales_contract::validate(payload);
    let violation = report
        .violations
        .iter()
        .find(|violation| violation.pointer() == "/returnObject/id")
        .expect("a string id breaks type-mismatch");
    assert_eq!(violation.rule(), "type-mismatch");
    assert_eq!(violation.provenance(), Provenance::Inferred);
    let doc = violation.doc().expect("a reference");
    assert_eq!(doc.param, None);
    assert_eq!(
        doc.to_string(),
        "Table 4 id (not on the page: seen in the page's response example)"
    );
}

#[test]
fn requirements_of_our_reading_report_inferred_and_the_rest_documented() {
    let provenance = |payload: &[u8], pointer: &str| {
        let report = isales_contract::validate(payload);
        report
            .violations
            .iter()
            .find(|violation| violation.pointer() == pointer)
            .map(|violation| (violation.rule(), violation.provenance()))
    };
    // Table 3 has no Mandatory column: the codes are required by our reading.
    assert_eq!(
        provenance(br#"{"returnCode": "0200007"}"#, "/resultCode"),
        Some(("required-field", Provenance::Inferred))
    );
    // Table 8 marks its rows mandatory.
    let preview = br#"{"resultCode": "0200000", "returnCode": "0200000", "returnObject":
        {"deviceType": 5, "skillParam": {"outBoundType": 5,
        "previewParam": {"obCallCount": 1, "autoCallTime": 10}}}}"#;
    assert_eq!(
        provenance(
            preview,
            "/returnObject/skillParam/previewParam/failInterval"
        ),
        Some(("required-field", Provenance::Documented))
    );
    // `-0` is refused by our reading; `2.0` by the page's Integer type.
    let integer = |text: &str| {
        let payload = format!(
            r#"{{"resultCode": "0200000", "returnCode": "0200000", "returnObject": {{"maxAlertingTime": {text}}}}}"#
        );
        provenance(payload.as_bytes(), "/returnObject/maxAlertingTime")
    };
    assert_eq!(
        integer("-0"),
        Some(("integer-format", Provenance::Inferred))
    );
    assert_eq!(
        integer("20.0"),
        Some(("integer-format", Provenance::Documented))
    );
    // busiResultCode is required by our reading; callInterval by row 5.13.8.4.
    let busi = |entry: &str| {
        let payload = format!(
            r#"{{"resultCode": "0200000", "returnCode": "0200000", "returnObject": {{"retryPolicy": {{"busiPolicy": "[{entry}]"}}}}}}"#
        );
        let report = isales_contract::validate(payload.as_bytes());
        report
            .violations
            .iter()
            .filter(|violation| violation.rule() == "busi-policy-fields")
            .map(|violation| (violation.pointer().to_owned(), violation.provenance()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        busi(r#"{\"busiResultPolicy\": 2}"#),
        [
            (
                "/returnObject/retryPolicy/busiPolicy/0/busiResultCode".to_owned(),
                Provenance::Inferred
            ),
            (
                "/returnObject/retryPolicy/busiPolicy/0/callInterval".to_owned(),
                Provenance::Documented
            ),
        ]
    );
}
