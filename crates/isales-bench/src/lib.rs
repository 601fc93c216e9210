//! Benchmark support for the CC-iSales contract: a deterministic corpus of realistic payloads
//! generated from the spec (`isales-generator`), written as a directory of files and as NDJSON of
//! any size. The criterion benchmarks (`benches/validate.rs`) and `cargo xtask gen-payloads` /
//! `cargo xtask bench-peers` use it; never published.
//!
//! - [`corpus`]: which payloads, and the checks that valid ones are clean and broken ones fail.
//! - [`output`]: the files and the NDJSON capture.
#![deny(missing_docs)]

pub mod corpus;
pub mod output;

pub use corpus::{Builder, CorpusError, Kind, Payload, PolicyForm};
