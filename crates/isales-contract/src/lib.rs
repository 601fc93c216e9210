//! Validate Huawei CC-iSales "query the details of an outbound campaign" responses
//! (`GET /rest/isales/v1/openapi/campaigns/{vdnId}/{campaignId}`) against their documented
//! contract, and read them into typed models.
//!
//! ```
//! let body = br#"{"resultCode": "0200000", "resultDesc": "", "returnCode": "0200000",
//!   "returnObject": {"name": "spring", "status": 2, "deviceType": 1,
//!     "strBeginTime": "2026-03-01 08:00:00", "strEndTime": "2026-03-31 20:00:00"}}"#;
//! let report = isales_contract::validate(body);
//! assert!(!report.passed());
//! assert_eq!(report.rule_ids(), ["ivr-param-required"]);
//! let violation = &report.violations[0];
//! assert_eq!(violation.pointer(), "/returnObject/ivrParam");
//! assert_eq!(violation.doc().map(|doc| doc.to_string()).as_deref(), Some("Table 4, 5.10 ivrParam"));
//! ```
//!
//! - [`validate`] / [`Validator`]: bytes to a [`Report`]: the verdict and every [`Violation`]
//!   with its JSON pointer, line and column, rule id and documentation row.
//! - [`models`]: the response as Rust types ([`models::Envelope`] and below), generated from the
//!   spec; [`Contract::violations`] checks a typed value.
//! - [`Config`]: raise or lower any rule's level, like clippy's `-D`/`-W`/`-A`, in code or from
//!   the text of an `isales-contract.toml` ([`Config::from_toml_str`]); a rule id the contract
//!   does not have is refused with the closest ones ([`UnknownRule`]).
//! - [`rules::catalog`]: every rule, with its summary, explanation and doc reference.
//! - [`json_schema`]: the rules as JSON Schema keywords; with the `schemars` feature (off by
//!   default) the
//!   models implement `schemars::JsonSchema` and their schema carries the rules.
//! - [`Contract`] and `#[derive(Contract)]` for a service's own structs; [`check`] holds what a
//!   hand-written check reads and reports through.
//!
//! What the derives expand to call lives in a hidden module and is not public API.
//!
//! # Your own messages
//!
//! The derive serves a service's own structs as well as the vendor's: the same attributes,
//! reports and positions, with rule ids of their own (`required-if`, `range`, `format`, ...),
//! never the vendor's. Paths are checked at compile time through the nested types.
//!
//! ```
//! use isales_contract::{Contract, JsonString};
//!
//! #[derive(Debug, serde::Deserialize, Contract)]
//! #[serde(rename_all = "lowercase")]
//! enum Channel {
//!     Voice,
//!     Sms,
//! }
//!
//! #[derive(Debug, serde::Deserialize, Contract)]
//! #[serde(rename_all = "camelCase")]
//! #[contract(required_if(when = "retries != 0", fields = ["contact.phone"]))]
//! struct DialJob {
//!     channel: Channel,
//!     #[contract(range(min = 0, max = 5))]
//!     retries: u8,
//!     #[contract(format = "http_url")]
//!     callback_url: Option<String>,
//!     contact: Option<Contact>,
//!     steps: Option<JsonString<Vec<Step>>>,
//! }
//!
//! #[derive(Debug, serde::Deserialize, Contract)]
//! struct Contact {
//!     #[contract(length(min = 3, max = 20))]
//!     phone: Option<String>,
//! }
//!
//! #[derive(Debug, serde::Deserialize, Contract)]
//! struct Step {
//!     #[contract(range(min = 1))]
//!     wait: i64,
//! }
//!
//! let body = br#"{"channel": "fax", "retries": 2, "callbackUrl": "ftp://x",
//!   "contact": {}, "steps": "[{\"wait\": 0}]"}"#;
//! let report = isales_contract::parse::<DialJob>(body).expect_err("four mistakes");
//! let found: Vec<_> = report
//!     .violations
//!     .iter()
//!     .map(|v| (v.rule(), v.pointer()))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [
//!         ("one-of", "/channel"),
//!         ("format", "/callbackUrl"),
//!         ("required-if", "/contact/phone"),
//!         ("range", "/steps/0/wait"),
//!     ]
//! );
//! ```
#![deny(missing_docs)]

/// The extension points of `#[derive(Contract)]`: what a hand-written check
/// (`#[contract(check = path)]`, a `fn(&dyn Fields, &mut Scope<'_>)` run after the derived
/// rules on typed values and on JSON alike) reads and reports through, and [`Unlisted`], the
/// trait of an `#[contract(extra)]` field's type.
///
/// [`Unlisted`]: check::Unlisted
pub mod check {
    pub use crate::contract::{Escaped, FieldRef, Fields, Unlisted};
    pub use crate::scope::Scope;
}
/// A struct's rules as JSON Schema: [`SchemaRules`](json_schema::SchemaRules), implemented by
/// `#[derive(Contract)]`, and with the `schemars` feature
/// `transform`, the `#[schemars(transform = ..)]` that writes them
/// into the schema schemars derives.
pub mod json_schema {
    pub use crate::schema::{Rules, SchemaRules};
    #[cfg(feature = "schemars")]
    pub use crate::schema::{schemars, transform};
}
pub mod config;
pub mod models;
mod placement;
pub mod report;
pub mod request;
pub mod rule;
pub mod rules;
mod runtime;
mod typed;
mod validate;
pub mod violation;

use isales_json as json;
use runtime::{contract, json_string, located, paths, schema, scope};

pub use config::{Config, ConfigError, Level, UnknownRule};
pub use contract::Contract;
pub use isales_derive::{Coded, Contract};
pub use isales_json::{Position, Span};
pub use json_string::{Form, JsonString};
pub use placement::{Placement, relocate};
pub use report::{Report, Verdict};
pub use request::{Request, RequestReport};
#[doc(hidden)]
pub use rule::wiring;
pub use rule::{DocRef, Provenance, Rule, RuleId, Severity, registry};
pub use typed::{DESERIALIZE, Validated};
pub use validate::{Validator, parse, validate, validate_with};
pub use violation::{Found, Violation, ViolationKind};

/// What the derives' expansions name; not public API, it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::contract::{
        Contract, Escaped, FieldInfo, FieldRef, Fields, Items, NodeFields, Shape, Unlisted,
    };
    pub use crate::json_string::{Form, JsonString};
    pub use crate::rule::{DocRef, Provenance, Rule, RuleId, Severity, registry, wiring};
    pub use crate::runtime::{contract, json_string, paths, schema, scope};
    pub use crate::scope::{Collector, Scope};
    pub use crate::violation::{self, Found, Violation, ViolationKind};
    pub use crate::{impl_coded, models, rules};
    pub use isales_json as json;
    pub use serde;
}
