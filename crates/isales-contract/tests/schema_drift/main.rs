//! Drift between the two JSON Schemas of the contract: the one `cargo xtask codegen` writes
//! from the spec's tables (`crates/isales-schema/query-campaign-details.schema.json`), and the one
//! `schemars` derives from the models, with the rules `#[derive(Contract)]` reads from their
//! `#[contract(...)]` attributes. Both translate a rule with `isales_spec::schema`, so what this
//! checks is the wiring: that each rule of the spec sits on the same definition and property,
//! with the same condition, fields and level, on both sides (the models are generated from the
//! spec by one generator and the xtask reads the spec's tables with another). When they
//! disagree, one generator (or the models) is wrong.
//!
//! Both are reduced to what they assert ([`normalise`] says how) and compared definition by
//! definition: property names, JSON types and `$ref` targets, enum sets, bounds, patterns,
//! required sets and the conditionals. A difference is reported as `definition/place: what`;
//! the tests below also show that each kind of drift is caught.

mod normalise;

use std::collections::BTreeMap;

use isales_contract::models::{Envelope, RequestHeaders, UrlParams};
use normalise::{Definition, Difference, Sides};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

/// The committed schema, generated from the spec (embedded by isales-schema).
const SPEC_SCHEMA: &str = isales_schema::SCHEMA_JSON;

const SIDES: Sides = Sides {
    left: "xtask",
    right: "schemars",
};

/// The definitions of the committed schema.
fn spec_definitions() -> Map<String, Value> {
    let schema: Value = serde_json::from_str(SPEC_SCHEMA).expect("the committed schema is JSON");
    assert_eq!(
        schema["$ref"], "#/$defs/Envelope",
        "the root is the envelope"
    );
    match &schema["$defs"] {
        Value::Object(definitions) => definitions.clone(),
        other => panic!("no $defs in the committed schema: {other}"),
    }
}

/// The models' schema as `schemars::schema_for!(Envelope)` gives it (draft 2020-12), the
/// envelope itself being the root, plus the definitions of the request's models.
fn models_definitions() -> Map<String, Value> {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let root = generator.root_schema_for::<Envelope>();
    generator.subschema_for::<UrlParams>();
    generator.subschema_for::<RequestHeaders>();
    let mut definitions = generator.take_definitions(true);
    let Value::Object(mut envelope) = root.to_value() else {
        panic!("the envelope's schema is an object");
    };
    assert_eq!(
        envelope.get("$schema"),
        Some(&json!("https://json-schema.org/draft/2020-12/schema"))
    );
    envelope.remove("$defs");
    definitions.insert("Envelope".into(), Value::Object(envelope));
    definitions
}

fn differences(spec: &Map<String, Value>, models: &Map<String, Value>) -> Vec<Difference> {
    let spec = normalise::definitions(spec);
    let models = normalise::definitions(models);
    normalise::compare(SIDES, &spec, &models)
}

fn listed(differences: &[Difference]) -> String {
    differences
        .iter()
        .map(|difference| format!("  - {difference}\n"))
        .collect()
}

/// A definition of the models' schema, for the tests that break it on purpose.
fn definition_mut<'m>(definitions: &'m mut Map<String, Value>, name: &str) -> &'m mut Value {
    definitions
        .get_mut(name)
        .unwrap_or_else(|| panic!("no definition {name}"))
}

/// A conditional as the comparison names it: the rule, then the entry as canonical JSON.
fn conditional(rule: &str, entry: &Value) -> String {
    format!("[{rule}] {}", normalise::canonical(entry))
}

/// `{"properties": {field: test}, "required": [field]}`: how a condition tests one field.
fn test(field: &str, test: Value) -> Value {
    json!({"properties": {field: test}, "required": [field]})
}

/// `{"required": names, "properties": {name: {"not": {"type": "null"}}}}`.
fn present(names: &[&str]) -> Value {
    let properties: Map<String, Value> = names
        .iter()
        .map(|name| ((*name).to_owned(), json!({"not": {"type": "null"}})))
        .collect();
    json!({"required": names, "properties": properties})
}

#[test]
fn the_models_schema_says_what_the_spec_schema_says() {
    let found = differences(&spec_definitions(), &models_definitions());
    assert!(
        found.is_empty(),
        "the schema derived from the models drifted from the schema generated from the spec \
         ({} differences; fix the generator that is wrong, then rerun):\n{}",
        found.len(),
        listed(&found)
    );
}

