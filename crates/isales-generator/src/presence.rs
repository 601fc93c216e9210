//! The spec's presence rules evaluated on a [`Doc`]: which always-required rows,
//! `required-if` cases, `one-of-forms` and `absent-unless` cases a document breaks, and where.
//!
//! Mutation operators promise to break exactly one rule. Removing a field or changing a
//! discriminator can make another presence rule apply (removing `turns` under round dialling
//! breaks `turn-fields` and `round-call-fields` at once), so operators skip the sites where
//! this oracle sees a new error-level finding of another rule, and `repair` an object after
//! changing its discriminator on purpose.
//!
//! It follows the semantics the spec writes down: missing and `null` are absent; an absent
//! field equals nothing in a condition; a path is satisfied only where every step exists, a
//! missing container is one finding at the container, and a container of the wrong shape is
//! left to the type checks.

use std::collections::BTreeSet;

use isales_spec::{FieldType, RuleKind, Scalar, Spec, Step, Table};

use crate::doc::{Doc, Object, child_pointer};
use crate::fillers::Fillers;

/// A rule broken at a JSON pointer.
pub type Finding = (String, String);

/// Every presence rule `doc` breaks, by rule id and pointer.
#[must_use]
pub fn findings(spec: &Spec, doc: &Doc) -> BTreeSet<Finding> {
    let mut found = BTreeSet::new();
    for (pointer, object) in doc.objects() {
        if let Some(table) = object.table.and_then(|number| spec.table(number)) {
            object_findings(spec, table, &pointer, object, &mut found);
        }
    }
    found
}

/// The member `name` of an object of `table`, under its documented spelling or an alias.
pub(crate) fn member<'o>(table: &Table, object: &'o Object, name: &str) -> Option<&'o Doc> {
    member_in(Some(table), object, name)
}

fn member_in<'o>(table: Option<&Table>, object: &'o Object, name: &str) -> Option<&'o Doc> {
    object.get(name).or_else(|| {
        let field = table?.fields.iter().find(|field| field.name == name)?;
        field
            .aliases
            .iter()
            .find_map(|alias| object.get(&alias.name))
    })
}

fn present(table: &Table, object: &Object, name: &str) -> bool {
    member(table, object, name)
        .is_some_and(|value| *value != Doc::Null && !blank(table, name, value))
}

/// Whether `value` is `""` in a row whose empty string means "not set".
fn blank(table: &Table, name: &str, value: &Doc) -> bool {
    matches!(value, Doc::String(text) if text.is_empty())
        && table.field(name).is_some_and(|field| field.empty.is_some())
}

/// A member as conditions see it.
pub(crate) fn scalar<'o>(table: &Table, object: &'o Object, name: &str) -> Scalar<'o> {
    match member(table, object, name) {
        None | Some(Doc::Null) => Scalar::Absent,
        Some(value) if blank(table, name, value) => Scalar::Absent,
        Some(Doc::Number(raw)) => crate::doc::integer(raw).map_or(Scalar::Other, Scalar::Int),
        Some(Doc::String(text)) => Scalar::Str(text),
        Some(_) => Scalar::Other,
    }
}

fn object_findings(
    spec: &Spec,
    table: &Table,
    pointer: &str,
    object: &Object,
    found: &mut BTreeSet<Finding>,
) {
    let lookup = |name: &str| scalar(table, object, name);
    for field in &table.fields {
        if let Some(required) = &field.required
            && !present(table, object, &field.name)
        {
            found.insert((required.rule.clone(), child_pointer(pointer, &field.name)));
        }
    }
    for rule in &spec.rules {
        match &rule.kind {
            RuleKind::RequiredIf(cases) => {
                for case in cases.iter().filter(|case| case.table == table.number) {
                    if case.when.as_ref().is_none_or(|when| when.eval(&lookup)) {
                        for path in &case.require {
                            let steps = path.steps();
                            missing_along(Some(table), object, steps, pointer, &rule.id, found);
                        }
                    }
                }
            }
            RuleKind::OneOfForms(forms) if forms.table == table.number => {
                let complete = forms
                    .forms
                    .iter()
                    .any(|form| form.iter().all(|path| present(table, object, path.head())));
                if forms.when.eval(&lookup) && !complete {
                    found.insert((rule.id.clone(), pointer.to_owned()));
                }
            }
            RuleKind::AbsentUnless(cases) => {
                for case in cases.iter().filter(|case| case.table == table.number) {
                    if present(table, object, &case.field) && !case.unless.eval(&lookup) {
                        found.insert((rule.id.clone(), child_pointer(pointer, &case.field)));
                    }
                }
            }
            _ => {}
        }
    }
}

fn missing_along(
    table: Option<&Table>,
    object: &Object,
    steps: &[Step],
    pointer: &str,
    rule: &str,
    found: &mut BTreeSet<Finding>,
) {
    let [Step::Field(name), rest @ ..] = steps else {
        return;
    };
    let here = child_pointer(pointer, name);
    let blank = |value: &Doc| table.is_some_and(|table| self::blank(table, name, value));
    match (member_in(table, object, name), rest) {
        (None | Some(Doc::Null), _) => {
            found.insert((rule.to_owned(), here));
        }
        (Some(value), _) if blank(value) => {
            found.insert((rule.to_owned(), here));
        }
        (Some(Doc::Object(inner)), [Step::Field(_), ..]) => {
            // Aliases apply to the first step only, as in the validator.
            missing_along(None, inner, rest, &here, rule, found);
        }
        (Some(container), [Step::Items, after @ ..]) => {
            for (index, item) in container.items().unwrap_or_default().iter().enumerate() {
                if let Doc::Object(item) = item {
                    let item_pointer = format!("{here}/{index}");
                    missing_along(None, item, after, &item_pointer, rule, found);
                }
            }
        }
        _ => {}
    }
}

