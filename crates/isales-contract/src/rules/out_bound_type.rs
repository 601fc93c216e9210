//! `out-bound-type-mismatch`: a skill-queue campaign repeats its deviceType (2, 5 or 6) as
//! skillParam.outBoundType. The skill-queue device types are the outBoundType codes the spec
//! lists (the generated `OutBoundType`), not spelt here.

use crate::contract::{FieldRef, Fields};
use crate::models::{Coded, OutBoundType};
use crate::rule::registry;
use crate::rule::wiring::out_bound_type::{DEVICE_TYPE, OUT_BOUND_TYPE, SKILL};
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

/// Checks a campaign.
pub fn check(fields: &dyn Fields, scope: &mut Scope<'_>) {
    let Some(device_type) = fields
        .read(&DEVICE_TYPE)
        .as_int()
        .filter(|code| OutBoundType::LISTED.contains(code))
    else {
        return;
    };
    let FieldRef::Object(skill) = fields.read(&SKILL) else {
        return;
    };
    let Some(out_bound_type) = skill.get(OUT_BOUND_TYPE.name).as_int() else {
        return;
    };
    if out_bound_type != device_type {
        let kind = ViolationKind::Disagree {
            field: OUT_BOUND_TYPE.name,
            value: out_bound_type,
            other: DEVICE_TYPE.name,
            other_value: device_type,
        };
        let violation = Violation::new(registry::OUT_BOUND_TYPE_MISMATCH, kind)
            .with_doc(Some(OUT_BOUND_TYPE.doc))
            .with_found(Some(Found::new(&out_bound_type.to_string(), false)));
        scope.field(SKILL.name).report_field(
            OUT_BOUND_TYPE.name,
            violation,
            skill.span_of(OUT_BOUND_TYPE.name),
        );
    }
}
