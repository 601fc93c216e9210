//! The struct's rules as JSON Schema: the impl of `isales_contract::schema::SchemaRules`,
//! whose `schema_rules()` hands the runtime's `Rules` one call per rule. The runtime turns
//! error-level rules into assertions and warning-level ones into `x-warnings` annotations, and
//! merges them into the struct's schema (`schemars`' or any other).
//!
//! What each key becomes, written against the same condition language as the validation code
//! but without sharing it, so a schema built from the spec can be compared with this one:
//! - `one_of`, `range`, `length`: `enum`, `minimum`/`maximum`, `minLength`/`maxLength` on the
//!   property (the runtime adds `null` to an `enum` where the property admits it);
//! - `chars`, `fixed`: a `pattern` the runtime builds next to the rule function it stands for;
//!   `format`: the runtime's pattern and rule for that format;
//! - `required` on a field that is not an `Option` (and such a field without it): `required`;
//! - `required` on an `Option`, `required_if` (on fields and on the struct): one `allOf` entry
//!   per rule and condition, `{"if": <condition>, "then": <requirement>}` (the requirement alone
//!   without a condition). A requirement lists the fields as `required` and refuses `null` for
//!   each (`null` means absent); a path through `[]` requires below every item, of the JSON
//!   document a string holds (`contentSchema.items`, beside `contentMediaType`) and of a real
//!   array (`items`), since an embedded document may arrive in either form; `a.b` requires
//!   below an object;
//! - `absent_unless`: `{"if": {"not": <condition>}, "then": <the field is null>}`;
//! - `one_of_forms`: `{"if": <condition>, "then": {"anyOf": [<requirement of each form>]}}`;
//! - `alias`: the other spelling as a property, and `duplicate-key` when both are given.
//!
//! A condition holds only where its fields are present: `f == v` is
//! `{"properties": {f: {"const": v}}, "required": [f]}`, `in` uses `enum`, `!=` and `not in`
//! are the `not` of those, and `and`, `or`, `not` are `allOf`, `anyOf`, `not`.
//!
//! `json_string` fields and hand-written `check`s add nothing: the schema of a field is its
//! type's, and a check is code the derive cannot read (the runtime's checks write their
//! fragments by hand).

use isales_spec::{Comparison, Condition, FieldPath, Literal, Step};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value, json};

use super::Gen;
use super::condition::int_literal;
use super::report::{self, Resolved};
use crate::ast::Field;
use crate::attr::Format;

/// One call on the runtime's `Rules`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Call {
    /// `rules.constraint(property, rule, keywords)`.
    Constraint {
        property: String,
        rule: Resolved,
        keywords: Keywords,
    },
    /// `rules.format(property, FormatKind::..)`.
    Format { property: String, format: Format },
    /// `rules.require(property, rule)`.
    Require { property: String, rule: Resolved },
    /// `rules.conditional(rule, entry)`.
    Conditional { rule: Resolved, entry: Value },
    /// `rules.alias(property, alias, rule)`.
    Alias {
        property: String,
        alias: String,
        rule: Resolved,
    },
    /// `rules.blank_as_absent(property, rule)`.
    BlankAsAbsent { property: String, rule: Resolved },
    /// `rules.lone_object(property, rule)`.
    LoneObject { property: String, rule: Resolved },
}

/// The keywords of a constraint: known now, or a pattern the runtime builds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Keywords {
    /// Written out here.
    Json(Value),
    /// `{"pattern": rules::chars::pattern(forbidden)}`.
    ForbiddenChars(String),
    /// `{"pattern": rules::fixed::pattern(value)}`.
    Fixed(String),
}

/// `impl SchemaRules`, for the `const _` block of the expansion.
pub(crate) fn impl_schema_rules(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let container = generator.container;
    let ident = container.ident;
    let (impl_generics, ty_generics, where_clause) = container.generics.split_for_impl();
    let calls = calls(generator)
        .into_iter()
        .map(|call| call_tokens(krate, &call));
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::schema::SchemaRules for #ident #ty_generics #where_clause {
            fn schema_rules() -> #krate::schema::Rules {
                #[allow(unused_imports)]
                use #krate::schema::build::{array, int, null, object, string};
                #[allow(unused_mut)]
                let mut rules = #krate::schema::Rules::new();
                #(#calls)*
                rules
            }
        }
    }
}

