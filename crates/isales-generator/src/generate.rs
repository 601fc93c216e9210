//! Valid payloads, generated from the spec.
//!
//! Generation has two steps, so that every rule can see everything it depends on:
//!
//! 1. A `Draft` per object: for every row of its table, a presence choice (absent, `null` or
//!    present) and a value valid for the row ([`values`](crate::values)), nested objects and
//!    embedded arrays included, whether or not they will be present. Drafts come two ways
//!    from one model per table (`TableModel`, built once per generator): as a proptest
//!    strategy ([`Generator::envelope`], [`Generator::object`]), so that property tests
//!    shrink presences and values, or drawn directly from a seeded RNG
//!    ([`Generator::generate`] and every recipe), which costs a fraction of building
//!    proptest's value trees and is what the mock server and `generate` run on.
//! 2. Settling, top down: the conditional rules of the table (`required-if` cases with their
//!    conditions, paths through embedded arrays included; `one-of-forms`; `absent-unless`) are
//!    applied until nothing changes, turning choices into "must be present" or "must be
//!    absent"; then the builtin rules' hooks ([`builtin`](crate::builtin)) adjust values
//!    (schedule windows, period order, ...); then the rules are applied once more, and the
//!    children are settled the same way. The draft becomes a `serde_json::Value`, embedded
//!    documents serialized into their strings.
//!
//! The rules come from the loaded spec: a new `required-if` case in the TOML file is honoured
//! without a change here. Only builtin rules need a hook, and [`Generator::new`] refuses a spec
//! with a builtin rule it does not know.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use isales_spec::{FieldType, RuleKind, Scalar, Spec, Step, Table, TableKind, TableNo};
use proptest::prelude::*;
use proptest::test_runner::TestRng;
use serde_json::{Map, Value};

use crate::builtin::Hooks;
use crate::fillers::Fillers;
use crate::form::Dimensions;
use crate::mutate::Operator;
use crate::values::{Model, Size, dice, weighted};

/// Why a spec cannot drive the generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratorError {
    /// What is wrong, one sentence per problem.
    pub problems: Vec<String>,
}

impl fmt::Display for GeneratorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("; "))
    }
}

impl std::error::Error for GeneratorError {}

/// Generates valid payloads and objects of every table of a spec.
#[derive(Debug, Clone)]
pub struct Generator {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) spec: Spec,
    size: Size,
    hooks: Hooks,
    /// Where the form dimensions sit.
    dimensions: Dimensions,
    /// How the drafts of each table with rows are made.
    models: BTreeMap<TableNo, TableModel>,
    /// The spec's mutation operators, built once for recipes that break rules.
    operators: OnceLock<Vec<Operator>>,
}

impl Generator {
    /// A generator for `spec`.
    ///
    /// # Errors
    /// When the spec has a builtin rule the generator has no hook for (or a hook's rule is gone),
    /// or a builtin rule's fields are not where the hook expects them.
    pub fn new(spec: Spec, size: Size) -> Result<Self, GeneratorError> {
        let hooks = Hooks::new(&spec);
        let dimensions = Dimensions::new(&spec);
        let (hooks, dimensions) = match (hooks, dimensions) {
            (Ok(hooks), Ok(dimensions)) => (hooks, dimensions),
            (hooks, dimensions) => {
                let mut problems = Vec::new();
                problems.extend(hooks.err().into_iter().flat_map(|e| e.problems));
                problems.extend(dimensions.err().into_iter().flat_map(|e| e.problems));
                return Err(GeneratorError { problems });
            }
        };
        let models = spec
            .tables
            .iter()
            .filter(|table| !table.fields.is_empty())
            .map(|table| (table.number, TableModel::new(&spec, table, size)))
            .collect();
        Ok(Generator {
            inner: Arc::new(Inner {
                spec,
                size,
                hooks,
                dimensions,
                models,
                operators: OnceLock::new(),
            }),
        })
    }

