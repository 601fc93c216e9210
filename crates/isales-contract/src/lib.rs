//! Validate Huawei CC-iSales "query campaign details" responses against their contract.
#![deny(missing_docs)]

pub mod contract;
pub mod json;
pub mod json_string;
mod located;
pub mod paths;
pub mod rule;
pub mod rules;
pub mod scope;
pub mod violation;

pub use contract::{Contract, FieldInfo, FieldRef, Fields, Items, NodeFields, Shape, Unlisted};
pub use json_string::{Form, JsonString};
pub use rule::{DocRef, Provenance, Rule, Severity};
pub use scope::{Collector, Scope};
pub use violation::{Found, Violation, ViolationKind};
