//! `schedule-segment-incomplete`, `schedule-segment-order`, `schedule-segment-overlap`: each
//! calling window of Table 5 is a complete begin/end pair, begins before it ends, and the
//! windows of one day type follow each other without overlapping.
//!
//! Times that are not `HH:mm` are left to `time-of-day`; a window with such a time takes no part
//! in the order checks.

use crate::contract::Fields;
use crate::rule::wiring::schedule::{HOLIDAY, WORKDAY};
use crate::rule::{Read, Rule, registry};
use crate::scope::Scope;
use crate::violation::{Found, Violation, ViolationKind};

use super::time_of_day::minutes;

/// The day types of Table 5, each with the begin and end rows of its windows in turn, in page
/// order, as the spec's `[rule.reads]` lists them. A window is named after its day type and
/// number (`workday 1`).
const DAYS: [(&str, [Read; 6]); 2] = [("workday", WORKDAY), ("holiday", HOLIDAY)];

fn report(fields: &dyn Fields, scope: &mut Scope<'_>, row: &Read, rule: Rule, kind: ViolationKind) {
    let found = fields
        .get(row.name)
        .as_str()
        .map(|text| Found::string(text, false));
    let violation = Violation::new(rule, kind)
        .with_doc(Some(row.doc))
        .with_found(found);
    scope.report_field(row.name, violation, fields.span_of(row.name));
}

/// Checks the windows of a `scheduleParam` object.
pub fn check(fields: &dyn Fields, scope: &mut Scope<'_>) {
    for (day, rows) in &DAYS {
        let mut previous: Option<(usize, u32)> = None;
        for (number, window) in rows.chunks_exact(2).enumerate() {
            let [begin_row, end_row] = window else {
                continue;
            };
            let begin = fields.read(begin_row);
            let end = fields.read(end_row);
            match (begin.is_present(), end.is_present()) {
                (true, false) => {
                    let kind = ViolationKind::Unpaired {
                        present: begin_row.name,
                        missing: end_row.name,
                    };
                    report(
                        fields,
                        scope,
                        begin_row,
                        registry::SCHEDULE_SEGMENT_INCOMPLETE,
                        kind,
                    );
                    continue;
                }
                (false, true) => {
                    let kind = ViolationKind::Unpaired {
                        present: end_row.name,
                        missing: begin_row.name,
                    };
                    report(
                        fields,
                        scope,
                        end_row,
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
                    earlier: begin_row.name,
                    earlier_value: begin_text.to_owned(),
                    later: end_row.name,
                    later_value: end_text.to_owned(),
                    strict: true,
                };
                report(
                    fields,
                    scope,
                    end_row,
                    registry::SCHEDULE_SEGMENT_ORDER,
                    kind,
                );
                continue;
            }
            if let Some((earlier, earlier_end)) = previous
                && begin_minutes < earlier_end
            {
                let kind = ViolationKind::Overlap {
                    first: format!("{day} {}", earlier + 1),
                    second: format!("{day} {}", number + 1),
                };
                report(
                    fields,
                    scope,
                    begin_row,
                    registry::SCHEDULE_SEGMENT_OVERLAP,
                    kind,
                );
            }
            previous = Some((number, end_minutes));
        }
    }
}