    /// A generator for the spec embedded in `isales-spec`.
    ///
    /// # Panics
    /// When the embedded spec does not load or the generator does not know one of its builtin
    /// rules: both are bugs of this repository, which its tests catch.
    #[must_use]
    pub fn embedded(size: Size) -> Self {
        let spec = match isales_spec::load_embedded() {
            Ok(spec) => spec,
            Err(errors) => panic!("the embedded spec does not load: {errors}"),
        };
        match Generator::new(spec, size) {
            Ok(generator) => generator,
            Err(error) => panic!("the generator cannot follow the embedded spec: {error}"),
        }
    }

    /// The spec.
    #[must_use]
    pub fn spec(&self) -> &Spec {
        &self.inner.spec
    }

    /// Where the spec's form dimensions sit, and their values.
    #[must_use]
    pub fn dimensions(&self) -> &Dimensions {
        &self.inner.dimensions
    }

    /// The spec's mutation operators ([`operators`](crate::mutate::operators)), built once.
    #[must_use]
    pub fn operators(&self) -> &[Operator] {
        self.inner
            .operators
            .get_or_init(|| crate::mutate::operators(&self.inner.spec))
    }

    /// The size payloads are generated at.
    #[must_use]
    pub fn size(&self) -> Size {
        self.inner.size
    }

    /// Valid response bodies (the envelope table).
    ///
    /// # Panics
    /// When the spec has no envelope table (the spec loader refuses such a spec).
    pub fn envelope(&self) -> BoxedStrategy<Value> {
        let table = self.envelope_table();
        self.object(table)
    }

    /// The number of the envelope table.
    ///
    /// # Panics
    /// When the spec has no envelope table (the spec loader refuses such a spec).
    #[must_use]
    pub fn envelope_table(&self) -> TableNo {
        match self.inner.spec.table_of_kind(TableKind::Envelope) {
            Some(table) => table.number,
            None => panic!("the spec has no envelope table"),
        }
    }

    /// Valid objects of one table (URL parameters, headers, envelope, or any object table).
    ///
    /// # Panics
    /// When the table does not exist or holds no fields (the error-code catalog).
    pub fn object(&self, table: TableNo) -> BoxedStrategy<Value> {
        let inner = Arc::clone(&self.inner);
        self.draft(table)
            .prop_map(move |draft| inner.finalize(draft))
            .boxed()
    }

    /// One valid object of every object table (kind `object`), as [`Fillers`].
    pub fn fillers(&self) -> BoxedStrategy<Fillers> {
        let tables: Vec<BoxedStrategy<(TableNo, Value)>> = self
            .inner
            .spec
            .tables
            .iter()
            .filter(|table| table.kind == TableKind::Object)
            .map(|table| {
                let number = table.number;
                self.object(number)
                    .prop_map(move |value| (number, value))
                    .boxed()
            })
            .collect();
        tables.prop_map(|pairs| pairs.into_iter().collect()).boxed()
    }

    /// One valid response body, the same for the same seed (for benchmarks and fuzz seeds).
    #[must_use]
    pub fn generate(&self, seed: u64) -> Value {
        self.generate_object(self.envelope_table(), seed)
    }

    /// One valid object of every object table, the same for the same seed, each made when
    /// first asked for.
    #[must_use]
    pub fn generate_fillers(&self, seed: u64) -> Fillers {
        Fillers::drawn(self, seed)
    }

    /// One valid object of `table`, the same for the same seed.
    ///
    /// # Panics
    /// As [`Generator::object`].
    #[must_use]
    pub fn generate_object(&self, table: TableNo, seed: u64) -> Value {
        let draft = self.inner.draw(table, &mut dice(seed));
        self.inner.finalize(draft)
    }

    /// One response body, the same for the same arguments, with the rows of `pins` fixed
    /// before the rules run (the rules still win over a pin they contradict, so a caller
    /// reads the form back rather than trusting it) and the envelope's outcome chosen:
    /// success, or the failure code of Table 21 at this index of the spec's list.
    pub(crate) fn steered(
        &self,
        pins: &[(Vec<String>, Pin)],
        failure: Option<usize>,
        seed: u64,
    ) -> Value {
        let mut draft = self.inner.draw(self.envelope_table(), &mut dice(seed));
        for (path, pin) in pins {
            draft.pin(path, pin);
        }
        crate::builtin::steer_envelope(&mut draft, failure);
        self.inner.finalize(draft)
    }

