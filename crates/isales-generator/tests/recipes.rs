//! Recipes from the outside: every form, every rule a response can break, every quirk and
//! every failure code, each payload held to the validator by the test as well as by the
//! generator's own proof.

use std::collections::BTreeSet;

use isales_generator::{
    CallForm, Dimension, FormFilter, Generator, Payload, Quirk, Recipe, RecipeError, RetryForm,
    Size,
};
use isales_vocabulary::RuleId;
use isales_vocabulary::Severity;

fn generator() -> Generator {
    Generator::embedded(Size::SMALL)
}

fn errors(payload: &Payload) -> BTreeSet<&'static str> {
    isales_contract::validate(&payload.bytes)
        .violations
        .iter()
        .filter(|v| v.level() == Severity::Error)
        .map(|v| v.rule())
        .collect()
}

fn rules(payload: &Payload) -> BTreeSet<&'static str> {
    isales_contract::validate(&payload.bytes)
        .violations
        .iter()
        .map(|v| v.rule())
        .collect()
}

#[test]
fn a_few_dozen_valid_payloads_hold_every_form() {
    let generator = generator();
    let recipe = Recipe::default();
    let mut devices = BTreeSet::new();
    let mut methods = BTreeSet::new();
    let mut retries = BTreeSet::new();
    let mut calls = BTreeSet::new();
    for index in 0..36 {
        let payload = generator
            .payload(&recipe, 7, index)
            .expect("a valid payload");
        assert!(
            errors(&payload).is_empty(),
            "{}",
            String::from_utf8_lossy(&payload.bytes)
        );
        devices.extend(payload.form.device_type);
        methods.extend(payload.form.predict_method);
        retries.extend(payload.form.retry_policy);
        calls.extend(payload.form.call_policy);
    }
    let dimensions = generator.dimensions();
    let all = |dimension| -> BTreeSet<i64> {
        let enumeration = dimensions.enumeration(dimension).expect("a coded row");
        enumeration.values.iter().map(|v| v.value).collect()
    };
    assert_eq!(devices, all(Dimension::DeviceType));
    assert_eq!(methods, all(Dimension::PredictMethod));
    assert_eq!(retries, RetryForm::ALL.into_iter().collect());
    assert_eq!(calls, CallForm::ALL.into_iter().collect());
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    let generator = generator();
    let recipe = Recipe::default();
    let one = generator.payload(&recipe, 1, 3).expect("a payload");
    assert_eq!(one, generator.payload(&recipe, 1, 3).expect("a payload"));
    assert_ne!(
        one.bytes,
        generator.payload(&recipe, 2, 3).expect("a payload").bytes
    );
    assert_ne!(
        one.bytes,
        generator.payload(&recipe, 1, 4).expect("a payload").bytes
    );
}

#[test]
fn filters_give_the_form_asked() {
    let generator = generator();
    let mut form = FormFilter::default();
    form.set(generator.dimensions(), "out-bound-type=previewed")
        .expect("a filter");
    form.set(generator.dimensions(), "retry-policy=number-type")
        .expect("a filter");
    let recipe = Recipe {
        form,
        ..Recipe::default()
    };
    for index in 0..6 {
        let payload = generator.payload(&recipe, 11, index).expect("a payload");
        assert_eq!(payload.form.device_type, Some(5));
        assert_eq!(payload.form.retry_policy, Some(RetryForm::NumberType));
        assert!(errors(&payload).is_empty());
    }
    let mut impossible = FormFilter::default();
    impossible
        .set(generator.dimensions(), "device-type=1")
        .expect("a filter");
    impossible
        .set(generator.dimensions(), "predict-method=2")
        .expect("a filter");
    let error = generator
        .payload(
            &Recipe {
                form: impossible,
                ..Recipe::default()
            },
            0,
            0,
        )
        .expect_err("IVR campaigns have no predictParam");
    assert!(matches!(error, RecipeError::NotMade { .. }), "{error}");
}

