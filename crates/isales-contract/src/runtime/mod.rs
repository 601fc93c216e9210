//! What `#[derive(Contract)]` and `#[derive(Coded)]` expand to call: the traits a model
//! implements (`contract`), the scope violations are collected in (`scope`), required paths
//! (`paths`), embedded JSON documents (`json_string`), the rules as JSON Schema (`schema`), and
//! the located route from bytes to violations (`located`).
//!
//! None of it is the crate's public API: users reach it through the derives, which name it as
//! `isales_contract::__private`, and it may change in any release.

pub mod contract;
pub mod json_string;
pub(crate) mod located;
pub mod paths;
pub mod schema;
pub mod scope;