    /// The draft strategy of one table: every row with its presence choice and a valid value.
    fn draft(&self, number: TableNo) -> BoxedStrategy<Draft> {
        let size = self.inner.size;
        let slots: Vec<BoxedStrategy<Slot>> = self
            .inner
            .model(number)
            .slots
            .iter()
            .map(|model| {
                let choice = if model.required {
                    Just(Presence::Present).boxed()
                } else {
                    let [present, absent, null] = model.presence;
                    prop_oneof![
                        present => Just(Presence::Present),
                        absent => Just(Presence::Absent),
                        null => Just(Presence::Null),
                    ]
                    .boxed()
                };
                let value = match &model.value {
                    &ValueModel::Object(child) => {
                        self.draft(child).prop_map(Pending::Object).boxed()
                    }
                    &ValueModel::Items(items) => (
                        proptest::collection::vec(self.draft(items), 0..=size.items),
                        any::<bool>(),
                    )
                        .prop_map(|(items, pretty)| Pending::Items { items, pretty })
                        .boxed(),
                    ValueModel::Scalar(values) => {
                        values.strategy().prop_map(Pending::Scalar).boxed()
                    }
                };
                let name = Arc::clone(&model.name);
                let rule = model.required.then_some(true);
                (choice, value)
                    .prop_map(move |(choice, value)| Slot {
                        name: Arc::clone(&name),
                        choice,
                        rule,
                        value,
                    })
                    .boxed()
            })
            .collect();
        (slots, any::<[u32; 4]>())
            .prop_map(move |(slots, dice)| Draft {
                table: number,
                slots,
                dice,
            })
            .boxed()
    }
}

/// How the drafts of one table are made: a model per row, decided once from the spec.
#[derive(Debug)]
struct TableModel {
    slots: Vec<SlotModel>,
}

/// How one row of a draft is made.
#[derive(Debug)]
struct SlotModel {
    name: Arc<str>,
    /// Mandatory rows are always present.
    required: bool,
    /// Weights of an optional row's choices: present, absent, `null`.
    presence: [u32; 3],
    value: ValueModel,
}

/// What a row holds.
#[derive(Debug)]
enum ValueModel {
    /// An object of this table.
    Object(TableNo),
    /// A string holding a JSON array of objects of this table.
    Items(TableNo),
    /// An integer or a string.
    Scalar(Model),
}

/// Weights of an optional row's choices (present, absent, `null`); rows that conditions read
/// are mostly present, so that the branches they open (predictParam and its algorithms, round
/// dialling) are reached often.
const PRESENCE: [u32; 3] = [6, 3, 1];
const DISCRIMINATOR_PRESENCE: [u32; 3] = [16, 3, 1];

impl TableModel {
    fn new(spec: &Spec, table: &Table, size: Size) -> Self {
        let discriminators = discriminators(spec, table.number);
        let slots = table
            .fields
            .iter()
            .map(|field| SlotModel {
                name: Arc::from(field.name.as_str()),
                required: field.required.is_some(),
                presence: if discriminators.contains(&field.name.as_str()) {
                    DISCRIMINATOR_PRESENCE
                } else {
                    PRESENCE
                },
                value: match (field.ty, field.embedded) {
                    (FieldType::Object(child), _) => ValueModel::Object(child),
                    (FieldType::String, Some(items)) => ValueModel::Items(items),
                    _ => ValueModel::Scalar(Model::of(field, size)),
                },
            })
            .collect();
        TableModel { slots }
    }
}

