//! Properties of the validator over payloads generated from the spec (`isales-generator`).
//!
//! - Valid payloads (and valid objects of every table) pass: no violation at all, on the fast
//!   path (`is_clean_fast`) and on the full path (`validate_full`).
//! - Every mutation operator's rule is reported at the operator's JSON pointer, and no other
//!   rule at error level is, unless the operator names it as an unavoidable companion.
//! - Two paths, one verdict: `validate` and `validate_full` give the same report, and a payload
//!   the fast path calls clean has no violation on the full path, at default levels, under
//!   `--strict` and with some rules allowed; for valid, mutated, corrupted and arbitrary input.
//!   Where serde accepts a payload, the typed value's own violations name the same rules at the
//!   same pointers as the full path's.
//! - The models round-trip what they read, nulls included.
//! - Nothing panics (every property runs the validator on its input).
//!
//! Case counts are small so that the file runs in seconds in a debug build; `PROPTEST_CASES`
//! sets every property's count (`PROPTEST_CASES=2000 cargo test -p isales-tests --test
//! properties --release` for a long run).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use isales_contract::models::{self, Envelope};
use isales_contract::{Config, Contract, Level, Report, RuleId, Severity, Validator, Violation};
use isales_generator::mutate::{Mutant, Operator, Subject, operators};
use isales_generator::{Fillers, Generator, Size, arbitrary};
use isales_spec::{Spec, TableKind, TableNo};
use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use serde_json::Value;

static SPEC: LazyLock<Spec> = LazyLock::new(|| match isales_spec::load_embedded() {
    Ok(spec) => spec,
    Err(errors) => panic!("the embedded spec does not load: {errors}"),
});

static OPERATORS: LazyLock<Vec<Operator>> = LazyLock::new(|| operators(&SPEC));

const ENVELOPE: TableNo = TableNo(3);

/// `default_cases` cases, unless `PROPTEST_CASES` says otherwise.
fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        // Failing cases are saved beside this file (the crate has no src/ for proptest's
        // default place) and replayed first on the next run.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

fn generator() -> Generator {
    Generator::new(SPEC.clone(), Size::SMALL).expect("the generator follows the spec")
}

