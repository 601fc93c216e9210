//! The spec's concepts as JSON Schema (draft 2020-12) fragments, written once for the contract's
//! two schemas: the one `cargo xtask codegen` writes from the spec's tables, and the one
//! `#[derive(Contract)]` gives the models (`SchemaRules`), read from their attributes. Both
//! generators decide where a fragment goes and at which level; what a condition, a requirement
//! or a string rule *is* in JSON Schema is decided here, so the two schemas cannot say it two
//! ways, and the drift test between them only checks that each rule is wired where it belongs.
//!
//! - [`condition`]: a condition as a schema an object matches exactly when the condition
//!   holds, keeping the language's "absent equals nothing": `f == v` is
//!   `{"properties": {f: {"const": v}}, "required": [f]}`, `in` uses `enum`, `!=` and `not in`
//!   are the `not` of those, and `and`, `or`, `not` are `allOf`, `anyOf`, `not`;
//! - [`Requirement`]: field paths that must be present (`policy[].retryDay`), merged by their
//!   common prefixes; [`when`], [`absent_unless`] and [`one_of_forms`] put requirements and
//!   conditions together as the rules of those kinds say;
//! - [`range`], [`length`], [`forbidden_chars`], [`fixed_value`], [`pattern`]: the keywords of
//!   a value's rules, the patterns being `isales_vocabulary::pattern`'s, which the runtime's
//!   rule functions carry too.
//!
//! Needs no TOML: the derive uses it with the `load` feature off.

use isales_vocabulary::pattern as patterns;
use serde_json::{Map, Value, json};

use crate::{Comparison, Condition, Literal, Step};

/// The media type every `contentSchema` sits beside: draft 2020-12 applies `contentSchema` only
/// to a string whose `contentMediaType` says what it holds.
pub const JSON_MEDIA_TYPE: &str = "application/json";

/// A condition as a schema that an object matches exactly when the condition holds. An absent
/// field (missing or null) equals nothing, so a comparison also requires its field.
#[must_use]
pub fn condition(when: &Condition) -> Value {
    match when {
        Condition::Compare { field, op, values } => {
            let test = match values.as_slice() {
                [single] => json!({"const": literal(single)}),
                many => json!({"enum": many.iter().map(literal).collect::<Vec<_>>()}),
            };
            let holds = json!({"properties": {field.as_str(): test}, "required": [field]});
            match op {
                Comparison::Eq | Comparison::In => holds,
                Comparison::Ne | Comparison::NotIn => json!({"not": holds}),
            }
        }
        Condition::All(parts) => json!({"allOf": parts.iter().map(condition).collect::<Vec<_>>()}),
        Condition::Any(parts) => json!({"anyOf": parts.iter().map(condition).collect::<Vec<_>>()}),
        Condition::Not(part) => json!({"not": condition(part)}),
    }
}

fn literal(literal: &Literal) -> Value {
    match literal {
        Literal::Int(value) => json!(value),
        Literal::Str(value) => json!(value),
    }
}

/// `then` where `when` holds: `{"if": <condition>, "then": then}`; without a condition, `then`
/// itself (a `then` without `if` would be ignored by JSON Schema).
#[must_use]
pub fn when(when: Option<&Condition>, then: Value) -> Value {
    match when {
        Some(when) => json!({"if": condition(when), "then": then}),
        None => then,
    }
}

/// `field` is absent (missing or null) unless `unless` holds.
#[must_use]
pub fn absent_unless(field: &str, unless: &Condition) -> Value {
    json!({
        "if": {"not": condition(unless)},
        "then": {"properties": {field: {"type": "null"}}},
    })
}

/// Where `when` holds, at least one of the forms (each a [`Requirement`], rendered) is met.
#[must_use]
pub fn one_of_forms(when: &Condition, forms: impl IntoIterator<Item = Value>) -> Value {
    json!({
        "if": condition(when),
        "then": {"anyOf": forms.into_iter().collect::<Vec<_>>()},
    })
}

/// `{"minimum": min, "maximum": max}`, each bound where there is one.
#[must_use]
pub fn range<T: Into<Value>>(min: Option<T>, max: Option<T>) -> Value {
    bounds(["minimum", "maximum"], min, max)
}

/// `{"minLength": min, "maxLength": max}`, each bound where there is one.
#[must_use]
pub fn length<T: Into<Value>>(min: Option<T>, max: Option<T>) -> Value {
    bounds(["minLength", "maxLength"], min, max)
}

fn bounds<T: Into<Value>>(keywords: [&str; 2], min: Option<T>, max: Option<T>) -> Value {
    let mut bounds = Map::new();
    for (keyword, bound) in keywords.into_iter().zip([min, max]) {
        if let Some(bound) = bound {
            bounds.insert(keyword.into(), bound.into());
        }
    }
    Value::Object(bounds)
}

