//! The struct's rules as JSON Schema: the impl of `isales_contract::json_schema::SchemaRules`,
//! whose `schema_rules()` hands the runtime's `Rules` one call per rule. The runtime turns
//! error-level rules into assertions and warning-level ones into `x-warnings` annotations, and
//! merges them into the struct's schema (`schemars`' or any other).
//!
//! What each key becomes is `isales_spec::schema`'s translation, the one the schema generated
//! from the spec is written with too; this module only decides which fragment each attribute
//! gives and writes the calls:
//! - `one_of`, `range`, `length`: `enum`, `minimum`/`maximum`, `minLength`/`maxLength` on the
//!   property (the runtime adds `null` to an `enum` where the property admits it);
//! - `chars`, `fixed`: a `pattern`, computed here with `isales_vocabulary::pattern`'s
//!   functions, which the runtime's rule functions carry and test too; `format`: the
//!   runtime's pattern and rule for that format;
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
//! A condition holds only where its fields are present (`isales_spec::schema::condition`).
//!
//! `json_string` fields and hand-written `check`s add nothing: the schema of a field is its
//! type's, and a check is code the derive cannot read (the runtime's checks write their
//! fragments by hand).

use isales_spec::schema::{self as fragment, Marks, Requirement};
use isales_spec::{Condition, FieldPath, Step};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Value, json};

use super::Gen;
use super::condition::int_literal;
use super::report::{self, Resolved};
use crate::ast::{Container, Field};
use crate::attr::{Format, Severity, Spanned};
use crate::defaults::Constraint;
use crate::defaults::Vocabulary;

/// One call on the runtime's `Rules`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Call {
    /// `rules.constraint(property, rule, keywords)`.
    Constraint {
        property: String,
        rule: Resolved,
        keywords: Value,
    },
    /// `rules.format(property, FormatKind::..)`: the rules the runtime picks, or
    /// `rules.format_at(property, FormatKind::.., level)` when the attributes set their level.
    Format {
        property: String,
        format: Format,
        severity: Option<Severity>,
    },
    /// `rules.strict_format(property, FormatKind::.., rule)`: a format as one rule.
    StrictFormat {
        property: String,
        format: Format,
        rule: Resolved,
    },
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

