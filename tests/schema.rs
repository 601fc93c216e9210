//! The generated JSON Schema, checked from the outside through `isales-schema`.
//!
//! - The document is a valid draft 2020-12 schema and names every rule consistently with the
//!   rule catalog it carries (asserted rules are errors, annotated ones warnings).
//! - The page's own example response is valid.
//! - Each hand-made invalid response breaks one error-level rule and is rejected at the
//!   expected JSON pointer(s); for JSON held in strings, the message also says where inside.
//! - Warning-level findings never make the schema fail: the schema asserts errors only.
//! - The `contentSchema` keyword of `isales-schema` is what catches violations inside embedded
//!   documents: a stock validator lets them through.
//!
//! The payloads are files under `schema-cases/` (`warnings-only/`, `invalid/`,
//! `content-schema/`), one response per file; the tables below name each case and say what
//! the schema must report for it.

use jsonschema::Validator;
use serde_json::Value;

/// The text of a payload under `schema-cases/`, which sits beside the corpus rather than in
/// it: the corpus tests and the fuzz seeds take every file under `corpus/`, and these payloads
/// are cases of this file only.
macro_rules! case {
    ($file:literal) => {
        include_str!(concat!("schema-cases/", $file))
    };
}

fn parse(text: &str) -> Value {
    match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => panic!("test payload is not JSON ({error}): {text}"),
    }
}

/// The instance paths of the errors `iter_errors` reports, sorted.
fn pointers(validator: &Validator, instance: &Value) -> Vec<String> {
    let mut found: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| error.instance_path().to_string())
        .collect();
    found.sort();
    found
}

/// The causes of every reported error (see `isales_schema::causes`).
fn causes(validator: &Validator, instance: &Value) -> Vec<isales_schema::Cause> {
    let mut found: Vec<isales_schema::Cause> = validator
        .iter_errors(instance)
        .flat_map(|error| isales_schema::causes(&error))
        .collect();
    found.sort_by(|a, b| (&a.instance_path, &a.message).cmp(&(&b.instance_path, &b.message)));
    found
}

