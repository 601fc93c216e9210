//! The OpenAPI 3.0.3 document: the 3.1 document with every Schema Object translated down to
//! what 3.0 reads, and what the translation drops listed in its description.
//!
//! The translation, keyword by keyword (the module's tests pin each):
//! - `type: [T, "null"]` is `type: T` with `nullable: true`; a `{"type": "null"}` branch of an
//!   `anyOf` leaves it and makes the other branches nullable (a lone `$ref` becomes
//!   `allOf: [$ref]` with `nullable: true`); a schema of `null` alone is `enum: [null]`;
//! - `const: v` is `enum: [v]`; `examples: [a, ...]` is `example: a`; `$comment` is
//!   `x-comment`; a `$ref` with siblings is `allOf: [$ref]` beside them (3.0 ignores a
//!   reference's siblings);
//! - `""` read as "not set" (`if: {const: ""}` with annotations in `then`) becomes the `else`
//!   schema admitting `""`: its `pattern` alternates with `^$`, its `enum` gains `""`; the
//!   `then` annotations stay as `x-when-blank`;
//! - any other `if`/`then`/`else` is dropped: its rule (`x-rule`) joins the definition's
//!   `x-dropped-rules` and the description's list;
//! - `contentMediaType`/`contentSchema` are dropped: the string holding a JSON document is a
//!   plain string, the document's schema stays readable as `x-content-schema`;
//! - any other keyword 3.0 lacks is dropped and counted.
//!
//! Extension members (`x-...`) are copied as they are: they are free-form in both versions.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::object;

/// The OpenAPI version written.
pub(super) const VERSION: &str = "3.0.3";

/// The Schema Object keywords of OpenAPI 3.0 (extensions aside).
const KEYWORDS_3_0: [&str; 36] = [
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "example",
    "externalDocs",
    "deprecated",
    "xml",
    "$ref",
];

/// What the translation dropped or weakened.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Losses {
    /// Conditional rules dropped: rule id → the definitions they were in.
    pub(super) conditions: BTreeMap<String, BTreeSet<String>>,
    /// Properties whose embedded JSON document (`contentSchema`) is no longer checked.
    pub(super) embedded: BTreeSet<String>,
    /// Schemas whose `examples` had more than the one `example` keeps.
    pub(super) examples: usize,
    /// Schemas that allowed `null` alone, now `enum: [null]`.
    pub(super) null_only: usize,
    /// Other keywords dropped, with how often.
    pub(super) keywords: BTreeMap<String, usize>,
}

/// The 3.0 document for the 3.1 `document`, and the paragraph that lists what the
/// translation lost, for the caller's description.
pub(super) fn document(document: &Value) -> (Value, String) {
    let mut out = document.clone();
    let mut losses = Losses::default();
    out["openapi"] = json!(VERSION);
    if let Some(schemas) = out
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            let translated = translate(schema.clone(), name, None, &mut losses);
            *schema = translated;
        }
    }
    if let Some(operations) = out.get_mut("paths").and_then(Value::as_object_mut) {
        for operation in operations
            .values_mut()
            .filter_map(Value::as_object_mut)
            .flat_map(|item| item.values_mut())
        {
            if let Some(parameters) = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
            {
                for parameter in parameters {
                    let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                    let schema = parameter["schema"].take();
                    parameter["schema"] = translate(schema, "parameters", Some(&name), &mut losses);
                }
            }
        }
    }
    let components = out
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Null);
    settle_refs(&mut out, &components, false);
    (out, lost_paragraph(&losses))
}

/// Two things 3.0 tools insist on, at every depth (inside `x-content-schema` too): a `$ref`
/// has no siblings (it moves into `allOf` beside them), and `nullable` stands beside a
/// `type`, since 3.0.3 applies `nullable` only there and Spectral checks the examples that
/// way ([`nullable_ref`]).
fn settle_refs(value: &mut Value, components: &Value, in_annotation: bool) {
    match value {
        Value::Object(map) => {
            if in_annotation && map.len() > 1 && map.contains_key("$ref") {
                let target = map.remove("$ref").unwrap_or(Value::Null);
                let mut all_of = vec![json!({"$ref": target})];
                if let Some(Value::Array(existing)) = map.remove("allOf") {
                    all_of.extend(existing);
                }
                map.insert("allOf".into(), Value::Array(all_of));
            }
            // `not: null` says nothing in 3.0, where a schema without `nullable` refuses
            // `null` already; written as 3.0 it would be a `nullable` without a `type`.
            if map.get("not") == Some(&json!({"enum": [null], "nullable": true})) {
                map.remove("not");
            }
            if map.get("nullable") == Some(&json!(true)) && !map.contains_key("type") {
                nullable_ref(map, components);
            }
            for (key, child) in map.iter_mut() {
                let annotation = in_annotation || key == "x-content-schema";
                settle_refs(child, components, annotation);
            }
        }
        Value::Array(items) => {
            for item in items {
                settle_refs(item, components, in_annotation);
            }
        }
        _ => {}
    }
}

