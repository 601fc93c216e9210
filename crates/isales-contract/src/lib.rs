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
//! assert_eq!(violation.pointer, "/returnObject/ivrParam");
//! assert_eq!(violation.doc.map(|doc| doc.to_string()).as_deref(), Some("Table 4, 5.10 ivrParam"));
//! ```
//!
//! - [`validate`] / [`Validator`]: bytes to a [`Report`]: the verdict and every [`Violation`]
//!   with its JSON pointer, line and column, rule id and documentation row.
//! - [`models`]: the response as Rust types ([`models::Envelope`] and below), generated from the
//!   spec; [`Contract::violations`] checks a typed value.
//! - [`Config`]: raise or lower any rule's level, like clippy's `-D`/`-W`/`-A`.
//! - [`rules::catalog`]: every rule, with its summary, explanation and doc reference.
//! - [`schema`]: the rules as JSON Schema keywords; with the `schemars` feature (off by
//!   default) the models implement `schemars::JsonSchema` and their schema carries the rules.
#![deny(missing_docs)]

pub mod contract;
pub use isales_json as json;
pub mod json_string;
mod located;
pub mod models;
pub mod paths;
pub mod report;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod scope;
mod validate;
pub mod violation;

pub use contract::{Contract, FieldInfo, FieldRef, Fields, Items, NodeFields, Shape, Unlisted};
pub use isales_derive::{Coded, Contract};
pub use json_string::{Form, JsonString};
pub use report::{Config, Level, Report, Verdict};
pub use rule::{DocRef, Provenance, Rule, RuleId, Severity, registry, wiring};
pub use scope::{Collector, Scope};
pub use validate::{Validator, validate, validate_with};
pub use violation::{Found, Violation, ViolationKind};
