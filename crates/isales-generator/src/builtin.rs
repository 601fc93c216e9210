//! How generated payloads keep the spec's builtin rules, the ones the validator checks with
//! hand-written code: one hook per hand-written check, and a reason for each rule that payloads
//! keep by construction.
//!
//! Which tables and rows a check reads is the spec's `[rule.reads]`, generated into
//! [`wiring`]: the hooks take the rows from there, as the validator's rule modules do, and
//! `Hooks::new` refuses a spec whose builtin rules are not all accounted for here or whose
//! tables lack a row the wiring names.

use isales_spec::{Format, RuleKind, Scalar, Spec, Table, TableNo};
use isales_vocabulary::{Read, RuleId, wiring};
use serde_json::Value;

use crate::generate::{Draft, GeneratorError, Pending};
use crate::values::{minutes, time_of_day};

/// Builtin rules a generated payload keeps without help, and why.
pub const BY_CONSTRUCTION: &[(RuleId, &str)] = &[
    (RuleId::MalformedJson, "payloads are written by serde_json"),
    (
        RuleId::NestingLimit,
        "the documented tables nest a few levels only",
    ),
    (
        RuleId::TypeMismatch,
        "every value is generated from its row's type",
    ),
    (RuleId::IntegerFormat, "integers are generated as i64"),
    (RuleId::DuplicateKey, "objects are serde_json maps"),
    (
        RuleId::UndocumentedField,
        "only documented rows are generated",
    ),
    (
        RuleId::EmbeddedJson,
        "embedded documents are serialized arrays of objects",
    ),
    (
        RuleId::SingleQuotedJson,
        "embedded documents are written by serde_json",
    ),
    (
        RuleId::ArrayInsteadOfString,
        "embedded documents are serialized into strings",
    ),
];

/// Builtin rules a hook keeps: those of each hand-written check the hooks follow.
pub const HOOKED: [&[RuleId]; 6] = [
    &wiring::envelope::RULES,
    &wiring::schedule::RULES,
    &wiring::period::RULES,
    &wiring::avg_call_time::RULES,
    &wiring::out_bound_type::RULES,
    &wiring::busi_interval::RULES,
];

/// The day types of the schedule table, each with the begin and end rows of its windows in
/// turn, as the spec's `[rule.reads]` lists them.
const SCHEDULE_DAYS: [[Read; 6]; 2] = [wiring::schedule::WORKDAY, wiring::schedule::HOLIDAY];

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
    /// The skill modes (outBoundType's listed values).
    out_bound: Vec<i64>,
}

/// The table a check runs on, when it runs on one.
fn table_of(tables: &[u8]) -> TableNo {
    TableNo(tables[0])
}

/// The index of a row the wiring names in its table of `spec`.
fn row_index(spec: &Spec, read: &Read) -> Option<usize> {
    spec.table(TableNo(read.doc.table))?
        .fields
        .iter()
        .position(|field| field.name == read.name)
}

