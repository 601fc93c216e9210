//! Payloads to order: a [`Recipe`] says which form a campaign takes, which rules it breaks
//! and which quirks it carries; [`Generator::payload`] makes one and proves it.
//!
//! A payload is made in steps, each deterministic in the seed and the payload's index:
//!
//! 1. **The form.** The dimensions the recipe fixes are pinned; the others follow a plan that
//!    cycles through every value of every dimension (device types, predict methods, retry and
//!    call policies), so a few dozen payloads hold every form even when chance would not.
//!    The form is read back from the payload ([`Form::of`]): the spec's rules win over a pin
//!    they contradict, and a form no payload can take is an error, not a wrong payload.
//! 2. **The quirks**, applied to the document.
//! 3. **The violations**, one mutation operator per rule (in turn, on the document the last
//!    one left), each at a site the seed picks.
//! 4. **The proof.** The validator checks the bytes: every rule broken is reported at the
//!    pointer the payload says, and no other rule at error level but the unavoidable
//!    companions of one. A payload that fails the proof is never returned; the next attempt
//!    takes another site, another plan entry and another seed, and after [`ATTEMPTS`] the
//!    recipe is refused with what stood in the way. A recipe that asks for violations alone
//!    starts every other attempt from a failure envelope, for the rules only failures break.

use std::collections::BTreeSet;
use std::fmt;

use isales_spec::TableKind;
use isales_vocabulary::{RuleId, Severity, wiring};
use serde_json::Value;

use crate::doc::Doc;
use crate::fillers::Fillers;
use crate::form::{CallForm, Dimension, Form, FormFilter, RetryForm};
use crate::generate::{Generator, Pin};
use crate::mutate::{Operator, Subject};
use crate::quirk::{self, Quirk};

/// How many payloads a recipe may try for one index before it is refused.
pub const ATTEMPTS: u64 = 96;

/// What a payload should be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipe {
    /// The form dimensions fixed; the others vary.
    pub form: FormFilter,
    /// The rules the payload breaks, each exactly once (none: a valid payload).
    pub violate: Vec<RuleId>,
    /// The quirks it carries.
    pub quirks: Vec<Quirk>,
}

/// A rule a payload breaks, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Broken {
    /// The rule.
    pub rule: RuleId,
    /// The JSON pointer the validator reports it at.
    pub pointer: String,
    /// What broke it: a quirk, or `None` for a violation the recipe asked for.
    pub quirk: Option<Quirk>,
}

/// A generated payload with what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// The seed of the run it belongs to.
    pub seed: u64,
    /// Its index in the run.
    pub index: u64,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Its form, read back from it.
    pub form: Form,
    /// The quirks it carries.
    pub quirks: Vec<Quirk>,
    /// The rules it breaks, with their pointers (a quirk's rule included).
    pub broken: Vec<Broken>,
    /// Rules that break unavoidably with one of those (reported too, at error level).
    pub companions: Vec<RuleId>,
    /// The failure code of Table 21 it carries, for a failure envelope.
    pub error_code: Option<String>,
}

/// Why no payload follows a recipe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipeError {
    /// The quirks need a form the filter excludes (single-quoted `policyJson` without
    /// number-type retry policies, ...).
    QuirkAgainstForm {
        /// The quirk.
        quirk: Quirk,
    },
    /// A rule only a request can break (a URL parameter, a header).
    RequestOnly {
        /// The rule.
        rule: RuleId,
    },
    /// No payload of the form, quirks and other violations could be made to break the rule
    /// alone (or, without violations, to take the form) in [`ATTEMPTS`] tries.
    NotMade {
        /// What was asked.
        recipe: Box<Recipe>,
        /// The last obstacle met.
        reason: String,
    },
    /// A failure code Table 21 does not list.
    UnknownErrorCode {
        /// The code given.
        code: String,
        /// Every code of Table 21.
        valid: Vec<String>,
    },
}

impl fmt::Display for RecipeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecipeError::QuirkAgainstForm { quirk } => {
                write!(f, "quirk {quirk} needs a form the --form filters exclude")
            }
            RecipeError::RequestOnly { rule } => write!(
                f,
                "rule {rule} is about the request (its URL or headers); a response cannot break it"
            ),
            RecipeError::NotMade { recipe, reason } => {
                write!(f, "no payload")?;
                if !recipe.form.is_empty() {
                    write!(f, " of the form asked")?;
                }
                if !recipe.violate.is_empty() {
                    let rules: Vec<&str> = recipe.violate.iter().map(|r| r.as_str()).collect();
                    write!(f, " breaking {} alone", rules.join(" and "))?;
                }
                write!(f, " in {ATTEMPTS} attempts: {reason}")
            }
            RecipeError::UnknownErrorCode { code, valid } => write!(
                f,
                "{code} is not a code of Table 21; the codes are {}",
                valid.join(", ")
            ),
        }
    }
}