/// A valid value for a row of `table` that an operator adds: an object of the row's table
/// from `fillers`, or a small valid scalar.
pub(crate) fn filler(spec: &Spec, fillers: &Fillers, table: &Table, name: &str) -> Option<Doc> {
    let field = table.field(name)?;
    match field.ty {
        FieldType::Object(number) => {
            let value = fillers.get(&number)?;
            Some(Doc::from_value(spec, spec.table(number), value))
        }
        FieldType::Integer => Some(Doc::Number("1".into())),
        FieldType::String if field.embedded.is_some() => Some(Doc::String("[]".into())),
        FieldType::String => Some(Doc::String("x".into())),
    }
}

/// Makes an object of `table` satisfy its own presence rules on sibling fields again after a
/// change: adds what a `required-if` case now asks for (from `fillers`), removes what an
/// `absent-unless` case no longer allows.
pub(crate) fn repair(spec: &Spec, table: &Table, object: &mut Object, fillers: &Fillers) {
    for _ in 0..8 {
        let mut add = Vec::new();
        let mut remove = Vec::new();
        for rule in &spec.rules {
            let lookup = |name: &str| scalar(table, object, name);
            match &rule.kind {
                RuleKind::RequiredIf(cases) => {
                    for case in cases.iter().filter(|case| case.table == table.number) {
                        if case.when.as_ref().is_none_or(|when| when.eval(&lookup)) {
                            for path in case.require.iter().filter(|path| path.is_sibling()) {
                                if !present(table, object, path.head()) {
                                    add.push(path.head().to_owned());
                                }
                            }
                        }
                    }
                }
                RuleKind::AbsentUnless(cases) => {
                    for case in cases.iter().filter(|case| case.table == table.number) {
                        if present(table, object, &case.field) && !case.unless.eval(&lookup) {
                            remove.push(case.field.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        if add.is_empty() && remove.is_empty() {
            return;
        }
        for name in add {
            if let Some(value) = filler(spec, fillers, table, &name) {
                object.set(&name, value);
            }
        }
        for name in remove {
            object.remove(&name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isales_spec::TableNo;

    fn spec() -> Spec {
        isales_spec::load_embedded().expect("the embedded spec loads")
    }

    fn findings_of(spec: &Spec, table: u8, value: serde_json::Value) -> Vec<Finding> {
        let doc = Doc::from_value(spec, spec.table(TableNo(table)), &value);
        findings(spec, &doc).into_iter().collect()
    }

    fn finding(rule: &str, pointer: &str) -> Finding {
        (rule.to_owned(), pointer.to_owned())
    }

    #[test]
    fn conditional_rows_and_their_discriminators() {
        let spec = spec();
        let found = findings_of(
            &spec,
            4,
            serde_json::json!({"name": "n", "status": 2, "strBeginTime": "x", "strEndTime": null,
                "deviceType": 1, "skillParam": {}}),
        );
        assert_eq!(
            found,
            [
                finding("campaign-field-missing", "/strEndTime"),
                finding("ivr-param-required", "/ivrParam"),
                finding("unexpected-sub-object", "/skillParam"),
            ]
        );
    }

    #[test]
    fn paths_through_embedded_arrays_report_items_and_missing_containers() {
        let spec = spec();
        let found = findings_of(
            &spec,
            14,
            serde_json::json!({"policyType": 1, "policyJson":
                r#"[{"type": 0, "policy": "[{\"retryDay\": 1}, {\"retryTimes\": 2}]"}, {"type": 1}]"#}),
        );
        assert_eq!(
            found,
            [
                finding("number-policy-fields", "/policyJson/0/policy/0/retryTimes"),
                finding("number-policy-fields", "/policyJson/0/policy/1/retryDay"),
                finding("number-policy-fields", "/policyJson/1/policy"),
            ]
        );
    }

    #[test]
    fn forms_and_absent_discriminators() {
        let spec = spec();
        let found = findings_of(
            &spec,
            14,
            serde_json::json!({"policyType": 0, "retryDay": 1, "retryTimes": 2}),
        );
        assert_eq!(found, [finding("retry-policy-form", "")]);
        let found = findings_of(&spec, 18, serde_json::json!({"busiResultCode": "B"}));
        assert_eq!(found, [finding("busi-policy-fields", "/callInterval")]);
    }

    #[test]
    fn repair_adds_required_and_removes_unexpected_objects() {
        let spec = spec();
        let skill = spec.table(TableNo(7)).expect("Table 7");
        let mut fillers = Fillers::new();
        fillers.insert(
            TableNo(8),
            serde_json::json!({"failInterval": 1, "obCallCount": 1, "autoCallTime": 1}),
        );
        let value = serde_json::json!({"outBoundType": 5, "predictParam": {"predictMethod": 3}});
        let Doc::Object(mut object) = Doc::from_value(&spec, Some(skill), &value) else {
            panic!("an object");
        };
        repair(&spec, skill, &mut object, &fillers);
        let keys: Vec<&str> = object.members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["outBoundType", "previewParam"]);
    }
}
