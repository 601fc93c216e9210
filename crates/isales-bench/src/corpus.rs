//! The benchmark corpus: realistic response bodies generated from the spec by `isales-generator`,
//! about one in twenty broken by one of its mutation operators.
//!
//! Payload `index` of a corpus depends on the seed and the index only (candidates are drawn from
//! seeds derived from both), so a corpus is the same whatever the thread count, and a longer
//! corpus starts with the shorter one.
//!
//! - Valid payloads are success responses of 1 to 6 KiB (compact JSON, as servers send it),
//!   of every device type and retry-policy form, with the generator's embedded documents
//!   (`resultRetry`, `policyJson` and the `policy` inside it, `busiPolicy`, `turns`); one
//!   payload in fifty is a failure response (a few hundred bytes, as real ones). Values are
//!   [`Values::Realistic`]. Every valid payload is checked clean: no violation at all, warnings
//!   included.
//! - Invalid payloads are valid ones broken by one mutation operator of an error-level rule,
//!   operators taken in turn so that every kind of mistake is represented; each is checked to
//!   fail.

use std::collections::BTreeMap;
use std::fmt;

use isales_generator::mutate::{Operator, Subject, operators};
use isales_generator::{Fillers, Generator, Size, Values};
use isales_spec::{Severity, Spec, TableNo};
use rayon::prelude::*;
use serde_json::Value;

/// The smallest valid success payload, in bytes.
pub const MIN_BYTES: usize = 1024;
/// The largest valid success payload, in bytes.
pub const MAX_BYTES: usize = 6 * 1024;
/// One payload in this many is invalid.
pub const INVALID_EVERY: usize = 20;
/// One payload in this many is a (valid) failure response.
pub const FAILURE_EVERY: usize = 50;

/// The envelope table (Table 3).
const ENVELOPE: TableNo = TableNo(3);
/// Candidates drawn for one payload before giving up (never reached in practice: about one
/// candidate in three fits).
const MAX_ATTEMPTS: u64 = 10_000;
/// Valid payloads the operators are tried on, to keep those that act on response bodies.
const SAMPLES: usize = 64;
/// Valid payloads an operator is tried on before the next operator is.
const SUBJECTS_PER_OPERATOR: u64 = 8;

/// One payload of the corpus.
#[derive(Debug, Clone)]
pub struct Payload {
    /// The body, compact JSON on one line (a broken payload may not be JSON at all).
    pub bytes: Vec<u8>,
    /// What it is.
    pub kind: Kind,
}

/// What a payload is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A clean success response.
    Success {
        /// `returnObject.deviceType`.
        device_type: Option<i64>,
        /// The retry policy's form.
        policy: PolicyForm,
        /// Embedded JSON documents, nested ones included.
        embedded: usize,
    },
    /// A clean failure response.
    Failure {
        /// `resultCode`.
        code: String,
    },
    /// A payload broken by one mutation operator.
    Invalid {
        /// The operator.
        operator: String,
        /// The rule it breaks.
        rule: String,
        /// Where the validator must report it.
        pointer: String,
    },
}

impl Kind {
    /// Whether the payload is valid (and clean).
    #[must_use]
    pub fn is_valid(&self) -> bool {
        !matches!(self, Kind::Invalid { .. })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Success {
                device_type,
                policy,
                embedded,
            } => {
                let device = device_type.map_or_else(|| "-".to_owned(), |d| d.to_string());
                write!(
                    f,
                    "valid\tdeviceType={device} retryPolicy={policy} embedded={embedded}"
                )
            }
            Kind::Failure { code } => write!(f, "valid\tfailure resultCode={code}"),
            Kind::Invalid {
                operator,
                rule,
                pointer,
            } => write!(f, "invalid\t{rule} at {pointer:?} ({operator})"),
        }
    }
}

/// The form of `returnObject.retryPolicy` (Table 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyForm {
    /// No retry policy.
    Absent,
    /// A retry policy without policyType.
    Untyped,
    /// policyType 0, common form (retryDay, retryTimes, callInterval).
    Common,
    /// policyType 0, result form (resultRetry).
    ResultRetry,
    /// policyType 1 (policyJson).
    PolicyJson,
}

impl fmt::Display for PolicyForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            PolicyForm::Absent => "absent",
            PolicyForm::Untyped => "untyped",
            PolicyForm::Common => "common",
            PolicyForm::ResultRetry => "result-retry",
            PolicyForm::PolicyJson => "policy-json",
        })
    }
}

/// Why a corpus could not be made: a generated payload the validator does not find clean, or
/// a mutant it does not fail. Either is a bug of the generator or of the validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    /// What went wrong, with the payload.
    pub message: String,
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CorpusError {}

/// Makes payloads of the corpus.
#[derive(Debug)]
pub struct Builder {
    seed: u64,
    spec: Spec,
    generators: Vec<Generator>,
    fillers: Fillers,
    /// Operators of error-level rules.
    operators: Vec<Operator>,
}

