//! The entry points: raw payloads and typed values to [`Report`]s.
//!
//! Raw payloads go through two paths with one verdict:
//! - the fast path deserializes straight into the models ([`Envelope`]) and runs the derived
//!   rules on the typed value. A payload that deserializes and breaks no rule (at the
//!   configured levels) is done: it never pays for spans or positions.
//! - anything else (a deserialization error, or any violation to report) takes the full path:
//!   the located parser and the same rules on the tree, which finds every violation and its
//!   line and column.
//!
//! The fast path only ever answers "clean"; every other answer comes from the full path, so the
//! two cannot disagree as long as a payload the fast path calls clean is clean on the full
//! path too. A property test holds them to it.

use crate::contract::Contract;
use crate::models::Envelope;
use crate::report::{Config, Report, Verdict};

/// Validates payloads under one configuration.
#[derive(Debug, Clone, Default)]
pub struct Validator {
    config: Config,
}

impl Validator {
    /// A validator with the given levels.
    #[must_use]
    pub fn new(config: Config) -> Self {
        Validator { config }
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Validates a payload: the verdict and every violation, with positions.
    #[must_use]
    pub fn validate(&self, bytes: &[u8]) -> Report {
        if self.is_clean_fast(bytes) {
            return Report {
                verdict: Verdict::Pass,
                violations: Vec::new(),
            };
        }
        self.validate_full(bytes)
    }

    /// The fast path alone: `true` when the payload deserializes into the models and nothing
    /// is left to report at the configured levels. `false` means "ask the full path".
    #[must_use]
    pub fn is_clean_fast(&self, bytes: &[u8]) -> bool {
        let Ok(envelope) = serde_json::from_slice::<Envelope>(bytes) else {
            return false;
        };
        let mut violations = envelope.violations();
        self.config.apply(&mut violations);
        violations.is_empty()
    }

    /// The full path alone: every violation with its position.
    #[must_use]
    pub fn validate_full(&self, bytes: &[u8]) -> Report {
        Report::new(Envelope::violations_of_json(bytes), &self.config)
    }

    /// Validates a typed value (no positions: there are no bytes).
    #[must_use]
    pub fn validate_value<T: Contract>(&self, value: &T) -> Report {
        Report::new(value.violations(), &self.config)
    }
}

/// Validates a payload at default levels.
#[must_use]
pub fn validate(bytes: &[u8]) -> Report {
    Validator::default().validate(bytes)
}

/// Validates a payload under `config`.
#[must_use]
pub fn validate_with(bytes: &[u8], config: &Config) -> Report {
    Validator::new(config.clone()).validate(bytes)
}
