//! `busi-call-interval-range`: in a busiPolicy entry, callInterval is 0 or absent when calling
//! stops (busiResultPolicy 0) and 1 to 3600 seconds otherwise. Its absence where calling goes on
//! is `busi-policy-fields`' concern.

use crate::contract::Fields;
use crate::rule::registry;
use crate::rule::wiring::busi_interval::{INTERVAL, POLICY};
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

/// Checks one busiPolicy entry.
pub fn check(fields: &dyn Fields, scope: &mut Scope<'_>) {
    let Some(value) = fields.read(&INTERVAL).as_int() else {
        return;
    };
    let stops = fields.read(&POLICY).as_int() == Some(0);
    let broken = if stops {
        value != 0
    } else {
        !(1..=3600).contains(&value)
    };
    if broken {
        let violation = Violation::new(
            registry::BUSI_CALL_INTERVAL_RANGE,
            ViolationKind::BusiCallInterval { value, stops },
        )
        .with_doc(Some(INTERVAL.doc))
        .with_found(Some(Found::new(&value.to_string(), false)));
        scope.report_field(INTERVAL.name, violation, fields.span_of(INTERVAL.name));
    }
}
