//! Operators of the validator's hand-written rules about a campaign's own values (the rules
//! [`builtin`](crate::builtin) generates for): schedule windows half given, reversed or
//! overlapping; a campaign period that ends before it begins; `mimAvgCallTime` above
//! `maxAvgCallTime`; a skill mode other than `deviceType`; a business-result interval out of
//! range. The tables and rows each operator acts on are the spec's `[rule.reads]`, through the
//! generated [`wiring`] the validator's rule modules read too.

use isales_spec::{Scalar, TableNo};
use isales_vocabulary::{Read, RuleId, wiring};

use super::Subject;
use super::site::{Edit, Site, number, objects_of};
use crate::builtin;
use crate::doc::{Doc, child_pointer};
use crate::presence::{member, repair, scalar};

#[derive(Debug, Clone)]
pub(super) enum Kind {
    ScheduleIncomplete,
    ScheduleReversed,
    ScheduleOverlap,
    PeriodReversed,
    AvgReversed,
    OutBoundMismatch,
    BusiInterval,
}

/// (rule, what the operator does, how), in the order the operators are listed.
pub(super) const OPERATORS: [(RuleId, &str, Kind); 7] = [
    (
        RuleId::ScheduleSegmentIncomplete,
        "half a window",
        Kind::ScheduleIncomplete,
    ),
    (
        RuleId::ScheduleSegmentOrder,
        "a window reversed",
        Kind::ScheduleReversed,
    ),
    (
        RuleId::ScheduleSegmentOverlap,
        "a window overlapping the previous one",
        Kind::ScheduleOverlap,
    ),
    (
        RuleId::CampaignPeriodOrder,
        "end before begin",
        Kind::PeriodReversed,
    ),
    (RuleId::AvgCallTimeOrder, "mim above max", Kind::AvgReversed),
    (
        RuleId::OutBoundTypeMismatch,
        "another skill mode than deviceType",
        Kind::OutBoundMismatch,
    ),
    (
        RuleId::BusiCallIntervalRange,
        "an interval out of range",
        Kind::BusiInterval,
    ),
];

impl Kind {
    /// The sites of the operator, in the tables its rule's check runs on.
    pub(super) fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        let mut sites = Vec::new();
        match self {
            Kind::ScheduleIncomplete | Kind::ScheduleReversed | Kind::ScheduleOverlap => {
                self.schedule_sites(subject, variant, &mut sites);
            }
            Kind::PeriodReversed => period_sites(subject, &mut sites),
            Kind::AvgReversed => avg_sites(subject, &mut sites),
            Kind::OutBoundMismatch => out_bound_sites(subject, variant, &mut sites),
            Kind::BusiInterval => busi_interval_sites(subject, variant, &mut sites),
        }
        sites
    }

    fn schedule_sites(&self, subject: &Subject<'_>, variant: usize, sites: &mut Vec<Site>) {
        let spec = subject.spec;
        let number = TableNo(wiring::schedule::TABLES[0]);
        for (pointer, object, table) in objects_of(spec, &subject.doc, number) {
            let Some(days) = builtin::schedule_windows(table) else {
                return;
            };
            for day in days {
                let mut previous: Option<(&str, &str)> = None;
                for (begin_row, end_row) in day {
                    let begin = table.fields[begin_row].name.as_str();
                    let end = table.fields[end_row].name.as_str();
                    let (Some(begin_text), Some(end_text)) = (
                        object.get(begin).and_then(Doc::as_str),
                        object.get(end).and_then(Doc::as_str),
                    ) else {
                        continue;
                    };
                    match self {
                        Kind::ScheduleIncomplete => {
                            let (removed, kept) = if variant.is_multiple_of(2) {
                                (end, begin)
                            } else {
                                (begin, end)
                            };
                            let edit = if variant % 4 < 2 {
                                Edit::Remove(pointer.clone(), removed.into())
                            } else {
                                Edit::Put(pointer.clone(), removed.into(), Doc::Null)
                            };
                            sites.push(Site {
                                edit,
                                pointer: child_pointer(&pointer, kept),
                            });
                        }
                        Kind::ScheduleReversed => sites.push(Site {
                            edit: swap(&pointer, (begin, begin_text), (end, end_text)),
                            pointer: child_pointer(&pointer, end),
                        }),
                        Kind::ScheduleOverlap => {
                            if let Some((earlier_begin, _)) = previous {
                                let value = Doc::String(earlier_begin.to_owned());
                                sites.push(Site {
                                    edit: Edit::Put(pointer.clone(), begin.into(), value),
                                    pointer: child_pointer(&pointer, begin),
                                });
                            }
                        }
                        _ => {}
                    }
                    previous = Some((begin_text, end_text));
                }
            }
        }
    }
}

/// Writes each of two members' text in the other's place.
fn swap(
    pointer: &str,
    (first, first_text): (&str, &str),
    (second, second_text): (&str, &str),
) -> Edit {
    Edit::All(vec![
        Edit::Put(
            pointer.to_owned(),
            first.into(),
            Doc::String(second_text.into()),
        ),
        Edit::Put(
            pointer.to_owned(),
            second.into(),
            Doc::String(first_text.into()),
        ),
    ])
}

