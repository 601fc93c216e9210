//! `avg-call-time-order`: the shortest average call (`mimAvgCallTime`) is not longer than the
//! longest (`maxAvgCallTime`), in each prediction settings object that has both.

use crate::contract::Fields;
use crate::rule::wiring::avg_call_time::{MAX, MIN};
use crate::rule::{Read, registry};
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

/// Checks the `min` row against the `max` row of one object; both are rows of the table the
/// object is documented by, as the spec's `[rule.reads]` resolves them.
pub fn check_in(fields: &dyn Fields, scope: &mut Scope<'_>, min: &Read, max: &Read) {
    let (Some(min_value), Some(max_value)) =
        (fields.get(min.name).as_int(), fields.get(max.name).as_int())
    else {
        return;
    };
    if min_value > max_value {
        let kind = ViolationKind::Order {
            earlier: min.name,
            earlier_value: min_value.to_string(),
            later: max.name,
            later_value: max_value.to_string(),
            strict: false,
        };
        let violation = Violation::new(registry::AVG_CALL_TIME_ORDER, kind)
            .with_doc(Some(min.doc))
            .with_found(Some(Found::new(&min_value.to_string(), false)));
        scope.report_field(min.name, violation, fields.span_of(min.name));
    }
}

/// For expPredictParam, the first table the check runs on (Table 10).
pub fn check_exp(fields: &dyn Fields, scope: &mut Scope<'_>) {
    check_in(fields, scope, &MIN[0], &MAX[0]);
}

/// For agentPredictParam, the second (Table 11).
pub fn check_agent(fields: &dyn Fields, scope: &mut Scope<'_>) {
    check_in(fields, scope, &MIN[1], &MAX[1]);
}

/// For connectPredictParam, the third (Table 12).
pub fn check_connect(fields: &dyn Fields, scope: &mut Scope<'_>) {
    check_in(fields, scope, &MIN[2], &MAX[2]);
}
