//! The contract's rules as JSON Schema keywords, for schemas generated from the models.
//!
//! `#[derive(Contract)]` implements [`SchemaRules`] for every struct it derives on: a function
//! that describes the struct's rules, read from its `#[contract(...)]` attributes, as JSON
//! Schema (draft 2020-12) fragments gathered in a [`Rules`] value. Rules at error level become
//! assertions, rules at warning level annotations (`x-warnings` entries, `{"rule": id, ..}`),
//! the same split as the schema generated from the spec: a payload the validator passes at the
//! default levels also passes the schema. The level is the one the rule has by default.
//!
//! [`Rules::apply`] merges the fragments into the JSON Schema of the struct, an object schema
//! whose `properties` already describe the fields' types: per-property keywords (`enum`,
//! `minimum`, `pattern`, ...), `required`, and `allOf` entries for the conditional rules, each
//! tagged with its rule id (`x-rule`). Conditions keep the meaning `isales_spec::condition`
//! gives them: an absent field (missing or `null`) equals nothing.
//!
//! Nothing here depends on `schemars`. With the `schemars` feature (off by default) the models
//! derive `schemars::JsonSchema`, `transform` is the `#[schemars(transform = ..)]` that applies
//! a type's rules, and the field types of the models ([`JsonString`](crate::JsonString), the
//! coded enums, [`Extra`](crate::models::Extra), [`ErrorCode`](crate::models::ErrorCode)) say
//! what the wire carries. A struct of another crate opts in the same way:
//!
//! ```
//! # #[cfg(feature = "schemars")] {
//! use isales_contract::Contract;
//!
//! #[derive(serde::Deserialize, schemars::JsonSchema, Contract)]
//! #[schemars(transform = isales_contract::json_schema::transform::<Self>)]
//! #[serde(rename_all = "camelCase")]
//! struct Order {
//!     #[contract(one_of = [1, 2])]
//!     mode: Option<i64>,
//!     #[contract(required_if = "mode == 2", range(min = 1, max = 99))]
//!     quantity: Option<i64>,
//! }
//!
//! let schema = schemars::schema_for!(Order);
//! assert_eq!(
//!     schema.get("allOf"),
//!     Some(&serde_json::json!([{
//!         "if": {"properties": {"mode": {"const": 2}}, "required": ["mode"]},
//!         "then": {"properties": {"quantity": {"not": {"type": "null"}}}, "required": ["quantity"]},
//!         "x-rule": "required-if",
//!     }]))
//! );
//! assert_eq!(schema.pointer("/properties/mode/enum"), Some(&serde_json::json!([1, 2, null])));
//! assert_eq!(schema.pointer("/properties/quantity/maximum"), Some(&99.into()));
//! # }
//! ```

pub use serde_json::{Map, Value};

#[cfg(feature = "schemars")]
pub use schemars;

use isales_vocabulary::keywords;

use crate::rule::registry;
use crate::rule::{Rule, Severity};
use crate::violation::FormatKind;

/// A type whose rules can be written as JSON Schema; `#[derive(Contract)]` implements it.
pub trait SchemaRules {
    /// The type's rules: assertions for those at error level, annotations for the others.
    fn schema_rules() -> Rules;
}