/// What the 3.0 document cannot say, for its description.
fn lost_paragraph(losses: &Losses) -> String {
    let conditions: Vec<String> = losses
        .conditions
        .iter()
        .map(|(rule, defs)| {
            let defs: Vec<&str> = defs.iter().map(String::as_str).collect();
            format!("`{rule}` ({})", defs.join(", "))
        })
        .collect();
    let embedded = super::code_list(losses.embedded.iter().map(String::as_str));
    let mut others: Vec<String> = losses
        .keywords
        .iter()
        .map(|(keyword, count)| format!("`{keyword}` ({count})"))
        .collect();
    if others.is_empty() {
        others.push("none".to_owned());
    }
    format!(
        "This is the OpenAPI 3.0.3 translation of the 3.1 document \
         (`query-campaign-details.openapi.json`), for tools that read no 3.1. The 3.0 Schema \
         Object is not JSON Schema 2020-12, and the translation loses: the conditional rules, \
         which 3.0 has no `if`/`then` for ({conditions}; each definition lists its own in \
         `x-dropped-rules`); the JSON documents held in the strings {embedded}, now plain \
         strings (`contentSchema` is kept for readers as `x-content-schema`, and checks \
         nothing); all but the first of the `examples` of {examples} schema(s) (3.0 has one \
         `example`); `null` is `nullable: true`, which 3.0.3 applies only beside a `type`, so \
         an optional object that may be `null` is `oneOf` its schema and `null` (code \
         generators read that as a union), and {null_only} schema(s) of `null` alone are \
         `enum: [null]`; `const` is a one-value `enum`; other keywords dropped: {others}. \
         Use the 3.1 document, or isales-contract's validator, to check responses.",
        conditions = if conditions.is_empty() {
            "none".to_owned()
        } else {
            conditions.join("; ")
        },
        examples = losses.examples,
        null_only = losses.null_only,
        others = others.join(", "),
    )
}

/// The property name a schema at `at` describes, for the losses: the definition's own name
/// when there is none.
fn holder(definition: &str, property: Option<&str>) -> String {
    match property {
        Some(property) => format!("{definition}.{property}"),
        None => definition.to_owned(),
    }
}