/// The comparison is not vacuous: every definition of the spec's schema is there, with its
/// properties and conditionals, on both sides.
#[test]
fn every_definition_property_and_conditional_is_compared() {
    let spec = normalise::definitions(&spec_definitions());
    let models = normalise::definitions(&models_definitions());
    let count = |definitions: &BTreeMap<String, Definition>| {
        let objects = definitions.values().filter_map(|d| d.object.as_ref());
        objects.fold((0, 0, 0), |(p, r, c), object| {
            (
                p + object.properties.len(),
                r + object.required.len(),
                c + object.conditionals.len(),
            )
        })
    };
    assert_eq!(spec.len(), 21, "one definition per table");
    assert_eq!(
        spec.keys().collect::<Vec<_>>(),
        models.keys().collect::<Vec<_>>()
    );
    let (properties, required, conditionals) = count(&spec);
    assert_eq!(count(&models), (properties, required, conditionals));
    assert!(
        properties > 80 && required >= 9 && conditionals >= 20,
        "{properties} properties, {required} required, {conditionals} conditionals"
    );
    let campaign = spec["Campaign"].object.as_ref().expect("an object");
    let ivr = json!({
        "if": test("deviceType", json!({"enum": [1, 3]})),
        "then": present(&["ivrParam"]),
    });
    assert!(
        campaign
            .conditionals
            .contains(&conditional("ivr-param-required", &ivr)),
        "{:#?}",
        campaign.conditionals
    );
    // A requirement below the items of a document whose lone object stands for its only item.
    let number_policy = spec["NumberTypePolicy"].object.as_ref().expect("an object");
    assert!(
        number_policy.conditionals.iter().any(|entry| {
            entry.starts_with("[number-policy-fields] ")
                && entry.contains("\"then\":{\"properties\":{\"retryDay\"")
        }),
        "{:#?}",
        number_policy.conditionals
    );
}

#[test]
fn a_conditional_missing_from_the_models_is_reported_as_exactly_that() {
    let spec = spec_definitions();
    let mut models = models_definitions();
    let all_of = definition_mut(&mut models, "Campaign")["allOf"]
        .as_array_mut()
        .expect("Campaign has conditionals");
    let before = all_of.len();
    all_of.retain(|entry| entry["x-rule"] != "ivr-param-required");
    assert_eq!(all_of.len(), before - 1);
    let ivr = json!({
        "if": test("deviceType", json!({"enum": [1, 3]})),
        "then": present(&["ivrParam"]),
    });
    assert_eq!(
        listed(&differences(&spec, &models)),
        format!(
            "  - Campaign/conditionals: only in xtask: {}\n",
            conditional("ivr-param-required", &ivr)
        )
    );
}

#[test]
fn a_changed_enum_is_reported_as_exactly_that() {
    let spec = spec_definitions();
    let mut models = models_definitions();
    let status = &mut definition_mut(&mut models, "Campaign")["properties"]["status"];
    assert_eq!(status["enum"], json!([2, 3, 4, null]));
    status["enum"] = json!([2, 3, null]);
    assert_eq!(
        listed(&differences(&spec, &models)),
        "  - Campaign/properties/status: integer: enum: xtask [2, 3, 4] vs schemars [2, 3]\n"
    );
}

#[test]
fn drift_on_the_spec_side_is_reported_too() {
    let mut spec = spec_definitions();
    let models = models_definitions();
    let url_params = definition_mut(&mut spec, "UrlParams");
    url_params["properties"]["vdnId"]["maximum"] = json!(999);
    url_params["required"] = json!(["vdnId"]);
    let policy = definition_mut(&mut spec, "CallPolicy");
    let turns = &mut policy["allOf"][1]["then"]["properties"]["turns"];
    turns
        .as_object_mut()
        .expect("a requirement below turns")
        .remove("contentSchema");
    let when = json!({"allOf": [
        test("callType", json!({"const": 1})),
        test("chooseType", json!({"const": 0})),
    ]});
    let each = present(&["turnType"]);
    let array_only = json!({"if": when, "then": {"properties": {"turns": {"items": each}}}});
    let both = json!({"if": when, "then": {"properties": {"turns": {
        "contentSchema": {"items": each},
        "items": each,
    }}}});
    assert_eq!(
        listed(&differences(&spec, &models)),
        format!(
            "  - CallPolicy/conditionals: only in xtask: {}\n  \
             - CallPolicy/conditionals: only in schemars: {}\n  \
             - UrlParams/properties/vdnId: integer: maximum: xtask 999 vs schemars 9999\n  \
             - UrlParams/required: only in schemars: campaignId\n",
            conditional("turn-fields", &array_only),
            conditional("turn-fields", &both),
        )
    );
}

