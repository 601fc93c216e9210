//! HAR captures of the CC-iSales campaign-details interface, read one way for every crate that
//! reads them: the `isales-contract` command, which validates each entry of a capture, and the
//! `isales-mock` stand-in, which serves a capture's answers as fixtures.
//!
//! - [`stream_entries`] reads `log.entries` from any reader one entry at a time, handing each
//!   one's text and the line and column where it starts ([`RawEntry`]) to a callback, so memory
//!   is bounded by the largest entry rather than by the file;
//! - [`Entry::read`] parses one entry with the located parser and copies out what it says
//!   ([`Facts`]: method, URL, request headers, response body and its `encoding`, each with its
//!   span), with secret header and cookie values blanked in the entry's text before anyone
//!   else reads it;
//! - [`Facts::interface_url`] gives the URL of an entry that is a `GET` of the interface's
//!   [`ROUTE`], or says why the entry is not one;
//! - [`Entry::body`] decodes the response body ([`decode`]) and places it in the entry's text
//!   for the validator ([`Placed`]).
//!
//! ```
//! use isales_har::{Entry, stream_entries};
//!
//! let capture = br#"{"log": {"entries": [
//!   {"request": {"method": "GET", "url": "http://h/rest/isales/v1/openapi/campaigns/1/2"},
//!    "response": {"content": {"text": "e30=", "encoding": "base64"}}}
//! ]}}"#;
//! let mut bodies = Vec::new();
//! stream_entries(&capture[..], usize::MAX, |raw| {
//!     let line = raw.base.line;
//!     let entry = Entry::read(raw).expect("a JSON entry");
//!     assert!(entry.facts.interface_url().is_ok());
//!     bodies.push((line, entry.body().expect("a body").bytes.into_owned()));
//!     Ok(())
//! })?;
//! assert_eq!(bodies, [(2, b"{}".to_vec())]);
//! # Ok::<(), isales_har::HarError>(())
//! ```
#![deny(missing_docs)]

mod body;
mod entry;
mod stream;

pub use body::{BodyError, Placed, decode};
pub use entry::{Body, Entry, EntryError, Facts, Header, SECRET_HEADERS, blank_secrets};
pub use isales_contract::request::ROUTE;
pub use stream::{HarError, RawEntry, stream_entries};
