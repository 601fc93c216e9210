//! Requirements on fields below an object: `turns[].turnType` must be present in every item of
//! the array `turns` holds, `skillParam.outBoundType` inside the object `skillParam` holds.
//!
//! `#[contract(required_if(fields = ["turns[].turnType"], ..))]` compiles to a [`Requirement`]
//! that the generated code hands to one of two navigators, one per representation:
//! [`check_typed`] walks typed values through [`Fields`] and [`FieldRef`], [`check_located`] walks
//! the located tree and steps into JSON documents embedded in strings, so that positions point
//! inside the string.
//!
//! Both give a path the same meaning: the field a path ends at must be present wherever its
//! containers are. A missing or `null` container has nothing below it to check, so it is not a
//! violation of the path (a rule that wants the container requires it explicitly, as
//! `number-policy-fields` does with `policy`). Each item of an array is checked on its own and
//! reported at its own pointer (`/turns/0/turnType`). A container of the wrong shape (a number
//! where an object is documented, a string that does not hold a JSON array) is left to the
//! type checks of the field, which already report it: the navigators never report one defect
//! twice.

use crate::contract::{FieldRef, Fields};
use crate::json::{Node, Origin};
use crate::rule::{DocRef, Rule};
use crate::scope::Scope;
use crate::violation::{Violation, ViolationKind};

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A member of the current object, by wire name.
    Field(&'static str),
    /// Every item of the current array (a real array, or a document embedded in a string).
    Items,
    /// As [`Step::Items`], for a field whose embedded document may be one object where the
    /// array of them is documented (`#[contract(lone_object)]`): the object is the only item.
    ItemsOrLone,
}

/// A field below an object that must be present: the path to it and what to report when not.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    /// The path, starting and ending with a field; `[]` is always followed by a field.
    pub path: &'static [Step],
    /// The rule reported.
    pub rule: Rule,
    /// The condition that made the requirement apply, for the message.
    pub when: Option<&'static str>,
    /// The documentation row of the required field.
    pub doc: Option<DocRef>,
}

impl Requirement {
    fn missing(&self, field: &'static str) -> Violation {
        Violation::new(
            self.rule,
            ViolationKind::Missing {
                field,
                when: self.when,
            },
        )
        .with_doc(self.doc)
    }
}

/// Typed path: reports every place below `fields` where `requirement`'s path is not satisfied.
pub fn check_typed(fields: &dyn Fields, requirement: &Requirement, scope: &mut Scope<'_>) {
    typed_steps(fields, requirement.path, requirement, scope);
}

fn typed_steps(
    fields: &dyn Fields,
    steps: &[Step],
    requirement: &Requirement,
    scope: &mut Scope<'_>,
) {
    let [Step::Field(name), rest @ ..] = steps else {
        return;
    };
    let mut field_scope = scope.field(name);
    match (fields.get(name), rest) {
        (FieldRef::Absent, _) => report_missing(&mut field_scope, requirement, name, rest, None),
        (FieldRef::Object(inner), [Step::Field(_), ..]) => {
            typed_steps(inner, rest, requirement, &mut field_scope);
        }
        (FieldRef::Items(items), [Step::Items | Step::ItemsOrLone, after @ ..]) => {
            for index in 0..items.count() {
                if let FieldRef::Object(item) = items.item(index) {
                    typed_steps(item, after, requirement, &mut field_scope.item(index));
                }
            }
        }
        // The leaf is present, or a container has the wrong shape (left to its type check).
        _ => {}
    }
}

/// Reports that step `name` of `requirement`'s path is missing, at `scope`, when it is the
/// field the path requires. A missing container has nothing below it to check: a rule that wants
/// the container names it on its own (`required_if(fields = ["policy", "policy[].retryDay"])`).
fn report_missing(
    scope: &mut Scope<'_>,
    requirement: &Requirement,
    name: &'static str,
    rest: &[Step],
    span: Option<crate::json::Span>,
) {
    if rest.is_empty() {
        scope.report(requirement.missing(name), span);
    }
}