impl std::error::Error for RecipeError {}

impl Generator {
    /// Payload number `index` of a run seeded with `seed`, made to `recipe` and confirmed by
    /// the validator (see the [module documentation](self)). The same arguments give the same
    /// bytes on every machine; the payloads of one seed differ from each other and from
    /// another seed's.
    ///
    /// Meant for the embedded spec: the proof is the `isales-contract` validator, which
    /// checks that contract.
    ///
    /// # Errors
    /// When no payload can follow the recipe ([`RecipeError`] says why).
    pub fn payload(&self, recipe: &Recipe, seed: u64, index: u64) -> Result<Payload, RecipeError> {
        let mut filter = recipe.form;
        for quirk in &recipe.quirks {
            if !quirk.steer(&mut filter) {
                return Err(RecipeError::QuirkAgainstForm { quirk: *quirk });
            }
        }
        for rule in &recipe.violate {
            if self.request_only(*rule) {
                return Err(RecipeError::RequestOnly { rule: *rule });
            }
        }
        let mut reason = String::from("no attempt was made");
        // Plan entries advance with the attempts that start from a success envelope only, so
        // that alternating with failures does not skip every other form.
        let mut planned = 0;
        // The objects operators add (a sub-object a condition does not call for) are made
        // once per payload, not per attempt: they are a whole set of tables.
        let fillers = if recipe.violate.is_empty() {
            Fillers::new()
        } else {
            self.generate_fillers(mix(seed, index, u64::MAX))
        };
        for attempt in 0..ATTEMPTS {
            let entry = self.plan(&filter, index.wrapping_add(planned));
            let mut pins = self.pins(&entry);
            if recipe.quirks.contains(&Quirk::CampaignId) {
                let campaign = wiring::envelope::RETURN_OBJECT.name.to_owned();
                for name in quirk::off_page_rows(self.spec()) {
                    pins.push((vec![campaign.clone(), name], Pin::Present));
                }
            }
            // Rules about failures (a campaign sent with a failure code) need a failure
            // envelope to break: every other attempt of a recipe that fixes nothing but
            // its violations starts from one.
            let failing = !recipe.violate.is_empty()
                && recipe.form.is_empty()
                && recipe.quirks.is_empty()
                && attempt % 2 == 1;
            let codes = self.spec().error_codes().len().max(1);
            let failure = failing
                .then(|| usize::try_from(mix(seed, index, attempt) % codes as u64).unwrap_or(0));
            if failure.is_none() {
                planned += 1;
            }
            let value = self.steered(&pins, failure, mix(seed, index, attempt));
            let form = Form::of(self.dimensions(), &value);
            if !form.matches(&filter) {
                reason = format!("the spec's rules gave {form} instead");
                continue;
            }
            match self.follow(recipe, &value, &fillers, mix(seed, index, attempt ^ 0x5555)) {
                Ok(Made {
                    bytes,
                    broken,
                    companions,
                }) => {
                    return Ok(Payload {
                        seed,
                        index,
                        bytes,
                        form,
                        quirks: recipe.quirks.clone(),
                        broken,
                        companions,
                        error_code: None,
                    });
                }
                Err(why) => reason = why,
            }
        }
        Err(RecipeError::NotMade {
            recipe: Box::new(recipe.clone()),
            reason,
        })
    }

    /// Failure envelope number `index` of a run seeded with `seed`, of a Table 21 code: the
    /// same for the same arguments, like [`Generator::payload`].
    ///
    /// # Errors
    /// When Table 21 has no such code.
    pub fn failure(&self, code: &str, seed: u64, index: u64) -> Result<Payload, RecipeError> {
        let codes = self.spec().error_codes();
        let Some(position) = codes.iter().position(|known| known.code == code) else {
            return Err(RecipeError::UnknownErrorCode {
                code: code.to_owned(),
                valid: codes.iter().map(|known| known.code.clone()).collect(),
            });
        };
        let value = self.steered(&[], Some(position), mix(seed, index, 0));
        let bytes = serde_json::to_vec(&value).expect("a serde_json::Value always serializes");
        Ok(Payload {
            seed,
            index,
            bytes,
            form: Form::default(),
            quirks: Vec::new(),
            broken: Vec::new(),
            companions: Vec::new(),
            error_code: Some(code.to_owned()),
        })
    }