/// Swaps the begin and end of the campaign period where begin comes first.
fn period_sites(subject: &Subject<'_>, sites: &mut Vec<Site>) {
    use wiring::period::{BEGIN, END, TABLES};
    let (begin, end) = (BEGIN.name, END.name);
    for (pointer, object, _) in objects_of(subject.spec, &subject.doc, TableNo(TABLES[0])) {
        let (Some(begin_text), Some(end_text)) = (
            object.get(begin).and_then(Doc::as_str),
            object.get(end).and_then(Doc::as_str),
        ) else {
            continue;
        };
        if begin_text < end_text && begin_text.len() == end_text.len() {
            sites.push(Site {
                edit: swap(&pointer, (begin, begin_text), (end, end_text)),
                pointer: child_pointer(&pointer, end),
            });
        }
    }
}

/// Puts the `min` row above the `max` row, in any prediction settings object that has both.
fn avg_sites(subject: &Subject<'_>, sites: &mut Vec<Site>) {
    use wiring::avg_call_time::{MAX, MIN};
    let in_table = |rows: &[Read], table: Option<TableNo>| {
        rows.iter()
            .find(|row| Some(TableNo(row.table)) == table)
            .map(|row| row.name)
    };
    for (pointer, object) in subject.doc.objects() {
        let (Some(min_name), Some(max_name)) =
            (in_table(&MIN, object.table), in_table(&MAX, object.table))
        else {
            continue;
        };
        let (Some(mim), Some(max)) = (
            object.get(min_name).and_then(Doc::as_i64),
            object.get(max_name).and_then(Doc::as_i64),
        ) else {
            continue;
        };
        let (new_mim, new_max) = match mim.cmp(&max) {
            std::cmp::Ordering::Less => (max, mim),
            std::cmp::Ordering::Equal if max < i64::MAX => (max + 1, max),
            _ => continue,
        };
        sites.push(Site {
            edit: Edit::All(vec![
                Edit::Put(pointer.clone(), min_name.into(), number(new_mim)),
                Edit::Put(pointer.clone(), max_name.into(), number(new_max)),
            ]),
            pointer: child_pointer(&pointer, min_name),
        });
    }
}

/// Gives a skill object another listed mode than its campaign's `deviceType`, and repairs
/// the skill's own mode-dependent members so that only the mismatch is new.
fn out_bound_sites(subject: &Subject<'_>, variant: usize, sites: &mut Vec<Site>) {
    use wiring::out_bound_type::{DEVICE_TYPE, OUT_BOUND_TYPE, SKILL, TABLES};
    let spec = subject.spec;
    let Some(skill_table) = spec.table(TableNo(OUT_BOUND_TYPE.doc.table)) else {
        return;
    };
    let Some(modes) = skill_table
        .field(OUT_BOUND_TYPE.name)
        .and_then(|field| field.enumeration.as_ref())
        .map(|list| {
            list.values
                .iter()
                .map(|value| value.value)
                .collect::<Vec<_>>()
        })
    else {
        return;
    };
    for (pointer, object, table) in objects_of(spec, &subject.doc, TableNo(TABLES[0])) {
        let Scalar::Int(device_type) = scalar(table, object, DEVICE_TYPE.name) else {
            continue;
        };
        let Some(Doc::Object(skill)) = object.get(SKILL.name) else {
            continue;
        };
        if !modes.contains(&device_type)
            || member(skill_table, skill, OUT_BOUND_TYPE.name).and_then(Doc::as_i64)
                != Some(device_type)
        {
            continue;
        }
        let others: Vec<i64> = modes
            .iter()
            .copied()
            .filter(|mode| *mode != device_type)
            .collect();
        let Some(&other) = others.get(variant % others.len().max(1)) else {
            continue;
        };
        let mut changed = skill.clone();
        changed.set(OUT_BOUND_TYPE.name, number(other));
        repair(spec, skill_table, &mut changed, subject.fillers);
        let skill_pointer = child_pointer(&pointer, SKILL.name);
        sites.push(Site {
            pointer: child_pointer(&skill_pointer, OUT_BOUND_TYPE.name),
            edit: Edit::Set(skill_pointer, Doc::Object(changed)),
        });
    }
}

/// Writes a `callInterval` outside what the business-result policy allows: outside 1-3600
/// when the policy goes on calling, a non-zero one when it stops (policy 0).
fn busi_interval_sites(subject: &Subject<'_>, variant: usize, sites: &mut Vec<Site>) {
    use wiring::busi_interval::{INTERVAL, POLICY, TABLES};
    for (pointer, object, table) in objects_of(subject.spec, &subject.doc, TableNo(TABLES[0])) {
        let stops = scalar(table, object, POLICY.name) == Scalar::Int(0);
        let value = if stops {
            [5, 1, 3600, -1][variant % 4]
        } else {
            [0, 3601, -1, i64::MAX, i64::MIN][variant % 5]
        };
        sites.push(Site {
            pointer: child_pointer(&pointer, INTERVAL.name),
            edit: Edit::Put(pointer, INTERVAL.name.into(), number(value)),
        });
    }
}
