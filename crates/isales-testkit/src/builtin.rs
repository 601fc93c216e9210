//! How generated payloads keep the spec's builtin rules, the ones the validator checks with
//! hand-written code: one hook per rule family, named by rule id, and a reason for each rule
//! that payloads keep by construction.
//!
//! The spec carries a builtin rule's id, level and documentation row, not what it checks, so
//! the field names below repeat what `isales-contract`'s rule modules read. Everything else
//! (which table a rule is about, the fields' formats, the enumerations) comes from the spec,
//! and [`Hooks::new`] refuses a spec whose builtin rules are not all accounted for here.

use isales_spec::{FieldType, Format, RuleKind, Scalar, Spec, TableKind, TableNo};
use serde_json::Value;

use crate::generate::{Draft, GeneratorError, Pending};
use crate::values::{minutes, time_of_day};

/// Builtin rules a generated payload keeps without help, and why.
pub const BY_CONSTRUCTION: &[(&str, &str)] = &[
    ("malformed-json", "payloads are written by serde_json"),
    (
        "nesting-limit",
        "the documented tables nest a few levels only",
    ),
    (
        "type-mismatch",
        "every value is generated from its row's type",
    ),
    ("integer-format", "integers are generated as i64"),
    ("duplicate-key", "objects are serde_json maps"),
    ("undocumented-field", "only documented rows are generated"),
    (
        "embedded-json",
        "embedded documents are serialized arrays of objects",
    ),
    (
        "single-quoted-json",
        "embedded documents are written by serde_json",
    ),
    (
        "array-instead-of-string",
        "embedded documents are serialized into strings",
    ),
];

/// Builtin rules a hook keeps.
pub const HOOKED: &[&str] = &[
    "unknown-error-code",
    "result-code-mismatch",
    "return-object-required",
    "return-object-on-failure",
    "schedule-segment-incomplete",
    "schedule-segment-order",
    "schedule-segment-overlap",
    "campaign-period-order",
    "avg-call-time-order",
    "out-bound-type-mismatch",
    "busi-call-interval-range",
];

/// The envelope's fields, as `rules/envelope.rs` reads them.
pub(crate) const RESULT_CODE: &str = "resultCode";
pub(crate) const RETURN_CODE: &str = "returnCode";
pub(crate) const RETURN_OBJECT: &str = "returnObject";
/// The fields `rules/avg_call_time.rs` compares.
pub(crate) const MIM_AVG: &str = "mimAvgCallTime";
pub(crate) const MAX_AVG: &str = "maxAvgCallTime";
/// The fields `rules/out_bound_type.rs` compares.
pub(crate) const DEVICE_TYPE: &str = "deviceType";
pub(crate) const OUT_BOUND_TYPE: &str = "outBoundType";
/// The fields `rules/busi_interval.rs` reads.
pub(crate) const BUSI_RESULT_POLICY: &str = "busiResultPolicy";
pub(crate) const CALL_INTERVAL: &str = "callInterval";

/// A calling window of the schedule table: the indices of its begin and end rows.
pub(crate) type Window = (usize, usize);

/// Where each hook applies, resolved from the spec once.
#[derive(Debug)]
pub(crate) struct Hooks {
    envelope: TableNo,
    success_code: String,
    /// The schedule table and its windows, grouped by day type, in row order.
    schedule: (TableNo, Vec<Vec<Window>>),
    /// The campaign table and its two datetime rows (begin, end).
    period: (TableNo, usize, usize),
    /// The table holding the skill-queue object, the name of that row, and the skill modes
    /// (outBoundType's listed values).
    out_bound: (TableNo, String, Vec<i64>),
    busi: TableNo,
}