#[test]
fn types_references_and_levels_are_compared() {
    let spec = spec_definitions();
    let mut models = models_definitions();
    let skill = definition_mut(&mut models, "SkillParam");
    skill["properties"]["predictParam"]["anyOf"][0]["$ref"] = json!("#/$defs/PreviewParam");
    skill["properties"]["skillName"]["type"] = json!("string");
    let policy = definition_mut(&mut models, "RetryPolicy");
    let entry = policy["allOf"]
        .as_array_mut()
        .and_then(|entries| {
            entries
                .iter_mut()
                .find(|e| e["x-rule"] == "policy-json-required")
        })
        .expect("policy-json-required entry");
    entry["x-rule"] = json!("renamed");
    let campaign = definition_mut(&mut models, "Campaign");
    campaign["additionalProperties"] = json!(false);
    let policy_json = json!({
        "if": test("policyType", json!({"const": 1})),
        "then": {
            "required": ["policyJson"],
            "properties": {"policyJson": {"not": {"enum": [null, ""]}}},
        },
    });
    assert_eq!(
        listed(&differences(&spec, &models)),
        format!(
            "  - Campaign/additionalProperties: xtask true vs schemars false\n  \
             - RetryPolicy/conditionals: only in xtask: {}\n  \
             - RetryPolicy/conditionals: only in schemars: {}\n  \
             - SkillParam/properties/predictParam: types: xtask [$ref:PredictParam, null] vs \
             schemars [$ref:PreviewParam, null]\n  \
             - SkillParam/properties/skillName: types: xtask [null, string] vs schemars [string]\n",
            conditional("policy-json-required", &policy_json),
            conditional("renamed", &policy_json),
        )
    );
}

#[test]
fn nullable_forms_and_the_order_of_sets_normalise_alike() {
    let when = |values: Value| test("a", json!({"enum": values}));
    let left = json!({
        "type": "object",
        "properties": {
            "a": {"type": ["integer", "null"], "enum": [1, 2, null], "title": "a"},
            "b": {"anyOf": [{"anyOf": [{"type": "string", "pattern": "x"}, {"type": "array"}]}, {"type": "null"}]},
            "c": {"type": "integer"},
            "d": {"type": "string", "pattern": "^p", "allOf": [{"pattern": "q$"}]},
        },
        "required": ["c", "d"],
        "allOf": [
            {"if": when(json!([2, 1])), "then": present(&["b", "c"]), "x-rule": "s"},
        ],
    });
    let right = json!({
        "type": "object",
        "properties": {
            "a": {"anyOf": [{"type": "integer", "enum": [2, 1]}, {"type": "null"}]},
            "b": {"anyOf": [{"type": "array"}, {"type": "null"}, {"pattern": "x", "type": "string"}]},
            "c": {"type": "integer", "description": "c"},
            "d": {"type": "string", "allOf": [{"pattern": "q$"}, {"pattern": "^p"}]},
        },
        "required": ["d", "c"],
        "allOf": [
            {"x-rule": "s", "then": present(&["c", "b"]), "if": when(json!([1, 2]))},
        ],
    });
    let left = normalise::definition(&left);
    let right = normalise::definition(&right);
    assert_eq!(left, right);
    let object = left.object.expect("an object");
    assert_eq!(
        object.conditionals.iter().collect::<Vec<_>>(),
        [&conditional(
            "s",
            &json!({"if": when(json!([1, 2])), "then": present(&["b", "c"])})
        )]
    );
    assert_eq!(object.required.iter().collect::<Vec<_>>(), ["c", "d"]);
}

/// The two schemas as validators (with the asserting `contentSchema` keyword), for one
/// definition: the spec's and the models'.
fn validators(definition: &str) -> [jsonschema::Validator; 2] {
    let compile = |definitions: Map<String, Value>| {
        let document = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": definitions,
            "$ref": format!("#/$defs/{definition}"),
        });
        match isales_schema::compile(&document) {
            Ok(validator) => validator,
            Err(error) => panic!("{definition} does not compile: {error}"),
        }
    };
    [compile(spec_definitions()), compile(models_definitions())]
}

/// The page's example, edited at JSON pointers (`None` removes the member).
fn page_example(edits: &[(&str, Option<Value>)]) -> Value {
    let mut payload: Value = serde_json::from_str(include_str!(
        "../../../../tests/corpus/valid/page-example.json"
    ))
    .expect("the page's example is JSON");
    for (pointer, value) in edits {
        let (parent, member) = pointer.rsplit_once('/').expect("a pointer below the root");
        let parent = payload
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {parent}"));
        match value {
            Some(value) => parent.insert(member.to_owned(), value.clone()),
            None => parent.remove(member),
        };
    }
    payload
}