/// The fields of `table` that a condition of a rule on `table` reads.
fn discriminators(spec: &Spec, table: TableNo) -> Vec<&str> {
    let mut names = Vec::new();
    for rule in &spec.rules {
        let conditions: Vec<&isales_spec::Condition> = match &rule.kind {
            RuleKind::RequiredIf(cases) => cases
                .iter()
                .filter(|case| case.table == table)
                .filter_map(|case| case.when.as_ref())
                .collect(),
            RuleKind::OneOfForms(forms) if forms.table == table => vec![&forms.when],
            RuleKind::AbsentUnless(cases) => cases
                .iter()
                .filter(|case| case.table == table)
                .map(|case| &case.unless)
                .collect(),
            _ => Vec::new(),
        };
        for condition in conditions {
            names.extend(condition.fields());
        }
    }
    names
}

/// One valid response body of the embedded spec, the same for the same seed: the entry point
/// for benchmarks and fuzz seeds. `size_hint` is [`Size::from_hint`]'s.
///
/// # Panics
/// As [`Generator::embedded`].
#[must_use]
pub fn generate(seed: u64, size_hint: usize) -> Value {
    Generator::embedded(Size::from_hint(size_hint)).generate(seed)
}

/// An object before the rules are applied.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub(crate) table: TableNo,
    /// One per row of the table, in row order.
    pub(crate) slots: Vec<Slot>,
    /// Choices for rules and hooks (which form, success or failure, ...).
    pub(crate) dice: [u32; 4],
}

/// A row of a draft.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) name: Arc<str>,
    /// What the generator chose.
    pub(crate) choice: Presence,
    /// What a rule decided: `Some(true)` must be present, `Some(false)` must be absent.
    pub(crate) rule: Option<bool>,
    pub(crate) value: Pending,
}

/// Whether a member is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    Absent,
    Null,
    Present,
}

/// A row's value before the rules are applied.
#[derive(Debug, Clone)]
pub(crate) enum Pending {
    /// An integer or a string.
    Scalar(Value),
    /// A nested object.
    Object(Draft),
    /// The items of an embedded document, and whether its text is pretty-printed.
    Items { items: Vec<Draft>, pretty: bool },
}

impl Slot {
    pub(crate) fn presence(&self) -> Presence {
        match (self.rule, self.choice) {
            (Some(true), _) => Presence::Present,
            (Some(false), Presence::Null) => Presence::Null,
            (Some(false), _) => Presence::Absent,
            (None, choice) => choice,
        }
    }

    pub(crate) fn is_present(&self) -> bool {
        self.presence() == Presence::Present
    }
}

/// What a caller fixes of a row before the rules run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pin {
    /// Present, with this value.
    Value(Value),
    /// Present, with its generated value.
    Present,
    /// Left out.
    Absent,
}

impl Draft {
    /// Fixes the choice of the row at the end of a path of object rows (member names from
    /// this draft's table), making every object on the way present. A name the table does not
    /// have ends the walk: the spec moved the row, and the form read back will say so.
    pub(crate) fn pin(&mut self, path: &[String], pin: &Pin) {
        let Some((name, rest)) = path.split_first() else {
            return;
        };
        let Some(slot) = self.slot_mut(name) else {
            return;
        };
        if rest.is_empty() {
            match pin {
                Pin::Value(value) => {
                    slot.choice = Presence::Present;
                    slot.value = Pending::Scalar(value.clone());
                }
                Pin::Present => slot.choice = Presence::Present,
                Pin::Absent => slot.choice = Presence::Absent,
            }
            return;
        }
        slot.choice = Presence::Present;
        if let Pending::Object(child) = &mut slot.value {
            child.pin(rest, pin);
        }
    }

    pub(crate) fn slot(&self, name: &str) -> Option<&Slot> {
        self.slots.iter().find(|slot| &*slot.name == name)
    }

    pub(crate) fn slot_mut(&mut self, name: &str) -> Option<&mut Slot> {
        self.slots.iter_mut().find(|slot| &*slot.name == name)
    }

