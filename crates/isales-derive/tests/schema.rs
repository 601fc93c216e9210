//! `SchemaRules`, the derive's JSON Schema of the rules, used the way another service uses it:
//! next to `schemars::JsonSchema` with the runtime's transform, and on its own, merged into a
//! schema written by hand. Each test asserts the exact keywords, so a change to what a key
//! becomes shows up here.

use std::collections::BTreeMap;

use isales_contract::json_schema::{Rules, SchemaRules};
use isales_contract::{Contract, JsonString};
use serde::Deserialize;
use serde_json::{Value, json};

/// An order, with a rule of each kind the schema can express.
#[allow(dead_code)]
#[derive(Deserialize, schemars::JsonSchema, Contract)]
#[schemars(transform = isales_contract::json_schema::transform::<Self>)]
#[serde(rename_all = "camelCase")]
#[contract(required_if(when = "mode == 1", fields = ["items[].code"], rule = "item-code"))]
#[contract(one_of_forms(when = "mode == 2", forms = [["pickupTime"], ["shipping"]]))]
struct Order {
    #[contract(one_of = [1, 2])]
    mode: i64,
    #[contract(
        range(min = 1, max = 99),
        required_if(when = "mode != 2", rule = "quantity")
    )]
    quantity: Option<i64>,
    #[contract(
        format = "time_of_day",
        absent_unless(when = "mode == 2", severity = "warning")
    )]
    pickup_time: Option<String>,
    #[contract(length(max = 5), chars(forbid = "<>"), severity = "warning")]
    note: Option<String>,
    #[contract(fixed = "application/json")]
    content_type: Option<String>,
    shipping: Option<Address>,
    items: Option<JsonString<Vec<Item>>>,
    #[serde(rename = "minQty")]
    #[contract(alias = "min_qty")]
    min_quantity: Option<i64>,
    #[serde(flatten)]
    #[contract(extra)]
    extra: BTreeMap<String, Value>,
}

#[allow(dead_code)]
#[derive(Deserialize, schemars::JsonSchema, Contract)]
#[schemars(transform = isales_contract::json_schema::transform::<Self>)]
struct Address {
    #[contract(length(min = 1))]
    city: String,
}

#[allow(dead_code)]
#[derive(Deserialize, schemars::JsonSchema, Contract)]
#[schemars(transform = isales_contract::json_schema::transform::<Self>)]
struct Item {
    code: Option<i64>,
}

fn order_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    generator.into_root_schema_for::<Order>().to_value()
}

#[test]
fn properties_carry_the_value_rules() {
    let schema = order_schema();
    let properties = &schema["properties"];
    assert_eq!(
        properties["mode"],
        json!({"type": "integer", "format": "int64", "enum": [1, 2], "x-rules": ["one-of"]})
    );
    assert_eq!(
        properties["quantity"],
        json!({
            "type": ["integer", "null"],
            "format": "int64",
            "minimum": 1,
            "maximum": 99,
            "x-rules": ["range"],
        })
    );
    assert_eq!(
        properties["pickupTime"],
        json!({
            "type": ["string", "null"],
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
            "x-rules": ["format"],
        })
    );
    assert_eq!(
        properties["note"],
        json!({
            "type": ["string", "null"],
            "x-warnings": [
                {"rule": "length", "maxLength": 5},
                {"rule": "forbidden-chars", "pattern": "^[^<>]*$"},
            ],
        })
    );
    assert_eq!(
        properties["contentType"]["pattern"],
        "^[ \\t]*[aA][pP][pP][lL][iI][cC][aA][tT][iI][oO][nN]/[jJ][sS][oO][nN][ \\t]*$"
    );
    assert_eq!(
        properties["min_qty"],
        json!({
            "type": ["integer", "null"],
            "format": "int64",
            "deprecated": true,
            "title": "min_qty",
            "x-alias-of": "minQty",
            "x-warnings": [{"rule": "alias"}],
        })
    );
    assert_eq!(schema["required"], json!(["mode"]));
}

#[test]
fn conditional_rules_are_tagged_all_of_entries_and_warnings_annotations() {
    let schema = order_schema();
    let mode = |test: Value| json!({"properties": {"mode": test}, "required": ["mode"]});
    let present =
        |name: &str| json!({"required": [name], "properties": {name: {"not": {"type": "null"}}}});
    let code = present("code");
    assert_eq!(
        schema["allOf"],
        json!([
            {"not": {"required": ["minQty", "min_qty"]}, "x-rule": "duplicate-field"},
            {"if": {"not": mode(json!({"const": 2}))}, "then": present("quantity"), "x-rule": "quantity"},
            {
                "if": mode(json!({"const": 1})),
                "then": {
                    "properties": {"items": {
                        "contentMediaType": "application/json",
                        "contentSchema": {"items": code},
                        "items": code,
                    }},
                },
                "x-rule": "item-code",
            },
            {
                "if": mode(json!({"const": 2})),
                "then": {"anyOf": [present("pickupTime"), present("shipping")]},
                "x-rule": "one-of-forms",
            },
        ])
    );
    assert_eq!(
        schema["x-warnings"],
        json!([{
            "rule": "absent-unless",
            "if": {"not": mode(json!({"const": 2}))},
            "then": {"properties": {"pickupTime": {"type": "null"}}},
        }])
    );
}

#[test]
fn nested_types_and_embedded_documents_keep_their_own_rules() {
    let schema = order_schema();
    assert_eq!(
        schema["$defs"]["Address"],
        json!({
            "type": "object",
            "properties": {"city": {"type": "string", "minLength": 1, "x-rules": ["length"]}},
            "required": ["city"],
        })
    );
    assert_eq!(
        schema["properties"]["items"]["anyOf"][0]["anyOf"][0]["contentSchema"],
        json!({"type": "array", "items": {"$ref": "#/$defs/Item"}})
    );
}

#[test]
fn the_rules_merge_into_any_object_schema_without_schemars() {
    let mut schema = json!({"type": "object", "properties": {"city": {"type": "string"}}});
    let Value::Object(map) = &mut schema else {
        unreachable!()
    };
    <Address as SchemaRules>::schema_rules().apply(map);
    assert_eq!(
        schema,
        json!({
            "type": "object",
            "properties": {"city": {"type": "string", "minLength": 1, "x-rules": ["length"]}},
            "required": ["city"],
        })
    );
    let before = json!({"type": "object", "properties": {"code": {"type": "integer"}}});
    let mut after = before.clone();
    let Value::Object(map) = &mut after else {
        unreachable!()
    };
    let rules: Rules = <Item as SchemaRules>::schema_rules();
    rules.apply(map);
    assert_eq!(after, before, "a struct without rules adds nothing");
}