/// One 3.1 Schema Object as a 3.0 one. `definition` and `property` say where it is, for the
/// losses.
pub(super) fn translate(
    schema: Value,
    definition: &str,
    property: Option<&str>,
    losses: &mut Losses,
) -> Value {
    let Value::Object(mut map) = schema else {
        return schema;
    };
    blank_as_absent(&mut map);
    if let Some(condition) = map.remove("if") {
        let rule = map
            .get("x-rule")
            .and_then(Value::as_str)
            .unwrap_or("an unnamed condition")
            .to_owned();
        drop(condition);
        map.remove("then");
        map.remove("else");
        losses
            .conditions
            .entry(rule.clone())
            .or_default()
            .insert(definition.to_owned());
        push_dropped(&mut map, &rule);
    }

    let mut out = Map::new();
    for (key, value) in map {
        if key.starts_with("x-") {
            out.insert(key, value);
            continue;
        }
        match key.as_str() {
            "properties" => {
                let properties = object(value)
                    .into_iter()
                    .map(|(name, schema)| {
                        let translated = translate(schema, definition, Some(&name), losses);
                        (name, translated)
                    })
                    .collect();
                out.insert(key, Value::Object(properties));
            }
            "items" | "not" | "additionalProperties" => {
                out.insert(key, translate(value, definition, property, losses));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let items: Vec<Value> = match value {
                    Value::Array(items) => items,
                    other => vec![other],
                };
                let mut kept = Vec::new();
                for item in items {
                    let is_condition = item.get("if").is_some();
                    let translated = translate(item, definition, property, losses);
                    if is_condition && key == "allOf" {
                        // Its rule is now in `x-dropped-rules` of the translated entry.
                        for rule in dropped_rules(&translated) {
                            push_dropped(&mut out, &rule);
                        }
                        continue;
                    }
                    kept.push(translated);
                }
                if !kept.is_empty() {
                    out.insert(key, Value::Array(kept));
                }
            }
            "const" => {
                out.insert("enum".into(), json!([value]));
            }
            "examples" => {
                let items = match value {
                    Value::Array(items) => items,
                    other => vec![other],
                };
                if items.len() > 1 {
                    losses.examples += 1;
                }
                if let Some(first) = items.into_iter().next() {
                    out.insert("example".into(), first);
                }
            }
            "$comment" => {
                out.insert("x-comment".into(), value);
            }
            "contentMediaType" => {
                out.insert("x-content-media-type".into(), value);
            }
            "contentSchema" => {
                losses.embedded.insert(holder(definition, property));
                out.insert("x-content-schema".into(), value);
            }
            "exclusiveMinimum" | "exclusiveMaximum" if value.is_number() => {
                let bound = if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                out.insert(bound.into(), value);
                out.insert(key, json!(true));
            }
            known if KEYWORDS_3_0.contains(&known) => {
                out.insert(key, value);
            }
            _ => {
                *losses.keywords.entry(key).or_default() += 1;
            }
        }
    }
    nullable(&mut out, losses);
    if out.contains_key("$ref") && out.keys().any(|key| key != "$ref") {
        let target = out.remove("$ref").unwrap_or_default();
        let mut all_of = vec![json!({"$ref": target})];
        if let Some(Value::Array(existing)) = out.remove("allOf") {
            all_of.extend(existing);
        }
        out.insert("allOf".into(), Value::Array(all_of));
    }
    Value::Object(out)
}

/// `""` as "not set": `if: {const: ""}` whose `then` holds annotations only, and an `else`.
/// The `else` is merged into the schema admitting `""` too; the `then` stays as
/// `x-when-blank`.
fn blank_as_absent(map: &mut Map<String, Value>) {
    let blank = map.get("if") == Some(&json!({"const": ""}));
    let annotations_only = map
        .get("then")
        .and_then(Value::as_object)
        .is_some_and(|then| then.keys().all(|key| key.starts_with("x-")));
    if !blank || !annotations_only {
        return;
    }
    map.remove("if");
    if let Some(then) = map.remove("then") {
        map.insert("x-when-blank".into(), then);
    }
    let Some(Value::Object(otherwise)) = map.remove("else") else {
        return;
    };
    for (key, value) in otherwise {
        let value = match (key.as_str(), value) {
            ("pattern", Value::String(pattern)) => Value::String(format!("^$|{pattern}")),
            ("enum", Value::Array(mut values)) => {
                values.push(json!(""));
                Value::Array(values)
            }
            (_, value) => value,
        };
        match map.get_mut(&key) {
            // Annotations on both sides (`x-rules`): keep the outer one's entries first.
            Some(Value::Array(existing)) if key.starts_with("x-") => {
                if let Value::Array(more) = value {
                    existing.extend(more);
                }
            }
            Some(_) => {}
            None => {
                map.insert(key, value);
            }
        }
    }
}

/// `type` arrays and `{"type": "null"}` branches as `nullable`.
fn nullable(out: &mut Map<String, Value>, losses: &mut Losses) {
    match out.get("type").cloned() {
        Some(Value::Array(types)) => {
            let others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
            let has_null = others.len() < types.len();
            match others.as_slice() {
                [single] => {
                    out.insert("type".into(), single.clone());
                }
                [] => {
                    out.remove("type");
                }
                _ => {
                    out.remove("type");
                    let branches: Vec<Value> = others.iter().map(|t| json!({"type": t})).collect();
                    out.insert("anyOf".into(), Value::Array(branches));
                }
            }
            if has_null {
                if others.is_empty() {
                    losses.null_only += 1;
                    out.insert("enum".into(), json!([null]));
                }
                out.insert("nullable".into(), json!(true));
            }
        }
        Some(Value::String(name)) if name == "null" => {
            out.remove("type");
            losses.null_only += 1;
            out.insert("enum".into(), json!([null]));
            out.insert("nullable".into(), json!(true));
        }
        _ => {}
    }
    let Some(Value::Array(branches)) = out.get("anyOf").cloned() else {
        return;
    };
    let (nulls, mut others): (Vec<Value>, Vec<Value>) =
        branches.into_iter().partition(is_null_only);
    if nulls.is_empty() {
        return;
    }
    // The null branch was counted as null-only when it was translated; it is not lost.
    losses.null_only -= nulls.len().min(losses.null_only);
    for branch in &mut others {
        make_nullable(branch);
    }
    match others.len() {
        0 => {
            out.remove("anyOf");
            losses.null_only += 1;
            out.insert("enum".into(), json!([null]));
            out.insert("nullable".into(), json!(true));
        }
        1 => {
            out.remove("anyOf");
            let single = object(others.remove(0));
            for (key, value) in single {
                out.entry(key).or_insert(value);
            }
        }
        _ => {
            out.insert("anyOf".into(), Value::Array(others));
        }
    }
}

