//! The committed spec file loads without mistakes and says what the design says.

use isales_spec::{FieldType, Provenance, RuleKind, Severity, TableKind, TableNo, load_embedded};

fn spec() -> isales_spec::Spec {
    match load_embedded() {
        Ok(spec) => spec,
        Err(errors) => panic!("{errors}"),
    }
}

#[test]
fn has_every_table_of_the_page() {
    let spec = spec();
    let numbers: Vec<u8> = spec.tables.iter().map(|table| table.number.0).collect();
    assert_eq!(numbers, (1..=21).collect::<Vec<_>>());
    assert_eq!(
        spec.table(TableNo(21)).map(|table| table.kind),
        Some(TableKind::ErrorCodes)
    );
}

#[test]
fn keeps_wire_names_and_codes_exactly() {
    let spec = spec();
    let (table, field) = spec.field_by_param("5.11.4.2.2").expect("row 5.11.4.2.2");
    assert_eq!(
        (table.number, field.name.as_str()),
        (TableNo(10), "mimAvgCallTime")
    );
    assert_eq!(field.aliases[0].name, "minAvgCallTime");
    let codes: Vec<&str> = spec
        .error_codes()
        .iter()
        .map(|code| code.code.as_str())
        .collect();
    assert_eq!(codes.len(), 14);
    assert!(
        codes.contains(&"0200001") && codes.contains(&"02000001"),
        "{codes:?}"
    );
}

#[test]
fn marks_the_embedded_documents() {
    let spec = spec();
    let mut embedded: Vec<(&str, u8)> = spec
        .tables
        .iter()
        .flat_map(|table| table.fields.iter())
        .filter_map(|field| field.embedded.map(|table| (field.name.as_str(), table.0)))
        .collect();
    embedded.sort_unstable();
    assert_eq!(
        embedded,
        [
            ("busiPolicy", 18),
            ("policy", 20),
            ("policyJson", 19),
            ("resultRetry", 15),
            ("turns", 17)
        ]
    );
}

#[test]
fn conditional_rules_are_documented_errors() {
    let spec = spec();
    let conditional: Vec<&str> = spec
        .rules
        .iter()
        .filter(|rule| matches!(rule.kind, RuleKind::RequiredIf(_) | RuleKind::OneOfForms(_)))
        .filter(|rule| rule.provenance == Provenance::Documented)
        .inspect(|rule| assert_eq!(rule.severity, Severity::Error, "{}", rule.id))
        .map(|rule| rule.id.as_str())
        .collect();
    for id in [
        "ivr-param-required",
        "skill-param-required",
        "predict-param-required",
        "preview-param-required",
        "predict-algorithm-param-required",
        "retry-policy-form",
        "result-retry-fields",
        "policy-json-required",
        "number-policy-fields",
        "round-call-fields",
        "turn-fields",
        "busi-policy-fields",
    ] {
        assert!(
            conditional.contains(&id),
            "{id} missing from {conditional:?}"
        );
    }
}

#[test]
fn object_rows_point_at_object_tables() {
    let spec = spec();
    let campaign = spec.table(TableNo(4)).expect("table 4");
    let skill = campaign.field("skillParam").expect("skillParam");
    assert_eq!(skill.ty, FieldType::Object(TableNo(7)));
}
