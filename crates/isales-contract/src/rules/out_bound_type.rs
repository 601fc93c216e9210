//! `out-bound-type-mismatch`: a skill-queue campaign repeats its deviceType (2, 5 or 6) as
//! skillParam.outBoundType.

use crate::contract::{FieldRef, Fields};
use crate::rule::DocRef;
use crate::rule::registry;
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

/// Checks a campaign.
pub fn check(fields: &dyn Fields, scope: &mut Scope<'_>) {
    let Some(device_type @ (2 | 5 | 6)) = fields.get("deviceType").as_int() else {
        return;
    };
    let FieldRef::Object(skill) = fields.get("skillParam") else {
        return;
    };
    let Some(out_bound_type) = skill.get("outBoundType").as_int() else {
        return;
    };
    if out_bound_type != device_type {
        let kind = ViolationKind::Disagree {
            field: "outBoundType",
            value: out_bound_type,
            other: "deviceType",
            other_value: device_type,
        };
        let violation = Violation::new(registry::OUT_BOUND_TYPE_MISMATCH, kind)
            .with_doc(Some(DocRef::row(7, "5.11.3", "outBoundType")))
            .with_found(Some(Found::new(&out_bound_type.to_string(), false)));
        scope.field("skillParam").report_field(
            "outBoundType",
            violation,
            skill.span_of("outBoundType"),
        );
    }
}
