//! Two JSON Schemas of the same definitions, reduced to what they assert, and their
//! differences as readable lines.
//!
//! Each definition becomes a [`Definition`]: its own shape, and for objects the properties,
//! the required set and the conditionals. What is compared, and how forms that mean the same
//! are made equal:
//!
//! - a property (or definition) is a set of branches by kind (`integer`, `string`, `null`,
//!   `$ref:Campaign`, ...): `"type": ["integer", "null"]` and `"anyOf": [{..integer}, {"type":
//!   "null"}]` give the same branches, nested `anyOf`s are flattened, keywords an `allOf` adds
//!   join the branch, and keywords that cannot apply to a kind (a `pattern` on `null`) are
//!   dropped; an `enum` keeps the values of its branch's kind, and a `null` branch survives
//!   only if the `enum` lists `null`;
//! - keyword values are compared as sets where order means nothing (`enum`, `required`,
//!   `allOf`, `anyOf`), with `$ref`s reduced to the definition's name;
//! - `required` is compared as a set of names;
//! - each `allOf` entry is compared whole, as canonical JSON after its rule (`x-rule`): both
//!   schemas write conditions, requirements and forms with `isales_spec::schema`, so one rule
//!   under one condition is the same JSON on both sides, and a difference means a rule is
//!   wired differently (another rule, condition, field or place);
//! - `additionalProperties` absent counts as `true`;
//! - annotations are ignored: `title`, `description`, `$comment`, `examples`, `default`,
//!   `deprecated`, `format` and `contentMediaType` (annotations in draft 2020-12), and every
//!   `x-` keyword except `x-rule` on conditionals. (`contentSchema` is kept: the contract's
//!   validators assert it.)

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value};

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$comment",
    "examples",
    "default",
    "deprecated",
    "format",
    "contentMediaType",
    "readOnly",
    "writeOnly",
    "$schema",
    "$id",
];

/// Keywords that say nothing about `null` (they apply to other types only).
const NOT_FOR_NULL: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "contentSchema",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "properties",
    "required",
    "additionalProperties",
];

/// One difference between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Difference {
    /// The definition.
    pub(crate) definition: String,
    /// Where in it: `properties/status`, `required`, `conditionals`, or empty for the whole.
    pub(crate) at: String,
    /// What differs.
    pub(crate) what: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}: {}", self.definition, self.what)
        } else {
            write!(f, "{}/{}: {}", self.definition, self.at, self.what)
        }
    }
}

/// The names of the two sides, for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sides {
    pub(crate) left: &'static str,
    pub(crate) right: &'static str,
}

/// Keyword values of one branch: each keyword with the set of values that must all hold.
type Keywords = BTreeMap<String, BTreeSet<String>>;

/// What a schema accepts, branch by branch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// By kind: `integer`, `null`, `$ref:Campaign`, `any` (no type stated).
    pub(crate) branches: BTreeMap<String, Keywords>,
}

/// An object definition's parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Object {
    pub(crate) properties: BTreeMap<String, Shape>,
    pub(crate) required: BTreeSet<String>,
    pub(crate) additional: String,
    pub(crate) conditionals: BTreeSet<String>,
}

/// A definition, normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Definition {
    /// The definition's own branches (for objects, without the object keywords below).
    pub(crate) shape: Shape,
    /// For object definitions.
    pub(crate) object: Option<Object>,
}

/// Normalises every definition of `definitions`.
pub(crate) fn definitions(definitions: &Map<String, Value>) -> BTreeMap<String, Definition> {
    definitions
        .iter()
        .map(|(name, schema)| (name.clone(), definition(schema)))
        .collect()
}

/// Normalises one definition.
pub(crate) fn definition(schema: &Value) -> Definition {
    let Some(map) = schema.as_object() else {
        return Definition {
            shape: shape(schema),
            object: None,
        };
    };
    let is_object =
        map.get("type") == Some(&Value::from("object")) || map.contains_key("properties");
    if !is_object {
        return Definition {
            shape: shape(schema),
            object: None,
        };
    }
    let mut rest = map.clone();
    let properties = rest.remove("properties");
    let required = rest.remove("required");
    let all_of = rest.remove("allOf");
    let additional = rest.remove("additionalProperties");
    rest.remove("$defs");

    let mut object = Object {
        additional: additional
            .as_ref()
            .map_or_else(|| "true".to_owned(), canonical),
        ..Object::default()
    };
    for (name, property) in properties
        .as_ref()
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        object.properties.insert(name.clone(), shape(property));
    }
    for name in required
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        object.required.extend(name.as_str().map(str::to_owned));
    }
    for entry in all_of
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let rule = entry.get("x-rule").and_then(Value::as_str).unwrap_or("?");
        object
            .conditionals
            .insert(format!("[{rule}] {}", canonical(entry)));
    }
    Definition {
        shape: shape(&Value::Object(rest)),
        object: Some(object),
    }
}