/// The causes as text, one `pointer: message` per line.
fn explanations(validator: &Validator, instance: &Value) -> String {
    causes(validator, instance)
        .iter()
        .map(|cause| format!("{}: {}", cause.instance_path, cause.message))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// The schema document itself

#[test]
fn the_schema_is_valid_draft_2020_12() {
    let schema = isales_schema::schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(error) = jsonschema::draft202012::meta::validate(schema) {
        panic!("the schema breaks the 2020-12 meta-schema: {error}");
    }
    assert!(isales_schema::SCHEMA_JSON.ends_with("}\n"));
}

/// Walks the schema and collects (rule id, how it appears): `x-rule` / `x-rules` assert,
/// `x-warnings[].rule` and an `x-rule` beside `x-level` annotate.
fn rule_mentions(value: &Value, found: &mut Vec<(String, &'static str)>) {
    match value {
        Value::Object(members) => {
            let level = members.get("x-level").and_then(Value::as_str);
            if let Some(Value::String(rule)) = members.get("x-rule") {
                let how = if level == Some("warning") {
                    "warning"
                } else {
                    "error"
                };
                found.push((rule.clone(), how));
            }
            if let Some(Value::Array(rules)) = members.get("x-rules") {
                for rule in rules.iter().filter_map(Value::as_str) {
                    found.push((rule.to_owned(), "error"));
                }
            }
            if let Some(Value::Array(warnings)) = members.get("x-warnings") {
                for rule in warnings.iter().filter_map(|entry| entry["rule"].as_str()) {
                    found.push((rule.to_owned(), "warning"));
                }
            }
            for (key, member) in members {
                if key != "x-rule-catalog" {
                    rule_mentions(member, found);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rule_mentions(item, found);
            }
        }
        _ => {}
    }
}

#[test]
fn asserted_rules_are_errors_and_annotated_rules_are_warnings() {
    let schema = isales_schema::schema();
    let catalog = &schema["x-rule-catalog"];
    let mut mentions = Vec::new();
    rule_mentions(schema, &mut mentions);
    assert!(mentions.len() > 100, "{}", mentions.len());
    for (rule, how) in &mentions {
        let level = &catalog[rule.as_str()]["level"];
        assert_eq!(level, how, "rule `{rule}` appears as {how} but is {level}");
        let in_schema = catalog[rule.as_str()]["inSchema"]
            .as_str()
            .unwrap_or_default();
        let expected: &[&str] = if *how == "error" {
            &ASSERTED_BY_THIS_CRATE
        } else {
            &["annotation"]
        };
        assert!(
            expected.contains(&in_schema),
            "catalog entry of `{rule}`: {in_schema}"
        );
    }
    // Every documented conditional rule at error level is asserted by the schema (with the
    // asserting contentSchema keyword where the rule lives in embedded documents).
    let conditional: Vec<&String> = catalog
        .as_object()
        .expect("catalog")
        .iter()
        .filter(|(_, entry)| {
            entry["level"] == "error"
                && (entry["kind"] == "required-if" || entry["kind"] == "one-of-forms")
        })
        .map(|(id, _)| id)
        .collect();
    assert_eq!(conditional.len(), 12, "{conditional:?}");
    for rule in conditional {
        let in_schema = &catalog[rule.as_str()]["inSchema"];
        assert!(
            in_schema == "asserted" || in_schema == "asserted-with-content",
            "{rule}: {in_schema}"
        );
    }
}

/// The catalog's `inSchema` values that `isales_schema::validator()`, whose `contentSchema`
/// asserts, asserts (in part, for `partly-asserted` rules with a part beyond any schema).
const ASSERTED_BY_THIS_CRATE: [&str; 3] = ["asserted", "asserted-with-content", "partly-asserted"];

// ---------------------------------------------------------------------------------------------
// Valid payloads

#[test]
fn the_page_example_is_valid() {
    let text = include_str!("corpus/valid/page-example.json");
    let example = parse(text);
    let found = explanations(isales_schema::validator(), &example);
    assert!(found.is_empty(), "{found}");
    assert!(isales_schema::validator().is_valid(&example));
}

/// Responses that only draw warnings (or nothing) from our validator: the schema accepts them.
const WARNINGS_ONLY: &[(&str, &str)] = &[
    (
        "insecure callBackUrl, date-only and one-digit-hour times",
        case!("warnings-only/insecure-callbackurl-date-only-and-one-digit-hour-times.json"),
    ),
    (
        "callBackUrl that is not a URL",
        case!("warnings-only/callbackurl-that-is-not-a-url.json"),
    ),
    (
        "undocumented fields at every level",
        case!("warnings-only/undocumented-fields-at-every-level.json"),
    ),
    (
        "deviceType outside the inferred list",
        case!("warnings-only/devicetype-outside-the-inferred-list.json"),
    ),
    (
        "outBoundType outside the inferred list, and differing from deviceType",
        case!("warnings-only/outboundtype-outside-the-inferred-list-and-differing-from.json"),
    ),
    (
        "policyJson item type outside the inferred list",
        case!("warnings-only/policyjson-item-type-outside-the-inferred-list.json"),
    ),
    (
        "values outside the inferred limits",
        case!("warnings-only/values-outside-the-inferred-limits.json"),
    ),
    (
        "the create interface's spelling minAvgCallTime, and min above max",
        case!("warnings-only/the-create-interface-s-spelling-minavgcalltime-and-min-above.json"),
    ),
    (
        "unknown 7-digit error code, known 8-digit one, no returnObject",
        case!("warnings-only/unknown-7-digit-error-code-known-8-digit-one-no-returnobject.json"),
    ),
    (
        "failure that still carries a returnObject",
        case!("warnings-only/failure-that-still-carries-a-returnobject.json"),
    ),
    (
        "success with differing returnCode and an empty campaign",
        case!("warnings-only/success-with-differing-returncode-and-an-empty-campaign.json"),
    ),
    (
        "real arrays where JSON strings are documented",
        case!("warnings-only/real-arrays-where-json-strings-are-documented.json"),
    ),
    (
        "settings objects the mode does not use",
        case!("warnings-only/settings-objects-the-mode-does-not-use.json"),
    ),
    (
        "schedule windows half given, reversed and overlapping",
        case!("warnings-only/schedule-windows-half-given-reversed-and-overlapping.json"),
    ),
    (
        "campaign period reversed",
        case!("warnings-only/campaign-period-reversed.json"),
    ),
    (
        "busiPolicy intervals outside 1-3600, a stop policy without interval",
        case!("warnings-only/busipolicy-intervals-outside-1-3600-a-stop-policy-without.json"),
    ),
    (
        "every embedded document complete, nested policy included",
        case!("warnings-only/every-embedded-document-complete-nested-policy-included.json"),
    ),
    (
        "optional rows null everywhere",
        case!("warnings-only/optional-rows-null-everywhere.json"),
    ),
];

#[test]
fn warning_level_findings_do_not_fail_the_schema() {
    let validator = isales_schema::validator();
    let mut failures = Vec::new();
    for (name, text) in WARNINGS_ONLY {
        let found = explanations(validator, &parse(text));
        if !found.is_empty() {
            failures.push(format!("{name}:\n{found}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// Invalid payloads: one broken thing each

/// A response that breaks one thing.
struct Invalid {
    /// What it breaks (the rule id first).
    name: &'static str,
    payload: &'static str,
    /// The sorted instance paths of the errors `iter_errors` reports. A violation inside an
    /// optional object is reported at the outermost one (`anyOf` a reference and `null`).
    reported: &'static [&'static str],
    /// The sorted instance paths of their causes: where the violation is.
    causes: &'static [&'static str],
    /// Text that must appear in the causes' messages: for embedded documents, where inside
    /// the string the problem is.
    explains: &'static [&'static str],
}

const INVALID: &[Invalid] = &[
    Invalid {
        name: "ivr-param-required: deviceType 1 without ivrParam",
        payload: case!("invalid/ivr-param-required--devicetype-1-without-ivrparam.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject"],
        explains: &["\"ivrParam\" is a required property"],
    },
    Invalid {
        name: "ivr-param-required: null means absent",
        payload: case!("invalid/ivr-param-required--null-means-absent.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/ivrParam"],
        explains: &[],
    },
    Invalid {
        name: "skill-param-required: deviceType 6 without skillParam",
        payload: case!("invalid/skill-param-required--devicetype-6-without-skillparam.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject"],
        explains: &["\"skillParam\" is a required property"],
    },
    Invalid {
        name: "predict-param-required: outBoundType 2 without predictParam",
        payload: case!("invalid/predict-param-required--outboundtype-2-without-predictparam.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam"],
        explains: &["\"predictParam\" is a required property"],
    },
    Invalid {
        name: "preview-param-required: outBoundType 5 without previewParam",
        payload: case!("invalid/preview-param-required--outboundtype-5-without-previewparam.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam"],
        explains: &["\"previewParam\" is a required property"],
    },
    Invalid {
        name: "predict-algorithm-param-required: method 1 without expPredictParam",
        payload: case!("invalid/predict-algorithm-param-required--method-1.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/predictParam"],
        explains: &["\"expPredictParam\" is a required property"],
    },
    Invalid {
        name: "predict-algorithm-param-required: method 2 without agentPredictParam",
        payload: case!("invalid/predict-algorithm-param-required--method-2.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/predictParam"],
        explains: &["\"agentPredictParam\" is a required property"],
    },
    Invalid {
        name: "predict-algorithm-param-required: method 3 without connectPredictParam",
        payload: case!("invalid/predict-algorithm-param-required--method-3.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/predictParam/connectPredictParam"],
        explains: &[],
    },
    Invalid {
        name: "predict-algorithm-param-required: method 5 without offhookPredictParam",
        payload: case!("invalid/predict-algorithm-param-required--method-5.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/predictParam"],
        explains: &["\"offhookPredictParam\" is a required property"],
    },
    Invalid {
        name: "retry-policy-form: global policy with an incomplete common form",
        payload: case!("invalid/retry-policy-form--incomplete-common-form.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy", "/returnObject/retryPolicy"],
        explains: &[
            "\"callInterval\" is a required property",
            "\"resultRetry\" is a required property",
        ],
    },
    Invalid {
        name: "result-retry-fields: an entry without retryNumber",
        payload: case!("invalid/result-retry-fields--an-entry-without-retrynumber.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/resultRetry"],
        explains: &["at /0 in the embedded document: \"retryNumber\" is a required property"],
    },
    Invalid {
        name: "policy-json-required: number-type policy without policyJson",
        payload: case!("invalid/policy-json-required--number-type-policy-without-policyjson.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy"],
        explains: &["\"policyJson\" is a required property"],
    },
    Invalid {
        name: "number-policy-fields: common form (type 0) without retryTimes",
        payload: case!("invalid/number-policy-fields--common-form-type-0-without-retrytimes.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/policyJson"],
        explains: &[
            "at /0/policy in the embedded document: at /0 in the embedded document: \"retryTimes\" is a required property",
        ],
    },
    Invalid {
        name: "number-policy-fields: result form (type 1) without retryNumber",
        payload: case!("invalid/number-policy-fields--result-form-type-1-without-retrynumber.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/policyJson"],
        explains: &[
            "at /0/policy in the embedded document: at /0 in the embedded document: \"retryNumber\" is a required property",
        ],
    },
    Invalid {
        name: "round-call-fields: round dialling without chooseType",
        payload: case!("invalid/round-call-fields--round-dialling-without-choosetype.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/callPolicy"],
        explains: &["\"chooseType\" is a required property"],
    },
    Invalid {
        name: "turn-fields: rounds by category without turnType",
        payload: case!("invalid/turn-fields--rounds-by-category-without-turntype.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/callPolicy/turns"],
        explains: &["at /1 in the embedded document: \"turnType\" is a required property"],
    },
    Invalid {
        name: "turn-fields: rounds by position without turnOrder",
        payload: case!("invalid/turn-fields--rounds-by-position-without-turnorder.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/callPolicy/turns"],
        explains: &["at /0 in the embedded document: \"turnOrder\" is a required property"],
    },
    Invalid {
        name: "turn-fields: the array form is checked item by item",
        payload: case!("invalid/turn-fields--the-array-form-is-checked-item-by-item.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/callPolicy/turns/0"],
        explains: &["\"turnType\" is a required property"],
    },
    Invalid {
        name: "busi-policy-fields: an entry without busiResultCode",
        payload: case!("invalid/busi-policy-fields--an-entry-without-busiresultcode.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/busiPolicy"],
        explains: &["at /0 in the embedded document: \"busiResultCode\" is a required property"],
    },
    Invalid {
        name: "busi-policy-fields: calling goes on without callInterval",
        payload: case!("invalid/busi-policy-fields--calling-goes-on-without-callinterval.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/busiPolicy"],
        explains: &["at /0 in the embedded document: \"callInterval\" is a required property"],
    },
    Invalid {
        name: "busi-policy-fields: an absent policy is not a stop",
        payload: case!("invalid/busi-policy-fields--an-absent-policy-is-not-a-stop.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/busiPolicy"],
        explains: &["\"callInterval\" is a required property"],
    },
    Invalid {
        name: "enum-value: status 1",
        payload: case!("invalid/enum-value--status-1.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/status"],
        explains: &["1 is not one of"],
    },
    Invalid {
        name: "enum-value: predictMethod 4",
        payload: case!("invalid/enum-value--predictmethod-4.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/predictParam/predictMethod"],
        explains: &[],
    },
    Invalid {
        name: "enum-value: utilRateMethod 3",
        payload: case!("invalid/enum-value--utilratemethod-3.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/predictParam/agentPredictParam/utilRateMethod"],
        explains: &[],
    },
    Invalid {
        name: "enum-value: policyType 2",
        payload: case!("invalid/enum-value--policytype-2.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/policyType"],
        explains: &[],
    },
    Invalid {
        name: "enum-value: callType 2",
        payload: case!("invalid/enum-value--calltype-2.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/callPolicy/callType"],
        explains: &[],
    },
    Invalid {
        name: "enum-value: chooseType 2",
        payload: case!("invalid/enum-value--choosetype-2.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/callPolicy/chooseType"],
        explains: &[],
    },
    Invalid {
        name: "enum-value: busiResultPolicy 3 inside the embedded document",
        payload: case!("invalid/enum-value--busiresultpolicy-3-inside-the-embedded-document.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/busiPolicy"],
        explains: &["at /0/busiResultPolicy in the embedded document: 3 is not one of"],
    },
    Invalid {
        name: "out-of-range: previewParam failInterval 0",
        payload: case!("invalid/out-of-range--previewparam-failinterval-0.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/previewParam/failInterval"],
        explains: &["0 is less than the minimum of 1"],
    },
    Invalid {
        name: "out-of-range: previewParam obCallCount negative",
        payload: case!("invalid/out-of-range--previewparam-obcallcount-negative.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/previewParam/obCallCount"],
        explains: &[],
    },
    Invalid {
        name: "required-field: previewParam without autoCallTime",
        payload: case!("invalid/required-field--previewparam-without-autocalltime.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/previewParam"],
        explains: &["\"autoCallTime\" is a required property"],
    },
    Invalid {
        name: "required-field: previewParam autoCallTime null",
        payload: case!("invalid/required-field--previewparam-autocalltime-null.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/previewParam/autoCallTime"],
        explains: &[],
    },
    Invalid {
        name: "time-of-day: one-digit hour",
        payload: case!("invalid/time-of-day--one-digit-hour.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/scheduleParam/workdayBeginTime1"],
        explains: &["does not match"],
    },
    Invalid {
        name: "time-of-day: 24:00",
        payload: case!("invalid/time-of-day--24-00.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/scheduleParam/holidayEndTime3"],
        explains: &[],
    },
    Invalid {
        name: "type-mismatch: an integer sent as a string",
        payload: case!("invalid/type-mismatch--an-integer-sent-as-a-string.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/maxAlertingTime"],
        explains: &["\"20\" is not of types \"null\", \"integer\""],
    },
    Invalid {
        name: "type-mismatch: resultCode as a number",
        payload: case!("invalid/type-mismatch--resultcode-as-a-number.json"),
        reported: &["/resultCode"],
        causes: &["/resultCode"],
        explains: &[],
    },
    Invalid {
        name: "type-mismatch: a settings object as a string",
        payload: case!("invalid/type-mismatch--a-settings-object-as-a-string.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/ivrParam"],
        explains: &[],
    },
    Invalid {
        name: "return-object-required: success without returnObject",
        payload: case!("invalid/return-object-required--success-without-returnobject.json"),
        reported: &[""],
        causes: &[""],
        explains: &["\"returnObject\" is a required property"],
    },
    Invalid {
        name: "return-object-required: success with a null returnObject",
        payload: case!("invalid/return-object-required--success-with-a-null-returnobject.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject"],
        explains: &[],
    },
    Invalid {
        name: "required-field: no resultCode",
        payload: case!("invalid/required-field--no-resultcode.json"),
        reported: &[""],
        causes: &[""],
        explains: &["\"resultCode\" is a required property"],
    },
    Invalid {
        name: "required-field: returnCode null",
        payload: case!("invalid/required-field--returncode-null.json"),
        reported: &["/returnCode"],
        causes: &["/returnCode"],
        explains: &[],
    },
    Invalid {
        name: "embedded-json: malformed JSON in a string",
        payload: case!("invalid/embedded-json--malformed-json-in-a-string.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/resultRetry"],
        explains: &["does not hold a JSON document: EOF while parsing a value at line 1 column 14"],
    },
    Invalid {
        name: "single-quoted-json: the keyword refuses a document in single quotes",
        payload: case!("invalid/single-quoted-json--single-quoted-document.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/policyJson"],
        explains: &["double quotes"],
    },
    Invalid {
        name: "embedded-json: an object instead of an array",
        payload: case!("invalid/embedded-json--an-object-instead-of-an-array.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/busiPolicy"],
        explains: &[
            "at the root of the embedded document",
            "is not of type \"array\"",
        ],
    },
    Invalid {
        name: "type-mismatch inside an embedded item",
        payload: case!("invalid/type-mismatch--inside-an-embedded-item.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/resultRetry"],
        explains: &[
            "at /0/result in the embedded document: \"1\" is not of types \"null\", \"integer\"",
        ],
    },
    Invalid {
        name: "type-mismatch inside the policy nested in a policyJson item",
        payload: case!("invalid/type-mismatch--inside-the-policy-nested-in-a-policyjson-item.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/policyJson"],
        explains: &[
            "at /0/policy in the embedded document: at /0/retryDay in the embedded document: \"2\" is not of types \"null\", \"integer\"",
        ],
    },
    Invalid {
        name: "array-instead-of-string still validates the items",
        payload: case!("invalid/array-instead-of-string--still-validates-the-items.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/retryPolicy/resultRetry/0"],
        explains: &["\"retryNumber\" is a required property"],
    },
    Invalid {
        name: "type-mismatch: an embedded-JSON field holding a number",
        payload: case!("invalid/type-mismatch--an-embedded-json-field-holding-a-number.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/callPolicy/turns"],
        explains: &[],
    },
    Invalid {
        name: "duplicate-key: both spellings of mimAvgCallTime",
        payload: case!("invalid/duplicate-key--both-spellings-of-mimavgcalltime.json"),
        reported: &["/returnObject"],
        causes: &["/returnObject/skillParam/predictParam/expPredictParam"],
        explains: &[],
    },
];

#[test]
fn each_invalid_payload_fails_where_it_is_broken() {
    assert!(INVALID.len() >= 24, "{}", INVALID.len());
    let validator = isales_schema::validator();
    let mut failures = Vec::new();
    for case in INVALID {
        let payload = parse(case.payload);
        let reported = pointers(validator, &payload);
        let explanation = explanations(validator, &payload);
        let located: Vec<String> = causes(validator, &payload)
            .into_iter()
            .map(|cause| cause.instance_path)
            .collect();
        if reported != case.reported || located != case.causes {
            failures.push(format!(
                "{}: expected errors at {:?} caused at {:?}, found {reported:?} caused at \
                 {located:?}\n{explanation}",
                case.name, case.reported, case.causes
            ));
        }
        if validator.is_valid(&payload) {
            failures.push(format!(
                "{}: is_valid disagrees with iter_errors",
                case.name
            ));
        }
        for fragment in case.explains {
            if !explanation.contains(fragment) {
                failures.push(format!(
                    "{}: the explanation lacks `{fragment}`:\n{explanation}",
                    case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Asserted rules broken by a test other than the table above, with that test's name.
const BROKEN_ELSEWHERE: &[(&str, &str)] = &[(
    "content-type-header",
    "request_headers_compare_the_content_type_like_http",
)];

#[test]
fn every_asserted_rule_has_an_invalid_payload() {
    let catalog = &isales_schema::schema()["x-rule-catalog"];
    let rules: Vec<&String> = catalog
        .as_object()
        .expect("catalog")
        .iter()
        .filter(|(_, entry)| {
            entry["level"] == "error"
                && ASSERTED_BY_THIS_CRATE
                    .iter()
                    .any(|value| entry["inSchema"] == *value)
        })
        .map(|(id, _)| id)
        .collect();
    for rule in rules {
        if BROKEN_ELSEWHERE.iter().any(|(id, _)| id == rule) {
            continue;
        }
        assert!(
            INVALID
                .iter()
                .any(|case| case.name.starts_with(&format!("{rule}:"))
                    || case.name.starts_with(&format!("{rule} "))),
            "no invalid payload breaks `{rule}`"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The contentSchema keyword

const EMBEDDED_TYPE_ERROR: &str = case!("content-schema/turn-type-a-number.json");

#[test]
fn a_string_that_is_not_json_fails() {
    let payload = parse(case!("content-schema/turns-not-json.json"));
    let validator = isales_schema::validator();
    assert_eq!(pointers(validator, &payload), ["/returnObject"]);
    let explanation = explanations(validator, &payload);
    assert!(
        explanation.starts_with("/returnObject/callPolicy/turns: the string does not hold a JSON document: expected value at line 1 column 1"),
        "{explanation}"
    );
}

#[test]
fn a_valid_embedded_document_passes() {
    let payload = parse(case!("content-schema/turns-valid.json"));
    let found = explanations(isales_schema::validator(), &payload);
    assert!(found.is_empty(), "{found}");
}

#[test]
fn an_embedded_type_error_fails() {
    let payload = parse(EMBEDDED_TYPE_ERROR);
    let validator = isales_schema::validator();
    assert_eq!(pointers(validator, &payload), ["/returnObject"]);
    let explanation = explanations(validator, &payload);
    assert_eq!(
        explanation,
        "/returnObject/callPolicy/turns: at /0/turnType in the embedded document: \
         7 is not of types \"null\", \"string\"",
        "{explanation}"
    );
}

#[test]
fn without_the_keyword_embedded_errors_go_unnoticed() {
    let stock = match jsonschema::validator_for(isales_schema::schema()) {
        Ok(validator) => validator,
        Err(error) => panic!("the schema compiles without the keyword too: {error}"),
    };
    assert!(
        stock.is_valid(&parse(EMBEDDED_TYPE_ERROR)),
        "a stock 2020-12 validator treats contentSchema as an annotation"
    );
    assert!(!isales_schema::validator().is_valid(&parse(EMBEDDED_TYPE_ERROR)));
    // The stock validator is not blind: the same schema's other assertions still hold.
    let status = parse(case!("invalid/enum-value--status-1.json"));
    assert_eq!(
        explanations(&stock, &status).split(':').next(),
        Some("/returnObject/status")
    );
}

// ---------------------------------------------------------------------------------------------
// The request tables, for HAR users

fn definition(name: &str) -> Validator {
    match isales_schema::definition_validator(name) {
        Some(validator) => validator,
        None => panic!("no definition `{name}`"),
    }
}

#[test]
fn request_headers_compare_the_content_type_like_http() {
    let headers = definition("RequestHeaders");
    let with = |content_type: &str| serde_json::json!({"Content-Type": content_type, "Authorization": "token", "Host": "x"});
    for accepted in [
        "application/json; charset=UTF-8",
        "application/json;charset=utf-8",
        "APPLICATION/JSON ;\tCharset = Utf-8",
    ] {
        let found = pointers(&headers, &with(accepted));
        assert!(found.is_empty(), "`{accepted}`: {found:?}");
    }
    for refused in [
        "text/plain",
        "application/json",
        "application/json; charset=UTF-16",
        "application/jsonx; charset=UTF-8",
    ] {
        assert_eq!(
            pointers(&headers, &with(refused)),
            ["/Content-Type"],
            "`{refused}`"
        );
    }
    let missing = serde_json::json!({"Content-Type": "application/json; charset=UTF-8"});
    assert_eq!(pointers(&headers, &missing), [""]);
    let odd_locale = serde_json::json!({
        "Content-Type": "application/json; charset=UTF-8",
        "Authorization": "token",
        "locale": "english",
    });
    assert!(headers.is_valid(&odd_locale), "locale-format is a warning");
}

#[test]
fn url_parameters_keep_vdn_id_in_range() {
    let params = definition("UrlParams");
    let with = |vdn_id: i64| serde_json::json!({"vdnId": vdn_id, "campaignId": 146});
    assert!(params.is_valid(&with(1)) && params.is_valid(&with(9999)));
    assert_eq!(pointers(&params, &with(0)), ["/vdnId"]);
    assert_eq!(pointers(&params, &with(10000)), ["/vdnId"]);
    assert_eq!(pointers(&params, &serde_json::json!({"vdnId": 1})), [""]);
    assert!(isales_schema::definition_validator("NoSuchTable").is_none());
}

#[test]
fn a_bare_campaign_can_be_validated_through_its_definition() {
    let campaign = definition("Campaign");
    let broken =
        serde_json::json!({"deviceType": 1, "callPolicy": {"turns": "[{\"turnType\": 7}]"}});
    assert_eq!(pointers(&campaign, &broken), ["", "/callPolicy"]);
    let located: Vec<String> = causes(&campaign, &broken)
        .into_iter()
        .map(|cause| cause.instance_path)
        .collect();
    assert_eq!(located, ["", "/callPolicy/turns"]);
}