/// A [`Fields`] view that answers some names with values parsed by the caller: the content of
/// `#[contract(json_string = "..")]` fields, which the typed value holds only as text.
#[derive(Clone, Copy)]
pub struct WithParsed<'a> {
    /// The object.
    pub fields: &'a dyn Fields,
    /// (wire name, parsed value) pairs that replace the object's own values.
    pub parsed: &'a [(&'static str, FieldRef<'a>)],
}

impl std::fmt::Debug for WithParsed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithParsed")
            .field("parsed", &self.parsed)
            .finish_non_exhaustive()
    }
}

impl Fields for WithParsed<'_> {
    fn get(&self, name: &str) -> FieldRef<'_> {
        match self.parsed.iter().find(|(parsed, _)| *parsed == name) {
            Some((_, value)) => *value,
            None => self.fields.get(name),
        }
    }

    fn span_of(&self, name: &str) -> Option<crate::json::Span> {
        self.fields.span_of(name)
    }

    fn own_span(&self) -> Option<crate::json::Span> {
        self.fields.own_span()
    }
}

/// Located path: reports every place below the object `node` where `requirement`'s path is not
/// satisfied. `aliases` are the (documented, other spelling) pairs of the object's type; they
/// apply to the first step, the only one whose type is known here.
pub fn check_located(
    node: &Node<'_>,
    aliases: &[(&'static str, &'static str)],
    requirement: &Requirement,
    scope: &mut Scope<'_>,
) {
    located_steps(node, aliases, requirement.path, requirement, scope);
}

fn located_steps(
    node: &Node<'_>,
    aliases: &[(&'static str, &'static str)],
    steps: &[Step],
    requirement: &Requirement,
    scope: &mut Scope<'_>,
) {
    let [Step::Field(name), rest @ ..] = steps else {
        return;
    };
    let member = node.member(name).or_else(|| {
        let (_, alias) = aliases.iter().find(|(documented, _)| documented == name)?;
        node.member(alias)
    });
    let mut field_scope = scope.field(name);
    match member {
        None => report_missing(&mut field_scope, requirement, name, rest, Some(node.span())),
        Some(member) if member.value.is_null() => {
            let span = Some(member.value.span());
            report_missing(&mut field_scope, requirement, name, rest, span);
        }
        Some(member) => located_below(&member.value, rest, requirement, &mut field_scope),
    }
}

/// Continues the walk below a present value.
fn located_below(node: &Node<'_>, rest: &[Step], requirement: &Requirement, scope: &mut Scope<'_>) {
    match rest {
        [Step::Field(_), ..] if node.as_object().is_some() => {
            located_steps(node, &[], rest, requirement, scope);
        }
        [step @ (Step::Items | Step::ItemsOrLone), after @ ..] => {
            if let Some(items) = node.as_array() {
                located_items(items, after, requirement, scope);
                return;
            }
            let (Some(embedded), Some(text)) = (node.embedded(), node.as_str()) else {
                return;
            };
            let Ok(document) = embedded.document.as_ref() else {
                return;
            };
            let origin = Origin::Embedded {
                parent: scope.origin(),
                parent_text: scope.text(),
                token: node.span(),
            };
            scope.embedded(&origin, text, |inner| match (document.as_array(), step) {
                (Some(items), _) => located_items(items, after, requirement, inner),
                // The lone object is the only item, where the document stands.
                (None, Step::ItemsOrLone) if document.as_object().is_some() => {
                    located_steps(document, &[], after, requirement, inner);
                }
                // Anything else is the field's own `embedded-json` defect.
                (None, _) => {}
            });
        }
        // The leaf is present, or a container has the wrong shape (left to its type check).
        _ => {}
    }
}

