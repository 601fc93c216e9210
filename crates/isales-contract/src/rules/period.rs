//! `campaign-period-order`: a campaign does not end before it begins.

use crate::contract::Fields;
use crate::rule::registry;
use crate::rule::wiring::period::{BEGIN, END};
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

use super::datetime::parse;

/// Checks strBeginTime against strEndTime of a campaign (any accepted form of each).
pub fn check(fields: &dyn Fields, scope: &mut Scope<'_>) {
    let (Some(begin), Some(end)) = (fields.read(&BEGIN).as_str(), fields.read(&END).as_str())
    else {
        return;
    };
    let (Some((begin_time, _)), Some((end_time, _))) = (parse(begin), parse(end)) else {
        return;
    };
    if begin_time > end_time {
        let kind = ViolationKind::Order {
            earlier: BEGIN.name,
            earlier_value: begin.to_owned(),
            later: END.name,
            later_value: end.to_owned(),
            strict: false,
        };
        let violation = Violation::new(registry::CAMPAIGN_PERIOD_ORDER, kind)
            .with_doc(Some(END.doc))
            .with_found(Some(Found::string(end, false)));
        scope.report_field(END.name, violation, fields.span_of(END.name));
    }
}
