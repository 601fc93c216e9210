//! The generated OpenAPI documents (`isales_schema::OPENAPI_3_1`, `OPENAPI_3_0`): valid
//! against the official OpenAPI schemas (vendored under `openapi/vendor/`, registered locally
//! so nothing is fetched), read by the crates.io parsers of each version (`oas3`, `openapiv3`),
//! and saying what the spec says: the components are the JSON Schema's definitions, the path
//! parameters keep their ranges, the failure codes are Table 21's, and every example passes
//! the contract's validator.

use isales_schema::{OPENAPI_3_0, OPENAPI_3_1};
use isales_spec::{Spec, TableKind};
use jsonschema::{Registry, Validator};
use serde_json::{Value, json};

const VENDOR_3_0: &str = include_str!("openapi/vendor/v3.0/schema.json");
const VENDOR_3_1: &str = include_str!("openapi/vendor/v3.1/schema.json");
const VENDOR_3_1_BASE: &str = include_str!("openapi/vendor/v3.1/schema-base.json");
const VENDOR_3_1_DIALECT: &str = include_str!("openapi/vendor/v3.1/dialect/base.schema.json");
const VENDOR_3_1_META: &str = include_str!("openapi/vendor/v3.1/meta/base.schema.json");

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

fn spec() -> Spec {
    match isales_spec::load_embedded() {
        Ok(spec) => spec,
        Err(errors) => panic!("{errors}"),
    }
}

/// The `$id` (or draft 4 `id`) a vendored schema is known by.
fn id_of(schema: &Value) -> String {
    schema
        .get("$id")
        .or_else(|| schema.get("id"))
        .and_then(Value::as_str)
        .expect("an id")
        .to_owned()
}