/// Every call, in order: the fields' value rules, requirements of fields that are always
/// there, aliases, then the rules about the object.
pub(crate) fn calls(generator: &Gen<'_, '_>) -> Vec<Call> {
    let container = generator.container;
    let mut calls = Vec::new();
    for field in container.wire_fields() {
        value_calls(field, &mut calls);
    }
    for field in container.wire_fields() {
        let explicit = field.attrs.required.as_ref();
        if field.optional {
            continue;
        }
        let own = explicit.map(|required| &required.rule);
        let implicit = field.implicitly_required(&container.attrs);
        if explicit.is_some() || implicit {
            let rule = report::resolve(
                own.unwrap_or(&Default::default()),
                explicit.map(|_| &field.attrs.defaults),
                report::REQUIRED_FIELD,
            );
            calls.push(Call::Require {
                property: field.wire.clone(),
                rule,
            });
        }
    }
    for field in container.wire_fields() {
        if let Some(alias) = &field.attrs.alias {
            calls.push(Call::Alias {
                property: field.wire.clone(),
                alias: alias.name.value.clone(),
                rule: report::resolve(&alias.rule, Some(&field.attrs.defaults), report::ALIAS),
            });
        }
    }
    for (rule, when, paths) in requirements(generator) {
        let then = RequireTree::of_paths(&paths).marked(container).render();
        let entry = match when {
            Some(when) => json!({"if": condition(&when), "then": then}),
            None => then,
        };
        calls.push(Call::Conditional { rule, entry });
    }
    for field in container.wire_fields() {
        if let Some(absent) = &field.attrs.absent_unless {
            let rule = report::resolve(
                &absent.rule,
                Some(&field.attrs.defaults),
                report::UNEXPECTED_FIELD,
            );
            let entry = json!({
                "if": {"not": condition(&absent.when.condition)},
                "then": {"properties": {field.wire.as_str(): {"type": "null"}}},
            });
            calls.push(Call::Conditional { rule, entry });
        }
    }
    for forms in &container.attrs.one_of_forms {
        let rule = report::resolve(&forms.rule, None, report::INCOMPLETE_FORMS);
        let any_of: Vec<Value> = forms
            .forms
            .iter()
            .map(|form| {
                RequireTree::of_names(form.iter().map(|name| name.value.as_str()))
                    .marked(container)
                    .render()
            })
            .collect();
        let entry = json!({
            "if": condition(&forms.when.condition),
            "then": {"anyOf": any_of},
        });
        calls.push(Call::Conditional { rule, entry });
    }
    calls
}

/// The value rules of one field.
fn value_calls(field: &Field<'_>, calls: &mut Vec<Call>) {
    let attrs = &field.attrs;
    let defaults = Some(&attrs.defaults);
    let mut constraint = |rule: Resolved, keywords: Keywords| {
        calls.push(Call::Constraint {
            property: field.wire.clone(),
            rule,
            keywords,
        });
    };
    if let Some(one_of) = &attrs.one_of {
        let rule = report::resolve(&one_of.rule, defaults, report::ENUM_VALUE);
        constraint(rule, Keywords::Json(json!({"enum": one_of.values})));
    }
    if let Some(range) = &attrs.range {
        let rule = report::resolve(&range.rule, defaults, report::OUT_OF_RANGE);
        let mut keywords = Map::new();
        if let Some(min) = &range.min {
            keywords.insert("minimum".into(), json!(min.value));
        }
        if let Some(max) = &range.max {
            keywords.insert("maximum".into(), json!(max.value));
        }
        constraint(rule, Keywords::Json(Value::Object(keywords)));
    }
    if let Some(length) = &attrs.length {
        let rule = report::resolve(&length.rule, defaults, report::LENGTH);
        let mut keywords = Map::new();
        if let Some(min) = &length.min {
            keywords.insert("minLength".into(), json!(min.value));
        }
        if let Some(max) = &length.max {
            keywords.insert("maxLength".into(), json!(max.value));
        }
        constraint(rule, Keywords::Json(Value::Object(keywords)));
    }
    if let Some(chars) = &attrs.chars {
        let rule = report::resolve(&chars.rule, defaults, report::FORBIDDEN_CHARACTER);
        constraint(rule, Keywords::ForbiddenChars(chars.forbid.clone()));
    }
    if let Some(fixed) = &attrs.fixed {
        let rule = report::resolve(&fixed.rule, defaults, report::FIXED_VALUE);
        constraint(rule, Keywords::Fixed(fixed.value.clone()));
    }
    if let Some(format) = &attrs.format {
        calls.push(Call::Format {
            property: field.wire.clone(),
            format: format.format,
        });
    }
    if let Some(flag) = &attrs.lone_object {
        calls.push(Call::LoneObject {
            property: field.wire.clone(),
            rule: report::resolve(&flag.rule, defaults, report::OBJECT_INSTEAD_OF_ARRAY),
        });
    }
    if let Some(flag) = &attrs.empty_as_absent {
        calls.push(Call::BlankAsAbsent {
            property: field.wire.clone(),
            rule: report::resolve(&flag.rule, defaults, report::EMPTY_AS_ABSENT),
        });
    }
}