/// A nullable `allOf: [$ref]` (an optional sub-object that may be `null`): 3.0.3 reads
/// `nullable` only beside a `type`, and even then the referred schema refuses `null`, so it
/// becomes `oneOf` the reference and a schema of `null` alone of the referred schema's type
/// (`{"type": "object", "nullable": true, "enum": [null]}`): `null` matches the second only,
/// an object the first only.
fn nullable_ref(map: &mut Map<String, Value>, components: &Value) {
    let Some(target) = map
        .get("allOf")
        .and_then(Value::as_array)
        .filter(|all_of| all_of.len() == 1)
        .and_then(|all_of| all_of[0].get("$ref"))
        .cloned()
    else {
        return;
    };
    let kind = target
        .as_str()
        .and_then(|target| target.strip_prefix("#/components/schemas/"))
        .and_then(|name| components.get(name))
        .and_then(|schema| schema.get("type"))
        .cloned()
        .unwrap_or_else(|| json!("object"));
    map.remove("allOf");
    map.remove("nullable");
    map.insert(
        "oneOf".into(),
        json!([{"$ref": target}, {"type": kind, "nullable": true, "enum": [null]}]),
    );
}

/// Whether a translated schema admits `null` alone: `enum: [null]`, `nullable`, no `type`.
fn is_null_only(schema: &Value) -> bool {
    schema.get("enum") == Some(&json!([null]))
        && schema.get("nullable") == Some(&json!(true))
        && schema.get("type").is_none()
}

/// `nullable: true` on a branch; a bare `$ref` becomes `allOf: [$ref]` first.
fn make_nullable(branch: &mut Value) {
    let Value::Object(map) = branch else {
        return;
    };
    if let Some(target) = map.remove("$ref") {
        let mut all_of = vec![json!({"$ref": target})];
        if let Some(Value::Array(existing)) = map.remove("allOf") {
            all_of.extend(existing);
        }
        map.insert("allOf".into(), Value::Array(all_of));
    }
    map.insert("nullable".into(), json!(true));
}

/// Records a dropped rule in the schema's `x-dropped-rules`.
fn push_dropped(map: &mut Map<String, Value>, rule: &str) {
    let entry = map
        .entry("x-dropped-rules")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(rules) = entry
        && !rules.iter().any(|known| known == rule)
    {
        rules.push(json!(rule));
    }
}