/// `{"pattern": ..}` refusing any of the `forbidden` characters.
#[must_use]
pub fn forbidden_chars(forbidden: &str) -> Value {
    pattern(&patterns::forbidden_chars(forbidden))
}

/// `{"pattern": ..}` accepting the one value `expected`, compared as HTTP compares media types.
#[must_use]
pub fn fixed_value(expected: &str) -> Value {
    pattern(&patterns::media_type(expected))
}

/// `{"pattern": pattern}`.
#[must_use]
pub fn pattern(pattern: &str) -> Value {
    json!({"pattern": pattern})
}

/// What the row a path step names says of its values, where the requirement reaches it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// `""` means the field is not set, so it is no more present than `null`.
    pub blank_as_absent: bool,
    /// The embedded document may be one object, checked as the array's only item.
    pub lone_object: bool,
}

/// Field paths that must be present, merged by their common prefixes so that
/// `policy[].retryDay` and `policy[].retryTimes` give one `policy` entry requiring both below
/// each item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirement {
    /// Fields in the order the paths name them.
    fields: Vec<(String, Node)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Node {
    /// The field itself must be present (it ends a path); a field that is only a container
    /// is checked where present and passes when missing or null.
    required: bool,
    marks: Marks,
    /// Requirements on every item of the array (or embedded array) the field holds.
    items: Option<Requirement>,
    /// Requirements on the object the field holds.
    nested: Option<Requirement>,
}

