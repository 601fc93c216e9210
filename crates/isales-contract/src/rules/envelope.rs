//! The envelope rules of Table 3: `unknown-error-code`, `result-code-mismatch`,
//! `return-object-required`, `return-object-on-failure`.
//!
//! Success is judged by resultCode (returnCode when resultCode is missing); `0200000` means
//! success, and any other code should be one of Table 21, compared exactly.

use crate::contract::Fields;
use crate::models::ErrorCode;
use crate::rule::{DocRef, Provenance, Rule, Severity};
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

/// The result code of success.
pub const SUCCESS: &str = "0200000";

/// `unknown-error-code`
pub const UNKNOWN_ERROR_CODE: Rule =
    Rule::error("unknown-error-code").with_severity(Severity::Warning);
/// `result-code-mismatch`
pub const RESULT_CODE_MISMATCH: Rule = Rule::error("result-code-mismatch")
    .with_severity(Severity::Warning)
    .with_provenance(Provenance::Inferred);
/// `return-object-required`
pub const RETURN_OBJECT_REQUIRED: Rule =
    Rule::error("return-object-required").with_provenance(Provenance::Inferred);
/// `return-object-on-failure`
pub const RETURN_OBJECT_ON_FAILURE: Rule = Rule::error("return-object-on-failure")
    .with_severity(Severity::Warning)
    .with_provenance(Provenance::Inferred);

const CODE_ROWS: [(&str, &str); 2] = [("1", "resultCode"), ("3", "returnCode")];

/// Checks an envelope.
pub fn check(fields: &dyn Fields, scope: &mut Scope<'_>) {
    for (param, name) in CODE_ROWS {
        let Some(code) = fields.get(name).as_str() else {
            continue;
        };
        if code != SUCCESS && ErrorCode::from_code(code).is_none() {
            let violation = Violation::new(
                UNKNOWN_ERROR_CODE,
                ViolationKind::UnknownErrorCode {
                    code: code.to_owned(),
                },
            )
            .with_doc(Some(DocRef::row(3, param, name)))
            .with_found(Some(Found::string(code, false)));
            scope.report_field(name, violation, fields.span_of(name));
        }
    }
    let result_code = fields.get("resultCode").as_str();
    let return_code = fields.get("returnCode").as_str();
    if let (Some(result_code), Some(return_code)) = (result_code, return_code)
        && result_code != return_code
    {
        let kind = ViolationKind::CodeMismatch {
            result_code: result_code.to_owned(),
            return_code: return_code.to_owned(),
        };
        let violation = Violation::new(RESULT_CODE_MISMATCH, kind)
            .with_doc(Some(DocRef::row(3, "3", "returnCode")))
            .with_found(Some(Found::string(return_code, false)));
        scope.report_field("returnCode", violation, fields.span_of("returnCode"));
    }
    let Some(outcome) = result_code.or(return_code) else {
        return;
    };
    let return_object = fields.get("returnObject");
    let doc = Some(DocRef::row(3, "5", "returnObject"));
    if outcome == SUCCESS && !return_object.is_present() {
        let violation = Violation::new(RETURN_OBJECT_REQUIRED, ViolationKind::ReturnObjectMissing)
            .with_doc(doc);
        let span = fields.span_of("returnObject").or(fields.own_span());
        scope.report_field("returnObject", violation, span);
    } else if outcome != SUCCESS && return_object.is_present() {
        let violation = Violation::new(
            RETURN_OBJECT_ON_FAILURE,
            ViolationKind::ReturnObjectOnFailure {
                code: outcome.to_owned(),
            },
        )
        .with_doc(doc);
        scope.report_field("returnObject", violation, fields.span_of("returnObject"));
    }
}