/// The JSON Schema fragments of one object type's rules, ready to merge into the schema that
/// describes its fields ([`Rules::apply`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    /// Keywords every present value of a property satisfies: (property, rule id, keywords).
    assertions: Vec<(&'static str, &'static str, Map<String, Value>)>,
    /// Warning-level constraints on properties: (property, `{"rule": id, ..keywords}`).
    property_warnings: Vec<(&'static str, Value)>,
    /// Properties that must be present.
    required: Vec<&'static str>,
    /// Entries of the object's `allOf`, each with its `x-rule`.
    all_of: Vec<Value>,
    /// Warning-level rules about the object: `{"rule": id, ..}`.
    warnings: Vec<Value>,
    /// Other accepted spellings: (property, alias, the alias's rule).
    aliases: Vec<(&'static str, &'static str, Rule)>,
    /// Properties whose `""` means "not set", and the rule that reports it.
    blanks: Vec<(&'static str, Rule)>,
    /// Properties holding a JSON document that may be one object where the array of them is
    /// documented, and the rule that reports it.
    lone_objects: Vec<(&'static str, Rule)>,
    /// The rule a key given twice breaks, when not the contract's `duplicate-key`.
    duplicate_key: Option<Rule>,
}

impl Rules {
    /// No rules.
    #[must_use]
    pub fn new() -> Self {
        Rules::default()
    }

    /// No rules, for a type whose JSON structure is reported under `structure` (a key given
    /// twice breaks its `duplicate_key`).
    #[must_use]
    pub fn with_structure(structure: &'static crate::contract::structure::Rules) -> Self {
        Rules {
            duplicate_key: Some(structure.duplicate_key),
            ..Rules::default()
        }
    }

    /// A constraint on the values of `property` (`{"enum": [..]}`, `{"minimum": 1}`, ..):
    /// asserted at error level, else an `x-warnings` entry of the property.
    pub fn constraint(&mut self, property: &'static str, rule: Rule, keywords: Value) {
        let keywords = into_map(keywords);
        match rule.severity {
            Severity::Error => self.assertions.push((property, rule.id, keywords)),
            Severity::Warning => self
                .property_warnings
                .push((property, warning(rule, keywords))),
        }
    }

    /// A documented format: each of its patterns ([`FormatKind::patterns`]), asserted or annotated
    /// by the level of the rule a value failing it breaks.
    pub fn format(&mut self, property: &'static str, format: FormatKind) {
        for &(rule, pattern) in format.patterns() {
            self.constraint(
                property,
                rule,
                build::object([("pattern", build::string(pattern))]),
            );
        }
    }

    /// `property` must be present: in `required` at error level, else an `x-warnings` entry of
    /// the object. For fields whose type never holds `null`; a requirement on an optional
    /// field is a [`conditional`](Self::conditional) that also refuses `null`.
    pub fn require(&mut self, property: &'static str, rule: Rule) {
        match rule.severity {
            Severity::Error => {
                if !self.required.contains(&property) {
                    self.required.push(property);
                }
            }
            Severity::Warning => self.warnings.push(warning(
                rule,
                into_map(build::object([(
                    "required",
                    build::array([build::string(property)]),
                )])),
            )),
        }
    }

    /// A rule about the object as a whole (`{"if": .., "then": ..}`, a requirement, ..): an
    /// `allOf` entry tagged `x-rule` at error level, else an `x-warnings` entry of the object.
    pub fn conditional(&mut self, rule: Rule, entry: Value) {
        let mut entry = into_map(entry);
        match rule.severity {
            Severity::Error => {
                entry.insert("x-rule".into(), Value::from(rule.id));
                self.all_of.push(Value::Object(entry));
            }
            Severity::Warning => self.warnings.push(warning(rule, entry)),
        }
    }

    /// `alias` is another spelling of `property`. The alias gets the property's schema (and
    /// `deprecated`), or only `null` when its rule is an error; giving both spellings is a
    /// `duplicate-key`.
    pub fn alias(&mut self, property: &'static str, alias: &'static str, rule: Rule) {
        self.aliases.push((property, alias, rule));
        let both = build::object([(
            "not",
            build::object([(
                "required",
                build::array([build::string(property), build::string(alias)]),
            )]),
        )]);
        self.conditional(self.duplicate_key.unwrap_or(registry::DUPLICATE_KEY), both);
    }

    /// `""` in `property` means "not set": allowed beside the property's schema, annotated
    /// with `rule` (or refused with everything else the schema refuses, at error level).
    pub fn blank_as_absent(&mut self, property: &'static str, rule: Rule) {
        self.blanks.push((property, rule));
    }

    /// The JSON document `property` holds may be one object where the array of them is
    /// documented: its `contentSchema` accepts the object too, annotated with `rule` (unless
    /// the rule is an error).
    pub fn lone_object(&mut self, property: &'static str, rule: Rule) {
        self.lone_objects.push((property, rule));
    }

    /// A documented format, as [`Rules::format`], with every rule it breaks at `severity` (a
    /// model's attribute set the level of the rules the runtime picks).
    pub fn format_at(&mut self, property: &'static str, format: FormatKind, severity: Severity) {
        for &(rule, pattern) in format.patterns() {
            self.constraint(
                property,
                Rule { severity, ..rule },
                build::object([("pattern", build::string(pattern))]),
            );
        }
    }

    /// A format as one rule ([`check_format_strictly`](crate::rules::check_format_strictly)):
    /// its pattern ([`strict_pattern`](crate::rules::strict_pattern)), asserted or annotated
    /// by `rule`'s level.
    pub fn strict_format(&mut self, property: &'static str, format: FormatKind, rule: Rule) {
        let pattern = crate::rules::strict_pattern(format);
        self.constraint(
            property,
            rule,
            build::object([("pattern", build::string(pattern))]),
        );
    }

    /// The properties that must be present, in the order they were required.
    #[must_use]
    pub fn required(&self) -> &[&'static str] {
        &self.required
    }

    /// The `allOf` entries.
    #[must_use]
    pub fn all_of(&self) -> &[Value] {
        &self.all_of
    }

    /// Merges the rules into `schema`, the object schema of the type (its `properties` describe
    /// the fields' types).
    ///
    /// An asserted keyword that a property already has (two patterns) goes into the property's
    /// `allOf`. An `enum` on a property that admits `null` admits `null` too: `null` means
    /// absent, and the enum is about the values that are there.
    pub fn apply(&self, schema: &mut Map<String, Value>) {
        for (property, rule, keywords) in &self.assertions {
            let target = property_schema(schema, property);
            let nullable = admits_null(target);
            for (keyword, value) in keywords {
                let mut value = value.clone();
                if keyword == "enum"
                    && nullable
                    && let Value::Array(values) = &mut value
                    && !values.contains(&Value::Null)
                {
                    values.push(Value::Null);
                }
                merge_assertion(target, keyword, value);
            }
            push_unique(target, "x-rules", Value::from(*rule));
        }
        for (property, entry) in &self.property_warnings {
            push(
                property_schema(schema, property),
                "x-warnings",
                entry.clone(),
            );
        }
        for (property, alias, rule) in &self.aliases {
            let documented = property_schema(schema, property).clone();
            let mut spelling = match rule.severity {
                Severity::Error => {
                    let mut refused = Map::new();
                    refused.insert("type".into(), Value::from("null"));
                    push(&mut refused, "x-rules", Value::from(rule.id));
                    refused
                }
                Severity::Warning => {
                    let mut copy = documented;
                    allow_null(&mut copy);
                    copy.insert("deprecated".into(), Value::Bool(true));
                    push(&mut copy, "x-warnings", warning(*rule, Map::new()));
                    copy
                }
            };
            spelling.insert("title".into(), Value::from(*alias));
            spelling.insert("x-alias-of".into(), Value::from(*property));
            properties(schema).insert((*alias).to_owned(), Value::Object(spelling));
        }
        for property in &self.required {
            push_unique(schema, "required", Value::from(*property));
        }
        for entry in &self.all_of {
            push(schema, "allOf", entry.clone());
        }
        for entry in &self.warnings {
            push(schema, "x-warnings", entry.clone());
        }
        for (property, rule) in &self.lone_objects {
            if rule.severity == Severity::Warning {
                lone_object(property_schema(schema, property), *rule);
            }
        }
        for (property, rule) in &self.blanks {
            if rule.severity == Severity::Warning {
                blank_as_absent(property_schema(schema, property), *rule);
            }
        }
    }
}

/// `{"if": {"const": ""}, "then": {"x-warnings": [rule]}, "else": <what the schema asserted>}`,
/// keeping its annotations outside: a value that is not `""` gets the errors of the property's
/// own schema alone.
fn blank_as_absent(schema: &mut Map<String, Value>, rule: Rule) {
    let (annotations, assertions): (Map<String, Value>, Map<String, Value>) =
        std::mem::take(schema)
            .into_iter()
            .partition(|(key, _)| keywords::ANNOTATIONS.contains(&key.as_str()));
    *schema = annotations;
    schema.insert("if".into(), build::object([("const", build::string(""))]));
    schema.insert(
        "then".into(),
        build::object([("x-warnings", build::array([warning(rule, Map::new())]))]),
    );
    schema.insert("else".into(), Value::Object(assertions));
}

/// Every `contentSchema` describing an array of items, anywhere in `schema`, accepts one item
/// alone too, annotated with `rule`.
fn lone_object(schema: &mut Map<String, Value>, rule: Rule) {
    if let Some(Value::Object(content)) = schema.get("contentSchema")
        && content.get("type") == Some(&Value::from("array"))
        && let Some(Value::Object(item)) = content.get("items")
    {
        let mut item = item.clone();
        push(&mut item, "x-warnings", warning(rule, Map::new()));
        let either = build::object([(
            "anyOf",
            build::array([Value::Object(content.clone()), Value::Object(item)]),
        )]);
        schema.insert("contentSchema".into(), either);
    }
    for branch in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = schema.get_mut(branch) {
            for branch in branches {
                if let Value::Object(branch) = branch {
                    lone_object(branch, rule);
                }
            }
        }
    }
}

/// Applies `T`'s rules to the schema `schemars` generated for `T`: use it as
/// `#[schemars(transform = isales_contract::json_schema::transform::<T>)]`.
#[cfg(feature = "schemars")]
pub fn transform<T: SchemaRules>(schema: &mut schemars::Schema) {
    T::schema_rules().apply(schema.ensure_object());
}

/// Builders for the JSON values the derive's generated code passes to [`Rules`].
pub mod build {
    use super::{Map, Value};

    /// An object from its members, in order.
    #[must_use]
    pub fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
        let mut map = Map::new();
        for (key, value) in members {
            map.insert(key.to_owned(), value);
        }
        Value::Object(map)
    }

    /// An array.
    #[must_use]
    pub fn array<const N: usize>(items: [Value; N]) -> Value {
        Value::Array(Vec::from(items))
    }

    /// A string.
    #[must_use]
    pub fn string(text: impl Into<String>) -> Value {
        Value::String(text.into())
    }

    /// An integer.
    #[must_use]
    pub fn int(number: i64) -> Value {
        Value::from(number)
    }

    /// `null`.
    #[must_use]
    pub fn null() -> Value {
        Value::Null
    }
}

