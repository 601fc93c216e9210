//! The words of the CC-iSales contract, defined once for everything that speaks them: the spec
//! loader (`isales-spec`), the derive (`isales-derive-core`), the runtime (`isales-contract`)
//! and the generators (`xtask`).
//!
//! - [`Severity`] and [`Provenance`]: a rule's default level and whether the page states it.
//! - [`DocRef`]: a table of the vendor page, or a row of it.
//! - [`Rule`]: a rule's identity as a violation cites it.
//! - [`Format`]: the textual formats of string fields, in every spelling, with their rules.
//! - [`keywords`]: JSON Schema keywords both schemas of the contract treat alike.
//! - [`pattern`]: the regular expressions JSON Schema states string rules with, shared by
//!   both schemas of the contract and by the rule functions they stand for.
//! - [`registry`]: every rule of the contract, generated from the spec by
//!   `cargo xtask codegen registry`: one constant per rule and the [`RuleId`] enum. Code that
//!   reports a rule of the contract names it through the registry, so a misspelt rule does
//!   not compile and a rule's level or provenance is stated in the spec alone.
//! - [`wiring`]: what each hand-written check of the validator reads, generated from the spec
//!   by `cargo xtask codegen wiring`: the rows, as [`Read`]s, that the validator's checks, the
//!   payload generator and the mutation operators share instead of spelling them each.
//!
//! The crate has no dependency but `serde` (for the report's serialized form), so the spec
//! loader and the proc macro can share it without pulling in the runtime.

mod doc_ref;
mod format;
pub mod keywords;
mod level;
pub mod pattern;
mod read;
#[rustfmt::skip]
pub mod registry;
mod rule;
#[rustfmt::skip]
pub mod wiring;

pub use doc_ref::DocRef;
pub use format::Format;
pub use level::{Provenance, Severity};
pub use read::Read;
pub use registry::RuleId;
pub use rule::Rule;
