//! Located JSON: a parser that keeps what the validator needs and `serde_json::Value` drops.
//!
//! The tree ([`Node`]) records the byte span of every value and key, keeps every member of an
//! object in order (duplicates included, so they can be reported), keeps numbers as their
//! source text (so `2.0`, `1e400` and `9223372036854775808` can be told apart from integers),
//! and decodes the JSON documents embedded in string fields on demand, remembering how to map
//! positions inside them back to the source ([`Origin`]).
//!
//! Trees live in an [`Arena`]: keys and strings without escapes borrow the parsed text, decoded
//! strings, nodes and embedded documents are allocated in the arena, and nothing is freed node
//! by node.

mod node;
mod origin;
mod parse;

pub use node::is_negative_zero;
pub use node::{Arena, Embedded, MAX_TEXT_BYTES, Member, Node, Number, Quoting, Span, Str, Value};
pub use origin::{Origin, Position, line_column, line_columns};
pub use parse::utf8;
pub use parse::{
    MAX_DEPTH, SyntaxError, SyntaxProblem, looks_like_utf16, parse, parse_embedded, parse_str_at,
};