/// The branches of a property or definition schema.
pub(crate) fn shape(schema: &Value) -> Shape {
    let mut branches = BTreeMap::new();
    for (kind, keywords) in split(schema) {
        let Some(keywords) = restrict(&kind, keywords) else {
            continue;
        };
        let existing: &mut Keywords = branches.entry(kind).or_default();
        for (keyword, values) in keywords {
            existing.entry(keyword).or_default().extend(values);
        }
    }
    Shape { branches }
}

/// The alternatives a schema allows, each with its kind and keywords (annotations removed).
/// A property whose `""` means "not set" (`if: {const: ""}`, `else`: its schema) gets a
/// `blank` branch beside those of its schema.
fn split(schema: &Value) -> Vec<(String, Keywords)> {
    let Some(map) = strip(schema).as_object().cloned() else {
        return vec![("any".to_owned(), keyword_set("schema", schema))];
    };
    if map.get("if") == Some(&serde_json::json!({"const": ""}))
        && let Some(otherwise) = map.get("else")
    {
        let mut branches = split(otherwise);
        branches.push(("blank".to_owned(), Keywords::new()));
        return branches;
    }
    let mut base = map;
    let any_of = base.remove("anyOf");
    let all_of = base.remove("allOf");
    let types: Vec<String> = match base.remove("type") {
        Some(Value::String(name)) => vec![name],
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(|name| name.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let reference = base
        .remove("$ref")
        .and_then(|target| target.as_str().map(reference));
    let mut keywords = Keywords::new();
    for (keyword, value) in &base {
        keywords
            .entry(keyword.clone())
            .or_default()
            .insert(keyword_value(keyword, value));
    }
    // Keywords an `allOf` of plain keyword maps adds (a second `pattern`) join the branch.
    if let Some(Value::Array(parts)) = &all_of {
        for part in parts {
            match part.as_object() {
                Some(part) if !part.contains_key("type") && !part.contains_key("anyOf") => {
                    for (keyword, value) in part {
                        keywords
                            .entry(keyword.clone())
                            .or_default()
                            .insert(keyword_value(keyword, value));
                    }
                }
                _ => {
                    keywords
                        .entry("allOf".into())
                        .or_default()
                        .insert(canonical(part));
                }
            }
        }
    }
    let kinds: Vec<String> = match (&reference, types.is_empty()) {
        (Some(target), _) => vec![format!("$ref:{target}")],
        (None, false) => types.clone(),
        (None, true) => vec!["any".to_owned()],
    };
    let Some(Value::Array(alternatives)) = any_of else {
        return kinds
            .into_iter()
            .map(|kind| (kind, keywords.clone()))
            .collect();
    };
    let mut branches = Vec::new();
    for alternative in &alternatives {
        for (kind, mut more) in split(alternative) {
            for (keyword, values) in &keywords {
                more.entry(keyword.clone())
                    .or_default()
                    .extend(values.iter().cloned());
            }
            // A `type` beside the `anyOf` narrows its alternatives.
            if types.is_empty() || types.contains(&kind) {
                branches.push((kind, more));
            } else if kind == "any" {
                branches.extend(types.iter().map(|name| (name.clone(), more.clone())));
            }
        }
    }
    branches
}

/// A branch's keywords as far as they apply to its kind; `None` when the branch admits nothing.
fn restrict(kind: &str, mut keywords: Keywords) -> Option<Keywords> {
    if let Some(values) = keywords.remove("enum") {
        // Each listed `enum` (a canonical array) narrowed to the values of this kind.
        let mut narrowed = BTreeSet::new();
        for listed in values {
            let listed: Value = serde_json::from_str(&listed).ok()?;
            let kept: Vec<String> = listed
                .as_array()?
                .iter()
                .filter(|value| value_kind(value) == kind || kind == "any" || kind.starts_with('$'))
                .map(canonical)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if kept.is_empty() {
                return None;
            }
            narrowed.insert(format!("[{}]", kept.join(", ")));
        }
        if kind != "null" {
            keywords.insert("enum".into(), narrowed);
        }
    }
    if kind == "null" {
        keywords.retain(|keyword, _| !NOT_FOR_NULL.contains(&keyword.as_str()));
    }
    Some(keywords)
}

fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn keyword_set(keyword: &str, value: &Value) -> Keywords {
    let mut keywords = Keywords::new();
    keywords
        .entry(keyword.to_owned())
        .or_default()
        .insert(canonical(value));
    keywords
}

/// A keyword's value as compared: sets sorted, references by name.
fn keyword_value(keyword: &str, value: &Value) -> String {
    match (keyword, value) {
        ("$ref", Value::String(target)) => reference(target),
        _ => canonical(value),
    }
}

/// `#/$defs/Turn` -> `Turn`.
fn reference(target: &str) -> String {
    target.rsplit('/').next().unwrap_or(target).to_owned()
}

/// `value` without annotations, at every depth (conditionals take `x-rule` before this).
pub(crate) fn strip(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| !key.starts_with("x-") && !ANNOTATIONS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), strip(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
        other => other.clone(),
    }
}

/// Canonical JSON text: annotations stripped, keys sorted, set-like arrays sorted, references
/// by name.
pub(crate) fn canonical(value: &Value) -> String {
    fn write(value: &Value, set_like: bool, out: &mut String) {
        match value {
            Value::Object(map) => {
                let members: BTreeMap<&String, &Value> = map
                    .iter()
                    .filter(|(key, _)| {
                        !key.starts_with("x-") && !ANNOTATIONS.contains(&key.as_str())
                    })
                    .collect();
                out.push('{');
                for (index, (key, value)) in members.into_iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::from(key.as_str()).to_string());
                    out.push(':');
                    if key == "$ref"
                        && let Value::String(target) = value
                    {
                        out.push_str(&Value::from(reference(target)).to_string());
                        continue;
                    }
                    let set = matches!(
                        key.as_str(),
                        "required" | "enum" | "allOf" | "anyOf" | "oneOf" | "type"
                    );
                    write(value, set, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                let mut texts: Vec<String> = items
                    .iter()
                    .map(|item| {
                        let mut text = String::new();
                        write(item, false, &mut text);
                        text
                    })
                    .collect();
                if set_like {
                    texts.sort();
                    texts.dedup();
                }
                out.push('[');
                out.push_str(&texts.join(","));
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(value, false, &mut out);
    out
}

/// The differences between two sets of normalised definitions.
pub(crate) fn compare(
    sides: Sides,
    left: &BTreeMap<String, Definition>,
    right: &BTreeMap<String, Definition>,
) -> Vec<Difference> {
    let mut differences = Vec::new();
    let mut note = |definition: &str, at: &str, what: String| {
        differences.push(Difference {
            definition: definition.to_owned(),
            at: at.to_owned(),
            what,
        });
    };
    let names: BTreeSet<&String> = left.keys().chain(right.keys()).collect();
    for name in names {
        let (l, r) = match (left.get(name), right.get(name)) {
            (Some(l), Some(r)) => (l, r),
            (Some(_), None) => {
                note(name, "", format!("definition only in {}", sides.left));
                continue;
            }
            (None, _) => {
                note(name, "", format!("definition only in {}", sides.right));
                continue;
            }
        };
        for what in shape_differences(sides, &l.shape, &r.shape) {
            note(name, "", what);
        }
        let (l, r) = match (&l.object, &r.object) {
            (Some(l), Some(r)) => (l, r),
            (None, None) => continue,
            (l, _) => {
                let (object, other) = if l.is_some() {
                    (sides.left, sides.right)
                } else {
                    (sides.right, sides.left)
                };
                note(name, "", format!("an object in {object}, not in {other}"));
                continue;
            }
        };
        let properties: BTreeSet<&String> =
            l.properties.keys().chain(r.properties.keys()).collect();
        for property in properties {
            let at = format!("properties/{property}");
            match (l.properties.get(property), r.properties.get(property)) {
                (Some(lp), Some(rp)) => {
                    for what in shape_differences(sides, lp, rp) {
                        note(name, &at, what);
                    }
                }
                (Some(_), None) => note(name, &at, format!("only in {}", sides.left)),
                (None, _) => note(name, &at, format!("only in {}", sides.right)),
            }
        }
        for (at, l, r) in [
            ("required", &l.required, &r.required),
            ("conditionals", &l.conditionals, &r.conditionals),
        ] {
            for item in l.difference(r) {
                note(name, at, format!("only in {}: {item}", sides.left));
            }
            for item in r.difference(l) {
                note(name, at, format!("only in {}: {item}", sides.right));
            }
        }
        if l.additional != r.additional {
            note(
                name,
                "additionalProperties",
                format!(
                    "{} {} vs {} {}",
                    sides.left, l.additional, sides.right, r.additional
                ),
            );
        }
    }
    differences
}

/// How two shapes differ: kinds, then keywords of the kinds both have.
fn shape_differences(sides: Sides, left: &Shape, right: &Shape) -> Vec<String> {
    let mut differences = Vec::new();
    let kinds = |shape: &Shape| {
        shape
            .branches
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    if left.branches.keys().ne(right.branches.keys()) {
        differences.push(format!(
            "types: {} [{}] vs {} [{}]",
            sides.left,
            kinds(left),
            sides.right,
            kinds(right)
        ));
    }
    for (kind, l) in &left.branches {
        let Some(r) = right.branches.get(kind) else {
            continue;
        };
        let keywords: BTreeSet<&String> = l.keys().chain(r.keys()).collect();
        for keyword in keywords {
            let show = |values: Option<&BTreeSet<String>>| match values {
                None => "(none)".to_owned(),
                Some(values) => values.iter().cloned().collect::<Vec<_>>().join(" & "),
            };
            let (lv, rv) = (l.get(keyword), r.get(keyword));
            if lv != rv {
                differences.push(format!(
                    "{kind}: {keyword}: {} {} vs {} {}",
                    sides.left,
                    show(lv),
                    sides.right,
                    show(rv)
                ));
            }
        }
    }
    differences
}
