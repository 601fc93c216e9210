//! The OpenAPI 3.1.0 document, built from the JSON Schema generator's output.
//!
//! Its Schema Objects are draft 2020-12 (3.1's default dialect extends it), so the schema's
//! `$defs` move to `components/schemas` unchanged but for their `$ref`s, conditional rules
//! (`if`/`then`), `contentMediaType`/`contentSchema` and annotations included. Added beside
//! them: `FailureCode` (Table 21's codes as an `enum`) and `FailureEnvelope` (the envelope
//! with those codes), for the `default` response. Parameters are the properties of the
//! schema's `UrlParams` (path) and `RequestHeaders` (header) definitions, in the spec's row
//! order; a secret header is also an `apiKey` security scheme.

use isales_spec::{Spec, TableKind};
use serde_json::{Map, Value, json};

use super::examples::Example;
use super::{common_description, component_ref, coverage_paragraph, object};

/// The OpenAPI version written.
pub(super) const VERSION: &str = "3.1.0";
/// The media type of the response body.
const JSON: &str = "application/json";
/// The name of the added failure-code schema.
pub(super) const FAILURE_CODE: &str = "FailureCode";
/// The name of the added failure-envelope schema.
pub(super) const FAILURE_ENVELOPE: &str = "FailureEnvelope";

/// The document for `spec`, from its generated JSON Schema and the examples.
pub(super) fn document(spec: &Spec, schema: &Value, examples: &[Example]) -> Value {
    let mut schemas = object(rewrite_refs(
        schema.get("$defs").cloned().unwrap_or_else(|| json!({})),
    ));
    let envelope = type_name(spec, TableKind::Envelope, "Envelope");
    let error_code = type_name(spec, TableKind::ErrorCodes, "ErrorCode");
    schemas.insert(FAILURE_CODE.to_owned(), failure_code(spec, &error_code));
    let failure_envelope = failure_envelope(&schemas, &envelope, &error_code);
    schemas.insert(FAILURE_ENVELOPE.to_owned(), failure_envelope);

    let (parameters, secrets) = parameters(spec, &schemas);
    let mut security_schemes = Map::new();
    for (name, description) in &secrets {
        security_schemes.insert(
            name.clone(),
            json!({"type": "apiKey", "in": "header", "name": name, "description": description}),
        );
    }
    let requirement: Map<String, Value> = secrets
        .iter()
        .map(|(name, _)| (name.clone(), json!([])))
        .collect();

    let mut components_examples = Map::new();
    let mut all_refs = Map::new();
    let mut failure_refs = Map::new();
    for example in examples {
        components_examples.insert(
            example.name.clone(),
            json!({
                "summary": example.summary,
                "description": example.description,
                "value": example.value,
            }),
        );
        let reference = json!({"$ref": format!("#/components/examples/{}", example.name)});
        all_refs.insert(example.name.clone(), reference.clone());
        if example.failure {
            failure_refs.insert(example.name.clone(), reference);
        }
    }

    let interface = &spec.interface;
    let envelope_table = spec.table_of_kind(TableKind::Envelope).map(|t| t.number.0);
    let codes_table = spec
        .table_of_kind(TableKind::ErrorCodes)
        .map(|t| t.number.0);
    let operation = json!({
        "operationId": operation_id(),
        "summary": interface.title,
        "description": format!(
            "{}. Success is `resultCode` `{}` with the campaign in `returnObject`; any other \
             code is a failure of Table 21.",
            interface.title, interface.success_code
        ),
        "parameters": parameters,
        "security": [requirement],
        "responses": {
            "200": {
                "description": format!(
                    "The response envelope, for success and failure alike: `resultCode` \
                     `{}` is success, any other code a failure.",
                    interface.success_code
                ),
                "content": {JSON: {"schema": component_ref(&envelope), "examples": all_refs}},
                "x-table": envelope_table,
            },
            "default": {
                "description": "A failure under an HTTP status the page does not give: the \
                                envelope with a failure code of Table 21.",
                "content": {JSON: {
                    "schema": component_ref(FAILURE_ENVELOPE),
                    "examples": failure_refs,
                }},
                "x-table": codes_table,
            },
        },
        "x-source": interface.source,
        "x-success-code": interface.success_code,
    });
    let mut path_item = Map::new();
    path_item.insert(interface.method.to_ascii_lowercase(), operation);
    let mut paths = Map::new();
    paths.insert(interface.path.clone(), Value::Object(path_item));

    let mut document = json!({
        "openapi": VERSION,
        "info": {
            "title": interface.title,
            "version": env!("CARGO_PKG_VERSION"),
            "description": String::new(),
            "x-source": interface.source,
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes,
            "examples": components_examples,
        },
        "x-rule-catalog": schema.get("x-rule-catalog").cloned().unwrap_or_else(|| json!({})),
    });
    let description = format!(
        "{}\n\nThe schemas say what the JSON Schema says, so they leave out {}",
        common_description(spec),
        coverage_paragraph(spec, &document)
    );
    if let Some(info) = document.get_mut("info") {
        info["description"] = json!(description);
    }
    document
}

/// `query-campaign-details.toml` → `queryCampaignDetails`: the spec file's stem, which names
/// the interface throughout the repository.
fn operation_id() -> String {
    let stem = super::SOURCE
        .rsplit('/')
        .next()
        .and_then(|name| name.split('.').next())
        .unwrap_or_default();
    let mut id = String::new();
    for (index, word) in stem.split('-').enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if index == 0 {
                id.push(first);
            } else {
                id.extend(first.to_uppercase());
            }
            id.extend(chars);
        }
    }
    id
}

