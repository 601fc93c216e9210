//! The asserting `contentSchema` keyword.
//!
//! Draft 2020-12 makes `contentSchema` an annotation: validators report it but do not check it.
//! The contract has fields whose value is a string holding a JSON document (`resultRetry`,
//! `policyJson`, ...), and violations inside those documents are errors, so this module
//! registers a custom keyword under the same name, which takes precedence over the built-in
//! one. For a string instance it parses the string as JSON and validates the document against
//! the keyword's sub-schema; any other instance passes (other keywords judge its type).
//!
//! The sub-schema may refer to the root schema's definitions (`{"$ref": "#/$defs/Turn"}`), but
//! it is compiled as a document of its own, where `#` is that document. So each occurrence is
//! compiled as `{"$defs": <the root definitions it reaches>, "allOf": [<sub-schema>]}`, with the
//! keyword registered again, so documents nested in documents (`policy` inside a `policyJson`
//! item) are validated too. Nesting of sub-schemas is bounded by [`MAX_NESTING`].
//!
//! Errors are reported at the string's location. Their message says what failed inside: the
//! parse error with its line and column, or the pointer inside the embedded document and what
//! is wrong there (found with [`crate::causes()`], so `anyOf` errors inside are explained).

use std::sync::Arc;

use jsonschema::{Draft, Keyword, ValidationError, ValidationOptions, Validator};
use serde_json::{Map, Value, json};

/// The keyword's name.
pub const KEYWORD: &str = "contentSchema";

/// How many `contentSchema` sub-schemas may nest inside one another. The contract nests two
/// (a `policy` document inside a `policyJson` document); a schema that nests deeper (or
/// cyclically, through `$ref`) fails to compile instead of recursing forever.
pub const MAX_NESTING: usize = 8;

/// Validation options for draft 2020-12 with the asserting `contentSchema` keyword
/// registered; `$ref`s inside a `contentSchema` resolve against `defs`.
#[must_use]
pub fn options(defs: Value) -> ValidationOptions<'static> {
    options_at(Arc::new(defs), 0)
}

fn options_at(defs: Arc<Value>, depth: usize) -> ValidationOptions<'static> {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_keyword(KEYWORD, move |_parent, sub_schema, _location| {
            let keyword = ContentSchema::compile(&defs, sub_schema, depth)?;
            Ok(Box::new(keyword))
        })
}

/// One compiled `contentSchema` occurrence.
struct ContentSchema {
    /// Validates the embedded document.
    inner: Validator,
}

impl ContentSchema {
    fn compile(
        defs: &Arc<Value>,
        sub_schema: &Value,
        depth: usize,
    ) -> Result<ContentSchema, ValidationError<'static>> {
        if depth >= MAX_NESTING {
            return Err(ValidationError::schema(format!(
                "`{KEYWORD}` sub-schemas nest more than {MAX_NESTING} levels deep \
                 (or refer to themselves)"
            )));
        }
        let mut reached = Map::new();
        collect_definitions(sub_schema, defs, &mut reached);
        let document = json!({
            "$schema": crate::DIALECT,
            "$defs": reached,
            "allOf": [sub_schema],
        });
        let inner = options_at(Arc::clone(defs), depth + 1)
            .build(&document)
            .map_err(|error| {
                ValidationError::schema(format!("`{KEYWORD}` does not compile: {error}"))
            })?;
        Ok(ContentSchema { inner })
    }

    /// Every violation of the string's content, as messages.
    fn violations(&self, instance: &Value) -> Vec<String> {
        let Value::String(text) = instance else {
            return Vec::new();
        };
        let document: Value = match serde_json::from_str(text) {
            Ok(document) => document,
            Err(error) => {
                let hint = if text.contains('\'') {
                    "; JSON strings and keys take double quotes, not single ones"
                } else {
                    ""
                };
                return vec![format!(
                    "the string does not hold a JSON document: {error}{hint}"
                )];
            }
        };
        self.inner
            .iter_errors(&document)
            .flat_map(|error| crate::causes(&error))
            .map(|cause| {
                if cause.instance_path.is_empty() {
                    format!("at the root of the embedded document: {}", cause.message)
                } else {
                    format!(
                        "at {} in the embedded document: {}",
                        cause.instance_path, cause.message
                    )
                }
            })
            .collect()
    }
}

impl<'i> Keyword<'i> for ContentSchema {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        match self.violations(instance).into_iter().next() {
            Some(message) => Err(ValidationError::custom(message)),
            None => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        let Value::String(text) = instance else {
            return true;
        };
        serde_json::from_str::<Value>(text).is_ok_and(|document| self.inner.is_valid(&document))
    }

    fn iter_errors(
        &self,
        instance: &'i Value,
    ) -> Box<dyn Iterator<Item = ValidationError<'i>> + 'i> {
        let errors: Vec<ValidationError<'i>> = self
            .violations(instance)
            .into_iter()
            .map(ValidationError::custom)
            .collect();
        Box::new(errors.into_iter())
    }
}

