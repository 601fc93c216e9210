//! Located JSON: a parser that keeps what a validator needs and `serde_json::Value` drops.
//!
//! [`parse`] reads UTF-8 JSON text (RFC 8259, strictly) into a tree of [`Node`]s that records:
//!
//! - the byte [`Span`] of every value and of every object key, which [`line_column`] (one
//!   offset) and [`line_columns`] (many, in one pass) turn into 1-based lines and columns;
//! - every member of an object, in source order, duplicate keys included ([`Node::member`]
//!   finds the first), so that a duplicate can be reported rather than silently dropped;
//! - numbers as written ([`Number::raw`]): `2`, `2.0`, `-0`, `1e400` and
//!   `9223372036854775808` stay distinct, and [`Node::as_i64`] answers only for the integers a
//!   typed client reads as integers;
//! - the JSON document a string holds, parsed on demand where it stands ([`Node::embedded`]),
//!   leniently accepting single-quoted pseudo-JSON: the parser reads the escaped source text
//!   directly, however many string literals deep (`\"` one level down, `\\\"` two), so the
//!   document's spans and errors are offsets of the source like any other, and a string's
//!   text is only decoded when someone reads it ([`Str::text`]). [`parse_with`] reads the
//!   documents of the keys a [`Documents`] names in the same pass as their strings, instead
//!   of on first use, with the same outcome. [`parse_embedded`] parses
//!   a text of its own (already decoded), and an [`Origin`] maps the offsets of such a copy
//!   back through the escapes of the string it came from.
//!
//! A problem is a [`SyntaxError`]: what is wrong ([`SyntaxProblem`]) and the byte offset
//! where it is, never a panic. Nesting is bounded by [`MAX_DEPTH`] (per document, embedded
//! documents counted on their own) so hostile input cannot exhaust the stack, and texts are
//! bounded by [`MAX_TEXT_BYTES`] so spans fit in 32 bits.
//!
//! Trees live in an [`Arena`]: keys, strings and numbers borrow the parsed text; decoded
//! keys and strings, nodes and embedded documents are allocated in the arena, and nothing is
//! freed node by node.
//!
//! # Example
//!
//! ```
//! use isales_json::{Arena, Origin, Value, line_column, parse, parse_embedded};
//!
//! let source = br#"{
//!   "name": "spring campaign",
//!   "id": 1, "id": 2.0,
//!   "turns": "[{\"orderNo\": 3}]"
//! }"#;
//! let arena = Arena::new();
//! let root = parse(source, &arena)?;
//!
//! // A member's value, and where it is.
//! let name = root.member("name").expect("a name");
//! assert_eq!(name.value.as_str(), Some("spring campaign"));
//! let span = name.value.span();
//! assert_eq!(&source[span.start..span.end], br#""spring campaign""#);
//! let position = line_column(source, span.start);
//! assert_eq!((position.line, position.column), (2, 11));
//!
//! // Both `id`s are kept, each number as written.
//! let ids: Vec<&str> = root
//!     .as_object()
//!     .expect("an object")
//!     .iter()
//!     .filter(|member| member.key == "id")
//!     .filter_map(|member| match member.value.value {
//!         Value::Number(number) => Some(number.raw),
//!         _ => None,
//!     })
//!     .collect();
//! assert_eq!(ids, ["1", "2.0"]);
//!
//! // The document `turns` holds, parsed on demand where it stands: its spans are the
//! // source's offsets, escapes and all.
//! let turns = &root.member("turns").expect("turns").value;
//! let document = turns.embedded().expect("a string").document.as_ref().map_err(Clone::clone)?;
//! let order_no = &document.as_array().expect("an array")[0]
//!     .member("orderNo")
//!     .expect("orderNo")
//!     .value;
//! assert_eq!(order_no.as_i64(), Some(3));
//! let at = order_no.span();
//! assert_eq!(&source[at.start..at.end], b"3");
//! let position = line_column(source, at.start);
//! assert_eq!((position.line, position.column), (4, 28));
//!
//! // The same document parsed from the decoded text counts the decoded bytes; its origin
//! // maps them back to the same place.
//! let text = turns.as_str().expect("a string");
//! assert_eq!(text, r#"[{"orderNo": 3}]"#);
//! let copy = parse_embedded(text, &arena).document?;
//! let copy_order_no = copy.as_array().expect("an array")[0].member("orderNo").expect("orderNo");
//! assert_eq!(copy_order_no.value.span().start, 13);
//! let origin = Origin::Embedded {
//!     parent: &Origin::Source,
//!     parent_text: std::str::from_utf8(source)?,
//!     token: turns.span(),
//! };
//! assert_eq!(origin.span_to_source(copy_order_no.value.span()), at);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod escapes;
mod node;
mod origin;
mod parse;
mod scan;

pub use node::is_negative_zero;
pub use node::{Arena, Embedded, MAX_TEXT_BYTES, Member, Node, Number, Quoting, Span, Str, Value};
pub use origin::{Origin, Position, line_column, line_columns};
pub use parse::utf8;
pub use parse::{
    Documents, MAX_DEPTH, SyntaxError, SyntaxProblem, looks_like_utf16, parse, parse_embedded,
    parse_str_at, parse_str_at_with, parse_with,
};
