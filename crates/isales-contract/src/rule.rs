//! Rule identity: the stable id, default level and provenance every violation carries, and the
//! documentation rows it cites. The types are the contract's vocabulary, defined once in
//! `isales-vocabulary` for the spec loader, the derive and this crate; the rules of the
//! contract are the constants of [`registry`], and the rows their hand-written checks read are
//! the constants of [`wiring`].

pub use isales_vocabulary::{DocRef, Provenance, Read, Rule, RuleId, Severity, registry, wiring};