fn dropped_rules(schema: &Value) -> Vec<String> {
    schema
        .get("x-dropped-rules")
        .and_then(Value::as_array)
        .map(|rules| {
            rules
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translated(schema: Value) -> (Value, Losses) {
        let mut losses = Losses::default();
        let out = translate(schema, "Def", Some("field"), &mut losses);
        (out, losses)
    }

    #[test]
    fn type_arrays_and_null_branches_become_nullable() {
        let (out, losses) = translated(json!({"type": ["integer", "null"], "enum": [1, 2, null]}));
        assert_eq!(
            out,
            json!({"type": "integer", "nullable": true, "enum": [1, 2, null]})
        );
        assert_eq!(losses, Losses::default());
        let (out, losses) = translated(json!({
            "anyOf": [{"$ref": "#/components/schemas/Campaign"}, {"type": "null"}],
            "description": "d",
        }));
        assert_eq!(
            out,
            json!({
                "allOf": [{"$ref": "#/components/schemas/Campaign"}],
                "nullable": true,
                "description": "d",
            })
        );
        assert_eq!(losses.null_only, 0);
        let (out, _) = translated(json!({"anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "integer"}},
            {"type": "null"},
        ]}));
        assert_eq!(
            out,
            json!({"anyOf": [
                {"type": "string", "nullable": true},
                {"type": "array", "items": {"type": "integer"}, "nullable": true},
            ]})
        );
        let (out, losses) = translated(json!({"type": "null", "title": "alias"}));
        assert_eq!(
            out,
            json!({"title": "alias", "enum": [null], "nullable": true})
        );
        assert_eq!(losses.null_only, 1);
    }

    #[test]
    fn const_examples_comments_and_refs_with_siblings() {
        let (out, losses) = translated(json!({
            "const": "0200000",
            "examples": ["a", "b"],
            "$comment": "c",
        }));
        assert_eq!(
            out,
            json!({"enum": ["0200000"], "example": "a", "x-comment": "c"})
        );
        assert_eq!(losses.examples, 1);
        let (out, _) = translated(json!({"$ref": "#/components/schemas/ErrorCode", "title": "t"}));
        assert_eq!(
            out,
            json!({"allOf": [{"$ref": "#/components/schemas/ErrorCode"}], "title": "t"})
        );
        let (out, _) = translated(json!({"$ref": "#/components/schemas/ErrorCode"}));
        assert_eq!(out, json!({"$ref": "#/components/schemas/ErrorCode"}));
    }

    #[test]
    fn blank_as_absent_admits_the_empty_string_in_the_merged_schema() {
        let (out, losses) = translated(json!({
            "title": "t",
            "if": {"const": ""},
            "then": {"x-warnings": [{"rule": "empty-as-absent"}]},
            "else": {"type": ["string", "null"], "pattern": "^[0-9]$", "x-rules": ["r"]},
        }));
        assert_eq!(
            out,
            json!({
                "title": "t",
                "type": "string",
                "nullable": true,
                "pattern": "^$|^[0-9]$",
                "x-rules": ["r"],
                "x-when-blank": {"x-warnings": [{"rule": "empty-as-absent"}]},
            })
        );
        assert_eq!(losses, Losses::default());
    }

    #[test]
    fn refs_and_nulls_are_settled_the_way_3_0_tools_read_them() {
        let components = json!({"Campaign": {"type": "object"}});
        let mut schema = json!({
            "properties": {
                "returnObject": {"allOf": [{"$ref": "#/components/schemas/Campaign"}], "nullable": true},
                "result": {"type": "integer", "not": {"enum": [null], "nullable": true}},
                "policy": {"x-content-schema": {"$ref": "#/components/schemas/Campaign", "x-warnings": []}},
            }
        });
        settle_refs(&mut schema, &components, false);
        assert_eq!(
            schema["properties"]["returnObject"],
            json!({"oneOf": [
                {"$ref": "#/components/schemas/Campaign"},
                {"type": "object", "nullable": true, "enum": [null]},
            ]})
        );
        assert_eq!(schema["properties"]["result"], json!({"type": "integer"}));
        assert_eq!(
            schema["properties"]["policy"]["x-content-schema"],
            json!({"allOf": [{"$ref": "#/components/schemas/Campaign"}], "x-warnings": []})
        );
    }

    #[test]
    fn conditions_are_dropped_and_named() {
        let (out, losses) = translated(json!({
            "type": "object",
            "allOf": [
                {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "x-rule": "b-needs-a"},
                {"not": {"required": ["a", "c"]}, "x-rule": "not-both"},
            ],
        }));
        assert_eq!(
            out,
            json!({
                "type": "object",
                "allOf": [{"not": {"required": ["a", "c"]}, "x-rule": "not-both"}],
                "x-dropped-rules": ["b-needs-a"],
            })
        );
        assert_eq!(
            losses.conditions,
            BTreeMap::from([("b-needs-a".to_owned(), BTreeSet::from(["Def".to_owned()]))])
        );
    }

    #[test]
    fn embedded_documents_and_unknown_keywords_are_recorded() {
        let (out, losses) = translated(json!({
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"type": "array"},
            "unevaluatedProperties": false,
            "exclusiveMinimum": 0,
        }));
        assert_eq!(
            out,
            json!({
                "type": "string",
                "x-content-media-type": "application/json",
                "x-content-schema": {"type": "array"},
                "minimum": 0,
                "exclusiveMinimum": true,
            })
        );
        assert_eq!(losses.embedded, BTreeSet::from(["Def.field".to_owned()]));
        assert_eq!(
            losses.keywords,
            BTreeMap::from([("unevaluatedProperties".to_owned(), 1)])
        );
    }
}