    /// A row's value as conditions see it.
    pub(crate) fn scalar(&self, name: &str) -> Scalar<'_> {
        match self.slot(name) {
            Some(slot) if slot.is_present() => match &slot.value {
                Pending::Scalar(Value::Number(number)) => {
                    number.as_i64().map_or(Scalar::Other, Scalar::Int)
                }
                Pending::Scalar(Value::String(text)) => Scalar::Str(text),
                _ => Scalar::Other,
            },
            _ => Scalar::Absent,
        }
    }
}

impl Inner {
    /// The model of a table with rows.
    ///
    /// # Panics
    /// When the spec has no such table, or it holds no rows (the error-code catalog).
    fn model(&self, number: TableNo) -> &TableModel {
        match self.models.get(&number) {
            Some(model) => model,
            None => panic!("the spec has no {number} with rows to generate"),
        }
    }

    /// A draft of one table drawn directly from `dice`, as [`Generator::draft`]'s strategy
    /// makes them, nested objects and embedded items included.
    fn draw(&self, number: TableNo, dice: &mut TestRng) -> Draft {
        let slots = self
            .model(number)
            .slots
            .iter()
            .map(|model| Slot {
                name: Arc::clone(&model.name),
                choice: if model.required {
                    Presence::Present
                } else {
                    [Presence::Present, Presence::Absent, Presence::Null]
                        [weighted(dice, &model.presence)]
                },
                rule: model.required.then_some(true),
                value: match &model.value {
                    &ValueModel::Object(child) => Pending::Object(self.draw(child, dice)),
                    &ValueModel::Items(items) => {
                        let count = dice.random_range(0..=self.size.items);
                        Pending::Items {
                            items: (0..count).map(|_| self.draw(items, dice)).collect(),
                            pretty: dice.random_bool(0.5),
                        }
                    }
                    ValueModel::Scalar(values) => Pending::Scalar(values.draw(dice)),
                },
            })
            .collect();
        Draft {
            table: number,
            slots,
            dice: dice.random(),
        }
    }

    /// Applies the rules to a draft and its children, and writes the object.
    fn finalize(&self, mut draft: Draft) -> Value {
        self.settle(&mut draft);
        self.hooks.apply(&self.spec, &mut draft);
        self.settle(&mut draft);
        let mut members = Map::new();
        for slot in draft.slots {
            match slot.presence() {
                Presence::Absent => {}
                Presence::Null => {
                    members.insert(slot.name.to_string(), Value::Null);
                }
                Presence::Present => {
                    let value = self.realize(slot.value);
                    members.insert(slot.name.to_string(), value);
                }
            }
        }
        Value::Object(members)
    }

    fn realize(&self, pending: Pending) -> Value {
        match pending {
            Pending::Scalar(value) => value,
            Pending::Object(draft) => self.finalize(draft),
            Pending::Items { items, pretty } => {
                let array = Value::Array(items.into_iter().map(|d| self.finalize(d)).collect());
                let text = if pretty {
                    serde_json::to_string_pretty(&array)
                } else {
                    serde_json::to_string(&array)
                };
                Value::String(text.expect("a serde_json::Value always serializes"))
            }
        }
    }

    /// Applies the conditional rules of the draft's table until nothing changes.
    fn settle(&self, draft: &mut Draft) {
        let table = draft.table;
        for _ in 0..32 {
            let mut changed = false;
            for rule in &self.spec.rules {
                match &rule.kind {
                    RuleKind::RequiredIf(cases) => {
                        for case in cases.iter().filter(|case| case.table == table) {
                            let holds = case
                                .when
                                .as_ref()
                                .is_none_or(|when| when.eval(&|name| draft.scalar(name)));
                            if holds {
                                for path in &case.require {
                                    changed |= require(draft, path.steps(), &rule.id);
                                }
                            }
                        }
                    }
                    RuleKind::OneOfForms(forms) if forms.table == table => {
                        let holds = forms.when.eval(&|name| draft.scalar(name));
                        let complete = forms.forms.iter().any(|form| {
                            form.iter()
                                .all(|path| draft.slot(path.head()).is_some_and(Slot::is_present))
                        });
                        if holds && !complete && !forms.forms.is_empty() {
                            let pick = draft.dice[0] as usize % forms.forms.len();
                            for path in &forms.forms[pick] {
                                changed |= require(draft, path.steps(), &rule.id);
                            }
                        }
                    }
                    RuleKind::AbsentUnless(cases) => {
                        for case in cases.iter().filter(|case| case.table == table) {
                            if !case.unless.eval(&|name| draft.scalar(name)) {
                                changed |= forbid(draft, &case.field, &rule.id);
                            }
                        }
                    }
                    _ => {}
                }
            }
            if !changed {
                return;
            }
        }
        panic!("the presence rules of {table} do not settle: the spec contradicts itself");
    }
}