/// The levels the two paths are compared under.
fn validators() -> [(&'static str, Validator); 3] {
    let allowed = Config::new()
        .with_rule_level(RuleId::UndocumentedField, Level::Allow)
        .with_rule_level(RuleId::TypeMismatch, Level::Allow)
        .with_rule_level(RuleId::MinAvgCallTimeAlias, Level::Allow)
        .with_rule_level(RuleId::UnexpectedSubObject, Level::Allow)
        .with_rule_level(RuleId::DuplicateKey, Level::Allow)
        .with_rule_level(RuleId::CampaignFieldMissing, Level::Deny);
    [
        ("default levels", Validator::default()),
        ("strict", Validator::new(Config::new().with_strict(true))),
        ("some rules allowed", Validator::new(allowed)),
    ]
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn summary(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|violation| {
            format!(
                "  {} {} at {:?}: {}",
                violation.level(),
                violation.rule(),
                violation.pointer(),
                violation.kind()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `validate` and `validate_full` agree, and fast-path "clean" means clean. At default levels
/// the converse holds too: a payload without any violation is read by the models and is clean
/// on the fast path (a valid payload costs what parsing it costs, and a
/// service can deserialize what the validator accepts).
fn one_verdict(bytes: &[u8]) -> Result<(), TestCaseError> {
    for (index, (levels, validator)) in validators().into_iter().enumerate() {
        let full = validator.validate_full(bytes);
        let report = validator.validate(bytes);
        let fast = validator.is_clean_fast(bytes);
        if index == 0 && full.violations.is_empty() {
            prop_assert!(
                fast,
                "{}: no violation, yet the models do not read the payload ({:?}) or find one\n{}",
                levels,
                serde_json::from_slice::<Envelope>(bytes)
                    .err()
                    .map(|e| e.to_string()),
                text(bytes)
            );
        }
        if fast {
            prop_assert!(
                full.violations.is_empty(),
                "{}: the fast path calls the payload clean, the full path finds\n{}\n{}",
                levels,
                summary(&full.violations),
                text(bytes)
            );
        }
        prop_assert_eq!(
            &report,
            &full,
            "{}: validate and validate_full differ on\n{}",
            levels,
            text(bytes)
        );
    }
    Ok(())
}

/// (rule, pointer) pairs, sorted.
fn located(violations: &[Violation]) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<(&'static str, String)> = violations
        .iter()
        .map(|violation| (violation.rule(), violation.pointer().to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// Where serde reads the payload, the typed value's violations and the full path's name the
/// same rules at the same pointers.
fn typed_agrees(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(envelope) = serde_json::from_slice::<Envelope>(bytes) else {
        return Ok(());
    };
    let typed = envelope.violations();
    let full = Envelope::violations_of_json(bytes);
    prop_assert_eq!(
        located(&typed),
        located(&full),
        "the typed value and the payload disagree on\n{}",
        text(bytes)
    );
    Ok(())
}

/// Where the model of `root` reads the payload, its violations and the full path's name the
/// same rules at the same pointers.
fn model_agrees(root: TableNo, bytes: &[u8]) -> Result<(), TestCaseError> {
    let (full, typed) = check_model(root.0, bytes);
    if let Some(typed) = typed {
        prop_assert_eq!(
            located(&typed),
            located(&full),
            "{}: the typed value and the payload disagree on\n{}",
            root,
            text(bytes)
        );
    }
    Ok(())
}

/// The models read the payload and write back the same JSON value.
fn round_trips(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(envelope) = serde_json::from_slice::<Envelope>(bytes) else {
        return Ok(());
    };
    let read: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(error) => {
            return Err(TestCaseError::fail(format!(
                "the models read a payload serde_json::Value does not ({error}):\n{}",
                text(bytes)
            )));
        }
    };
    let written =
        serde_json::to_value(&envelope).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(written, read, "the round trip changed\n{}", text(bytes));
    Ok(())
}

/// The violations of a payload of `root` at default levels (full path; `validate` for the
/// envelope, which also goes through the fast path).
fn violations_of(root: TableNo, bytes: &[u8]) -> Vec<Violation> {
    if root == ENVELOPE {
        return Validator::default().validate(bytes).violations;
    }
    let (located, _) = check_model(root.0, bytes);
    Report::new(located, &Config::default()).violations
}

/// The mutant's rule is reported at its pointer, and no other error-level rule but its
/// companions.
fn reported(root: TableNo, mutant: &Mutant) -> Result<(), TestCaseError> {
    let violations = violations_of(root, &mutant.bytes);
    prop_assert!(
        violations
            .iter()
            .any(|v| v.rule() == mutant.rule && v.pointer() == mutant.pointer),
        "{}: expected {} at {:?}, found\n{}\nin\n{}",
        mutant.operator,
        mutant.rule,
        mutant.pointer,
        summary(&violations),
        text(&mutant.bytes)
    );
    let others: Vec<Violation> = violations
        .into_iter()
        .filter(|v| v.level() == Severity::Error)
        .filter(|v| v.rule() != mutant.rule && !mutant.companions.contains(&v.rule()))
        .collect();
    prop_assert!(
        others.is_empty(),
        "{}: besides {}, other errors\n{}\nin\n{}",
        mutant.operator,
        mutant.rule,
        summary(&others),
        text(&mutant.bytes)
    );
    Ok(())
}

macro_rules! models {
    ($($table:literal => $model:ty),* $(,)?) => {
        /// The full path's and the typed path's violations of an object of one table, read
        /// with that table's model.
        fn check_model(table: u8, bytes: &[u8]) -> (Vec<Violation>, Option<Vec<Violation>>) {
            match table {
                $($table => (
                    <$model>::violations_of_json(bytes),
                    serde_json::from_slice::<$model>(bytes).ok().map(|value| value.violations()),
                ),)*
                _ => panic!("no model for Table {table}"),
            }
        }

        /// The Rust name of each table's model.
        const MODEL_NAMES: &[(u8, &str)] = &[$(($table, stringify!($model))),*];
    };
}

models! {
    1 => models::UrlParams,
    2 => models::RequestHeaders,
    3 => models::Envelope,
    4 => models::Campaign,
    5 => models::ScheduleParam,
    6 => models::IvrParam,
    7 => models::SkillParam,
    8 => models::PreviewParam,
    9 => models::PredictParam,
    10 => models::ExpPredictParam,
    11 => models::AgentPredictParam,
    12 => models::ConnectPredictParam,
    13 => models::OffhookPredictParam,
    14 => models::RetryPolicy,
    15 => models::ResultRetry,
    16 => models::CallPolicy,
    17 => models::Turn,
    18 => models::BusiPolicy,
    19 => models::NumberTypePolicy,
    20 => models::PolicySetting,
}

/// The tables with fields (all but the error-code catalog).
fn tables_with_fields() -> Vec<TableNo> {
    SPEC.tables
        .iter()
        .filter(|table| table.kind != TableKind::ErrorCodes)
        .map(|table| table.number)
        .collect()
}

/// A valid object of any table, with its table.
fn any_table_object() -> BoxedStrategy<(TableNo, Value)> {
    let generator = generator();
    let choices: Vec<BoxedStrategy<(TableNo, Value)>> = tables_with_fields()
        .into_iter()
        .map(|table| {
            generator
                .object(table)
                .prop_map(move |value| (table, value))
                .boxed()
        })
        .collect();
    Union::new(choices).boxed()
}

/// The roots operators are tried on besides the envelope: the tables of the request.
fn request_tables() -> Vec<TableNo> {
    SPEC.tables
        .iter()
        .filter(|table| matches!(table.kind, TableKind::UrlParams | TableKind::Headers))
        .map(|table| table.number)
        .collect()
}

/// A valid payload with fillers, for mutation.
fn subject() -> impl Strategy<Value = (Value, Fillers)> {
    let generator = generator();
    (generator.envelope(), generator.fillers())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn generated_payloads_pass_on_both_paths(
        payload in generator().envelope(),
        style in arbitrary::style(),
    ) {
        let no_fillers = Fillers::new();
        let subject = Subject::new(&SPEC, ENVELOPE, &payload, &no_fillers);
        prop_assert!(
            subject.findings().is_empty(),
            "the generator broke presence rules {:?} in\n{}", subject.findings(), payload
        );
        for bytes in [
            serde_json::to_vec(&payload).expect("JSON"),
            serde_json::to_vec_pretty(&payload).expect("JSON"),
            subject.doc().to_text_styled(style).into_bytes(),
        ] {
            for (levels, validator) in validators() {
                let report = validator.validate(&bytes);
                prop_assert!(
                    report.violations.is_empty(),
                    "{}: a generated payload has violations\n{}\n{}",
                    levels, summary(&report.violations), text(&bytes)
                );
                prop_assert!(validator.is_clean_fast(&bytes), "{}: not clean on the fast path\n{}", levels, text(&bytes));
                let full = validator.validate_full(&bytes);
                prop_assert!(
                    full.violations.is_empty(),
                    "{}: the full path finds\n{}\n{}", levels, summary(&full.violations), text(&bytes)
                );
            }
            round_trips(&bytes)?;
        }
    }

    #[test]
    fn generated_objects_of_every_table_pass((table, value) in any_table_object()) {
        let bytes = serde_json::to_vec(&value).expect("JSON");
        let (located, typed) = check_model(table.0, &bytes);
        prop_assert!(
            located.is_empty(),
            "{}: the full path finds\n{}\n{}", table, summary(&located), value
        );
        match typed {
            Some(typed) => prop_assert!(
                typed.is_empty(),
                "{}: the typed value has\n{}\n{}", table, summary(&typed), value
            ),
            None => prop_assert!(false, "{}: the model does not read\n{}", table, value),
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// On the envelope, and on the filler objects of every table as roots of their own, so
    /// that deep branches (predictParam and its algorithms) are mutated in every case.
    #[test]
    fn every_mutation_is_reported_at_its_pointer((payload, fillers) in subject(), pick in any::<usize>()) {
        let roots = std::iter::once((ENVELOPE, &payload))
            .chain(fillers.iter().map(|(table, value)| (*table, value)));
        for (root, value) in roots {
            let subject = Subject::new(&SPEC, root, value, &fillers);
            for (index, operator) in OPERATORS.iter().enumerate() {
                if let Some(mutant) = operator.apply(&subject, pick.wrapping_add(index.wrapping_mul(7919))) {
                    reported(root, &mutant)?;
                    model_agrees(root, &mutant.bytes)?;
                }
            }
        }
    }

    #[test]
    fn mutations_of_the_request_tables_are_reported_at_their_pointers(
        seed in any::<u64>(),
        pick in any::<usize>(),
    ) {
        let generator = generator();
        let fillers = Fillers::new();
        for table in request_tables() {
            let payload = generator.generate_object(table, seed);
            let subject = Subject::new(&SPEC, table, &payload, &fillers);
            for operator in OPERATORS.iter() {
                if let Some(mutant) = operator.apply(&subject, pick) {
                    reported(table, &mutant)?;
                }
            }
        }
    }

    /// Whitespace and gratuitous escapes (in keys, strings and embedded documents) change
    /// positions, never which rules are broken where.
    #[test]
    fn violations_do_not_depend_on_spelling(
        (payload, fillers) in subject(),
        picks in proptest::collection::vec((any::<prop::sample::Index>(), any::<usize>()), 12),
        style in arbitrary::style(),
    ) {
        let subject = Subject::new(&SPEC, ENVELOPE, &payload, &fillers);
        let validator = Validator::default();
        for (operator, pick) in picks {
            let Some(mutant) = operator.get(&OPERATORS).apply(&subject, pick) else {
                continue;
            };
            let Some(doc) = &mutant.doc else {
                continue;
            };
            let styled = doc.to_text_styled(style).into_bytes();
            let plain = validator.validate(&mutant.bytes);
            let restyled = validator.validate(&styled);
            prop_assert_eq!(
                located(&plain.violations),
                located(&restyled.violations),
                "{}: the spelling changed the violations of\n{}\nwritten\n{}",
                mutant.operator, text(&mutant.bytes), text(&styled)
            );
            one_verdict(&styled)?;
        }
    }

    #[test]
    fn two_paths_one_verdict_on_mutated_payloads((payload, fillers) in subject(), pick in any::<usize>()) {
        let subject = Subject::new(&SPEC, ENVELOPE, &payload, &fillers);
        for (index, operator) in OPERATORS.iter().enumerate() {
            if let Some(mutant) = operator.apply(&subject, pick.wrapping_add(index.wrapping_mul(7919))) {
                one_verdict(&mutant.bytes)?;
                typed_agrees(&mutant.bytes)?;
                // Alias spellings come back documented: the models keep the value, not the
                // spelling, so a respelled payload cannot round-trip to the same JSON.
                if !mutant.respelled {
                    round_trips(&mutant.bytes)?;
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn two_paths_one_verdict_on_generated_payloads(payload in generator().envelope()) {
        let bytes = serde_json::to_vec(&payload).expect("JSON");
        one_verdict(&bytes)?;
        typed_agrees(&bytes)?;
    }

    #[test]
    fn two_paths_one_verdict_on_corrupted_payloads(bytes in arbitrary::corrupted(&generator())) {
        one_verdict(&bytes)?;
        typed_agrees(&bytes)?;
    }

    #[test]
    fn two_paths_one_verdict_on_arbitrary_json(value in arbitrary::json(&SPEC)) {
        let bytes = serde_json::to_vec(&value).expect("JSON");
        one_verdict(&bytes)?;
        typed_agrees(&bytes)?;
        round_trips(&bytes)?;
    }

    /// Undocumented members are where the two parsers meet arbitrary JSON (exotic numbers,
    /// deep nesting, any key) inside a payload the typed path reads, and one of the levels
    /// allows `undocumented-field`.
    #[test]
    fn two_paths_one_verdict_on_payloads_with_undocumented_members(
        bytes in arbitrary::with_undocumented(&generator()),
    ) {
        one_verdict(&bytes)?;
        typed_agrees(&bytes)?;
    }

    #[test]
    fn two_paths_one_verdict_on_arbitrary_bytes(bytes in any::<Vec<u8>>()) {
        one_verdict(&bytes)?;
    }
}

/// Operators that never find a place to act would make the mutation properties pass
/// vacuously; rules without an operator are not tested by them at all.
#[test]
fn every_operator_acts_and_every_rule_has_an_operator() {
    let generator = generator();
    let mut acted: BTreeSet<&str> = BTreeSet::new();
    let no_fillers = Fillers::new();
    for seed in 0..24 {
        let fillers = generator.generate_fillers(seed);
        let mut subjects = vec![(ENVELOPE, generator.generate(seed), &fillers)];
        for (table, value) in &fillers {
            subjects.push((*table, value.clone(), &fillers));
        }
        for table in request_tables() {
            subjects.push((table, generator.generate_object(table, seed), &no_fillers));
        }
        for (root, payload, fillers) in &subjects {
            let subject = Subject::new(&SPEC, *root, payload, fillers);
            for operator in OPERATORS.iter() {
                let pick = usize::try_from(seed).expect("small seed");
                if operator.apply(&subject, pick).is_some() {
                    acted.insert(operator.name());
                }
            }
        }
    }
    let idle: Vec<&str> = OPERATORS
        .iter()
        .map(Operator::name)
        .filter(|name| !acted.contains(name))
        .collect();
    assert!(
        idle.is_empty(),
        "operators that never acted on 24 payloads: {idle:#?}"
    );
    let covered: BTreeSet<&str> = OPERATORS.iter().map(Operator::rule).collect();
    let uncovered: Vec<&str> = SPEC
        .rules
        .iter()
        .map(|rule| rule.id.as_str())
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(
        uncovered.is_empty(),
        "rules no operator breaks: {uncovered:?}"
    );
    let names: BTreeSet<&str> = OPERATORS.iter().map(Operator::name).collect();
    assert_eq!(names.len(), OPERATORS.len(), "operator names repeat");
}

/// The models listed above are the spec's: each table's `type_name` is its model's name.
#[test]
fn the_model_of_each_table_is_named_after_it() {
    let tables = tables_with_fields();
    assert_eq!(MODEL_NAMES.len(), tables.len());
    for (table, model) in MODEL_NAMES {
        let spec_table = SPEC.table(TableNo(*table)).expect("a table");
        assert_eq!(
            model.rsplit("::").next(),
            Some(spec_table.type_name.as_str()),
            "Table {table}"
        );
    }
}

/// The deterministic entry point benchmarks and fuzz seeds use gives valid payloads of every
/// size.
#[test]
fn seeded_payloads_pass_at_every_size() {
    for (seed, size_hint) in [(0, 0), (1, 1), (2, 3), (3, 10), (4, 40)] {
        let payload = isales_generator::generate(seed, size_hint);
        let bytes = serde_json::to_vec(&payload).expect("JSON");
        let report = isales_contract::validate(&bytes);
        assert!(
            report.violations.is_empty(),
            "seed {seed}, size {size_hint}:\n{}",
            summary(&report.violations)
        );
    }
}