fn located_items(
    items: &[Node<'_>],
    steps: &[Step],
    requirement: &Requirement,
    scope: &mut Scope<'_>,
) {
    for (index, item) in items.iter().enumerate() {
        if item.as_object().is_some() {
            located_steps(item, &[], steps, requirement, &mut scope.item(index));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::scope::Collector;

    const TURN_TYPE: Requirement = Requirement {
        path: &[Step::Field("turns"), Step::Items, Step::Field("turnType")],
        rule: Rule::new(
            "required-if",
            crate::Severity::Error,
            crate::Provenance::Documented,
        ),
        when: Some("chooseType == 0"),
        doc: None,
    };

    const NESTED: Requirement = Requirement {
        path: &[Step::Field("skillParam"), Step::Field("outBoundType")],
        rule: Rule::new(
            "required-if",
            crate::Severity::Error,
            crate::Provenance::Documented,
        ),
        when: None,
        doc: Some(DocRef::row(7, "5.11.1", "outBoundType")),
    };

    /// (pointer, missing field, source text at the violation's span start) of each violation.
    fn located(source: &str, requirement: &Requirement) -> Vec<(String, &'static str, usize)> {
        let arena = crate::json::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("test payload parses");
        let mut collector = Collector::new();
        check_located(
            &root,
            &[("skillParam", "skill_param")],
            requirement,
            &mut collector.root(source),
        );
        collector
            .into_violations()
            .into_iter()
            .map(|violation| {
                let ViolationKind::Missing { field, when } = violation.kind else {
                    panic!("unexpected kind {:?}", violation.kind)
                };
                assert_eq!(when, requirement.when);
                assert_eq!(violation.doc, requirement.doc);
                let span = violation.span.expect("located violations have spans");
                (violation.pointer, field, span.start)
            })
            .collect()
    }

    fn typed(fields: &dyn Fields, requirement: &Requirement) -> Vec<(String, &'static str)> {
        let mut collector = Collector::new();
        check_typed(fields, requirement, &mut collector.root(""));
        collector
            .into_violations()
            .into_iter()
            .map(|violation| {
                assert_eq!(violation.span, None);
                match violation.kind {
                    ViolationKind::Missing { field, .. } => (violation.pointer, field),
                    other => panic!("unexpected kind {other:?}"),
                }
            })
            .collect()
    }

    fn offset_of(source: &str, needle: &str) -> usize {
        source.find(needle).expect("needle in source")
    }

    #[test]
    fn reports_each_item_of_a_real_array() {
        let source = r#"{"turns": [{"turnType": 1}, {"turnOrder": 2}, {"turnType": null}]}"#;
        assert_eq!(
            located(source, &TURN_TYPE),
            [
                (
                    "/turns/1/turnType".to_owned(),
                    "turnType",
                    offset_of(source, r#"{"turnOrder""#)
                ),
                (
                    "/turns/2/turnType".to_owned(),
                    "turnType",
                    offset_of(source, "null")
                ),
            ]
        );
    }

    #[test]
    fn steps_into_embedded_documents_with_positions_inside_the_string() {
        let source = "{\"turns\": \"[{\\\"turnType\\\": 1},\\n {\\\"x\\\": 2}]\"}";
        let violations = located(source, &TURN_TYPE);
        assert_eq!(violations.len(), 1);
        let (pointer, field, start) = &violations[0];
        assert_eq!(
            (pointer.as_str(), *field),
            ("/turns/1/turnType", "turnType")
        );
        assert_eq!(&source[*start..*start + 4], "{\\\"x");
    }

    #[test]
    fn a_missing_or_null_container_has_nothing_to_check() {
        assert_eq!(located(r#"{"chooseType": 0}"#, &TURN_TYPE), []);
        assert_eq!(located(r#"{"turns": null}"#, &TURN_TYPE), []);
        assert_eq!(located(r#"{"skillParam": null}"#, &NESTED), []);
        let source = r#"{"skillParam": {"x": 1}}"#;
        assert_eq!(
            located(source, &NESTED),
            [(
                "/skillParam/outBoundType".to_owned(),
                "outBoundType",
                offset_of(source, r#"{"x""#)
            )]
        );
    }

    /// `policy[].retryDay` and `policy[].retryTimes` of one rule, as a policyJson item has.
    const RETRY_DAY: Requirement = Requirement {
        path: &[Step::Field("policy"), Step::Items, Step::Field("retryDay")],
        rule: crate::registry::NUMBER_POLICY_FIELDS,
        when: Some("type == 0"),
        doc: Some(DocRef::row(20, "5.13.7.3.1", "retryDay")),
    };
    const RETRY_TIMES: Requirement = Requirement {
        path: &[
            Step::Field("policy"),
            Step::Items,
            Step::Field("retryTimes"),
        ],
        doc: Some(DocRef::row(20, "5.13.7.3.2", "retryTimes")),
        ..RETRY_DAY
    };

    #[test]
    fn each_missing_field_below_a_present_container_is_its_own_violation() {
        for source in [r#"{"type": 0}"#, r#"{"type": 0, "policy": null}"#] {
            let arena = crate::json::Arena::new();
            let root = parse(source.as_bytes(), &arena).expect("test payload parses");
            let mut collector = Collector::new();
            {
                let mut scope = collector.root(source);
                check_located(&root, &[], &RETRY_DAY, &mut scope);
                check_typed(&root, &RETRY_TIMES, &mut scope);
            }
            assert!(collector.into_violations().is_empty(), "{source}");
        }
        let source = r#"{"policy": [{"result": 1}]}"#;
        let arena = crate::json::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("test payload parses");
        let mut collector = Collector::new();
        {
            let mut scope = collector.root(source);
            check_located(&root, &[], &RETRY_DAY, &mut scope);
            check_located(&root, &[], &RETRY_TIMES, &mut scope);
        }
        let pointers: Vec<String> = collector
            .into_violations()
            .into_iter()
            .map(|violation| violation.pointer)
            .collect();
        assert_eq!(pointers, ["/policy/0/retryDay", "/policy/0/retryTimes"]);
    }

    #[test]
    fn containers_of_the_wrong_shape_are_left_to_the_type_checks() {
        for source in [
            r#"{"turns": 3}"#,
            r#"{"turns": "not json"}"#,
            r#"{"turns": "{\"turnType\": 1}"}"#,
            r#"{"turns": [1, null, "x"]}"#,
            r#"{"turns": {"turnType": 1}}"#,
        ] {
            assert_eq!(located(source, &TURN_TYPE), [], "{source}");
        }
        for source in [r#"{"skillParam": [1]}"#, r#"{"skillParam": "x"}"#] {
            assert_eq!(located(source, &NESTED), [], "{source}");
        }
    }

    #[test]
    fn the_first_step_accepts_the_objects_aliases() {
        let source = r#"{"skill_param": {"outBoundType": 2}}"#;
        assert_eq!(located(source, &NESTED), []);
    }

    #[test]
    fn typed_values_follow_objects_and_items() {
        let source = r#"{"turns": [{"turnType": 1}, {"turnOrder": 2}], "skillParam": {}}"#;
        let arena = crate::json::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("payload");
        assert_eq!(
            typed(&root, &TURN_TYPE),
            [("/turns/1/turnType".to_owned(), "turnType")]
        );
        assert_eq!(
            typed(&root, &NESTED),
            [("/skillParam/outBoundType".to_owned(), "outBoundType")]
        );
        let arena = crate::json::Arena::new();
        let empty = parse(b"{}", &arena).expect("payload");
        assert_eq!(typed(&empty, &TURN_TYPE), []);
    }

    #[test]
    fn typed_values_see_parsed_json_strings_through_with_parsed() {
        let source = r#"{"turns": "[{\"turnOrder\": 1}]"}"#;
        let arena = crate::json::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("payload");
        // Without the parsed value, a string is not a container: nothing to walk.
        assert_eq!(typed(&root, &TURN_TYPE), []);
        let arena = crate::json::Arena::new();
        let document = parse(br#"[{"turnOrder": 1}]"#, &arena).expect("document");
        let parsed = [("turns", FieldRef::Items(&document))];
        let view = WithParsed {
            fields: &root,
            parsed: &parsed,
        };
        assert_eq!(
            typed(&view, &TURN_TYPE),
            [("/turns/0/turnType".to_owned(), "turnType")]
        );
        assert_eq!(view.own_span(), Some(root.span()));
        assert_eq!(
            view.span_of("turns").map(|span| span.start),
            Some(offset_of(source, "\"[{"))
        );
    }
}