impl Hooks {
    pub(crate) fn new(spec: &Spec) -> Result<Self, GeneratorError> {
        let mut problems = Vec::new();
        for rule in &spec.rules {
            let known = HOOKED.contains(&rule.id.as_str())
                || BY_CONSTRUCTION.iter().any(|(id, _)| *id == rule.id);
            if rule.kind == RuleKind::Builtin && !known {
                problems.push(format!(
                    "builtin rule {} has no generator hook: add one to isales-testkit's builtin.rs",
                    rule.id
                ));
            }
        }
        for id in HOOKED
            .iter()
            .copied()
            .chain(BY_CONSTRUCTION.iter().map(|(id, _)| *id))
        {
            if spec
                .rule(id)
                .is_none_or(|rule| rule.kind != RuleKind::Builtin)
            {
                problems.push(format!(
                    "the generator keeps builtin rule {id}, which the spec no longer has"
                ));
            }
        }
        let table_of = |id: &str| spec.rule(id).map(|rule| rule.doc().table);
        let envelope = spec.table_of_kind(TableKind::Envelope).map(|t| t.number);
        let schedule = table_of("schedule-segment-order").and_then(|number| {
            let table = spec.table(number)?;
            schedule_windows(table).map(|windows| (number, windows))
        });
        let period = table_of("campaign-period-order").and_then(|number| {
            let rows: Vec<usize> = spec
                .table(number)?
                .fields
                .iter()
                .enumerate()
                .filter(|(_, field)| field.format == Some(Format::DateTime))
                .map(|(index, _)| index)
                .collect();
            match rows[..] {
                [begin, end] => Some((number, begin, end)),
                _ => None,
            }
        });
        let out_bound = table_of("out-bound-type-mismatch").and_then(|skill_table| {
            let modes: Vec<i64> = spec
                .table(skill_table)?
                .field(OUT_BOUND_TYPE)?
                .enumeration
                .as_ref()?
                .values
                .iter()
                .map(|value| value.value)
                .collect();
            spec.tables.iter().find_map(|table| {
                let row = table
                    .fields
                    .iter()
                    .find(|field| field.ty == FieldType::Object(skill_table))?;
                table.field(DEVICE_TYPE)?;
                Some((table.number, row.name.clone(), modes.clone()))
            })
        });
        let busi = table_of("busi-call-interval-range");
        let missing = [
            (envelope.is_none(), "an envelope table"),
            (
                schedule.is_none(),
                "a schedule table of begin/end HH:mm pairs",
            ),
            (period.is_none(), "two datetime rows in the campaign table"),
            (
                out_bound.is_none(),
                "deviceType beside the object holding outBoundType",
            ),
            (busi.is_none(), "a busiPolicy table"),
        ];
        for (is_missing, what) in missing {
            if is_missing {
                problems.push(format!("the builtin rules' hooks need {what}"));
            }
        }
        match (envelope, schedule, period, out_bound, busi) {
            (Some(envelope), Some(schedule), Some(period), Some(out_bound), Some(busi))
                if problems.is_empty() =>
            {
                Ok(Hooks {
                    envelope,
                    success_code: spec.interface.success_code.clone(),
                    schedule,
                    period,
                    out_bound,
                    busi,
                })
            }
            _ => Err(GeneratorError { problems }),
        }
    }

    /// Adjusts a settled draft so that the builtin rules of its table hold.
    pub(crate) fn apply(&self, spec: &Spec, draft: &mut Draft) {
        if draft.table == self.envelope {
            self.envelope(spec, draft);
        }
        if draft.table == self.schedule.0 {
            for day in &self.schedule.1 {
                schedule_day(draft, day);
            }
        }
        if draft.table == self.period.0 {
            period(draft, self.period.1, self.period.2);
        }
        if draft.table == self.out_bound.0 {
            out_bound(draft, &self.out_bound.1, &self.out_bound.2);
        }
        if draft.table == self.busi {
            busi_interval(draft);
        }
        avg_call_time(draft);
    }

    /// `unknown-error-code`, `result-code-mismatch`, `return-object-required`,
    /// `return-object-on-failure`: success (three times in four) with both codes `0200000` and
    /// a returnObject, or one failure code of Table 21 in both and no returnObject.
    fn envelope(&self, spec: &Spec, draft: &mut Draft) {
        let codes = spec.error_codes();
        let failing = draft.dice[1].is_multiple_of(4) && !codes.is_empty();
        let code = if failing {
            codes[draft.dice[2] as usize % codes.len()].code.clone()
        } else {
            self.success_code.clone()
        };
        for name in [RESULT_CODE, RETURN_CODE] {
            if let Some(slot) = draft.slot_mut(name) {
                slot.value = Pending::Scalar(Value::String(code.clone()));
                slot.rule = Some(true);
            }
        }
        if let Some(slot) = draft.slot_mut(RETURN_OBJECT) {
            slot.rule = Some(!failing);
        }
    }
}

/// The windows of a schedule table: `<day>BeginTime<n>` rows paired with `<day>EndTime<n>`,
/// grouped by day type, all of them `HH:mm`.
pub(crate) fn schedule_windows(table: &isales_spec::Table) -> Option<Vec<Vec<Window>>> {
    let mut days: Vec<(String, Vec<Window>)> = Vec::new();
    for (begin, field) in table.fields.iter().enumerate() {
        let Some((day, number)) = field.name.split_once("BeginTime") else {
            continue;
        };
        let end_name = format!("{day}EndTime{number}");
        let end = table.fields.iter().position(|f| f.name == end_name)?;
        if field.format != Some(Format::TimeOfDay)
            || table.fields[end].format != Some(Format::TimeOfDay)
        {
            return None;
        }
        match days.iter_mut().find(|(name, _)| name == day) {
            Some((_, windows)) => windows.push((begin, end)),
            None => days.push((day.to_owned(), vec![(begin, end)])),
        }
    }
    let paired: usize = days.iter().map(|(_, windows)| windows.len() * 2).sum();
    (paired == table.fields.len() && paired > 0)
        .then(|| days.into_iter().map(|(_, windows)| windows).collect())
}