impl Hooks {
    pub(crate) fn new(spec: &Spec) -> Result<Self, GeneratorError> {
        let mut problems = Vec::new();
        let known = || {
            HOOKED
                .iter()
                .flat_map(|rules| rules.iter().copied())
                .chain(BY_CONSTRUCTION.iter().map(|(id, _)| *id))
        };
        for rule in &spec.rules {
            if rule.kind == RuleKind::Builtin && !known().any(|id| id.as_str() == rule.id) {
                problems.push(format!(
                    "builtin rule {} has no generator hook: add one to isales-generator's builtin.rs",
                    rule.id
                ));
            }
        }
        for id in known() {
            if spec
                .rule(id.as_str())
                .is_none_or(|rule| rule.kind != RuleKind::Builtin)
            {
                problems.push(format!(
                    "the generator keeps builtin rule {id}, which the spec no longer has"
                ));
            }
        }
        use wiring::{avg_call_time, busi_interval, envelope, out_bound_type, period};
        let reads = [
            envelope::RESULT_CODE,
            envelope::RETURN_CODE,
            envelope::RETURN_OBJECT,
            period::BEGIN,
            period::END,
            out_bound_type::DEVICE_TYPE,
            out_bound_type::SKILL,
            out_bound_type::OUT_BOUND_TYPE,
            busi_interval::POLICY,
            busi_interval::INTERVAL,
        ]
        .into_iter()
        .chain(SCHEDULE_DAYS.into_iter().flatten())
        .chain(avg_call_time::MIN)
        .chain(avg_call_time::MAX);
        for read in reads {
            if row_index(spec, &read).is_none() {
                problems.push(format!(
                    "the builtin rules' hooks read `{}` of Table {}, which the spec does not have",
                    read.name, read.doc.table
                ));
            }
        }
        let schedule_table = table_of(&wiring::schedule::TABLES);
        let schedule = spec
            .table(schedule_table)
            .and_then(schedule_windows)
            .map(|windows| (schedule_table, windows));
        let period = row_index(spec, &period::BEGIN)
            .zip(row_index(spec, &period::END))
            .map(|(begin, end)| (table_of(&period::TABLES), begin, end));
        let out_bound = spec
            .table(TableNo(out_bound_type::OUT_BOUND_TYPE.doc.table))
            .and_then(|table| table.field(out_bound_type::OUT_BOUND_TYPE.name))
            .and_then(|field| field.enumeration.as_ref())
            .map(|list| list.values.iter().map(|value| value.value).collect());
        let missing = [
            (
                schedule.is_none(),
                "a schedule table of begin/end HH:mm pairs",
            ),
            (period.is_none(), "the campaign period's begin and end rows"),
            (out_bound.is_none(), "outBoundType's listed skill modes"),
        ];
        for (is_missing, what) in missing {
            if is_missing {
                problems.push(format!("the builtin rules' hooks need {what}"));
            }
        }
        match (schedule, period, out_bound) {
            (Some(schedule), Some(period), Some(out_bound)) if problems.is_empty() => Ok(Hooks {
                envelope: table_of(&envelope::TABLES),
                success_code: spec.interface.success_code.clone(),
                schedule,
                period,
                out_bound,
            }),
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
        if draft.table == table_of(&wiring::out_bound_type::TABLES) {
            out_bound(draft, &self.out_bound);
        }
        if draft.table == table_of(&wiring::busi_interval::TABLES) {
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
        let codes = [wiring::envelope::RESULT_CODE, wiring::envelope::RETURN_CODE];
        for row in codes {
            if let Some(slot) = draft.slot_mut(row.name) {
                slot.value = Pending::Scalar(Value::String(code.clone()));
                slot.rule = Some(true);
            }
        }
        if let Some(slot) = draft.slot_mut(wiring::envelope::RETURN_OBJECT.name) {
            slot.rule = Some(!failing);
        }
    }
}

/// Makes the envelope hook choose an outcome: success (`None`), or the failure code at this
/// index of the spec's Table 21, whatever the dice said.
pub(crate) fn steer_envelope(draft: &mut Draft, failure: Option<usize>) {
    match failure {
        // Odd, so not the multiple of four that means failure.
        None => draft.dice[1] |= 1,
        Some(index) => {
            draft.dice[1] = 0;
            draft.dice[2] = u32::try_from(index).unwrap_or(u32::MAX);
        }
    }
}

/// The windows of the schedule table, grouped by day type, as indices of its rows: each a begin
/// row and its end row, as the spec's wiring pairs them, all of them `HH:mm`.
pub(crate) fn schedule_windows(table: &Table) -> Option<Vec<Vec<Window>>> {
    let index = |read: &Read| {
        let position = table.fields.iter().position(|f| f.name == read.name)?;
        (table.fields[position].format == Some(Format::TimeOfDay)).then_some(position)
    };
    SCHEDULE_DAYS
        .iter()
        .map(|rows| {
            rows.chunks_exact(2)
                .map(|window| Some((index(&window[0])?, index(&window[1])?)))
                .collect()
        })
        .collect()
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
fn out_bound(draft: &mut Draft, modes: &[i64]) {
    use wiring::out_bound_type::{DEVICE_TYPE, OUT_BOUND_TYPE, SKILL};
    let Scalar::Int(device_type) = draft.scalar(DEVICE_TYPE.name) else {
        return;
    };
    if !modes.contains(&device_type) {
        return;
    }
    if let Some(slot) = draft.slot_mut(SKILL.name)
        && let Pending::Object(child) = &mut slot.value
        && let Some(out_bound_type) = child.slot_mut(OUT_BOUND_TYPE.name)
    {
        out_bound_type.value = Pending::Scalar(Value::from(device_type));
        out_bound_type.rule = Some(true);
    }
}

/// `busi-call-interval-range`: 0 (or absent) when calling stops, 1 to 3600 otherwise.
fn busi_interval(draft: &mut Draft) {
    use wiring::busi_interval::{INTERVAL, POLICY};
    let stops = draft.scalar(POLICY.name) == Scalar::Int(0);
    if let Some(slot) = draft.slot_mut(INTERVAL.name)
        && let Pending::Scalar(Value::Number(number)) = &slot.value
    {
        let value = number.as_i64().unwrap_or(0);
        let fixed = if stops { 0 } else { 1 + value.rem_euclid(3600) };
        slot.value = Pending::Scalar(Value::from(fixed));
    }
}

/// `avg-call-time-order`: in a prediction settings object with both, the `min` row is not
/// above the `max` row.
fn avg_call_time(draft: &mut Draft) {
    use wiring::avg_call_time::{MAX, MIN};
    let in_table = |rows: &[Read]| {
        rows.iter()
            .find(|row| TableNo(row.table) == draft.table)
            .map(|row| row.name)
    };
    let (Some(min_name), Some(max_name)) = (in_table(&MIN), in_table(&MAX)) else {
        return;
    };
    let (Scalar::Int(mim), Scalar::Int(max)) = (draft.scalar(min_name), draft.scalar(max_name))
    else {
        return;
    };
    if mim > max {
        for (name, value) in [(min_name, max), (max_name, mim)] {
            if let Some(slot) = draft.slot_mut(name) {
                slot.value = Pending::Scalar(Value::from(value));
            }
        }
    }
}