/// The structural comparison, checked the other way: real validators built from the two
/// schemas give each payload the verdict the contract gives it, one rule broken at a time.
#[test]
fn both_schemas_give_the_contract_s_verdicts() {
    let turns = |chosen: i64, turns: Value| {
        Some(json!({"callType": 1, "chooseType": chosen, "turns": turns}))
    };
    let retry = |policy: Value| Some(policy);
    let envelope_cases: Vec<(&str, bool, Value)> = vec![
        ("the page's example", true, page_example(&[])),
        (
            "success without the campaign",
            false,
            page_example(&[("/returnObject", None)]),
        ),
        (
            "failure without the campaign",
            true,
            page_example(&[
                ("/returnObject", None),
                ("/resultCode", Some(json!("0200001"))),
                ("/returnCode", Some(json!("0200001"))),
            ]),
        ),
        (
            "an unlisted status",
            false,
            page_example(&[("/returnObject/status", Some(json!(1)))]),
        ),
        (
            "a null status",
            true,
            page_example(&[("/returnObject/status", Some(Value::Null))]),
        ),
        (
            "an IVR campaign without ivrParam",
            false,
            page_example(&[("/returnObject/deviceType", Some(json!(1)))]),
        ),
        (
            "a one-digit hour in the schedule",
            false,
            page_example(&[(
                "/returnObject/scheduleParam/workdayBeginTime1",
                Some(json!("8:00")),
            )]),
        ),
        (
            "the empirical algorithm without its settings",
            false,
            page_example(&[(
                "/returnObject/skillParam/predictParam/predictMethod",
                Some(json!(1)),
            )]),
        ),
        (
            "both spellings of the minimum call time",
            false,
            page_example(&[
                (
                    "/returnObject/skillParam/predictParam/predictMethod",
                    Some(json!(1)),
                ),
                (
                    "/returnObject/skillParam/predictParam/expPredictParam",
                    Some(json!({"mimAvgCallTime": 1, "minAvgCallTime": 1})),
                ),
            ]),
        ),
        (
            "the other spelling alone",
            true,
            page_example(&[
                (
                    "/returnObject/skillParam/predictParam/predictMethod",
                    Some(json!(1)),
                ),
                (
                    "/returnObject/skillParam/predictParam/expPredictParam",
                    Some(json!({"minAvgCallTime": 1})),
                ),
            ]),
        ),
        (
            "round turns with their type, in a string",
            true,
            page_example(&[(
                "/returnObject/callPolicy",
                turns(0, json!("[{\"turnType\": \"1\"}]")),
            )]),
        ),
        (
            "round turns without their type, in a string",
            false,
            page_example(&[(
                "/returnObject/callPolicy",
                turns(0, json!("[{\"turnOrder\": 1}]")),
            )]),
        ),
        (
            "round turns without their type, in an array",
            false,
            page_example(&[(
                "/returnObject/callPolicy",
                turns(0, json!([{"turnOrder": 1}])),
            )]),
        ),
        (
            "a global retry policy in neither form",
            false,
            page_example(&[(
                "/returnObject/retryPolicy",
                retry(json!({"policyType": 0, "retryDay": 1})),
            )]),
        ),
        (
            "a global retry policy by result",
            true,
            page_example(&[(
                "/returnObject/retryPolicy",
                retry(json!({
                    "policyType": 0,
                    "resultRetry": "[{\"result\": 1, \"callInterval\": 60, \"retryNumber\": 2}]",
                })),
            )]),
        ),
        (
            "a result retry without its interval",
            false,
            page_example(&[(
                "/returnObject/retryPolicy",
                retry(
                    json!({"policyType": 0, "resultRetry": "[{\"result\": 1, \"retryNumber\": 2}]"}),
                ),
            )]),
        ),
    ];
    let [spec, models] = validators("Envelope");
    for (case, valid, payload) in &envelope_cases {
        assert_eq!(spec.is_valid(payload), *valid, "the spec's schema: {case}");
        assert_eq!(
            models.is_valid(payload),
            *valid,
            "the models' schema: {case}"
        );
    }

    let headers = |content_type: &str| json!({"Content-Type": content_type, "Authorization": "x"});
    let request_cases = [
        (
            "RequestHeaders",
            true,
            headers("application/json; charset=UTF-8"),
        ),
        (
            "RequestHeaders",
            true,
            headers(" Application/JSON;charset=\"utf-8\" "),
        ),
        ("RequestHeaders", false, headers("application/json")),
        (
            "RequestHeaders",
            false,
            headers("application/json;\u{a0}charset=UTF-8"),
        ),
        (
            "RequestHeaders",
            false,
            json!({"Content-Type": "application/json; charset=UTF-8"}),
        ),
        ("UrlParams", true, json!({"vdnId": 1, "campaignId": 146})),
        ("UrlParams", false, json!({"vdnId": 0, "campaignId": 146})),
    ];
    for (definition, valid, payload) in request_cases {
        let [spec, models] = validators(definition);
        assert_eq!(
            spec.is_valid(&payload),
            valid,
            "the spec's schema: {payload}"
        );
        assert_eq!(
            models.is_valid(&payload),
            valid,
            "the models' schema: {payload}"
        );
    }
}