/// Makes the field at the end of `steps` present, and every container on the way; returns
/// whether anything changed.
fn require(draft: &mut Draft, steps: &[Step], rule: &str) -> bool {
    let [Step::Field(name), rest @ ..] = steps else {
        return false;
    };
    let table = draft.table;
    let Some(slot) = draft.slot_mut(name) else {
        return false;
    };
    let mut changed = false;
    match slot.rule {
        Some(true) => {}
        Some(false) => panic!(
            "rule {rule} requires {name} of {table}, which another rule wants absent: the spec contradicts itself"
        ),
        None => {
            slot.rule = Some(true);
            changed = true;
        }
    }
    match (&mut slot.value, rest) {
        (Pending::Object(child), [Step::Field(_), ..]) => changed |= require(child, rest, rule),
        (Pending::Items { items, .. }, [Step::Items, after @ ..]) => {
            for item in items {
                changed |= require(item, after, rule);
            }
        }
        _ => {}
    }
    changed
}

/// Makes a field absent; returns whether anything changed.
fn forbid(draft: &mut Draft, name: &str, rule: &str) -> bool {
    let table = draft.table;
    let Some(slot) = draft.slot_mut(name) else {
        return false;
    };
    match slot.rule {
        Some(false) => false,
        Some(true) => panic!(
            "rule {rule} wants {name} of {table} absent, which another rule requires: the spec contradicts itself"
        ),
        None => {
            slot.rule = Some(false);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generator() -> Generator {
        Generator::embedded(Size::SMALL)
    }

    #[test]
    fn the_same_seed_gives_the_same_payload() {
        let generator = generator();
        assert_eq!(generator.generate(7), generator.generate(7));
        assert_ne!(generator.generate(7), generator.generate(8));
        assert_eq!(generate(3, 2), generate(3, 2));
    }

    #[test]
    fn conditional_rows_follow_their_discriminators() {
        let generator = generator();
        for seed in 0..64 {
            let payload = generator.generate(seed);
            let Some(campaign) = payload.get("returnObject").filter(|v| v.is_object()) else {
                continue;
            };
            let device_type = campaign["deviceType"]
                .as_i64()
                .expect("deviceType is required");
            let ivr = campaign.get("ivrParam").is_some_and(|v| !v.is_null());
            let skill = campaign.get("skillParam").is_some_and(|v| !v.is_null());
            assert_eq!(ivr, [1, 3].contains(&device_type), "seed {seed}: {payload}");
            assert_eq!(
                skill,
                [2, 5, 6].contains(&device_type),
                "seed {seed}: {payload}"
            );
            if skill {
                assert_eq!(campaign["skillParam"]["outBoundType"], device_type);
            }
        }
    }

    #[test]
    fn every_builtin_rule_needs_a_hook_or_a_reason() {
        let mut spec = isales_spec::load_embedded().expect("the spec loads");
        let mut rule = spec.rules[0].clone();
        rule.id = "brand-new-builtin".into();
        rule.kind = RuleKind::Builtin;
        spec.rules.push(rule);
        let error = Generator::new(spec, Size::SMALL).expect_err("an unknown builtin rule");
        assert!(
            error
                .problems
                .iter()
                .any(|p| p.contains("brand-new-builtin")),
            "{error}"
        );
    }
}
