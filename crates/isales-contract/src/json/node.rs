//! The located JSON tree.

use std::borrow::Cow;
use std::cell::OnceCell;

use super::parse::{SyntaxError, parse_embedded};

/// A byte range in the text a node was parsed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// A JSON value with its span.
#[derive(Debug)]
pub struct Node<'s> {
    /// Where the value is, in the text it was parsed from.
    pub span: Span,
    /// The value.
    pub value: Value<'s>,
}

/// The value of a [`Node`].
#[derive(Debug)]
pub enum Value<'s> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written in the source.
    Number(Cow<'s, str>),
    /// A string, decoded, with its embedded document once asked for.
    String(Str<'s>),
    /// An array.
    Array(Vec<Node<'s>>),
    /// An object, members in source order, duplicates kept.
    Object(Vec<Member<'s>>),
}

/// A decoded string and, once asked for, the JSON document it holds.
#[derive(Debug)]
pub struct Str<'s> {
    /// The decoded text.
    pub text: Cow<'s, str>,
    embedded: OnceCell<Box<Embedded>>,
}

impl<'s> Str<'s> {
    pub(crate) fn new(text: Cow<'s, str>) -> Self {
        Str {
            text,
            embedded: OnceCell::new(),
        }
    }
}

/// An object member.
#[derive(Debug)]
pub struct Member<'s> {
    /// The decoded key.
    pub key: Cow<'s, str>,
    /// Where the key is (quotes included).
    pub key_span: Span,
    /// The value.
    pub value: Node<'s>,
}

/// How an embedded document was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// Proper JSON.
    Json,
    /// Single-quoted pseudo-JSON, read leniently.
    SingleQuotes,
}

/// The JSON document held by a string, parsed.
#[derive(Debug)]
pub struct Embedded {
    /// The document, or why it does not parse (as JSON, and leniently either).
    pub document: Result<Node<'static>, SyntaxError>,
    /// How it was written.
    pub quoting: Quoting,
}

impl<'s> Node<'s> {
    /// The object's members, if the value is an object.
    #[must_use]
    pub fn as_object(&self) -> Option<&[Member<'s>]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The array's items, if the value is an array.
    #[must_use]
    pub fn as_array(&self) -> Option<&[Node<'s>]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The decoded string, if the value is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(&text.text),
            _ => None,
        }
    }

    /// The integer, if the value is a number written as a plain integer that fits in `i64`
    /// and that typed clients read as an integer: not `-0`, which serde_json (and so the
    /// models) reads as the float -0.0, to keep its sign.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Number(raw) if is_plain_integer(raw) && !is_negative_zero(raw) => {
                raw.parse().ok()
            }
            _ => None,
        }
    }

    /// Whether the value is `null`.
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The first member with this key.
    #[must_use]
    pub fn member(&self, key: &str) -> Option<&Member<'s>> {
        self.as_object()?.iter().find(|member| member.key == key)
    }

    /// The JSON type, for messages.
    #[must_use]
    pub fn json_type(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(raw) if is_plain_integer(raw) => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// The embedded document of a string node, parsed on first use and kept.
    #[must_use]
    pub fn embedded(&self) -> Option<&Embedded> {
        match &self.value {
            Value::String(text) => Some(
                text.embedded
                    .get_or_init(|| Box::new(parse_embedded(&text.text))),
            ),
            _ => None,
        }
    }
}

/// Whether a number's source text is `-0`, an integer by JSON's grammar that serde_json reads as
/// the float -0.0.
#[must_use]
pub(crate) fn is_negative_zero(raw: &str) -> bool {
    raw == "-0"
}

/// Whether a number's source text is a plain integer (`-?(0|[1-9][0-9]*)`).
#[must_use]
pub(crate) fn is_plain_integer(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
}
