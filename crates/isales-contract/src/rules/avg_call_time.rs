//! `avg-call-time-order`: the shortest average call (`mimAvgCallTime`) is not longer than the
//! longest (`maxAvgCallTime`), in each prediction settings object that has both.

use crate::contract::Fields;
use crate::rule::DocRef;
use crate::rule::registry;
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

/// Checks mimAvgCallTime against maxAvgCallTime of one object documented by `table`, whose
/// mimAvgCallTime row is `param`.
pub fn check_in(fields: &dyn Fields, scope: &mut Scope<'_>, table: u8, param: &'static str) {
    let (Some(min), Some(max)) = (
        fields.get("mimAvgCallTime").as_int(),
        fields.get("maxAvgCallTime").as_int(),
    ) else {
        return;
    };
    if min > max {
        let kind = ViolationKind::Order {
            earlier: "mimAvgCallTime",
            earlier_value: min.to_string(),
            later: "maxAvgCallTime",
            later_value: max.to_string(),
            strict: false,
        };
        let violation = Violation::new(registry::AVG_CALL_TIME_ORDER, kind)
            .with_doc(Some(DocRef::row(table, param, "mimAvgCallTime")))
            .with_found(Some(Found::new(&min.to_string(), false)));
        scope.report_field(
            "mimAvgCallTime",
            violation,
            fields.span_of("mimAvgCallTime"),
        );
    }
}

/// For expPredictParam (Table 10).
pub fn check_exp(fields: &dyn Fields, scope: &mut Scope<'_>) {
    check_in(fields, scope, 10, "5.11.4.2.2");
}

/// For agentPredictParam (Table 11).
pub fn check_agent(fields: &dyn Fields, scope: &mut Scope<'_>) {
    check_in(fields, scope, 11, "5.11.4.3.2");
}

/// For connectPredictParam (Table 12).
pub fn check_connect(fields: &dyn Fields, scope: &mut Scope<'_>) {
    check_in(fields, scope, 12, "5.11.4.4.2");
}
