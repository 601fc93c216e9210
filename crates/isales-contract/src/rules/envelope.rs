//! The envelope rules of Table 3: `unknown-error-code`, `result-code-mismatch`,
//! `return-object-required`, `return-object-on-failure`.
//!
//! Success is judged by resultCode (returnCode when resultCode is missing); `0200000` means
//! success, and any other code should be one of Table 21, compared exactly.
//!
//! [`check`] is hand-written, so the derive cannot describe it in JSON Schema; [`schema_rules`]
//! does, by hand: the two rules about `returnObject`, keyed on resultCode as the schema
//! generated from the spec does (a missing resultCode already fails `required-field`). The
//! error codes' schema is [`ErrorCode`]'s.

use crate::contract::Fields;
use crate::models::ErrorCode;
use crate::rule::registry;
use crate::rule::wiring::envelope::{RESULT_CODE, RETURN_CODE, RETURN_OBJECT};
use crate::schema::Rules;
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

/// The result code of success, the spec's.
pub const SUCCESS: &str = crate::registry::SUCCESS_CODE;

/// The rules of [`check`] as JSON Schema, for the envelope's schema: `returnObject` required
/// (an object) on success, absent on failure, each at its rule's level.
#[must_use]
pub fn schema_rules() -> Rules {
    use crate::schema::build::{array, object, string};

    let success = || {
        object([
            (
                "properties",
                object([(RESULT_CODE.name, object([("const", string(SUCCESS))]))]),
            ),
            ("required", array([string(RESULT_CODE.name)])),
        ])
    };
    let mut rules = Rules::new();
    rules.conditional(
        registry::RETURN_OBJECT_REQUIRED,
        object([
            ("if", success()),
            (
                "then",
                object([
                    ("required", array([string(RETURN_OBJECT.name)])),
                    (
                        "properties",
                        object([(RETURN_OBJECT.name, object([("type", string("object"))]))]),
                    ),
                ]),
            ),
        ]),
    );
    rules.conditional(
        registry::RETURN_OBJECT_ON_FAILURE,
        object([
            ("if", object([("not", success())])),
            (
                "then",
                object([(
                    "properties",
                    object([(RETURN_OBJECT.name, object([("type", string("null"))]))]),
                )]),
            ),
        ]),
    );
    rules
}

/// [`schema_rules`] as a `#[schemars(transform = ..)]` of the envelope.
#[cfg(feature = "schemars")]
pub fn schema(schema: &mut schemars::Schema) {
    schema_rules().apply(schema.ensure_object());
}

/// Checks an envelope.
pub fn check(fields: &dyn Fields, scope: &mut Scope<'_>) {
    for row in [RESULT_CODE, RETURN_CODE] {
        let Some(code) = fields.read(&row).as_str() else {
            continue;
        };
        if code != SUCCESS && ErrorCode::from_code(code).is_none() {
            let violation = Violation::new(
                registry::UNKNOWN_ERROR_CODE,
                ViolationKind::UnknownErrorCode {
                    code: code.to_owned(),
                },
            )
            .with_doc(Some(row.doc))
            .with_found(Some(Found::string(code, false)));
            scope.report_field(row.name, violation, fields.span_of(row.name));
        }
    }
    let result_code = fields.read(&RESULT_CODE).as_str();
    let return_code = fields.read(&RETURN_CODE).as_str();
    if let (Some(result_code), Some(return_code)) = (result_code, return_code)
        && result_code != return_code
    {
        let kind = ViolationKind::CodeMismatch {
            result_code: result_code.to_owned(),
            return_code: return_code.to_owned(),
        };
        let violation = Violation::new(registry::RESULT_CODE_MISMATCH, kind)
            .with_doc(Some(RETURN_CODE.doc))
            .with_found(Some(Found::string(return_code, false)));
        scope.report_field(
            RETURN_CODE.name,
            violation,
            fields.span_of(RETURN_CODE.name),
        );
    }
    let Some(outcome) = result_code.or(return_code) else {
        return;
    };
    let return_object = fields.read(&RETURN_OBJECT);
    let doc = Some(RETURN_OBJECT.doc);
    if outcome == SUCCESS && !return_object.is_present() {
        let violation = Violation::new(
            registry::RETURN_OBJECT_REQUIRED,
            ViolationKind::ReturnObjectMissing,
        )
        .with_doc(doc);
        let span = fields.span_of(RETURN_OBJECT.name).or(fields.own_span());
        scope.report_field(RETURN_OBJECT.name, violation, span);
    } else if outcome != SUCCESS && return_object.is_present() {
        let violation = Violation::new(
            registry::RETURN_OBJECT_ON_FAILURE,
            ViolationKind::ReturnObjectOnFailure {
                code: outcome.to_owned(),
            },
        )
        .with_doc(doc);
        scope.report_field(
            RETURN_OBJECT.name,
            violation,
            fields.span_of(RETURN_OBJECT.name),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_schema_requires_the_campaign_on_success_and_warns_about_it_on_failure() {
        let mut schema = serde_json::Map::new();
        schema_rules().apply(&mut schema);
        let success =
            json!({"properties": {"resultCode": {"const": "0200000"}}, "required": ["resultCode"]});
        assert_eq!(
            serde_json::Value::Object(schema),
            json!({
                "allOf": [{
                    "if": success,
                    "then": {"required": ["returnObject"], "properties": {"returnObject": {"type": "object"}}},
                    "x-rule": "return-object-required",
                }],
                "x-warnings": [{
                    "rule": "return-object-on-failure",
                    "if": {"not": success},
                    "then": {"properties": {"returnObject": {"type": "null"}}},
                }],
            })
        );
    }
}
