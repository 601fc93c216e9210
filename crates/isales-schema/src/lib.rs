//! The generated JSON Schema of the CC-iSales "query the details of an outbound campaign"
//! contract, and validators built from it.
//!
//! `crates/isales-schema/query-campaign-details.schema.json` is derived from the hand-written spec by
//! `cargo xtask codegen`; this crate embeds it, so users get the schema without touching the
//! file system. Modules:
//!
//! - this file owns the embedded documents ([`SCHEMA_JSON`], [`schema`], and the OpenAPI
//!   documents generated beside it, [`OPENAPI_3_1`] and [`OPENAPI_3_0`]) and the validators
//!   built from it (`validator` for a whole response body, `definition_validator` for one
//!   definition such as `RequestHeaders`, `compile` for any schema);
//! - `causes` owns `causes()`: the errors that explain an error. Optional objects are `anyOf`
//!   a reference and `null`, so a violation deep inside one is reported as a single `anyOf`
//!   error at the outer object; its causes say where the violation really is;
//! - `content_schema` owns the `contentSchema` keyword. Under draft 2020-12 that keyword is
//!   only an annotation, yet the contract's JSON-in-a-string fields (`resultRetry`,
//!   `policyJson`, `busiPolicy`, `turns`, and `policy` inside `policyJson` items) must be
//!   checked; the validators here register a keyword of that name that parses the string and
//!   validates the document it holds.
//!
//! The validators, `causes` and `content_schema` are the `validator` feature (on by default),
//! which brings the `jsonschema` crate. Without it the crate is the schema alone, for a
//! program that only hands the document on (the command's `schema` subcommand prints it) or
//! feeds it to another validator.
//!
//! The schema asserts the contract's error-level rules only; warning-level rules are
//! annotations (`x-warnings`), so a payload that passes `isales-contract`'s validator at the
//! default levels also passes [`validator`]. The schema's `x-rule-catalog` says which rules a
//! standard validator asserts too (`asserted`) and which need this crate's keyword
//! (`asserted-with-content`, and the embedded part of `partly-asserted` ones).
//!
//! ```
//! # #[cfg(feature = "validator")] {
//! let payload = serde_json::json!({
//!     "resultCode": "0200007",
//!     "returnCode": "0200007",
//!     "resultDesc": "no such campaign",
//! });
//! assert!(isales_schema::validator().is_valid(&payload));
//!
//! let broken = serde_json::json!({
//!     "resultCode": "0200000",
//!     "returnCode": "0200000",
//!     "returnObject": {"deviceType": 1, "ivrParam": {"callCount": "3"}},
//! });
//! let errors: Vec<_> = isales_schema::validator().iter_errors(&broken).collect();
//! // Reported at the optional object that holds the problem...
//! assert_eq!(errors[0].instance_path().as_str(), "/returnObject");
//! // ...and explained at the value itself.
//! let causes = isales_schema::causes(&errors[0]);
//! assert_eq!(causes[0].instance_path, "/returnObject/ivrParam/callCount");
//! assert_eq!(causes[0].message, r#""3" is not of types "null", "integer""#);
//! # }
//! ```
#![deny(missing_docs)]

#[cfg(feature = "validator")]
pub mod causes;
#[cfg(feature = "validator")]
pub mod content_schema;

#[cfg(feature = "validator")]
pub use causes::{Cause, causes};

use std::sync::OnceLock;

#[cfg(feature = "validator")]
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
#[cfg(feature = "validator")]
use serde_json::json;

/// The schema file's text, exactly as committed.
pub const SCHEMA_JSON: &str = include_str!("../query-campaign-details.schema.json");

/// The OpenAPI 3.1.0 document of the interface, exactly as committed
/// (`query-campaign-details.openapi.json`).
///
/// Generated from the same spec as [`SCHEMA_JSON`]: its `components/schemas` are the schema's
/// `$defs` (draft 2020-12, conditional rules and `contentSchema` included) with references
/// rewritten, plus `FailureCode` and `FailureEnvelope` for the `default` response. Its
/// `info.description` says how failures are described (in the envelope of the `200`
/// response) and what the schemas leave to isales-contract's validator.
pub const OPENAPI_3_1: &str = include_str!("../query-campaign-details.openapi.json");

/// The OpenAPI 3.0.3 document of the interface, exactly as committed
/// (`query-campaign-details.openapi-3.0.json`), for code generators and tools that read no
/// 3.1 (progenitor, openapi-generator).
///
/// [`OPENAPI_3_1`] translated down to the 3.0 Schema Object: `nullable` instead of `null`
/// types, one-value `enum`s instead of `const`, conditional rules and the JSON documents held
/// in strings dropped. Its `info.description` lists what was lost.
pub const OPENAPI_3_0: &str = include_str!("../query-campaign-details.openapi-3.0.json");

/// The dialect the schema is written in.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The parsed schema, parsed on first use.
///
/// # Panics
/// When the embedded file is not JSON, which the crate's tests rule out for the committed file.
#[must_use]
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| match serde_json::from_str(SCHEMA_JSON) {
        Ok(value) => value,
        Err(error) => panic!("the embedded schema is not JSON: {error}"),
    })
}

/// The validator of a whole response body, compiled on first use and shared afterwards.
///
/// It validates embedded JSON documents through the [`content_schema`] keyword.
///
/// # Panics
/// When the embedded schema does not compile, which the crate's tests rule out.
#[cfg(feature = "validator")]
#[must_use]
pub fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| match compile(schema()) {
        Ok(validator) => validator,
        Err(error) => panic!("the embedded schema does not compile: {error}"),
    })
}

/// A validator for one definition of the schema, such as `UrlParams` or `RequestHeaders`
/// (which the root does not refer to), or `Campaign` for a bare `returnObject`.
///
/// Returns `None` when the schema has no definition of that name. Each call compiles a new
/// validator; keep it when validating many instances.
#[cfg(feature = "validator")]
#[must_use]
pub fn definition_validator(name: &str) -> Option<Validator> {
    let defs = schema().get("$defs")?;
    defs.get(name)?;
    let document = json!({
        "$schema": DIALECT,
        "$defs": defs,
        "$ref": format!("#/$defs/{}", content_schema::escape_pointer_token(name)),
    });
    compile(&document).ok()
}

/// Compiles any draft 2020-12 schema with the asserting `contentSchema` keyword registered.
///
/// `$ref`s inside a `contentSchema` resolve against this schema's root `$defs`.
///
/// # Errors
/// The schema is invalid, or a `contentSchema` in it does not compile.
#[cfg(feature = "validator")]
pub fn compile(schema: &Value) -> Result<Validator, ValidationError<'static>> {
    let defs = schema.get("$defs").cloned().unwrap_or_else(|| json!({}));
    content_schema::options(defs).build(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_alone_parses_and_names_its_dialect() {
        // What the crate gives without its `validator` feature.
        assert_eq!(schema()["$schema"], DIALECT);
        assert!(schema()["$defs"].get("Campaign").is_some());
        assert!(SCHEMA_JSON.starts_with('{'));
    }

    #[test]
    fn the_openapi_documents_parse_and_name_their_versions() {
        for (text, version) in [(OPENAPI_3_1, "3.1.0"), (OPENAPI_3_0, "3.0.3")] {
            let document: Value = serde_json::from_str(text).expect("JSON");
            assert_eq!(document["openapi"], version);
            assert!(document["components"]["schemas"].get("Campaign").is_some());
        }
    }
}