impl Builder {
    /// A builder for the embedded spec.
    ///
    /// # Panics
    /// When the embedded spec does not load (a bug of this repository, which its tests catch).
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let spec = match isales_spec::load_embedded() {
            Ok(spec) => spec,
            Err(errors) => panic!("the embedded spec does not load: {errors}"),
        };
        // Hints of 4 to 10 items per embedded array: most payloads land between 1 and 6 KiB.
        let generators: Vec<Generator> = (4..=10)
            .map(|hint| {
                let size = Size::from_hint(hint).with_values(Values::Realistic);
                match Generator::new(spec.clone(), size) {
                    Ok(generator) => generator,
                    Err(error) => panic!("the generator cannot follow the embedded spec: {error}"),
                }
            })
            .collect();
        let fillers = generators[0].generate_fillers(seed);
        let mut builder = Builder {
            seed,
            spec,
            generators,
            fillers,
            operators: Vec::new(),
        };
        // Operators of error-level rules that act on response bodies: not those of the request
        // tables, nor those whose place no generated body offers.
        let samples: Vec<Value> = (0..SAMPLES)
            .filter_map(|sample| {
                builder
                    .candidate(usize::MAX - sample, 0, |value, _| !is_failure(value))
                    .ok()
                    .map(|(value, _)| value)
            })
            .collect();
        let subjects: Vec<Subject<'_>> = samples
            .iter()
            .map(|value| Subject::new(&builder.spec, ENVELOPE, value, &builder.fillers))
            .collect();
        let operators: Vec<Operator> = operators(&builder.spec)
            .into_iter()
            .filter(|operator| {
                builder
                    .spec
                    .rule(operator.rule())
                    .is_some_and(|rule| rule.severity == Severity::Error)
                    && subjects
                        .iter()
                        .any(|subject| operator.site_count(subject) > 0)
            })
            .collect();
        drop(subjects);
        builder.operators = operators;
        builder
    }

    /// The operators invalid payloads are made with, in turn.
    #[must_use]
    pub fn operators(&self) -> &[Operator] {
        &self.operators
    }

    /// The first `count` payloads, made on every core.
    ///
    /// # Errors
    /// When a valid payload is not clean or a mutant passes.
    pub fn payloads(&self, count: usize) -> Result<Vec<Payload>, CorpusError> {
        (0..count)
            .into_par_iter()
            .map(|index| self.payload(index))
            .collect()
    }

    /// Payload `index`.
    ///
    /// # Errors
    /// When a valid payload is not clean or a mutant passes.
    pub fn payload(&self, index: usize) -> Result<Payload, CorpusError> {
        if index % INVALID_EVERY == INVALID_EVERY - 1 {
            return self.invalid(index);
        }
        let failure = index.is_multiple_of(FAILURE_EVERY);
        let (value, bytes) = self.candidate(index, 0, |value, bytes| {
            if failure {
                is_failure(value)
            } else {
                !is_failure(value) && (MIN_BYTES..=MAX_BYTES).contains(&bytes.len())
            }
        })?;
        let report = isales_contract::validate(&bytes);
        if !report.violations.is_empty() {
            return Err(CorpusError {
                message: format!(
                    "payload {index} was generated valid, yet the validator reports\n{report}\n{}",
                    String::from_utf8_lossy(&bytes)
                ),
            });
        }
        let kind = if failure {
            Kind::Failure {
                code: value["resultCode"].as_str().unwrap_or_default().to_owned(),
            }
        } else {
            Kind::Success {
                device_type: value["returnObject"]["deviceType"].as_i64(),
                policy: policy_form(&value["returnObject"]["retryPolicy"]),
                embedded: embedded_documents(&value),
            }
        };
        Ok(Payload { bytes, kind })
    }

    /// Payload `index`, broken: operators in turn from `index`, each tried on a few valid
    /// success payloads before the next, so that operators with few sites (a rule of
    /// previewParam) are represented as well as those that apply everywhere.
    fn invalid(&self, index: usize) -> Result<Payload, CorpusError> {
        let first = index / INVALID_EVERY;
        for offset in 0..self.operators.len() {
            let operator = &self.operators[(first + offset) % self.operators.len()];
            for attempt in 0..SUBJECTS_PER_OPERATOR {
                let start = (offset as u64 * SUBJECTS_PER_OPERATOR + attempt) * MAX_ATTEMPTS;
                let (value, _) = self.candidate(index, start, |value, bytes| {
                    !is_failure(value) && (MIN_BYTES..=MAX_BYTES).contains(&bytes.len())
                })?;
                let subject = Subject::new(&self.spec, ENVELOPE, &value, &self.fillers);
                let pick = mix(self.seed, index as u64, start) as usize;
                let Some(mutant) = operator.apply(&subject, pick) else {
                    continue;
                };
                // One payload per NDJSON line: operators that write raw text may break lines.
                if mutant.bytes.contains(&b'\n') {
                    continue;
                }
                if isales_contract::validate(&mutant.bytes).passed() {
                    return Err(CorpusError {
                        message: format!(
                            "payload {index}: operator `{}` breaks `{}` at {:?}, yet the \
                             validator passes\n{}",
                            mutant.operator,
                            mutant.rule,
                            mutant.pointer,
                            String::from_utf8_lossy(&mutant.bytes)
                        ),
                    });
                }
                return Ok(Payload {
                    bytes: mutant.bytes,
                    kind: Kind::Invalid {
                        operator: mutant.operator,
                        rule: mutant.rule,
                        pointer: mutant.pointer,
                    },
                });
            }
        }
        Err(CorpusError {
            message: format!("payload {index}: no operator applies to any candidate"),
        })
    }

    /// The first candidate for payload `index` (from `attempt` on) that `accept` takes, with
    /// its compact text.
    fn candidate(
        &self,
        index: usize,
        attempt: u64,
        accept: impl Fn(&Value, &[u8]) -> bool,
    ) -> Result<(Value, Vec<u8>), CorpusError> {
        for attempt in attempt..attempt + MAX_ATTEMPTS {
            let seed = mix(self.seed, index as u64, attempt);
            let generator = &self.generators[(seed % self.generators.len() as u64) as usize];
            let value = generator.generate(seed);
            let bytes = value.to_string().into_bytes();
            if accept(&value, &bytes) {
                return Ok((value, bytes));
            }
        }
        Err(CorpusError {
            message: format!("payload {index}: no candidate fits in {MAX_ATTEMPTS} attempts"),
        })
    }
}