/// Copies into `reached` the root definitions that `schema` refers to (`#/$defs/<name>...`),
/// and the ones those refer to, transitively.
fn collect_definitions(schema: &Value, defs: &Value, reached: &mut Map<String, Value>) {
    match schema {
        Value::Object(members) => {
            if let Some(Value::String(reference)) = members.get("$ref")
                && let Some(name) = definition_name(reference)
                && !reached.contains_key(&name)
                && let Some(definition) = defs.get(&name)
            {
                reached.insert(name, definition.clone());
                collect_definitions(definition, defs, reached);
            }
            for value in members.values() {
                collect_definitions(value, defs, reached);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_definitions(item, defs, reached);
            }
        }
        _ => {}
    }
}

/// `Turn` for `#/$defs/Turn` or `#/$defs/Turn/properties/turnType`.
fn definition_name(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/$defs/")?;
    let token = rest.split('/').next()?;
    Some(token.replace("~1", "/").replace("~0", "~"))
}

/// A definition name as a JSON-pointer token (`~` and `/` escaped).
pub(crate) fn escape_pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(schema: &Value) -> Validator {
        let defs = schema.get("$defs").cloned().unwrap_or_else(|| json!({}));
        match options(defs).build(schema) {
            Ok(validator) => validator,
            Err(error) => panic!("{error}"),
        }
    }

    fn messages(validator: &Validator, instance: &Value) -> Vec<(String, String)> {
        validator
            .iter_errors(instance)
            .map(|error| (error.instance_path().to_string(), error.to_string()))
            .collect()
    }

    #[test]
    fn strings_are_parsed_and_validated_other_values_pass() {
        let validator = compile(&json!({
            "properties": {"doc": {"contentSchema": {"type": "array", "items": {"type": "integer"}}}}
        }));
        assert!(validator.is_valid(&json!({"doc": "[1, 2]"})));
        assert!(
            validator.is_valid(&json!({"doc": 7})),
            "non-strings are not this keyword's business"
        );
        assert!(validator.is_valid(&json!({"doc": ["x"]})));

        let found = messages(&validator, &json!({"doc": "[1, \"x\"]"}));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "/doc");
        assert!(
            found[0].1.contains("at /1 in the embedded document"),
            "{found:?}"
        );
        assert!(!validator.is_valid(&json!({"doc": "[1, \"x\"]"})));
    }

    #[test]
    fn parse_errors_give_a_position_and_single_quotes_a_hint() {
        let validator = compile(&json!({"contentSchema": {}}));
        let found = messages(&validator, &json!("[1, "));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("line 1 column 4"), "{found:?}");
        let quoted = messages(&validator, &json!("[{'a': 1}]"));
        assert!(quoted[0].1.contains("double quotes"), "{quoted:?}");
        assert!(!validator.is_valid(&json!("[1, ")));
    }

    #[test]
    fn references_resolve_against_the_root_definitions_and_nest() {
        let validator = compile(&json!({
            "$defs": {
                "Outer": {"properties": {"inner": {"contentSchema": {"$ref": "#/$defs/Inner"}}}},
                "Inner": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
                "Item": {"properties": {"n": {"type": "integer"}}},
            },
            "contentSchema": {"$ref": "#/$defs/Outer"},
        }));
        assert!(validator.is_valid(&json!("{\"inner\": \"[{\\\"n\\\": 1}]\"}")));
        let found = messages(
            &validator,
            &json!("{\"inner\": \"[{\\\"n\\\": \\\"1\\\"}]\"}"),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .1
                .contains("at /inner in the embedded document: at /0/n in the embedded document"),
            "{found:?}"
        );
    }

    #[test]
    fn any_of_errors_are_explained_by_the_branch_that_applies() {
        let validator = compile(&json!({
            "contentSchema": {"anyOf": [
                {"type": "string", "contentSchema": {"type": "integer"}},
                {"type": "null"},
            ]}
        }));
        let found = messages(&validator, &json!("\"\\\"x\\\"\""));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("at the root of the embedded document: at the root of the embedded document: \"x\" is not of type \"integer\""),
            "{found:?}"
        );
    }

    #[test]
    fn runaway_nesting_fails_to_compile() {
        let schema = json!({
            "$defs": {"Loop": {"contentSchema": {"$ref": "#/$defs/Loop"}}},
            "$ref": "#/$defs/Loop",
        });
        let error = options(schema["$defs"].clone())
            .build(&schema)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(error.contains("nest more than"), "{error}");
    }

    #[test]
    fn definition_names_come_from_pointers() {
        assert_eq!(definition_name("#/$defs/Turn").as_deref(), Some("Turn"));
        assert_eq!(
            definition_name("#/$defs/A~1B/properties/x").as_deref(),
            Some("A/B")
        );
        assert_eq!(definition_name("#/properties/x"), None);
        assert_eq!(escape_pointer_token("A/B~"), "A~1B~0");
    }
}