    /// Whether every row a rule rests on is in the request's tables.
    fn request_only(&self, rule: RuleId) -> bool {
        let docs = rule.rule().docs;
        !docs.is_empty()
            && docs.iter().all(|doc| {
                self.spec()
                    .tables
                    .iter()
                    .find(|table| table.number.0 == doc.table)
                    .is_some_and(|table| {
                        matches!(table.kind, TableKind::UrlParams | TableKind::Headers)
                    })
            })
    }

    /// Entry `index` of the plan: every dimension the filter leaves open takes the next
    /// value of its cycle. The cycles have co-prime-ish lengths, and predict methods advance
    /// once per round of device types, so that predictive campaigns meet every algorithm.
    fn plan(&self, filter: &FormFilter, index: u64) -> FormFilter {
        let dimensions = self.dimensions();
        let devices = dimensions.codes(Dimension::DeviceType);
        let rounds = index / u64::try_from(devices.len().max(1)).unwrap_or(1);
        let device_type = filter
            .device_type
            .or(filter.out_bound_type)
            .or_else(|| cycle(&devices, index));
        FormFilter {
            device_type,
            out_bound_type: filter.out_bound_type,
            predict_method: filter
                .predict_method
                .or_else(|| cycle(&dimensions.codes(Dimension::PredictMethod), rounds)),
            retry_policy: filter
                .retry_policy
                .or_else(|| cycle(&RetryForm::ALL, index)),
            call_policy: filter.call_policy.or_else(|| cycle(&CallForm::ALL, index)),
        }
    }

    /// The pins of a plan entry, as paths from the envelope.
    fn pins(&self, entry: &FormFilter) -> Vec<(Vec<String>, Pin)> {
        let dimensions = self.dimensions();
        let campaign = wiring::envelope::RETURN_OBJECT.name.to_owned();
        let path = |rest: &[String]| -> Vec<String> {
            std::iter::once(campaign.clone())
                .chain(rest.iter().cloned())
                .collect()
        };
        let below = |container: &[String], name: &str| -> Vec<String> {
            let mut full = path(container);
            full.push(name.to_owned());
            full
        };
        let mut pins = vec![(vec![campaign.clone()], Pin::Present)];
        let mut code = |rows: &[String], value: Option<i64>| {
            if let Some(value) = value {
                pins.push((path(rows), Pin::Value(Value::from(value))));
            }
        };
        code(&dimensions.device_type, entry.device_type);
        code(&dimensions.out_bound_type, entry.out_bound_type);
        code(&dimensions.predict_method, entry.predict_method);
        let retry = &dimensions.retry_policy;
        let policy_type = |value: i64| {
            (
                below(retry, &dimensions.policy_type),
                Pin::Value(Value::from(value)),
            )
        };
        match entry.retry_policy {
            None => {}
            Some(RetryForm::Absent) => pins.push((path(retry), Pin::Absent)),
            Some(RetryForm::Common) => {
                pins.push(policy_type(dimensions.global));
                for name in &dimensions.common_form {
                    pins.push((below(retry, name), Pin::Present));
                }
                for name in &dimensions.result_form {
                    pins.push((below(retry, name), Pin::Absent));
                }
            }
            Some(RetryForm::PerResult) => {
                pins.push(policy_type(dimensions.global));
                for name in &dimensions.result_form {
                    pins.push((below(retry, name), Pin::Present));
                }
                if let Some(first) = dimensions.common_form.first() {
                    pins.push((below(retry, first), Pin::Absent));
                }
            }
            Some(RetryForm::NumberType) => pins.push(policy_type(dimensions.number_type)),
        }
        let call = &dimensions.call_policy;
        let call_type = |value: i64| {
            (
                below(call, &dimensions.call_type),
                Pin::Value(Value::from(value)),
            )
        };
        match entry.call_policy {
            None => {}
            Some(CallForm::Absent) => pins.push((path(call), Pin::Absent)),
            Some(CallForm::Sequence) => pins.push(call_type(dimensions.sequence)),
            Some(CallForm::Round) => pins.push(call_type(dimensions.round)),
        }
        pins
    }