impl Requirement {
    /// The requirement of `paths` (each a path's steps). `marks` tells what the row at the end
    /// of some field names (`["policy", "retryDay"]` for the `retryDay` of `policy[]`) says of
    /// `""` and of lone objects.
    #[must_use]
    pub fn of<'p>(
        paths: impl IntoIterator<Item = &'p [Step]>,
        marks: impl Fn(&[&str]) -> Marks,
    ) -> Self {
        let mut requirement = Requirement::default();
        for steps in paths {
            requirement.insert(&mut Vec::new(), steps, &marks);
        }
        requirement
    }

    fn insert<'p>(
        &mut self,
        names: &mut Vec<&'p str>,
        steps: &'p [Step],
        marks: &dyn Fn(&[&str]) -> Marks,
    ) {
        let Some((Step::Field(name), rest)) = steps.split_first() else {
            return;
        };
        names.push(name);
        let index = match self.fields.iter().position(|(known, _)| known == name) {
            Some(index) => index,
            None => {
                let node = Node {
                    marks: marks(names),
                    ..Node::default()
                };
                self.fields.push((name.clone(), node));
                self.fields.len() - 1
            }
        };
        let node = &mut self.fields[index].1;
        match rest.split_first() {
            None => node.required = true,
            Some((Step::Items, below)) => {
                node.items
                    .get_or_insert_default()
                    .insert(names, below, marks);
            }
            Some((Step::Field(_), _)) => {
                node.nested
                    .get_or_insert_default()
                    .insert(names, rest, marks);
            }
        }
        names.pop();
    }

    /// `{"required": [..], "properties": {f: {"not": {"type": "null"}, ..}}}`: the fields paths
    /// end at are present and not null (nor `""` where that means "not set"); below containers
    /// (where present), arrays are checked in the string form (`contentSchema`, beside
    /// `contentMediaType`) and the array form (`items`), since an embedded document may arrive
    /// in either, and objects in place.
    #[must_use]
    pub fn render(&self) -> Value {
        let mut properties = Map::new();
        for (name, node) in &self.fields {
            let mut schema = Map::new();
            if node.required {
                let absent = if node.marks.blank_as_absent {
                    json!({"enum": [null, ""]})
                } else {
                    json!({"type": "null"})
                };
                schema.insert("not".into(), absent);
            }
            if let Some(items) = &node.items {
                let each = items.render();
                // A lone object stands for the array's only item: `items` passes objects by,
                // so the object is held to the items' requirements on its own.
                let content = if node.marks.lone_object {
                    json!({"items": each, "if": {"type": "object"}, "then": each})
                } else {
                    json!({"items": each})
                };
                schema.insert("contentMediaType".into(), json!(JSON_MEDIA_TYPE));
                schema.insert("contentSchema".into(), content);
                schema.insert("items".into(), each);
            }
            if let Some(Value::Object(nested)) = node.nested.as_ref().map(Requirement::render) {
                schema.extend(nested);
            }
            properties.insert(name.clone(), Value::Object(schema));
        }
        let names: Vec<&str> = self
            .fields
            .iter()
            .filter(|(_, node)| node.required)
            .map(|(name, _)| name.as_str())
            .collect();
        let mut rendered = Map::new();
        if !names.is_empty() {
            rendered.insert("required".into(), json!(names));
        }
        rendered.insert("properties".into(), Value::Object(properties));
        Value::Object(rendered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldPath;

    fn parse(text: &str) -> Condition {
        text.parse().expect(text)
    }

    #[test]
    fn conditions_keep_absent_equals_nothing() {
        let eq = |field: &str, value: Value| json!({"properties": {field: {"const": value}}, "required": [field]});
        let cases = [
            ("a == 1", eq("a", json!(1))),
            (
                "a in [1, \"x\"]",
                json!({"properties": {"a": {"enum": [1, "x"]}}, "required": ["a"]}),
            ),
            ("a in [3]", eq("a", json!(3))),
            ("a != 0", json!({"not": eq("a", json!(0))})),
            (
                "a not in [1, 2]",
                json!({"not": {"properties": {"a": {"enum": [1, 2]}}, "required": ["a"]}}),
            ),
            (
                "a == \"SI\" and (b == 2 or not c == -3)",
                json!({"allOf": [
                    eq("a", json!("SI")),
                    {"anyOf": [eq("b", json!(2)), {"not": eq("c", json!(-3))}]},
                ]}),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(condition(&parse(text)), expected, "{text}");
        }
    }

    #[test]
    fn rules_put_conditions_and_requirements_together() {
        let holds = condition(&parse("a == 1"));
        let then = json!({"required": ["b"]});
        assert_eq!(
            when(Some(&parse("a == 1")), then.clone()),
            json!({"if": holds, "then": then})
        );
        assert_eq!(when(None, then.clone()), then);
        assert_eq!(
            absent_unless("b", &parse("a == 1")),
            json!({"if": {"not": holds}, "then": {"properties": {"b": {"type": "null"}}}})
        );
        assert_eq!(
            one_of_forms(&parse("a == 1"), [json!(1), json!(2)]),
            json!({"if": holds, "then": {"anyOf": [1, 2]}})
        );
    }

    #[test]
    fn value_keywords() {
        assert_eq!(
            range(Some(1), None::<i64>),
            json!({"minimum": 1}),
            "one bound"
        );
        assert_eq!(
            length(Some(0_usize), Some(100)),
            json!({"minLength": 0, "maxLength": 100})
        );
        assert_eq!(forbidden_chars("<>"), json!({"pattern": "^[^<>]*$"}));
        assert_eq!(
            fixed_value("a/b"),
            json!({"pattern": patterns::media_type("a/b")})
        );
    }

    fn requirement(paths: &[&str], marks: impl Fn(&[&str]) -> Marks) -> Value {
        let paths: Vec<FieldPath> = paths.iter().map(|text| text.parse().expect(text)).collect();
        Requirement::of(paths.iter().map(FieldPath::steps), marks).render()
    }

    #[test]
    fn required_paths_reach_into_embedded_arrays_in_both_forms_and_into_objects() {
        let each = json!({
            "required": ["retryDay", "retryTimes"],
            "properties": {
                "retryDay": {"not": {"type": "null"}},
                "retryTimes": {"not": {"type": "null"}},
            },
        });
        assert_eq!(
            requirement(
                &[
                    "chooseType",
                    "policy[].retryDay",
                    "policy[].retryTimes",
                    "skill.outBoundType"
                ],
                |_| Marks::default()
            ),
            json!({
                "required": ["chooseType"],
                "properties": {
                    "chooseType": {"not": {"type": "null"}},
                    "policy": {
                        "contentMediaType": "application/json",
                        "contentSchema": {"items": each},
                        "items": each,
                    },
                    "skill": {
                        "required": ["outBoundType"],
                        "properties": {"outBoundType": {"not": {"type": "null"}}},
                    },
                },
            })
        );
    }

    #[test]
    fn marks_come_from_the_row_at_each_path() {
        let marks = |names: &[&str]| Marks {
            blank_as_absent: names == ["json"] || names == ["policy", "text"],
            lone_object: names == ["policy"],
        };
        let each = json!({
            "required": ["text"],
            "properties": {"text": {"not": {"enum": [null, ""]}}},
        });
        assert_eq!(
            requirement(&["json", "policy[].text"], marks),
            json!({
                "required": ["json"],
                "properties": {
                    "json": {"not": {"enum": [null, ""]}},
                    "policy": {
                        "contentMediaType": "application/json",
                        "contentSchema": {"items": each, "if": {"type": "object"}, "then": each},
                        "items": each,
                    },
                },
            })
        );
    }
}