/// Counts of the kinds of payloads, for the generator's summary.
#[must_use]
pub fn summary(payloads: &[Payload]) -> String {
    let mut success: BTreeMap<(Option<i64>, PolicyForm), usize> = BTreeMap::new();
    let mut failures = 0;
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    let mut embedded = 0;
    let mut bytes = 0;
    for payload in payloads {
        bytes += payload.bytes.len();
        match &payload.kind {
            Kind::Success {
                device_type,
                policy,
                embedded: documents,
            } => {
                *success.entry((*device_type, *policy)).or_default() += 1;
                embedded += documents;
            }
            Kind::Failure { .. } => failures += 1,
            Kind::Invalid { rule, .. } => *rules.entry(rule).or_default() += 1,
        }
    }
    let successes: usize = success.values().sum();
    let invalid: usize = rules.values().sum();
    let mut text = format!(
        "{} payloads, {bytes} bytes (mean {} bytes): {successes} valid success responses \
         ({:.1} embedded documents each on average), {failures} valid failure responses, \
         {invalid} invalid ({} rules)\n",
        payloads.len(),
        bytes / payloads.len().max(1),
        embedded as f64 / successes.max(1) as f64,
        rules.len(),
    );
    text.push_str("valid success responses by deviceType and retryPolicy form:\n");
    for ((device, policy), count) in success {
        let device = device.map_or_else(|| "-".to_owned(), |d| d.to_string());
        text.push_str(&format!("  deviceType {device:>2}  {policy:<13} {count}\n"));
    }
    text
}

fn is_failure(value: &Value) -> bool {
    value["resultCode"] != "0200000"
}

fn policy_form(policy: &Value) -> PolicyForm {
    if !policy.is_object() {
        return PolicyForm::Absent;
    }
    match policy["policyType"].as_i64() {
        Some(1) => PolicyForm::PolicyJson,
        Some(_) if !policy["resultRetry"].is_null() => PolicyForm::ResultRetry,
        Some(_) => PolicyForm::Common,
        None => PolicyForm::Untyped,
    }
}

/// Strings that hold JSON documents (the spec's embedded rows), nested ones included.
fn embedded_documents(value: &Value) -> usize {
    const EMBEDDED: [&str; 5] = ["resultRetry", "policyJson", "policy", "busiPolicy", "turns"];
    match value {
        Value::Object(members) => members
            .iter()
            .map(|(key, member)| match member {
                Value::String(text) if EMBEDDED.contains(&key.as_str()) => {
                    1 + serde_json::from_str::<Value>(text)
                        .map_or(0, |document| embedded_documents(&document))
                }
                other => embedded_documents(other),
            })
            .sum(),
        Value::Array(items) => items.iter().map(embedded_documents).sum(),
        _ => 0,
    }
}

/// A seed for candidate `attempt` of payload `index` (SplitMix64 of the three).
fn mix(seed: u64, index: u64, attempt: u64) -> u64 {
    let mut z = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(index.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(attempt.wrapping_mul(0x94D0_49BB_1331_11EB));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_depend_on_seed_and_index_only() {
        let builder = Builder::new(7);
        let together = builder.payloads(INVALID_EVERY + 1).expect("corpus");
        let alone = builder.payload(INVALID_EVERY - 1).expect("payload");
        assert_eq!(together[INVALID_EVERY - 1].bytes, alone.bytes);
        assert!(!alone.kind.is_valid(), "one in {INVALID_EVERY} is invalid");
        assert!(matches!(together[0].kind, Kind::Failure { .. }));
        for payload in &together[1..INVALID_EVERY - 1] {
            assert!(matches!(payload.kind, Kind::Success { .. }));
            assert!((MIN_BYTES..=MAX_BYTES).contains(&payload.bytes.len()));
            assert!(!payload.bytes.contains(&b'\n'));
        }
        let other = Builder::new(8).payload(1).expect("payload");
        assert_ne!(other.bytes, together[1].bytes);
    }
}