#[test]
fn every_rule_a_response_can_break_is_broken_alone() {
    let generator = generator();
    let mut request_only = Vec::new();
    let mut failed = Vec::new();
    for rule in RuleId::ALL {
        let recipe = Recipe {
            violate: vec![rule],
            ..Recipe::default()
        };
        match generator.payload(&recipe, 5, 0) {
            Ok(payload) => {
                let reported = rules(&payload);
                assert!(reported.contains(rule.as_str()), "{rule}: {reported:?}");
                let companions: BTreeSet<&str> =
                    payload.companions.iter().map(|r| r.as_str()).collect();
                let others: Vec<&str> = errors(&payload)
                    .into_iter()
                    .filter(|r| *r != rule.as_str() && !companions.contains(r))
                    .collect();
                assert!(others.is_empty(), "{rule}: {others:?}");
                assert_eq!(payload.broken[0].rule, rule);
            }
            Err(RecipeError::RequestOnly { .. }) => request_only.push(rule.as_str()),
            Err(error) => failed.push(format!("{rule}: {error}")),
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
    assert_eq!(request_only, ["content-type-header", "locale-format"]);
}

#[test]
fn every_quirk_reports_the_rule_the_spec_gives_it() {
    let generator = generator();
    for quirk in Quirk::ALL {
        let recipe = Recipe {
            quirks: vec![quirk],
            ..Recipe::default()
        };
        for index in 0..3 {
            let payload = generator
                .payload(&recipe, 9, index)
                .unwrap_or_else(|error| panic!("{quirk}: {error}"));
            let reported = rules(&payload);
            match quirk.rule() {
                Some(rule) => assert!(reported.contains(rule.as_str()), "{quirk}: {reported:?}"),
                None => assert!(errors(&payload).is_empty(), "{quirk}: {reported:?}"),
            }
            let others: Vec<&str> = errors(&payload)
                .into_iter()
                .filter(|r| quirk.rule().is_none_or(|rule| rule.as_str() != *r))
                .collect();
            assert!(others.is_empty(), "{quirk}: {others:?}");
        }
    }
}

#[test]
fn every_failure_code_gives_its_envelope() {
    let generator = generator();
    for code in generator.spec().error_codes() {
        let payload = generator.failure(&code.code, 3, 0).expect("a listed code");
        let value: serde_json::Value = serde_json::from_slice(&payload.bytes).expect("JSON");
        assert_eq!(value["resultCode"], code.code.as_str());
        assert!(errors(&payload).is_empty(), "{}", code.code);
    }
    assert!(matches!(
        generator.failure("0000000", 3, 0),
        Err(RecipeError::UnknownErrorCode { .. })
    ));
}

/// The command generates in parallel and a server shares one generator between requests.
#[test]
fn a_generator_is_shared_between_threads() {
    fn shared<T: Send + Sync>(_: &T) {}
    let generator = generator();
    shared(&generator);
    let payload = std::thread::scope(|scope| {
        scope
            .spawn(|| generator.payload(&Recipe::default(), 1, 0))
            .join()
            .expect("no panic")
    });
    assert!(payload.is_ok());
}

#[test]
fn several_rules_break_together_each_at_its_pointer() {
    let generator = generator();
    let recipe = Recipe {
        violate: vec![
            RuleId::NameLength,
            RuleId::DuplicateKey,
            RuleId::MalformedJson,
        ],
        ..Recipe::default()
    };
    for index in 0..3 {
        let payload = generator
            .payload(&recipe, 21, index)
            .expect("three rules at once");
        let broken: Vec<RuleId> = payload.broken.iter().map(|b| b.rule).collect();
        assert_eq!(broken, recipe.violate);
        let reported = rules(&payload);
        for rule in &recipe.violate {
            assert!(reported.contains(rule.as_str()), "{rule}: {reported:?}");
        }
    }
    // Raw text can only be broken last: nothing is left to parse after it.
    let recipe = Recipe {
        violate: vec![RuleId::MalformedJson, RuleId::NameLength],
        ..Recipe::default()
    };
    let error = generator.payload(&recipe, 21, 0).expect_err("text first");
    assert!(error.to_string().contains("raw text"), "{error}");
}
