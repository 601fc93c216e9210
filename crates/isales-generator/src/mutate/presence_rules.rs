//! Operators of the presence rules: remove what an always-required row or a `required-if` case
//! asks for (or write it `null`), leave every form of a `one-of-forms` rule incomplete, and add
//! a field an `absent-unless` case does not allow in the object's mode.
//!
//! These are the operators most likely to break a neighbouring presence rule as well, which
//! is why every site is checked against [`presence::findings`](crate::presence::findings)
//! before use, and why the one pair that cannot be separated is declared in [`COMPANIONS`].

use isales_spec::{Condition, Field, OneOfForms, Rule, RuleKind, Step, Table, TableNo};
use isales_vocabulary::registry;

use super::site::{Edit, Site, objects_of};
use super::{Operator, Subject};
use crate::doc::{Doc, Object, child_pointer};
use crate::presence::{filler, scalar};

/// Rules that break together with a removal, whatever the payload: (rule, field removed,
/// companions). Removing `turns` under round dialling (`round-call-fields`) always leaves
/// `turns[].turnType` or `turns[].turnOrder` without their container, because `chooseType` is
/// then required and listed as 0 or 1, so `turn-fields` reports the container too.
pub const COMPANIONS: &[(&str, &str, &[&str])] = &[(
    registry::ROUND_CALL_FIELDS.id,
    "turns",
    &[registry::TURN_FIELDS.id],
)];

#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// Remove (or null) the field at the end of a path, or a container on it.
    Remove {
        table: TableNo,
        when: Option<Condition>,
        path: Vec<Step>,
    },
    /// Make every form incomplete.
    BreakForms(OneOfForms),
    /// Add a field its condition does not call for.
    AddUnexpected {
        table: TableNo,
        field: String,
        unless: Condition,
    },
}

/// The operators of one rule of the spec: one per path of each `required-if` case, one per
/// `one-of-forms` rule, one per `absent-unless` case.
pub(super) fn rule_operators(rule: &Rule, operators: &mut Vec<Operator>) {
    match &rule.kind {
        RuleKind::RequiredIf(cases) => {
            for (index, case) in cases.iter().enumerate() {
                for path in &case.require {
                    let name = format!("{}#{index}: remove {path}", rule.id);
                    let kind = Kind::Remove {
                        table: case.table,
                        when: case.when.clone(),
                        path: path.steps().to_vec(),
                    };
                    let mut operator = Operator::new(name, &rule.id, kind);
                    if let Some((_, _, companions)) = COMPANIONS
                        .iter()
                        .find(|(id, field, _)| *id == rule.id && path.head() == *field)
                    {
                        operator.companions = companions;
                    }
                    operators.push(operator);
                }
            }
        }
        RuleKind::OneOfForms(forms) => {
            let name = format!("{}: break every form", rule.id);
            operators.push(Operator::new(
                name,
                &rule.id,
                Kind::BreakForms(forms.clone()),
            ));
        }
        RuleKind::AbsentUnless(cases) => {
            for case in cases {
                let name = format!("{}: add {} unless {}", rule.id, case.field, case.unless);
                let kind = Kind::AddUnexpected {
                    table: case.table,
                    field: case.field.clone(),
                    unless: case.unless.clone(),
                };
                operators.push(Operator::new(name, &rule.id, kind));
            }
        }
        RuleKind::Field | RuleKind::Builtin => {}
    }
}

/// The operator of a row that is always required: remove it.
pub(super) fn required_row_operator(table: &Table, field: &Field, operators: &mut Vec<Operator>) {
    if let Some(rule) = field.required.as_ref().map(|required| &required.rule) {
        let at = format!("{}.{}", table.title, field.name);
        let kind = Kind::Remove {
            table: table.number,
            when: None,
            path: vec![Step::Field(field.name.clone())],
        };
        operators.push(Operator::new(format!("{rule}: remove {at}"), rule, kind));
    }
}

impl Kind {
    pub(super) fn sites(&self, subject: &Subject<'_>) -> Vec<Site> {
        let spec = subject.spec;
        let doc = &subject.doc;
        let mut sites = Vec::new();
        match self {
            Kind::Remove { table, when, path } => {
                for (pointer, object, table) in objects_of(spec, doc, *table) {
                    let holds = when
                        .as_ref()
                        .is_none_or(|when| when.eval(&|name| scalar(table, object, name)));
                    if holds {
                        removal_sites(Some(table), object, &pointer, path, &mut sites);
                    }
                }
            }
            Kind::BreakForms(forms) => {
                for (pointer, object, table) in objects_of(spec, doc, forms.table) {
                    if !forms.when.eval(&|name| scalar(table, object, name)) {
                        continue;
                    }
                    let edits: Vec<Edit> = forms
                        .forms
                        .iter()
                        .filter(|form| form.iter().all(|path| object.is_present(path.head())))
                        .filter_map(|form| form.first())
                        .map(|path| Edit::Remove(pointer.clone(), path.head().to_owned()))
                        .collect();
                    if !edits.is_empty() {
                        sites.push(Site {
                            edit: Edit::All(edits),
                            pointer,
                        });
                    }
                }
            }
            Kind::AddUnexpected {
                table,
                field,
                unless,
            } => {
                for (pointer, object, table) in objects_of(spec, doc, *table) {
                    if unless.eval(&|name| scalar(table, object, name)) || object.is_present(field)
                    {
                        continue;
                    }
                    if let Some(value) = filler(spec, subject.fillers, table, field) {
                        sites.push(Site {
                            pointer: child_pointer(&pointer, field),
                            edit: Edit::Put(pointer, field.clone(), value),
                        });
                    }
                }
            }
        }
        sites
    }
}