/// The type name of the table of `kind`, or `fallback`.
fn type_name(spec: &Spec, kind: TableKind, fallback: &str) -> String {
    spec.table_of_kind(kind)
        .map_or_else(|| fallback.to_owned(), |table| table.type_name.clone())
}

/// Every `$ref` to `#/$defs/...` made a reference to `#/components/schemas/...`, at any depth
/// (annotations included, so that every reference resolves in the document).
pub(super) fn rewrite_refs(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => {
                        let target = match target.strip_prefix("#/$defs/") {
                            Some(rest) => format!("#/components/schemas/{rest}"),
                            None => target,
                        };
                        (key, Value::String(target))
                    }
                    (_, value) => (key, rewrite_refs(value)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(rewrite_refs).collect()),
        other => other,
    }
}

/// Table 21's codes as an `enum`, with their names and meanings for code generators.
fn failure_code(spec: &Spec, error_code: &str) -> Value {
    let Some(table) = spec.table_of_kind(TableKind::ErrorCodes) else {
        return json!({"type": "string"});
    };
    let codes: Vec<&str> = table.codes.iter().map(|code| code.code.as_str()).collect();
    let meanings: Map<String, Value> = table
        .codes
        .iter()
        .map(|code| (code.code.clone(), json!(code.description)))
        .collect();
    json!({
        "type": "string",
        "title": "Failure codes",
        "description": format!(
            "The failure codes of Table 21, exactly as the page prints them: the codes \
             `{error_code}` documents, without the success code. The contract reports an \
             unlisted code as a warning only, so the `200` response's envelope does not \
             enumerate them."
        ),
        "enum": codes,
        "x-table": table.number.0,
        "x-codes": meanings,
        "x-enum-varnames": table.codes.iter().map(|code| code.name.as_str()).collect::<Vec<_>>(),
        "x-enum-descriptions": table
            .codes
            .iter()
            .map(|code| code.description.as_str())
            .collect::<Vec<_>>(),
    })
}

/// The envelope narrowed to failures: every envelope property that refers to the error-code
/// definition refers to [`FAILURE_CODE`] instead, and is required.
fn failure_envelope(schemas: &Map<String, Value>, envelope: &str, error_code: &str) -> Value {
    let error_ref = format!("#/components/schemas/{error_code}");
    let code_fields: Vec<&String> = schemas
        .get(envelope)
        .and_then(|envelope| envelope.get("properties"))
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .filter(|(_, property)| property.get("$ref") == Some(&json!(error_ref)))
                .map(|(name, _)| name)
                .collect()
        })
        .unwrap_or_default();
    let properties: Map<String, Value> = code_fields
        .iter()
        .map(|name| ((*name).clone(), component_ref(FAILURE_CODE)))
        .collect();
    json!({
        "title": "Failure envelope",
        "description": format!(
            "The response envelope of a failure: `{envelope}` with {} holding a failure code \
             of Table 21.",
            super::code_list(code_fields.iter().map(|name| name.as_str()))
        ),
        "allOf": [component_ref(envelope)],
        "properties": properties,
        "required": code_fields,
    })
}

/// The parameters (Table 1 in the path, Table 2 in headers), and the secret headers with
/// their descriptions.
fn parameters(spec: &Spec, schemas: &Map<String, Value>) -> (Vec<Value>, Vec<(String, String)>) {
    let mut parameters = Vec::new();
    let mut secrets = Vec::new();
    for (kind, location) in [
        (TableKind::UrlParams, "path"),
        (TableKind::Headers, "header"),
    ] {
        let Some(table) = spec.table_of_kind(kind) else {
            continue;
        };
        let Some(def) = schemas.get(&table.type_name) else {
            continue;
        };
        let required: Vec<&Value> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().collect())
            .unwrap_or_default();
        for field in &table.fields {
            let Some(property) = def.get("properties").and_then(|p| p.get(&field.name)) else {
                continue;
            };
            let is_required = location == "path" || required.contains(&&json!(field.name));
            let mut parameter = json!({
                "name": field.name,
                "in": location,
                "required": is_required,
                "description": property.get("description").cloned().unwrap_or_default(),
                "schema": without_null(property.clone()),
            });
            for key in [
                "x-table",
                "x-param",
                "x-not-on-page",
                "x-provenance",
                "x-secret",
            ] {
                if let Some(value) = property.get(key) {
                    parameter[key] = value.clone();
                }
            }
            if field.secret && location == "header" {
                secrets.push((field.name.clone(), field.description.clone()));
            }
            parameters.push(parameter);
        }
    }
    (parameters, secrets)
}

/// A property's schema for a parameter: a path segment or a header is never JSON `null`, so
/// `null` leaves `type` and `enum`.
fn without_null(schema: Value) -> Value {
    let mut schema = object(schema);
    if let Some(Value::Array(types)) = schema.get("type") {
        let types: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        let single = if types.len() == 1 {
            types[0].clone()
        } else {
            Value::Array(types)
        };
        schema.insert("type".into(), single);
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
        schema.insert("enum".into(), Value::Array(values));
    }
    Value::Object(schema)
}
