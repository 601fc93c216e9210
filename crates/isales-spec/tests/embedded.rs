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
fn requirements_from_our_reading_are_inferred() {
    let spec = spec();
    // Table 3 has no Mandatory column: the envelope codes are required by our reading.
    let envelope = spec.table(TableNo(3)).expect("table 3");
    for name in ["resultCode", "returnCode"] {
        let required = envelope
            .field(name)
            .and_then(|field| field.required.as_ref());
        assert_eq!(
            required.map(|required| (required.rule.as_str(), required.provenance)),
            Some(("required-field", Provenance::Inferred)),
            "{name}"
        );
    }
    let preview = spec.table(TableNo(8)).expect("table 8");
    assert!(preview.fields.iter().all(|field| {
        field
            .required
            .as_ref()
            .is_some_and(|required| required.provenance == Provenance::Documented)
    }));

    // The meaning of Table 19's `type` is ours, so every case of number-policy-fields is.
    let number_policy = spec.rule("number-policy-fields").expect("rule");
    assert_eq!(
        (number_policy.severity, number_policy.provenance),
        (Severity::Error, Provenance::Inferred)
    );

    // busiResultCode is required by our reading; callInterval by row 5.13.8.4.
    let busi = spec.rule("busi-policy-fields").expect("rule");
    let RuleKind::RequiredIf(cases) = &busi.kind else {
        panic!("busi-policy-fields is a required-if rule");
    };
    let provenances: Vec<(String, Provenance)> = cases
        .iter()
        .map(|case| (case.require[0].to_string(), case.provenance))
        .collect();
    assert_eq!(
        provenances,
        [
            ("busiResultCode".to_owned(), Provenance::Inferred),
            ("callInterval".to_owned(), Provenance::Documented)
        ]
    );

    let integer = spec.rule("integer-format").expect("rule");
    assert!(
        integer
            .parts
            .iter()
            .any(|part| part.provenance == Provenance::Inferred && part.summary.contains("`-0`"))
    );
}

#[test]
fn fields_the_page_does_not_list_have_no_row_number() {
    let spec = spec();
    for (table, name) in [(4, "id"), (2, "locale")] {
        let field = spec
            .table(TableNo(table))
            .and_then(|table| table.field(name))
            .expect("field");
        assert_eq!(field.param(), None, "{name}");
        assert!(field.row.off_page().is_some(), "{name}");
        assert_eq!(field.provenance, Provenance::Inferred, "{name}");
    }
    let locale = spec.rule("locale-format").expect("rule");
    assert_eq!(
        locale.doc().to_string(),
        "Table 2 locale (not on the page: newer revisions of the page)"
    );
}

#[test]
fn object_rows_point_at_object_tables() {
    let spec = spec();
    let campaign = spec.table(TableNo(4)).expect("table 4");
    let skill = campaign.field("skillParam").expect("skillParam");
    assert_eq!(skill.ty, FieldType::Object(TableNo(7)));
}

#[test]
fn says_once_what_each_hand_written_check_reads() {
    let spec = spec();
    let names: Vec<&str> = spec
        .checks
        .iter()
        .map(|check| check.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "envelope",
            "out_bound_type",
            "schedule",
            "period",
            "avg_call_time",
            "busi_interval"
        ]
    );
    let schedule = spec.check("schedule").expect("the schedule check");
    assert_eq!(
        schedule.rules,
        [
            "schedule-segment-incomplete",
            "schedule-segment-order",
            "schedule-segment-overlap"
        ]
    );
    let holiday = schedule.role("holiday").expect("holiday windows");
    assert_eq!(holiday.rows.len(), 6);
    assert_eq!(
        holiday.rows[5].doc.to_string(),
        "Table 5, 5.9.12 holidayEndTime3"
    );
    let out_bound = spec.check("out_bound_type").expect("the out-bound check");
    let row = &out_bound.role("out_bound_type").expect("outBoundType").rows[0];
    assert_eq!(
        (row.table, row.path.to_string(), row.doc.to_string()),
        (
            TableNo(4),
            "skillParam.outBoundType".to_owned(),
            "Table 7, 5.11.3 outBoundType".to_owned()
        )
    );
    let avg = spec
        .check("avg_call_time")
        .expect("the average call time check");
    let tables: Vec<u8> = avg
        .role("min")
        .expect("min")
        .rows
        .iter()
        .map(|row| row.doc.table.0)
        .collect();
    assert_eq!(tables, [10, 11, 12]);
    for rule in &spec.rules {
        assert_eq!(
            rule.check.is_some(),
            spec.checks
                .iter()
                .any(|check| check.rules.contains(&rule.id)),
            "{}",
            rule.id
        );
    }
}