/// Validators of the official schemas: 3.0's, 3.1's without and with Schema Object checks.
fn official() -> [(&'static str, Validator); 3] {
    let v3_0 = parse(VENDOR_3_0);
    let resources: Vec<(String, Value)> = [VENDOR_3_1, VENDOR_3_1_DIALECT, VENDOR_3_1_META]
        .into_iter()
        .map(parse)
        .map(|schema| (id_of(&schema), schema))
        .collect();
    let registry = Registry::new()
        .extend(resources)
        .and_then(|builder| builder.prepare())
        .expect("the vendored schemas register");
    let build = |schema: &Value| {
        jsonschema::options()
            .with_registry(&registry)
            .build(schema)
            .unwrap_or_else(|error| panic!("{} does not compile: {error}", id_of(schema)))
    };
    [
        ("3.0 schema.json", build(&v3_0)),
        ("3.1 schema.json", build(&parse(VENDOR_3_1))),
        ("3.1 schema-base.json", build(&parse(VENDOR_3_1_BASE))),
    ]
}

fn errors(validator: &Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[test]
fn both_documents_are_valid_against_the_official_schemas() {
    let [v3_0, v3_1, v3_1_base] = official();
    let document_3_1 = parse(OPENAPI_3_1);
    let document_3_0 = parse(OPENAPI_3_0);
    for ((name, validator), document) in [
        (&v3_0, &document_3_0),
        (&v3_1, &document_3_1),
        (&v3_1_base, &document_3_1),
    ] {
        let found = errors(validator, document);
        assert!(found.is_empty(), "{name}:\n{}", found.join("\n"));
    }
    // The validators are not vacuous: each refuses the other version, and a parameter
    // without its location.
    assert!(!v3_0.1.is_valid(&document_3_1));
    assert!(!v3_1.1.is_valid(&document_3_0));
    for ((name, validator), document) in [(&v3_0, &document_3_0), (&v3_1_base, &document_3_1)] {
        let mut broken = document.clone();
        let parameter = broken
            .pointer_mut("/paths/~1rest~1isales~1v1~1openapi~1campaigns~1{vdnId}~1{campaignId}/get/parameters/0")
            .and_then(Value::as_object_mut)
            .expect("the first parameter");
        parameter.remove("in");
        assert!(
            !validator.is_valid(&broken),
            "{name} took a parameter without `in`"
        );
    }
    // Schema Objects are checked against the 3.1 dialect by schema-base.json.
    let mut broken = document_3_1;
    broken["components"]["schemas"]["Campaign"]["minProperties"] = json!("two");
    assert!(!v3_1_base.1.is_valid(&broken));
}

#[test]
fn the_crates_io_parsers_read_them() {
    let spec = spec();
    let interface = &spec.interface;
    let v3_1 = oas3::from_json(OPENAPI_3_1).expect("oas3 reads the 3.1 document");
    assert_eq!(v3_1.openapi, "3.1.0");
    let operations: Vec<_> = v3_1.operations().collect();
    assert_eq!(operations.len(), 1);
    let (path, method, operation) = &operations[0];
    assert_eq!(path, &interface.path);
    assert_eq!(method.as_str(), interface.method);
    assert_eq!(operation.parameters.len(), 5);
    assert!(
        operation
            .responses
            .as_ref()
            .is_some_and(|r| r.contains_key("200"))
    );

    let v3_0: openapiv3::OpenAPI =
        serde_json::from_str(OPENAPI_3_0).expect("openapiv3 reads the 3.0 document");
    assert_eq!(v3_0.openapi, "3.0.3");
    let item = v3_0
        .paths
        .paths
        .get(&interface.path)
        .and_then(|item| item.as_item())
        .expect("the path");
    let get = item.get.as_ref().expect("the GET operation");
    assert_eq!(get.parameters.len(), 5);
    assert!(
        get.responses
            .responses
            .contains_key(&openapiv3::StatusCode::Code(200))
    );
    assert!(get.responses.default.is_some());
    let components = v3_0.components.expect("components");
    for name in ["Envelope", "Campaign", "FailureCode", "FailureEnvelope"] {
        assert!(components.schemas.contains_key(name), "{name}");
    }
}

/// The failure codes of both documents are Table 21's, every one, in the table's order.
#[test]
fn every_table_21_code_is_in_the_failure_enum() {
    let spec = spec();
    let codes: Vec<Value> = spec
        .table_of_kind(TableKind::ErrorCodes)
        .expect("the error-code table")
        .codes
        .iter()
        .map(|code| json!(code.code))
        .collect();
    assert!(codes.len() >= 14, "{codes:?}");
    for text in [OPENAPI_3_1, OPENAPI_3_0] {
        let document = parse(text);
        let failure = &document["components"]["schemas"]["FailureCode"];
        assert_eq!(failure["enum"], json!(codes));
        let envelope = &document["components"]["schemas"]["FailureEnvelope"]["properties"];
        for field in ["resultCode", "returnCode"] {
            assert_eq!(
                envelope[field]["$ref"], "#/components/schemas/FailureCode",
                "{field}"
            );
        }
        let default = document
            .pointer("/paths/~1rest~1isales~1v1~1openapi~1campaigns~1{vdnId}~1{campaignId}/get/responses/default/content/application~1json/schema/$ref")
            .expect("the default response's schema");
        assert_eq!(default, "#/components/schemas/FailureEnvelope");
    }
}

/// Table 1's rows are the path parameters, with their ranges; Table 2's the header ones.
#[test]
fn parameters_keep_the_spec_rows() {
    let spec = spec();
    for text in [OPENAPI_3_1, OPENAPI_3_0] {
        let document = parse(text);
        let operation = document
            .pointer("/paths/~1rest~1isales~1v1~1openapi~1campaigns~1{vdnId}~1{campaignId}/get")
            .expect("the operation");
        let parameters = operation["parameters"].as_array().expect("parameters");
        for (kind, location) in [
            (TableKind::UrlParams, "path"),
            (TableKind::Headers, "header"),
        ] {
            let table = spec.table_of_kind(kind).expect("the table");
            for field in &table.fields {
                let parameter = parameters
                    .iter()
                    .find(|p| p["name"] == field.name.as_str())
                    .unwrap_or_else(|| panic!("no parameter {}", field.name));
                assert_eq!(parameter["in"], location, "{}", field.name);
                assert_eq!(
                    parameter["x-table"],
                    json!(table.number.0),
                    "{}",
                    field.name
                );
                match field.param() {
                    Some(param) => assert_eq!(parameter["x-param"], json!(param.0)),
                    None => assert!(parameter.get("x-not-on-page").is_some()),
                }
                assert_eq!(
                    parameter["required"],
                    json!(location == "path" || field.required.is_some()),
                    "{}",
                    field.name
                );
                let schema = &parameter["schema"];
                let range = field.range.as_ref();
                assert_eq!(
                    schema.get("minimum"),
                    range.and_then(|r| r.min).map(|min| json!(min)).as_ref(),
                    "{}",
                    field.name
                );
                assert_eq!(
                    schema.get("maximum"),
                    range.and_then(|r| r.max).map(|max| json!(max)).as_ref(),
                    "{}",
                    field.name
                );
            }
        }
        let vdn = parameters
            .iter()
            .find(|p| p["name"] == "vdnId")
            .expect("vdnId");
        assert_eq!(
            (&vdn["schema"]["minimum"], &vdn["schema"]["maximum"]),
            (&json!(1), &json!(9999))
        );
    }
}

/// `#/components/schemas/...` back to `#/$defs/...`.
fn refs_to_defs(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => {
                        let target = target
                            .strip_prefix("#/components/schemas/")
                            .map_or(target.clone(), |rest| format!("#/$defs/{rest}"));
                        (key, Value::String(target))
                    }
                    (_, value) => (key, refs_to_defs(value)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(refs_to_defs).collect()),
        other => other,
    }
}

/// The 3.1 components are the JSON Schema's definitions, keyword for keyword, plus the two
/// failure schemas; the rule catalog is the schema's.
#[test]
fn the_3_1_components_are_the_json_schema_definitions() {
    let document = parse(OPENAPI_3_1);
    let schema = isales_schema::schema();
    let mut components = refs_to_defs(document["components"]["schemas"].clone());
    let map = components.as_object_mut().expect("schemas");
    assert!(map.remove("FailureCode").is_some());
    assert!(map.remove("FailureEnvelope").is_some());
    assert_eq!(&components, &schema["$defs"]);
    assert_eq!(document["x-rule-catalog"], schema["x-rule-catalog"]);
    assert!(OPENAPI_3_1.contains("\"contentSchema\""));
    assert!(OPENAPI_3_1.contains("\"if\""));
}

/// Every keyword 3.0 lacks is gone from its Schema Objects (extensions aside).
#[test]
fn the_3_0_schemas_use_3_0_keywords_only() {
    fn walk(value: &Value, at: &str, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if key.starts_with("x-") {
                        continue;
                    }
                    let forbidden = [
                        "if",
                        "then",
                        "else",
                        "const",
                        "$defs",
                        "contentSchema",
                        "contentMediaType",
                        "examples",
                        "$comment",
                        "$schema",
                        "$id",
                    ];
                    if forbidden.contains(&key.as_str()) {
                        found.push(format!("{at}/{key}"));
                    }
                    if key == "type" && !child.is_string() {
                        found.push(format!("{at}/type"));
                    }
                    if key == "type" && child == "null" {
                        found.push(format!("{at}/type null"));
                    }
                    if key == "$ref" && map.len() > 1 {
                        found.push(format!("{at}/$ref with siblings"));
                    }
                    // Property names are not keywords.
                    if key == "properties" {
                        for (name, property) in child.as_object().into_iter().flatten() {
                            walk(property, &format!("{at}/properties/{name}"), found);
                        }
                    } else {
                        walk(child, &format!("{at}/{key}"), found);
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, &format!("{at}/{index}"), found);
                }
            }
            _ => {}
        }
    }
    let document = parse(OPENAPI_3_0);
    let mut found = Vec::new();
    walk(
        &document["components"]["schemas"],
        "/components/schemas",
        &mut found,
    );
    for (index, parameter) in document
        .pointer(
            "/paths/~1rest~1isales~1v1~1openapi~1campaigns~1{vdnId}~1{campaignId}/get/parameters",
        )
        .and_then(Value::as_array)
        .expect("parameters")
        .iter()
        .enumerate()
    {
        walk(
            &parameter["schema"],
            &format!("/parameters/{index}/schema"),
            &mut found,
        );
    }
    assert!(found.is_empty(), "{found:#?}");
    let description = document["info"]["description"].as_str().expect("text");
    for lost in ["ivr-param-required", "RetryPolicy.resultRetry", "nullable"] {
        assert!(description.contains(lost), "{lost}");
    }
}

