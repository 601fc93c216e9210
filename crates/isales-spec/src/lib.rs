//! The contract of Huawei CC-iSales' "query the details of an outbound campaign" interface
//! (`GET /rest/isales/v1/openapi/campaigns/{vdnId}/{campaignId}`), as data.
//!
//! The vendor page is a set of parameter tables. `crates/isales-spec/query-campaign-details.toml`
//! transcribes them, row by row, together with the rules the contract adds (conditional
//! mandatory fields, formats, consistency checks). This crate owns:
//!
//! - the data model of that file ([`Spec`], [`Table`], [`Field`], [`Rule`]);
//! - its loader, [`load`], which reports every mistake of the file at once, each with the
//!   table and row it is in ([`SpecErrors`]);
//! - the small condition language rules are written in ([`Condition`]: `deviceType in [1, 3]`),
//!   and field paths (`policy[].retryDay`), shared by the code generator and the derive so
//!   both read conditions the same way;
//! - [`schema`]: those concepts as JSON Schema fragments, the one translation both schemas of
//!   the contract (the generated file and the models' `SchemaRules`) are written with.
//!
//! It generates nothing and touches no files: callers hand it text.
//!
//! ```
//! let condition: isales_spec::Condition = "deviceType in [1, 3]".parse()?;
//! assert_eq!(condition.fields(), ["deviceType"]);
//! # Ok::<(), isales_spec::ConditionError>(())
//! ```
#![deny(missing_docs)]

pub mod condition;
#[cfg(feature = "load")]
mod load;
pub mod model;
pub mod path;
#[cfg(feature = "load")]
mod raw;
pub mod schema;

pub use condition::{Comparison, Condition, ConditionError, Literal, Scalar};
#[cfg(feature = "load")]
pub use load::{SpecError, SpecErrors, SpecLocation, load};
pub use model::*;
pub use path::{FieldPath, PathError, Step};

/// The spec file of this repository, embedded so tools can load it without touching the disk.
#[cfg(feature = "load")]
pub const SPEC_TOML: &str = include_str!("../query-campaign-details.toml");

/// Loads the embedded spec file.
///
/// # Errors
/// The file's mistakes; a test keeps the committed file free of them.
#[cfg(feature = "load")]
pub fn load_embedded() -> Result<Spec, SpecErrors> {
    load(SPEC_TOML)
}
