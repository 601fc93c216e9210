//! Payloads of the CC-iSales campaign-details contract, derived from the spec: valid
//! payloads as proptest strategies, mutation operators that break one rule each at a known
//! JSON pointer, and arbitrary or corrupted input. The `isales-contract generate` command, the
//! property tests, the benchmarks and the fuzz seeds all take their payloads from here.
//!
//! ```
//! use isales_generator::{Generator, Size};
//!
//! let generator = Generator::embedded(Size::SMALL);
//! // Deterministic, for benchmarks and fuzz seeds:
//! let payload = generator.generate(42);
//! assert!(payload["resultCode"].is_string());
//! assert_eq!(payload, isales_generator::generate(42, 3));
//! ```
//!
//! - [`generate`](mod@generate): [`Generator`], valid objects of every table, driven by the
//!   spec's rows and rules; [`builtin`] keeps the validator's hand-written rules.
//! - [`mutate`]: [`operators`](mutate::operators) and the [`Mutant`](mutate::Mutant)s they
//!   make.
//! - [`doc`]: JSON that may break JSON's rules (duplicate keys, `2.0`, single quotes), the form
//!   operators work on.
//! - [`presence`]: the spec's presence rules evaluated on a document, which keeps operators to
//!   one rule each.
//! - [`arbitrary`]: JSON of any shape, and valid payloads corrupted.
#![deny(missing_docs)]

pub mod arbitrary;
pub mod builtin;
pub mod doc;
pub mod fillers;
pub mod form;
pub mod generate;
pub mod mutate;
pub mod presence;
pub mod quirk;
pub mod recipe;
pub mod values;

pub use fillers::Fillers;
pub use form::{CallForm, Dimension, Form, FormError, FormFilter, RetryForm};
pub use generate::{Generator, GeneratorError, generate};
pub use quirk::Quirk;
pub use recipe::{Broken, Payload, Recipe, RecipeError};
pub use values::{Size, Values};
