//! The entry points: raw payloads and typed values to [`Report`]s.
//!
//! Raw payloads can take two paths with one verdict:
//! - the typed path ([`Validator::is_clean_fast`]) deserializes straight into the models
//!   ([`Envelope`]) and runs the derived rules on the typed value. It only ever answers "clean"
//!   (or "ask the located path"): it has no positions.
//! - the located path ([`Validator::validate_full`]) parses into a located tree (in an arena,
//!   see [`crate::json`]) and runs the same rules on it, finding every violation with its line
//!   and column.
//!
//! [`Validator::validate`] takes the located path alone. The typed path was meant to answer for
//! clean payloads, but on the benchmark corpus (BENCHMARKS.md) the located path gives the
//! verdict on a clean payload in less time than serde takes to deserialize it into the models
//! (which parse every embedded document into owned values), and a payload with anything to
//! report takes the located path anyway. Both stay public; a property test holds them to one
//! verdict: a payload the typed path calls clean is clean on the located path, and at default
//! levels a payload without violations is clean on the typed path.

use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::contract::Contract;
use crate::models::Envelope;
use crate::placement::Placement;
use crate::report::Report;
use crate::request::{NotTheRoute, Request, RequestReport};
use crate::typed::Validated;

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

    /// Validates a payload: the verdict and every violation, with positions (the located
    /// path, which is the faster one for clean payloads too; see the module documentation).
    #[must_use]
    pub fn validate(&self, bytes: &[u8]) -> Report {
        self.validate_full(bytes)
    }

    /// The typed path alone: `true` when the payload deserializes into the models and nothing
    /// is left to report at the configured levels. `false` means "ask the located path".
    #[must_use]
    pub fn is_clean_fast(&self, bytes: &[u8]) -> bool {
        let Ok(envelope) = serde_json::from_slice::<Envelope>(bytes) else {
            return false;
        };
        let mut violations = envelope.violations();
        self.config.apply(&mut violations);
        violations.is_empty()
    }

    /// Validates a payload that sits inside a larger text (an NDJSON line, a HAR entry's
    /// response text): every position, span and personal span of the report is in that text's
    /// coordinates ([`Placement`]).
    #[must_use]
    pub fn validate_in(&self, bytes: &[u8], placement: &Placement<'_>) -> Report {
        crate::located::located_report::<Envelope>(bytes, &self.config, placement)
    }

    /// Checks a request: its URL's path parameters (Table 1) and its headers (Table 2),
    /// through the same generated models and levels as responses.
    ///
    /// # Errors
    /// [`NotTheRoute`] when the URL's path is not the interface's.
    pub fn validate_request(&self, request: &Request<'_>) -> Result<RequestReport, NotTheRoute> {
        crate::request::validate(request, &self.config)
    }

    /// Validates `bytes` as a `T` (the vendor's [`Envelope`], one of its parts, or a
    /// service's own `#[derive(Contract)]` type), then reads them into one: the value with
    /// its warnings, or the full report when the contract fails.
    ///
    /// # Errors
    /// The report, with every violation and its position, when the payload fails its
    /// contract (or, having met it, does not deserialize into `T`: rule [`DESERIALIZE`]).
    ///
    /// [`DESERIALIZE`]: crate::DESERIALIZE
    pub fn parse<T: Contract + DeserializeOwned>(
        &self,
        bytes: &[u8],
    ) -> Result<Validated<T>, Report> {
        crate::typed::parse(bytes, &self.config)
    }

    /// Validates `bytes` as a `T`: the report alone, with positions.
    #[must_use]
    pub fn validate_as<T: Contract>(&self, bytes: &[u8]) -> Report {
        crate::located::located_report::<T>(bytes, &self.config, &Placement::Whole)
    }

    /// The located path alone: every violation with its position.
    #[must_use]
    pub fn validate_full(&self, bytes: &[u8]) -> Report {
        self.validate_in(bytes, &Placement::Whole)
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

/// Validates `bytes` as a `T` at default levels and reads them into one (see
/// [`Validator::parse`]).
///
/// ```
/// use isales_contract::models::Envelope;
///
/// let body = br#"{"resultCode": "0200000", "resultDesc": "", "returnCode": "0200000",
///   "returnObject": {"name": "spring", "status": 2, "deviceType": 2, "outBoundType": 1,
///     "skillParam": {"skillId": 7}, "strBeginTime": "2026-03-01 08:00:00",
///     "strEndTime": "2026-03-31 20:00:00"}}"#;
/// let envelope = isales_contract::parse::<Envelope>(body).expect("a valid answer");
/// assert_eq!(envelope.result_code, "0200000");
/// ```
///
/// # Errors
/// The full report when the payload fails its contract.
pub fn parse<T: Contract + DeserializeOwned>(bytes: &[u8]) -> Result<Validated<T>, Report> {
    Validator::default().parse(bytes)
}
