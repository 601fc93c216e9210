//! `schedule-segment-incomplete`, `schedule-segment-order`, `schedule-segment-overlap`: each
//! calling window of Table 5 is a complete begin/end pair, begins before it ends, and the
//! windows of one day type follow each other without overlapping.
//!
//! Times that are not `HH:mm` are left to `time-of-day`; a window with such a time takes no part
//! in the order checks.

use crate::contract::Fields;
use crate::rule::registry;
use crate::rule::{DocRef, Rule};
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

use super::time_of_day::minutes;

/// One window: its number, and the begin and end rows (parameter number, wire name).
pub(crate) struct Window {
    label: &'static str,
    begin: (&'static str, &'static str),
    end: (&'static str, &'static str),
}

/// The windows of Table 5, workdays then holidays, in page order.
pub(crate) const WINDOWS: [[Window; 3]; 2] = [
    [
        Window {
            label: "workday 1",
            begin: ("5.9.1", "workdayBeginTime1"),
            end: ("5.9.2", "workdayEndTime1"),
        },
        Window {
            label: "workday 2",
            begin: ("5.9.3", "workdayBeginTime2"),
            end: ("5.9.4", "workdayEndTime2"),
        },
        Window {
            label: "workday 3",
            begin: ("5.9.5", "workdayBeginTime3"),
            end: ("5.9.6", "workdayEndTime3"),
        },
    ],
    [
        Window {
            label: "holiday 1",
            begin: ("5.9.7", "holidayBeginTime1"),
            end: ("5.9.8", "holidayEndTime1"),
        },
        Window {
            label: "holiday 2",
            begin: ("5.9.9", "holidayBeginTime2"),
            end: ("5.9.10", "holidayEndTime2"),
        },
        Window {
            label: "holiday 3",
            begin: ("5.9.11", "holidayBeginTime3"),
            end: ("5.9.12", "holidayEndTime3"),
        },
    ],
];

fn doc((param, name): (&'static str, &'static str)) -> Option<DocRef> {
    Some(DocRef::row(5, param, name))
}

fn report(
    fields: &dyn Fields,
    scope: &mut Scope<'_>,
    row: (&'static str, &'static str),
    rule: Rule,
    kind: ViolationKind,
) {
    let found = fields
        .get(row.1)
        .as_str()
        .map(|text| Found::string(text, false));
    let violation = Violation::new(rule, kind)
        .with_doc(doc(row))
        .with_found(found);
    scope.report_field(row.1, violation, fields.span_of(row.1));
}

/// Checks the windows of a `scheduleParam` object.
pub fn check(fields: &dyn Fields, scope: &mut Scope<'_>) {
    for day in &WINDOWS {
        let mut previous: Option<(&Window, u32)> = None;
        for window in day {
            let begin = fields.get(window.begin.1);
            let end = fields.get(window.end.1);
            match (begin.is_present(), end.is_present()) {
                (true, false) => {
                    let kind = ViolationKind::Unpaired {
                        present: window.begin.1,
                        missing: window.end.1,
                    };
                    report(
                        fields,
                        scope,
                        window.begin,
                        registry::SCHEDULE_SEGMENT_INCOMPLETE,
                        kind,
                    );
                    continue;
                }
                (false, true) => {
                    let kind = ViolationKind::Unpaired {
                        present: window.end.1,
                        missing: window.begin.1,
                    };
                    report(
                        fields,
                        scope,
                        window.end,
                        registry::SCHEDULE_SEGMENT_INCOMPLETE,
                        kind,
                    );
                    continue;
                }
                (false, false) => continue,
                (true, true) => {}
            }
            let (Some(begin_text), Some(end_text)) = (begin.as_str(), end.as_str()) else {
                continue;
            };
            let (Some(begin_minutes), Some(end_minutes)) = (minutes(begin_text), minutes(end_text))
            else {
                continue;
            };
            if begin_minutes >= end_minutes {
                let kind = ViolationKind::Order {
                    earlier: window.begin.1,
                    earlier_value: begin_text.to_owned(),
                    later: window.end.1,
                    later_value: end_text.to_owned(),
                    strict: true,
                };
                report(
                    fields,
                    scope,
                    window.end,
                    registry::SCHEDULE_SEGMENT_ORDER,
                    kind,
                );
                continue;
            }
            if let Some((earlier, earlier_end)) = previous
                && begin_minutes < earlier_end
            {
                let kind = ViolationKind::Overlap {
                    first: earlier.label.to_owned(),
                    second: window.label.to_owned(),
                };
                report(
                    fields,
                    scope,
                    window.begin,
                    registry::SCHEDULE_SEGMENT_OVERLAP,
                    kind,
                );
            }
            previous = Some((window, end_minutes));
        }
    }
}