/// Asserts `keywords` on `schema` when `rule` is at error level (naming the rule in
/// `x-rules`), else adds them as an `x-warnings` entry: for the hand-written schemas of the
/// runtime's field types.
#[cfg(feature = "schemars")]
pub(crate) fn constrain(schema: &mut Map<String, Value>, rule: Rule, keywords: Value) {
    let keywords = into_map(keywords);
    match rule.severity {
        Severity::Error => {
            for (keyword, value) in keywords {
                merge_assertion(schema, &keyword, value);
            }
            push_unique(schema, "x-rules", Value::from(rule.id));
        }
        Severity::Warning => push(schema, "x-warnings", warning(rule, keywords)),
    }
}

fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        // The derive and the hand-written fragments only pass objects; anything else would
        // assert nothing, so keep it visible rather than lose it.
        other => {
            let mut map = Map::new();
            map.insert("x-invalid-fragment".into(), other);
            map
        }
    }
}

/// `{"rule": id, ..keywords}`.
fn warning(rule: Rule, keywords: Map<String, Value>) -> Value {
    let mut entry = Map::new();
    entry.insert("rule".into(), Value::from(rule.id));
    entry.extend(keywords);
    Value::Object(entry)
}

/// The object's `properties`, created when missing.
fn properties(schema: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let slot = schema
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    object_mut(slot)
}