/// Every embedded example: the contract's validator passes the success ones and the failure,
/// the JSON Schema (the 3.1 components) agrees, one success per device type the spec lists.
#[test]
fn the_examples_pass_the_contract() {
    let spec = spec();
    let success = &spec.interface.success_code;
    for text in [OPENAPI_3_1, OPENAPI_3_0] {
        let document = parse(text);
        let examples = document["components"]["examples"]
            .as_object()
            .expect("examples");
        assert!(examples.contains_key("page-example"));
        let mut device_types = Vec::new();
        let mut failures = 0;
        for (name, example) in examples {
            let value = &example["value"];
            let bytes = serde_json::to_vec(value).expect("serializes");
            let report = isales_contract::validate(&bytes);
            assert!(report.passed(), "{name}: {report:?}");
            assert!(
                isales_schema::validator().is_valid(value),
                "{name} fails the JSON Schema"
            );
            if value["resultCode"] == success.as_str() {
                device_types.push(value["returnObject"]["deviceType"].clone());
            } else {
                failures += 1;
            }
            let operation =
                "/paths/~1rest~1isales~1v1~1openapi~1campaigns~1{vdnId}~1{campaignId}/get";
            let listed = document
                .pointer(&format!(
                    "{operation}/responses/200/content/application~1json/examples/{name}/$ref"
                ))
                .expect("listed under 200");
            assert_eq!(listed, &json!(format!("#/components/examples/{name}")));
        }
        assert_eq!(failures, 1);
        let campaign = spec
            .tables
            .iter()
            .find_map(|table| table.field("deviceType"))
            .and_then(|field| field.enumeration.as_ref())
            .expect("the device types");
        for value in &campaign.values {
            assert!(
                device_types.contains(&json!(value.value)),
                "no example with deviceType {}",
                value.value
            );
        }
    }
}