/// Requirements gathered by rule and condition, in the order first written: `required` on
/// optional fields, the fields' `required_if`, the struct's `required_if`.
fn requirements(generator: &Gen<'_, '_>) -> Vec<(Resolved, Option<Condition>, Vec<FieldPath>)> {
    let mut groups: Vec<(Resolved, Option<Condition>, Vec<FieldPath>)> = Vec::new();
    let mut add = |rule: Resolved, when: Option<&Condition>, path: FieldPath| {
        let group = groups
            .iter_mut()
            .find(|(known, known_when, _)| *known == rule && known_when.as_ref() == when);
        match group {
            Some((_, _, paths)) if paths.contains(&path) => {}
            Some((_, _, paths)) => paths.push(path),
            None => groups.push((rule, when.cloned(), vec![path])),
        }
    };
    for field in generator.container.wire_fields() {
        let sibling = || field.wire.parse::<FieldPath>().ok();
        if let (Some(required), true) = (&field.attrs.required, field.optional) {
            let rule = report::resolve(
                &required.rule,
                Some(&field.attrs.defaults),
                report::REQUIRED_FIELD,
            );
            if let Some(path) = sibling() {
                add(rule, None, path);
            }
        }
        for conditional in &field.attrs.required_if {
            let rule = report::resolve(
                &conditional.rule,
                Some(&field.attrs.defaults),
                report::REQUIRED_IF,
            );
            if let Some(path) = sibling() {
                add(rule, Some(&conditional.when.condition), path);
            }
        }
    }
    for requirement in &generator.container.attrs.required_if {
        let rule = report::resolve(&requirement.rule, None, report::REQUIRED_IF);
        let when = requirement.when.as_ref().map(|when| &when.condition);
        for path in &requirement.fields {
            add(rule.clone(), when, path.value.clone());
        }
    }
    groups
}

