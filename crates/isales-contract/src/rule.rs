//! Rule identity: the stable id, default level and provenance every violation carries, and the
//! documentation rows it cites. The types are the contract's vocabulary, defined once in
//! `isales-vocabulary` for the spec loader, the derive and this crate; the rules of the
//! contract are the constants of [`registry`] (the rows their hand-written checks read are the
//! constants of a hidden `wiring` module, for the validator and the test kit).

pub use isales_vocabulary::{DocRef, Provenance, Rule, RuleId, Severity, registry};
#[doc(hidden)]
pub use isales_vocabulary::{Read, wiring};
