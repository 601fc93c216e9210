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
    let (Some(min_value), Some(max_value)) = (fields.read(min).as_int(), fields.read(max).as_int())
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

/// Checks an object of Table `TABLE` (expPredictParam, agentPredictParam or
/// connectPredictParam), one of the tables the spec says the check runs on; the models attach
/// it with that table's number.
pub fn check<const TABLE: u8>(fields: &dyn Fields, scope: &mut Scope<'_>) {
    let in_table = |rows: &'static [Read]| rows.iter().find(|row| row.table == TABLE);
    if let (Some(min), Some(max)) = (in_table(&MIN), in_table(&MAX)) {
        check_in(fields, scope, min, max);
    }
}