/// `impl SchemaRules`, for the `const _` block of the expansion.
pub(crate) fn impl_schema_rules(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let container = generator.container;
    let ident = container.ident;
    let (impl_generics, ty_generics, where_clause) = container.generics.split_for_impl();
    let calls = calls(generator)
        .into_iter()
        .map(|call| call_tokens(krate, &call));
    let rules = match generator.vocabulary {
        Vocabulary::Contract => quote!(#krate::schema::Rules::new()),
        Vocabulary::Neutral => {
            let structure = generator.structure();
            quote!(#krate::schema::Rules::with_structure(#structure))
        }
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::schema::SchemaRules for #ident #ty_generics #where_clause {
            fn schema_rules() -> #krate::schema::Rules {
                #[allow(unused_imports)]
                use #krate::schema::build::{array, int, null, object, string};
                #[allow(unused_mut)]
                let mut rules = #rules;
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
        value_calls(generator, field, &mut calls);
    }
    for field in container.wire_fields() {
        let explicit = field.attrs.required.as_ref();
        if field.optional {
            continue;
        }
        let own = explicit.map(|required| &required.rule);
        let implicit = field.implicitly_required(&container.attrs);
        if explicit.is_some() || implicit {
            let rule = generator.resolve(
                own.unwrap_or(&Default::default()),
                explicit.map(|_| &field.attrs.defaults),
                Constraint::Required,
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
                rule: generator.resolve(
                    &alias.rule,
                    Some(&field.attrs.defaults),
                    Constraint::Alias,
                ),
            });
        }
    }
    for (rule, when, paths) in requirements(generator) {
        let then = requirement(container, paths.iter().map(FieldPath::steps));
        let entry = fragment::when(when.as_ref(), then);
        calls.push(Call::Conditional { rule, entry });
    }
    for field in container.wire_fields() {
        if let Some(absent) = &field.attrs.absent_unless {
            let rule = generator.resolve(
                &absent.rule,
                Some(&field.attrs.defaults),
                Constraint::AbsentUnless,
            );
            let entry = fragment::absent_unless(&field.wire, &absent.when.condition);
            calls.push(Call::Conditional { rule, entry });
        }
    }
    for forms in &container.attrs.one_of_forms {
        let rule = generator.resolve(&forms.rule, None, Constraint::OneOfForms);
        let any_of = forms.forms.iter().map(|form| {
            let steps: Vec<[Step; 1]> = form
                .iter()
                .map(|name| [Step::Field(name.value.clone())])
                .collect();
            requirement(container, steps.iter().map(|steps| &steps[..]))
        });
        let entry = fragment::one_of_forms(&forms.when.condition, any_of);
        calls.push(Call::Conditional { rule, entry });
    }
    calls
}

/// The value rules of one field.
fn value_calls(generator: &Gen<'_, '_>, field: &Field<'_>, calls: &mut Vec<Call>) {
    let attrs = &field.attrs;
    let defaults = Some(&attrs.defaults);
    let mut constraint = |rule: Resolved, keywords: Value| {
        calls.push(Call::Constraint {
            property: field.wire.clone(),
            rule,
            keywords,
        });
    };
    if let Some(one_of) = &attrs.one_of {
        let rule = generator.resolve(&one_of.rule, defaults, Constraint::OneOf);
        constraint(rule, json!({"enum": one_of.values}));
    }
    if let Some(range) = &attrs.range {
        let rule = generator.resolve(&range.rule, defaults, Constraint::Range);
        let bound = |bound: &Option<Spanned<i64>>| bound.as_ref().map(|bound| bound.value);
        constraint(rule, fragment::range(bound(&range.min), bound(&range.max)));
    }
    if let Some(length) = &attrs.length {
        let rule = generator.resolve(&length.rule, defaults, Constraint::Length);
        let bound = |bound: &Option<Spanned<usize>>| bound.as_ref().map(|bound| bound.value);
        constraint(
            rule,
            fragment::length(bound(&length.min), bound(&length.max)),
        );
    }
    if let Some(chars) = &attrs.chars {
        let rule = generator.resolve(&chars.rule, defaults, Constraint::Chars);
        constraint(rule, fragment::forbidden_chars(&chars.forbid));
    }
    if let Some(fixed) = &attrs.fixed {
        let rule = generator.resolve(&fixed.rule, defaults, Constraint::Fixed);
        constraint(rule, fragment::fixed_value(&fixed.value));
    }
    if let Some(format) = &attrs.format {
        if super::value::runtime_picks_format_rules(generator, field) {
            calls.push(Call::Format {
                property: field.wire.clone(),
                format: format.format,
                severity: format.rule.severity.or(attrs.defaults.severity),
            });
        } else {
            calls.push(Call::StrictFormat {
                property: field.wire.clone(),
                format: format.format,
                rule: generator.resolve(&format.rule, defaults, Constraint::Format),
            });
        }
    }
    if let Some(flag) = &attrs.lone_object {
        calls.push(Call::LoneObject {
            property: field.wire.clone(),
            rule: generator.resolve(&flag.rule, defaults, Constraint::LoneObject),
        });
    }
    if let Some(flag) = &attrs.empty_as_absent {
        calls.push(Call::BlankAsAbsent {
            property: field.wire.clone(),
            rule: generator.resolve(&flag.rule, defaults, Constraint::EmptyAsAbsent),
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
            let rule = generator.resolve(
                &required.rule,
                Some(&field.attrs.defaults),
                Constraint::Required,
            );
            if let Some(path) = sibling() {
                add(rule, None, path);
            }
        }
        for conditional in &field.attrs.required_if {
            let rule = generator.resolve(
                &conditional.rule,
                Some(&field.attrs.defaults),
                Constraint::RequiredIf,
            );
            if let Some(path) = sibling() {
                add(rule, Some(&conditional.when.condition), path);
            }
        }
    }
    for requirement in &generator.container.attrs.required_if {
        let rule = generator.resolve(&requirement.rule, None, Constraint::RequiredIf);
        let when = requirement.when.as_ref().map(|when| &when.condition);
        for path in &requirement.fields {
            add(rule.clone(), when, path.value.clone());
        }
    }
    groups
}

/// The requirement of `paths` on an object of the struct. What the struct's own fields say of
/// `""` and of lone objects marks the first step of each path, the only step whose type the
/// derive sees.
fn requirement<'p>(
    container: &Container<'_>,
    paths: impl IntoIterator<Item = &'p [Step]>,
) -> Value {
    let marks = |names: &[&str]| match names {
        [name] => container
            .wire_field(name)
            .map_or_else(Marks::default, |field| Marks {
                blank_as_absent: field.attrs.empty_as_absent.is_some(),
                lone_object: field.attrs.lone_object.is_some(),
            }),
        _ => Marks::default(),
    };
    Requirement::of(paths, marks).render()
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
            let keywords = value_tokens(krate, keywords);
            quote!(rules.constraint(#property, #rule, #keywords);)
        }
        Call::Format {
            property,
            format,
            severity,
        } => {
            let kind = quote::format_ident!("{}", format.variant_name());
            match severity {
                None => quote!(rules.format(#property, #krate::violation::FormatKind::#kind);),
                Some(severity) => {
                    let severity = match severity {
                        Severity::Error => quote!(#krate::Severity::Error),
                        Severity::Warning => quote!(#krate::Severity::Warning),
                    };
                    quote!(rules.format_at(#property, #krate::violation::FormatKind::#kind, #severity);)
                }
            }
        }
        Call::StrictFormat {
            property,
            format,
            rule,
        } => {
            let kind = quote::format_ident!("{}", format.variant_name());
            let rule = report::rule_value(krate, rule);
            quote!(rules.strict_format(#property, #krate::violation::FormatKind::#kind, #rule);)
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
    use crate::attr::Provenance;
    use crate::ctxt::Ctxt;

    /// The calls for `input` as a model of the contract would make them.
    fn calls_of(input: &DeriveInput) -> Vec<Call> {
        calls_in(input, Vocabulary::Contract)
    }

    fn calls_in(input: &DeriveInput, vocabulary: Vocabulary) -> Vec<Call> {
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
            vocabulary,
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
        let properties: serde_json::Map<String, Value> = names
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
                constraint("status", error("enum-value"), json!({"enum": [2, 3, 4]})),
                constraint(
                    "status",
                    error("out-of-range"),
                    json!({"minimum": 1, "maximum": 9999})
                ),
                constraint(
                    "deviceType",
                    rule(
                        "inferred-enum-value",
                        Severity::Warning,
                        Provenance::Inferred
                    ),
                    json!({"enum": [1, 3]})
                ),
                constraint("name", warning("name"), json!({"maxLength": 100})),
                constraint("name", warning("name"), json!({"pattern": "^[^<>]*$"})),
                constraint(
                    "begin",
                    error("fixed-value"),
                    json!({"pattern": isales_vocabulary::pattern::media_type("application/json")})
                ),
                Call::Format {
                    property: "begin".into(),
                    format: Format::TimeOfDay,
                    severity: None,
                },
            ]
        );
    }

    #[test]
    fn a_format_is_the_runtimes_rules_on_the_contracts_models_else_one_rule() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[contract(format = "datetime")]
                start: Option<String>,
                #[contract(format(kind = "datetime", severity = "warning"))]
                end: Option<String>,
                #[contract(format(kind = "http_url", rule = "hook-url"))]
                hook: Option<String>,
            }
        };
        let strict = |property: &str, rule| Call::StrictFormat {
            property: property.to_owned(),
            format: if property == "hook" {
                Format::HttpUrl
            } else {
                Format::DateTime
            },
            rule,
        };
        assert_eq!(
            calls_of(&input),
            [
                Call::Format {
                    property: "start".into(),
                    format: Format::DateTime,
                    severity: None,
                },
                Call::Format {
                    property: "end".into(),
                    format: Format::DateTime,
                    severity: Some(Severity::Warning),
                },
                strict("hook", error("hook-url")),
            ]
        );
        assert_eq!(
            calls_in(&input, Vocabulary::Neutral),
            [
                strict("start", error("format")),
                strict(
                    "end",
                    rule("format", Severity::Warning, Provenance::Documented)
                ),
                strict("hook", error("hook-url")),
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
    fn requirements_merge_by_rule_and_condition() {
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
        // How a requirement renders is `isales_spec::schema`'s (tested there); here, which
        // paths go together under which condition.
        let entry = |when: &str, paths: &[&str]| {
            let when: Condition = when.parse().expect(when);
            let paths: Vec<FieldPath> =
                paths.iter().map(|path| path.parse().expect(path)).collect();
            let then = Requirement::of(paths.iter().map(FieldPath::steps), |_| Marks::default());
            fragment::when(Some(&when), then.render())
        };
        let type_0 = entry(
            "type == 0",
            &[
                "policy[].retryDay",
                "policy[].retryTimes",
                "skill.outBoundType",
            ],
        );
        let type_1 = entry("type == 1", &["policy[].result"]);
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