/// The schema of one property, created (empty) when missing.
fn property_schema<'s>(
    schema: &'s mut Map<String, Value>,
    property: &str,
) -> &'s mut Map<String, Value> {
    let slot = properties(schema)
        .entry(property)
        .or_insert_with(|| Value::Object(Map::new()));
    if slot.as_bool() == Some(false) {
        // The boolean schema `false` as an object, still refusing everything.
        *slot = build::object([("not", build::object([]))]);
    }
    object_mut(slot)
}

/// The object in `slot`, which becomes an empty one when it holds anything else.
fn object_mut(slot: &mut Value) -> &mut Map<String, Value> {
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(map) => map,
        _ => unreachable!("the slot was just made an object"),
    }
}

/// Whether a property schema lets `null` through: `"type"` lists it, or an `anyOf` branch is
/// `{"type": "null"}`.
fn admits_null(schema: &Map<String, Value>) -> bool {
    let null = Value::from("null");
    match schema.get("type") {
        Some(Value::String(name)) if name == "null" => return true,
        Some(Value::Array(types)) if types.contains(&null) => return true,
        _ => {}
    }
    schema
        .get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|branches| {
            branches.iter().any(|branch| {
                branch
                    .as_object()
                    .is_some_and(|branch| branch.len() == 1 && admits_null(branch))
            })
        })
}