/// A condition as a schema that an object matches exactly when the condition holds.
pub(crate) fn condition(when: &Condition) -> Value {
    match when {
        Condition::Compare { field, op, values } => {
            let literals: Vec<Value> = values.iter().map(literal).collect();
            let test = match literals.as_slice() {
                [single] => json!({"const": single}),
                _ => json!({"enum": literals}),
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
        Literal::Int(number) => json!(number),
        Literal::Str(text) => json!(text),
    }
}

/// Required paths merged by their common prefixes: `policy[].retryDay` and
/// `policy[].retryTimes` give one `policy` entry requiring both below each item.
#[derive(Debug, Default)]
struct RequireTree {
    fields: Vec<(String, RequireNode)>,
}

#[derive(Debug, Default)]
struct RequireNode {
    /// The field itself must be present (a path ends at it).
    required: bool,
    /// `""` means the field is not set, so it is no more present than `null`.
    blank_as_absent: bool,
    /// The embedded document may be one object, checked as the array's only item.
    lone_object: bool,
    /// Below every item of the array (or embedded array) the field holds.
    items: Option<RequireTree>,
    /// Below the object the field holds.
    nested: Option<RequireTree>,
}

impl RequireTree {
    /// What the struct's own fields say of `""` and of lone objects, on the first step of
    /// each path (the only step whose type the derive sees).
    fn marked(mut self, container: &crate::ast::Container<'_>) -> Self {
        for (name, node) in &mut self.fields {
            if let Some(field) = container.wire_field(name) {
                node.blank_as_absent = field.attrs.empty_as_absent.is_some();
                node.lone_object = field.attrs.lone_object.is_some();
            }
        }
        self
    }

    fn of_paths(paths: &[FieldPath]) -> Self {
        let mut tree = RequireTree::default();
        for path in paths {
            tree.insert(path.steps());
        }
        tree
    }

    fn of_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut tree = RequireTree::default();
        for name in names {
            tree.insert(&[Step::Field(name.to_owned())]);
        }
        tree
    }

    fn insert(&mut self, steps: &[Step]) {
        let Some((Step::Field(name), rest)) = steps.split_first() else {
            return;
        };
        let index = match self.fields.iter().position(|(known, _)| known == name) {
            Some(index) => index,
            None => {
                self.fields.push((name.clone(), RequireNode::default()));
                self.fields.len() - 1
            }
        };
        let node = &mut self.fields[index].1;
        match rest.split_first() {
            None => node.required = true,
            Some((Step::Items, below)) => node.items.get_or_insert_default().insert(below),
            Some((Step::Field(_), _)) => node.nested.get_or_insert_default().insert(rest),
        }
    }

    /// `{"required": [..], "properties": {f: {"not": {"type": "null"}, ..}}}`: fields a path
    /// ends at are required and not null; containers only constrain what is below them, where
    /// they are present.
    fn render(&self) -> Value {
        let mut properties = Map::new();
        for (name, node) in &self.fields {
            let mut schema = Map::new();
            if node.required {
                let absent = if node.blank_as_absent {
                    json!({"enum": [null, ""]})
                } else {
                    json!({"type": "null"})
                };
                schema.insert("not".into(), absent);
            }
            if let Some(items) = &node.items {
                let each = items.render();
                // Draft 2020-12 applies `contentSchema` only beside `contentMediaType`. A lone
                // object stands for the array's only item: `items` passes objects by, so the
                // object is held to the items' requirements on its own.
                let content = if node.lone_object {
                    json!({"items": each, "if": {"type": "object"}, "then": each})
                } else {
                    json!({"items": each})
                };
                schema.insert("contentMediaType".into(), json!("application/json"));
                schema.insert("contentSchema".into(), content);
                schema.insert("items".into(), each);
            }
            if let Some(Value::Object(nested)) = node.nested.as_ref().map(RequireTree::render) {
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

/// The statement for one call.
fn call_tokens(krate: &TokenStream, call: &Call) -> TokenStream {
    match call {
        Call::Constraint {
            property,
            rule,
            keywords,
        } => {
            let rule = report::rule_value(krate, rule);
            let keywords = match keywords {
                Keywords::Json(value) => value_tokens(krate, value),
                Keywords::ForbiddenChars(forbidden) => {
                    quote!(object([("pattern", string(#krate::rules::chars::pattern(#forbidden)))]))
                }
                Keywords::Fixed(value) => {
                    quote!(object([("pattern", string(#krate::rules::fixed::pattern(#value)))]))
                }
            };
            quote!(rules.constraint(#property, #rule, #keywords);)
        }
        Call::Format { property, format } => {
            let kind = match format {
                Format::TimeOfDay => quote!(TimeOfDay),
                Format::DateTime => quote!(DateTime),
                Format::HttpUrl => quote!(HttpUrl),
                Format::DialString => quote!(DialString),
                Format::Locale => quote!(Locale),
            };
            quote!(rules.format(#property, #krate::violation::FormatKind::#kind);)
        }
        Call::Require { property, rule } => {
            let rule = report::rule_value(krate, rule);
            quote!(rules.require(#property, #rule);)
        }
        Call::Conditional { rule, entry } => {
            let rule = report::rule_value(krate, rule);
            let entry = value_tokens(krate, entry);
            quote!(rules.conditional(#rule, #entry);)
        }
        Call::Alias {
            property,
            alias,
            rule,
        } => {
            let rule = report::rule_value(krate, rule);
            quote!(rules.alias(#property, #alias, #rule);)
        }
        Call::BlankAsAbsent { property, rule } => {
            let rule = report::rule_value(krate, rule);
            quote!(rules.blank_as_absent(#property, #rule);)
        }
        Call::LoneObject { property, rule } => {
            let rule = report::rule_value(krate, rule);
            quote!(rules.lone_object(#property, #rule);)
        }
    }
}

/// A JSON value as calls of the runtime's `schema::build` functions.
fn value_tokens(krate: &TokenStream, value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(null()),
        Value::Bool(flag) => quote!(#krate::schema::Value::Bool(#flag)),
        Value::Number(number) => match (number.as_i64(), number.as_u64()) {
            (Some(number), _) => {
                let number = int_literal(number);
                quote!(int(#number))
            }
            // A length above `i64::MAX`: still written exactly.
            (None, Some(number)) => {
                let number = proc_macro2::Literal::u64_suffixed(number);
                quote!(#krate::schema::Value::from(#number))
            }
            (None, None) => {
                let number = proc_macro2::Literal::f64_suffixed(number.as_f64().unwrap_or(0.0));
                quote!(#krate::schema::Value::from(#number))
            }
        },
        Value::String(text) => quote!(string(#text)),
        Value::Array(items) => {
            let items = items.iter().map(|item| value_tokens(krate, item));
            quote!(array([#(#items),*]))
        }
        Value::Object(members) => {
            let members = members.iter().map(|(key, value)| {
                let value = value_tokens(krate, value);
                quote!((#key, #value))
            });
            quote!(object([#(#members),*]))
        }
    }
}

#[cfg(test)]
mod tests {
    use syn::{DeriveInput, parse_quote};

    use super::*;
    use crate::ast::Container;
    use crate::attr::{Provenance, Severity};
    use crate::ctxt::Ctxt;

    fn calls_of(input: &DeriveInput) -> Vec<Call> {
        let cx = Ctxt::new();
        let container = Container::from_ast(&cx, input);
        if let Some(container) = &container {
            crate::check::check(&cx, container);
        }
        if let Err(errors) = cx.check() {
            panic!("the test input has mistakes: {errors}");
        }
        let container = container.expect("an IR");
        let generator = Gen {
            container: &container,
            krate: quote!(k),
            table: None,
        };
        calls(&generator)
    }

    fn rule(id: &str, severity: Severity, provenance: Provenance) -> Resolved {
        Resolved {
            id: id.to_owned(),
            severity,
            provenance,
            registered: isales_vocabulary::RuleId::from_id(id),
        }
    }

    fn error(id: &str) -> Resolved {
        rule(id, Severity::Error, Provenance::Documented)
    }

    fn conditionals(calls: &[Call]) -> Vec<(&str, &Value)> {
        calls
            .iter()
            .filter_map(|call| match call {
                Call::Conditional { rule, entry } => Some((rule.id.as_str(), entry)),
                _ => None,
            })
            .collect()
    }

    fn present(names: &[&str]) -> Value {
        let properties: Map<String, Value> = names
            .iter()
            .map(|name| ((*name).to_owned(), json!({"not": {"type": "null"}})))
            .collect();
        json!({"required": names, "properties": properties})
    }

    #[test]
    fn value_rules_become_keywords_of_their_property() {
        let input: DeriveInput = parse_quote! {
            #[serde(rename_all = "camelCase")]
            struct S {
                #[contract(one_of = [2, 3, 4], range(min = 1, max = 9999))]
                status: Option<i64>,
                #[contract(one_of(values = [1, 3], rule = "inferred-enum-value", provenance = "inferred"))]
                device_type: Option<i64>,
                #[contract(length(max = 100), chars(forbid = "<>"), rule = "name", severity = "warning")]
                name: Option<String>,
                #[contract(fixed = "application/json", format = "time_of_day")]
                begin: Option<String>,
            }
        };
        let constraint = |property: &str, rule, keywords| Call::Constraint {
            property: property.to_owned(),
            rule,
            keywords,
        };
        let warning = |id: &str| rule(id, Severity::Warning, Provenance::Documented);
        assert_eq!(
            calls_of(&input),
            [
                constraint(
                    "status",
                    error("enum-value"),
                    Keywords::Json(json!({"enum": [2, 3, 4]}))
                ),
                constraint(
                    "status",
                    error("out-of-range"),
                    Keywords::Json(json!({"minimum": 1, "maximum": 9999}))
                ),
                constraint(
                    "deviceType",
                    rule(
                        "inferred-enum-value",
                        Severity::Warning,
                        Provenance::Inferred
                    ),
                    Keywords::Json(json!({"enum": [1, 3]}))
                ),
                constraint(
                    "name",
                    warning("name"),
                    Keywords::Json(json!({"maxLength": 100}))
                ),
                constraint(
                    "name",
                    warning("name"),
                    Keywords::ForbiddenChars("<>".into())
                ),
                constraint(
                    "begin",
                    error("fixed-value"),
                    Keywords::Fixed("application/json".into())
                ),
                Call::Format {
                    property: "begin".into(),
                    format: Format::TimeOfDay
                },
            ]
        );
    }

    #[test]
    fn fields_always_there_are_required_and_optional_ones_required_by_an_entry() {
        let input: DeriveInput = parse_quote! {
            struct S {
                always: i64,
                #[contract(required(rule = "renamed"))]
                renamed: String,
                #[serde(default)]
                defaulted: i64,
                #[contract(required(rule = "trio"))]
                one: Option<i64>,
                #[contract(required(rule = "trio"))]
                two: Option<i64>,
                #[contract(required(rule = "campaign-field-missing", provenance = "inferred"))]
                soft: Option<String>,
            }
        };
        let calls = calls_of(&input);
        let requires: Vec<(&str, &str)> = calls
            .iter()
            .filter_map(|call| match call {
                Call::Require { property, rule } => Some((property.as_str(), rule.id.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            requires,
            [("always", "required-field"), ("renamed", "renamed")]
        );
        let trio = present(&["one", "two"]);
        let soft = present(&["soft"]);
        assert_eq!(
            conditionals(&calls),
            [("trio", &trio), ("campaign-field-missing", &soft)]
        );
        assert!(calls.contains(&Call::Conditional {
            rule: rule(
                "campaign-field-missing",
                Severity::Warning,
                Provenance::Inferred
            ),
            entry: soft.clone(),
        }));
    }

    #[test]
    fn conditions_keep_absent_equals_nothing() {
        let cases = [
            (
                "a == 1",
                json!({"properties": {"a": {"const": 1}}, "required": ["a"]}),
            ),
            (
                "a in [1, \"x\"]",
                json!({"properties": {"a": {"enum": [1, "x"]}}, "required": ["a"]}),
            ),
            (
                "a in [3]",
                json!({"properties": {"a": {"const": 3}}, "required": ["a"]}),
            ),
            (
                "a != 0",
                json!({"not": {"properties": {"a": {"const": 0}}, "required": ["a"]}}),
            ),
            (
                "a not in [1, 2]",
                json!({"not": {"properties": {"a": {"enum": [1, 2]}}, "required": ["a"]}}),
            ),
            (
                "a == \"SI\" and (b == 2 or not c == -3)",
                json!({"allOf": [
                    {"properties": {"a": {"const": "SI"}}, "required": ["a"]},
                    {"anyOf": [
                        {"properties": {"b": {"const": 2}}, "required": ["b"]},
                        {"not": {"properties": {"c": {"const": -3}}, "required": ["c"]}},
                    ]},
                ]}),
            ),
        ];
        for (text, expected) in cases {
            let parsed: Condition = text.parse().expect(text);
            assert_eq!(condition(&parsed), expected, "{text}");
        }
    }

    #[test]
    fn requirements_merge_by_rule_and_condition_and_reach_into_arrays_and_objects() {
        let input: DeriveInput = parse_quote! {
            #[serde(rename_all = "camelCase")]
            #[contract(required_if(when = "type == 0", fields = ["policy[].retryDay"], rule = "number-policy-fields"))]
            #[contract(required_if(when = "type == 0", fields = ["policy[].retryTimes", "skill.outBoundType"], rule = "number-policy-fields"))]
            #[contract(required_if(when = "type == 1", fields = ["policy[].result"], rule = "number-policy-fields"))]
            #[contract(required_if(fields = ["type"]))]
            struct S {
                r#type: Option<i64>,
                policy: Option<JsonString<Vec<Setting>>>,
                skill: Option<Skill>,
            }
        };
        let calls = calls_of(&input);
        let each = present(&["retryDay", "retryTimes"]);
        let type_0 = json!({
            "if": {"properties": {"type": {"const": 0}}, "required": ["type"]},
            "then": {
                "properties": {
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
            },
        });
        let result = present(&["result"]);
        let type_1 = json!({
            "if": {"properties": {"type": {"const": 1}}, "required": ["type"]},
            "then": {
                "properties": {"policy": {
                    "contentMediaType": "application/json",
                    "contentSchema": {"items": result},
                    "items": result,
                }},
            },
        });
        let always = present(&["type"]);
        assert_eq!(
            conditionals(&calls),
            [
                ("number-policy-fields", &type_0),
                ("number-policy-fields", &type_1),
                ("required-if", &always),
            ]
        );
    }

    #[test]
    fn field_conditions_with_one_rule_share_an_entry() {
        let input: DeriveInput = parse_quote! {
            #[serde(rename_all = "camelCase")]
            struct S {
                call_type: Option<i64>,
                #[contract(required_if(when = "callType == 1", rule = "round-call-fields"))]
                choose_type: Option<i64>,
                #[contract(required_if(when = "callType == 1", rule = "round-call-fields"))]
                turns: Option<String>,
                #[contract(required_if = "callType == 1")]
                other: Option<String>,
            }
        };
        let calls = calls_of(&input);
        let when = json!({"properties": {"callType": {"const": 1}}, "required": ["callType"]});
        let round = json!({"if": when, "then": present(&["chooseType", "turns"])});
        let other = json!({"if": when, "then": present(&["other"])});
        assert_eq!(
            conditionals(&calls),
            [("round-call-fields", &round), ("required-if", &other)]
        );
    }

    #[test]
    fn absence_forms_and_aliases() {
        let input: DeriveInput = parse_quote! {
            #[serde(rename_all = "camelCase")]
            #[contract(one_of_forms(when = "policyType == 0", forms = [["retryDay", "retryTimes"], ["resultRetry"]], rule = "retry-policy-form"))]
            struct S {
                policy_type: Option<i64>,
                retry_day: Option<i64>,
                retry_times: Option<i64>,
                result_retry: Option<String>,
                #[contract(absent_unless(when = "policyType in [1, 2]", severity = "error"))]
                ivr_param: Option<String>,
                #[serde(rename = "mimAvgCallTime")]
                #[contract(alias(name = "minAvgCallTime", rule = "min-avg-call-time-alias"))]
                min_avg_call_time: Option<i64>,
            }
        };
        let calls = calls_of(&input);
        let when = |values: Value| json!({"properties": {"policyType": values}, "required": ["policyType"]});
        let absent = json!({
            "if": {"not": when(json!({"enum": [1, 2]}))},
            "then": {"properties": {"ivrParam": {"type": "null"}}},
        });
        let forms = json!({
            "if": when(json!({"const": 0})),
            "then": {"anyOf": [present(&["retryDay", "retryTimes"]), present(&["resultRetry"])]},
        });
        assert_eq!(
            conditionals(&calls),
            [("unexpected-field", &absent), ("retry-policy-form", &forms)]
        );
        assert!(calls.contains(&Call::Conditional {
            rule: rule("unexpected-field", Severity::Error, Provenance::Inferred),
            entry: absent.clone(),
        }));
        assert!(calls.contains(&Call::Alias {
            property: "mimAvgCallTime".into(),
            alias: "minAvgCallTime".into(),
            rule: rule(
                "min-avg-call-time-alias",
                Severity::Warning,
                Provenance::Inferred
            ),
        }));
    }

    #[test]
    fn values_are_written_with_the_runtime_builders() {
        let tokens = value_tokens(
            &quote!(k),
            &json!({"a": [null, true, -3, "x"], "b": {}, "c": u64::MAX}),
        );
        assert_eq!(
            tokens.to_string(),
            quote!(object([
                (
                    "a",
                    array([null(), k::schema::Value::Bool(true), int(-3), string("x")])
                ),
                ("b", object([])),
                ("c", k::schema::Value::from(18446744073709551615u64))
            ]))
            .to_string()
        );
    }
}