/// `schedule-segment-*`: the windows whose begin was chosen present get both times, ordered
/// and disjoint (now and then touching: a window may begin when the previous one ends); the
/// others lose both.
fn schedule_day(draft: &mut Draft, day: &[Window]) {
    let used: Vec<Window> = day
        .iter()
        .copied()
        .filter(|(begin, _)| draft.slots[*begin].is_present())
        .collect();
    let mut times: Vec<u32> = used
        .iter()
        .flat_map(|(begin, end)| [*begin, *end])
        .filter_map(|row| match &draft.slots[row].value {
            Pending::Scalar(Value::String(text)) => minutes(text),
            _ => None,
        })
        .collect();
    times.sort_unstable();
    times.dedup();
    let keep = (times.len() / 2).min(used.len());
    let touch = draft.dice[3].is_multiple_of(3);
    for (begin, end) in day.iter().copied() {
        let position = used.iter().position(|window| window.0 == begin);
        match position.filter(|position| *position < keep) {
            Some(position) => {
                let begin_time = if touch && position > 0 {
                    times[2 * position - 1]
                } else {
                    times[2 * position]
                };
                let end_time = times[2 * position + 1];
                for (row, time) in [(begin, begin_time), (end, end_time)] {
                    let slot = &mut draft.slots[row];
                    slot.value = Pending::Scalar(Value::String(time_of_day(time)));
                    slot.rule = Some(true);
                }
            }
            None => {
                draft.slots[begin].rule = Some(false);
                draft.slots[end].rule = Some(false);
            }
        }
    }
}

/// `campaign-period-order`: the campaign ends at or after it begins (canonical datetimes
/// compare as text).
fn period(draft: &mut Draft, begin: usize, end: usize) {
    let (Pending::Scalar(Value::String(begin_text)), Pending::Scalar(Value::String(end_text))) =
        (&draft.slots[begin].value, &draft.slots[end].value)
    else {
        return;
    };
    if begin_text > end_text {
        let begin_value = draft.slots[begin].value.clone();
        draft.slots[begin].value = draft.slots[end].value.clone();
        draft.slots[end].value = begin_value;
    }
}

/// `out-bound-type-mismatch`: a skill-queue campaign's skill object repeats its deviceType as
/// outBoundType, which in turn decides which dialling settings the object needs.
fn out_bound(draft: &mut Draft, row: &str, modes: &[i64]) {
    let Scalar::Int(device_type) = draft.scalar(DEVICE_TYPE) else {
        return;
    };
    if !modes.contains(&device_type) {
        return;
    }
    if let Some(slot) = draft.slot_mut(row)
        && let Pending::Object(child) = &mut slot.value
        && let Some(out_bound_type) = child.slot_mut(OUT_BOUND_TYPE)
    {
        out_bound_type.value = Pending::Scalar(Value::from(device_type));
        out_bound_type.rule = Some(true);
    }
}

/// `busi-call-interval-range`: 0 (or absent) when calling stops, 1 to 3600 otherwise.
fn busi_interval(draft: &mut Draft) {
    let stops = draft.scalar(BUSI_RESULT_POLICY) == Scalar::Int(0);
    if let Some(slot) = draft.slot_mut(CALL_INTERVAL)
        && let Pending::Scalar(Value::Number(number)) = &slot.value
    {
        let value = number.as_i64().unwrap_or(0);
        let fixed = if stops { 0 } else { 1 + value.rem_euclid(3600) };
        slot.value = Pending::Scalar(Value::from(fixed));
    }
}

/// `avg-call-time-order`: in any object with both, mimAvgCallTime <= maxAvgCallTime.
fn avg_call_time(draft: &mut Draft) {
    let (Scalar::Int(mim), Scalar::Int(max)) = (draft.scalar(MIM_AVG), draft.scalar(MAX_AVG))
    else {
        return;
    };
    if mim > max {
        for (name, value) in [(MIM_AVG, max), (MAX_AVG, mim)] {
            if let Some(slot) = draft.slot_mut(name) {
                slot.value = Pending::Scalar(Value::from(value));
            }
        }
    }
}