/// Makes a property schema admit `null` (an alias is never required).
fn allow_null(schema: &mut Map<String, Value>) {
    if admits_null(schema) {
        return;
    }
    match schema.get_mut("type") {
        Some(Value::String(name)) => {
            let name = std::mem::take(name);
            schema.insert("type".into(), Value::from(vec![name, "null".to_owned()]));
        }
        Some(Value::Array(types)) => types.push(Value::from("null")),
        _ => {
            let inner = std::mem::take(schema);
            let null = build::object([("type", build::string("null"))]);
            schema.insert(
                "anyOf".into(),
                Value::Array(vec![Value::Object(inner), null]),
            );
        }
    }
}

/// Adds an assertion keyword; one already present goes into `allOf`.
fn merge_assertion(schema: &mut Map<String, Value>, keyword: &str, value: Value) {
    if schema.contains_key(keyword) {
        let mut extra = Map::new();
        extra.insert(keyword.to_owned(), value);
        push(schema, "allOf", Value::Object(extra));
    } else {
        schema.insert(keyword.to_owned(), value);
    }
}

/// Appends to the array under `key`, creating it (an existing non-array is kept as an item).
fn push(schema: &mut Map<String, Value>, key: &str, item: Value) {
    let slot = schema
        .entry(key)
        .or_insert_with(|| Value::Array(Vec::new()));
    match slot {
        Value::Array(items) => items.push(item),
        other => *other = Value::Array(vec![other.take(), item]),
    }
}