    /// Steps 2 to 4 on one valid payload: the quirks, the violations, the proof.
    fn follow(
        &self,
        recipe: &Recipe,
        value: &Value,
        fillers: &Fillers,
        seed: u64,
    ) -> Result<Made, String> {
        if recipe.quirks.is_empty() && recipe.violate.is_empty() {
            // Nothing to change: the value is written as it is, without the round trip
            // through a `Doc` that re-reads every embedded document.
            let bytes = serde_json::to_vec(value).expect("a serde_json::Value always serializes");
            prove(&bytes, &[], &[])?;
            return Ok(Made {
                bytes,
                broken: Vec::new(),
                companions: Vec::new(),
            });
        }
        let spec = self.spec();
        let envelope = spec.table_of_kind(TableKind::Envelope);
        let mut doc = Doc::from_value(spec, envelope, value);
        let mut broken = Vec::new();
        for quirk in &recipe.quirks {
            let pointers = quirk
                .apply(spec, &mut doc)
                .ok_or_else(|| format!("the payload had no place for quirk {quirk}"))?;
            if let Some(rule) = quirk.rule() {
                broken.extend(pointers.into_iter().map(|pointer| Broken {
                    rule,
                    pointer,
                    quirk: Some(*quirk),
                }));
            }
        }
        let mut companions = BTreeSet::new();
        let mut text = None;
        if !recipe.violate.is_empty() {
            for (turn, rule) in recipe.violate.iter().enumerate() {
                if text.is_some() {
                    return Err("a rule about the raw text must be broken last".to_owned());
                }
                let operators: Vec<&Operator> = self
                    .operators()
                    .iter()
                    .filter(|operator| operator.rule() == rule.as_str())
                    .collect();
                if operators.is_empty() {
                    return Err(format!("no mutation operator breaks {rule}"));
                }
                let subject = Subject::from_doc(spec, doc.clone(), fillers);
                let pick = usize::try_from(mix(seed, turn as u64, 1) >> 1).unwrap_or(usize::MAX);
                let start = pick % operators.len();
                let mutant = (0..operators.len())
                    .find_map(|offset| {
                        operators[(start + offset) % operators.len()].apply(&subject, pick)
                    })
                    .ok_or_else(|| format!("this payload offers {rule} no site"))?;
                broken.push(Broken {
                    rule: *rule,
                    pointer: mutant.pointer.clone(),
                    quirk: None,
                });
                companions.extend(
                    mutant
                        .companions
                        .iter()
                        .filter_map(|id| RuleId::from_id(id)),
                );
                match mutant.doc {
                    Some(changed) => doc = changed,
                    None => text = Some(mutant.bytes),
                }
            }
        }
        let bytes = text.unwrap_or_else(|| doc.to_text().into_bytes());
        let companions: Vec<RuleId> = companions.into_iter().collect();
        prove(&bytes, &broken, &companions)?;
        Ok(Made {
            bytes,
            broken,
            companions,
        })
    }
}

/// A payload made and proved, before it is named.
struct Made {
    bytes: Vec<u8>,
    broken: Vec<Broken>,
    companions: Vec<RuleId>,
}

/// The validator's verdict on a made payload: every rule broken is reported at its pointer,
/// and no other rule at error level.
fn prove(bytes: &[u8], broken: &[Broken], companions: &[RuleId]) -> Result<(), String> {
    let report = isales_contract::validate(bytes);
    for expected in broken {
        let found = report
            .violations
            .iter()
            .any(|v| v.rule() == expected.rule.as_str() && v.pointer() == expected.pointer);
        if !found {
            return Err(format!(
                "{} was not reported at {:?}",
                expected.rule, expected.pointer
            ));
        }
    }
    let allowed: BTreeSet<&str> = broken
        .iter()
        .map(|b| b.rule.as_str())
        .chain(companions.iter().map(|r| r.as_str()))
        .collect();
    if let Some(other) = report
        .violations
        .iter()
        .find(|v| v.level() == Severity::Error && !allowed.contains(v.rule()))
    {
        return Err(format!(
            "{} broke too, at {:?}",
            other.rule(),
            other.pointer()
        ));
    }
    Ok(())
}

/// Entry `index` of a cycle through `values`.
fn cycle<T: Copy>(values: &[T], index: u64) -> Option<T> {
    let len = u64::try_from(values.len()).ok().filter(|len| *len > 0)?;
    values.get(usize::try_from(index % len).ok()?).copied()
}

/// A seed per (run, payload, attempt), SplitMix64-style, so neighbouring indices and attempts
/// start from unrelated states.
fn mix(seed: u64, index: u64, attempt: u64) -> u64 {
    let mut z = seed
        ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ attempt.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