/// Removing, and writing `null` at, each step of `steps` that is present, from the first
/// (the container) to the last (the field itself), into every item of arrays on the way.
fn removal_sites(
    table: Option<&Table>,
    object: &Object,
    pointer: &str,
    steps: &[Step],
    sites: &mut Vec<Site>,
) {
    let [Step::Field(name), rest @ ..] = steps else {
        return;
    };
    let key = match table {
        Some(table) if object.get(name).is_none() => table
            .field(name)
            .and_then(|field| {
                field
                    .aliases
                    .iter()
                    .find(|alias| object.get(&alias.name).is_some())
            })
            .map_or(name.as_str(), |alias| alias.name.as_str()),
        _ => name.as_str(),
    };
    let Some(value) = object.get(key).filter(|value| **value != Doc::Null) else {
        return;
    };
    let here = child_pointer(pointer, key);
    let expected = child_pointer(pointer, name);
    sites.push(Site {
        edit: Edit::Remove(pointer.to_owned(), key.to_owned()),
        pointer: expected.clone(),
    });
    sites.push(Site {
        edit: Edit::Set(here.clone(), Doc::Null),
        pointer: expected,
    });
    match rest {
        [Step::Field(_), ..] => {
            if let Doc::Object(inner) = value {
                removal_sites(None, inner, &here, rest, sites);
            }
        }
        [Step::Items, after @ ..] => {
            for (index, item) in value.items().unwrap_or_default().iter().enumerate() {
                if let Doc::Object(item) = item {
                    removal_sites(None, item, &format!("{here}/{index}"), after, sites);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use isales_spec::TableNo;
    use serde_json::Value;

    use super::super::{Mutant, Operator, Subject, operators};
    use crate::fillers::Fillers;

    fn named<'o>(operators: &'o [Operator], name: &str) -> &'o Operator {
        match operators.iter().find(|operator| operator.name() == name) {
            Some(operator) => operator,
            None => panic!("no operator {name}"),
        }
    }

    #[test]
    fn removals_follow_paths_into_embedded_documents() {
        let spec = isales_spec::load_embedded().expect("the spec loads");
        let operators = operators(&spec);
        let payload = serde_json::json!({"resultCode": "0200000", "returnCode": "0200000",
            "returnObject": {"retryPolicy": {"policyType": 0,
                "resultRetry": r#"[{"result": 1, "callInterval": 5, "retryNumber": 2}]"#}}});
        let fillers = Fillers::new();
        let subject = Subject::new(&spec, TableNo(3), &payload, &fillers);
        let operator = named(&operators, "result-retry-fields#0: remove callInterval");
        let mutants: Vec<Mutant> = (0..2)
            .filter_map(|pick| operator.apply(&subject, pick))
            .collect();
        assert_eq!(mutants.len(), 2);
        for mutant in &mutants {
            assert_eq!(mutant.rule, "result-retry-fields");
            assert_eq!(
                mutant.pointer,
                "/returnObject/retryPolicy/resultRetry/0/callInterval"
            );
        }
        let removed: Value = serde_json::from_slice(&mutants[0].bytes).expect("JSON");
        let items = removed["returnObject"]["retryPolicy"]["resultRetry"]
            .as_str()
            .expect("still a string");
        assert_eq!(items, r#"[{"result":1,"retryNumber":2}]"#);
        let nulled = String::from_utf8(mutants[1].bytes.clone()).expect("UTF-8");
        assert!(nulled.contains(r#"\"callInterval\":null"#), "{nulled}");
    }

    #[test]
    fn a_removal_that_breaks_another_rule_is_skipped_unless_declared() {
        let spec = isales_spec::load_embedded().expect("the spec loads");
        let operators = operators(&spec);
        let payload = serde_json::json!({"callType": 1, "chooseType": 0,
            "turns": r#"[{"turnType": "home"}]"#});
        let fillers = Fillers::new();
        let subject = Subject::new(&spec, TableNo(16), &payload, &fillers);
        // Removing turns under round dialling also leaves turns[].turnType without its
        // container: declared.
        let round = named(&operators, "round-call-fields#0: remove turns");
        let mutant = round.apply(&subject, 0).expect("a mutant");
        assert_eq!(mutant.companions, ["turn-fields"]);
        // turn-fields may not remove the container here: round-call-fields would break too.
        let turns = named(&operators, "turn-fields#0: remove turns[].turnType");
        let pointers: BTreeSet<String> = (0..8)
            .filter_map(|pick| turns.apply(&subject, pick))
            .map(|mutant| mutant.pointer)
            .collect();
        assert_eq!(
            pointers.into_iter().collect::<Vec<_>>(),
            ["/turns/0/turnType"]
        );
    }
}