/// Appends unless the array already holds the item.
fn push_unique(schema: &mut Map<String, Value>, key: &str, item: Value) {
    if schema
        .get(key)
        .and_then(Value::as_array)
        .is_some_and(|items| items.contains(&item))
    {
        return;
    }
    push(schema, key, item);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rule::Provenance;

    const ERROR: Rule = Rule::new("some-error", Severity::Error, Provenance::Documented);
    const WARNING: Rule = Rule::new("some-warning", Severity::Warning, Provenance::Inferred);

    fn applied(rules: &Rules, schema: Value) -> Value {
        let mut map = into_map(schema);
        rules.apply(&mut map);
        Value::Object(map)
    }

    #[test]
    fn constraints_assert_at_error_level_and_annotate_at_warning_level() {
        let mut rules = Rules::new();
        rules.constraint("status", ERROR, json!({"enum": [2, 3, 4]}));
        rules.constraint("time", WARNING, json!({"minimum": 5, "maximum": 120}));
        let schema = applied(
            &rules,
            json!({"type": "object", "properties": {
                "status": {"type": ["integer", "null"]},
                "time": {"type": "integer"},
            }}),
        );
        assert_eq!(
            schema["properties"],
            json!({
                "status": {"type": ["integer", "null"], "enum": [2, 3, 4, null], "x-rules": ["some-error"]},
                "time": {
                    "type": "integer",
                    "x-warnings": [{"rule": "some-warning", "minimum": 5, "maximum": 120}],
                },
            })
        );
    }

    #[test]
    fn enums_admit_null_only_where_the_property_does() {
        for (property, expected) in [
            (json!({"type": "integer"}), json!([1, 2])),
            (json!({"type": ["integer", "null"]}), json!([1, 2, null])),
            (
                json!({"anyOf": [{"$ref": "#/$defs/X"}, {"type": "null"}]}),
                json!([1, 2, null]),
            ),
            (
                json!({"anyOf": [{"type": "string"}, {"type": "array"}]}),
                json!([1, 2]),
            ),
        ] {
            let mut rules = Rules::new();
            rules.constraint("p", ERROR, json!({"enum": [1, 2]}));
            let schema = applied(&rules, json!({"properties": {"p": property.clone()}}));
            assert_eq!(schema["properties"]["p"]["enum"], expected, "{property}");
        }
    }

    #[test]
    fn a_second_pattern_goes_into_all_of() {
        let mut rules = Rules::new();
        rules.constraint("p", ERROR, json!({"pattern": "^a"}));
        rules.constraint(
            "p",
            Rule::new("other", Severity::Error, Provenance::Documented),
            json!({"pattern": "b$"}),
        );
        let schema = applied(&rules, json!({"properties": {"p": {"type": "string"}}}));
        assert_eq!(
            schema["properties"]["p"],
            json!({
                "type": "string",
                "pattern": "^a",
                "allOf": [{"pattern": "b$"}],
                "x-rules": ["some-error", "other"],
            })
        );
    }

    #[test]
    fn formats_take_the_runtime_rule_and_pattern() {
        let mut rules = Rules::new();
        rules.format("begin", FormatKind::TimeOfDay);
        rules.format("start", FormatKind::DateTime);
        let schema = applied(&rules, json!({"properties": {}}));
        assert_eq!(
            schema["properties"]["begin"],
            json!({"pattern": crate::rules::time_of_day::PATTERN, "x-rules": ["time-of-day"]})
        );
        assert_eq!(
            schema["properties"]["start"],
            json!({"x-warnings": [
                {"rule": "datetime-format", "pattern": crate::rules::datetime::READABLE_PATTERN},
                {"rule": "datetime-lenient", "pattern": crate::rules::datetime::CANONICAL_PATTERN},
            ]})
        );
    }

    #[test]
    fn requirements_and_conditionals_follow_the_level() {
        let mut rules = Rules::new();
        rules.require("a", ERROR);
        rules.require("a", ERROR);
        rules.require("b", WARNING);
        rules.conditional(
            ERROR,
            json!({"if": {"required": ["a"]}, "then": {"required": ["c"]}}),
        );
        rules.conditional(
            WARNING,
            json!({"then": {"properties": {"c": {"type": "null"}}}}),
        );
        assert_eq!(rules.required(), ["a"]);
        let schema = applied(&rules, json!({"type": "object", "required": ["z"]}));
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "required": ["z", "a"],
                "allOf": [{"if": {"required": ["a"]}, "then": {"required": ["c"]}, "x-rule": "some-error"}],
                "x-warnings": [
                    {"rule": "some-warning", "required": ["b"]},
                    {"rule": "some-warning", "then": {"properties": {"c": {"type": "null"}}}},
                ],
            })
        );
    }

    #[test]
    fn aliases_copy_the_property_or_refuse_it() {
        let mut rules = Rules::new();
        rules.constraint("mim", ERROR, json!({"minimum": 0}));
        rules.alias("mim", "min", WARNING);
        rules.alias("max", "maximum", ERROR);
        let schema = applied(
            &rules,
            json!({"properties": {"mim": {"type": "integer"}, "max": {"type": ["integer", "null"]}}}),
        );
        assert_eq!(
            schema["properties"]["min"],
            json!({
                "type": ["integer", "null"],
                "minimum": 0,
                "x-rules": ["some-error"],
                "deprecated": true,
                "x-warnings": [{"rule": "some-warning"}],
                "title": "min",
                "x-alias-of": "mim",
            })
        );
        assert_eq!(
            schema["properties"]["maximum"],
            json!({"type": "null", "x-rules": ["some-error"], "title": "maximum", "x-alias-of": "max"})
        );
        assert_eq!(
            schema["allOf"],
            json!([
                {"not": {"required": ["mim", "min"]}, "x-rule": "duplicate-key"},
                {"not": {"required": ["max", "maximum"]}, "x-rule": "duplicate-key"},
            ])
        );
    }

    #[test]
    fn aliases_of_references_admit_null_beside_them() {
        let mut copy = into_map(json!({"$ref": "#/$defs/X"}));
        allow_null(&mut copy);
        assert_eq!(
            Value::Object(copy),
            json!({"anyOf": [{"$ref": "#/$defs/X"}, {"type": "null"}]})
        );
    }

    #[test]
    fn builders_write_json() {
        use build::*;
        assert_eq!(
            object([
                ("a", array([int(-1), null()])),
                ("b", string("x")),
                ("c", object([])),
            ]),
            json!({"a": [-1, null], "b": "x", "c": {}})
        );
    }
}
