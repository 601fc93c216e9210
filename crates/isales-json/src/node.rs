//! The located JSON tree, and the arena it lives in.

use std::cell::{Cell, OnceCell};
use std::fmt;

use super::escapes::{self, Nesting};
use super::parse::{self, SyntaxError};

/// The memory a tree lives in: its nodes, keys and decoded strings, and the trees of the
/// documents its strings embed.
///
/// One allocation region per payload instead of one allocation per string, array and object,
/// and nothing to free node by node: dropping (or [resetting](Arena::reset)) the arena frees
/// the whole tree at once. Nodes own no heap memory of their own.
pub struct Arena {
    bump: bumpalo::Bump,
    /// Where strings with escapes are decoded before they move to the arena; kept, so that
    /// decoding allocates nothing once it is large enough.
    scratch: Cell<Vec<u8>>,
    /// The parser's stacks of open objects' members and open arrays' items, empty, kept for
    /// the next parse (of the next payload, or of the next embedded document) with their
    /// capacity. Their lifetime is `'static` only while they are empty.
    members: Cell<Vec<Member<'static>>>,
    items: Cell<Vec<Node<'static>>>,
}

impl Arena {
    /// An empty arena.
    #[must_use]
    pub fn new() -> Self {
        Arena {
            bump: bumpalo::Bump::new(),
            scratch: Cell::new(Vec::new()),
            members: Cell::new(Vec::new()),
            items: Cell::new(Vec::new()),
        }
    }

    /// Frees every tree parsed into the arena, keeping its largest block of memory for the
    /// next ones.
    pub fn reset(&mut self) {
        self.bump.reset();
    }

    /// Bytes of memory the arena holds.
    #[must_use]
    pub fn allocated_bytes(&self) -> usize {
        let scratch = self.scratch.take();
        let bytes = self.bump.allocated_bytes() + scratch.capacity();
        self.scratch.set(scratch);
        bytes
    }

    pub(crate) fn alloc<T>(&self, value: T) -> &T {
        self.bump.alloc(value)
    }

    /// Moves `stack[first..]` to the arena in one copy, leaving `stack[..first]`.
    pub(crate) fn alloc_tail<T: Copy>(&self, stack: &mut Vec<T>, first: usize) -> &[T] {
        let tail = self
            .bump
            .alloc_slice_copy(stack.get(first..).unwrap_or_default());
        stack.truncate(first);
        tail
    }

    /// The text `raw` writes at `nesting` (its escapes checked when it was read), decoded
    /// through the scratch buffer into the arena: what a key with escapes, a token of an
    /// embedded document written with escapes and a string's text on first read all are.
    pub(crate) fn alloc_decoded(&self, raw: &[u8], nesting: Nesting) -> &str {
        let mut scratch = self.scratch.take();
        scratch.clear();
        escapes::decode(raw, nesting, &mut scratch);
        // Checked UTF-8 with escapes replaced by the characters they stand for (lone
        // surrogates are refused) is UTF-8: the fallback is never taken.
        let text = &*self
            .bump
            .alloc_str(crate::utf8(&scratch).unwrap_or_default());
        self.scratch.set(scratch);
        text
    }

    pub(crate) fn take_stacks<'a>(&self) -> (Vec<Member<'a>>, Vec<Node<'a>>) {
        (recycle(self.members.take()), recycle(self.items.take()))
    }

    pub(crate) fn put_stacks(&self, members: Vec<Member<'_>>, items: Vec<Node<'_>>) {
        self.members.set(recycle(members));
        self.items.set(recycle(items));
    }
}

/// An empty vector of `U` with the allocation of `vector` (emptied), for types of the same
/// layout (the same type with another lifetime): collecting in place keeps the allocation.
fn recycle<T, U>(mut vector: Vec<T>) -> Vec<U> {
    vector.clear();
    vector.into_iter().filter_map(|_| None).collect()
}

impl Default for Arena {
    fn default() -> Self {
        Arena::new()
    }
}

impl fmt::Debug for Arena {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Arena")
            .field("allocated_bytes", &self.allocated_bytes())
            .finish()
    }
}

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

/// A [`Span`] as a node stores it: two 32-bit offsets, so that a node takes 40 bytes and an
/// object member 64 (the parser refuses texts longer than [`MAX_TEXT_BYTES`], so offsets fit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NodeSpan {
    start: u32,
    end: u32,
}

/// The longest text the parser reads: node spans are 32-bit offsets.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

impl NodeSpan {
    /// The span from `start` to `end`, offsets the parser has checked against
    /// [`MAX_TEXT_BYTES`] (larger ones saturate).
    pub(crate) fn new(start: usize, end: usize) -> Self {
        let narrow = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        NodeSpan {
            start: narrow(start),
            end: narrow(end),
        }
    }

    fn widen(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// A JSON value with its span.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    span: NodeSpan,
    /// The value.
    pub value: Value<'a>,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written in the source.
    Number(Number<'a>),
    /// A string, decoded, with its embedded document once asked for. Held by reference (the
    /// string lives in the arena) so that every node stays small.
    String(&'a Str<'a>),
    /// An array.
    Array(&'a [Node<'a>]),
    /// An object, members in source order, duplicates kept.
    Object(&'a [Member<'a>]),
}

/// A number as written, and its value when it is an integer typed clients read as one.
#[derive(Debug, Clone, Copy)]
pub struct Number<'a> {
    /// The source text (`2`, `2.0`, `1e400`, `-0`).
    pub raw: &'a str,
    /// [`Number::read_i64`] of `raw`, read once, while parsing: rules read integers again and
    /// again.
    int: Option<i64>,
}

impl<'a> Number<'a> {
    /// The number written as `raw`.
    #[must_use]
    pub fn new(raw: &'a str) -> Self {
        Number {
            raw,
            int: Number::read_i64(raw),
        }
    }

    /// `int` is [`Number::read_i64`] of `raw`; the parser reads both at once.
    pub(crate) fn from_parts(raw: &'a str, int: Option<i64>) -> Self {
        debug_assert_eq!(int, Number::read_i64(raw), "{raw}");
        Number { raw, int }
    }

    /// The value, for a plain integer within `i64` other than `-0` (see [`Node::as_i64`]).
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        self.int
    }

    fn read_i64(raw: &str) -> Option<i64> {
        let (negative, digits) = match raw.as_bytes() {
            [b'-', digits @ ..] => (true, digits),
            digits => (false, digits),
        };
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        if negative && digits == b"0" {
            // `-0` is a float to serde_json (and so to the models).
            return None;
        }
        if digits.len() > 18 {
            return raw.parse().ok();
        }
        // Eighteen digits cannot overflow an `i64`: no checked arithmetic.
        let value = digits
            .iter()
            .fold(0_i64, |value, &digit| value * 10 + i64::from(digit - b'0'));
        Some(if negative { -value } else { value })
    }
}

/// A string: its content as written, its text (decoded from the escapes when first read)
/// and, once asked for, the JSON document it holds, parsed where it stands.
pub struct Str<'a> {
    /// The content between the quotes, as written in the source.
    raw: &'a str,
    /// Where `raw` starts in the source.
    offset: usize,
    /// How `raw` is written: inside this literal and every literal around it.
    nesting: Nesting,
    /// Whether `raw` holds a backslash, so that the text differs from it.
    escaped: bool,
    /// The decoded text, once read; `raw` itself when it holds no backslash.
    text: OnceCell<&'a str>,
    embedded: OnceCell<&'a Embedded<'a>>,
    arena: &'a Arena,
}

impl<'a> Str<'a> {
    /// The string whose content `raw`, at source offset `offset`, is written inside the
    /// literals of `nesting`, with escapes or not.
    pub(crate) fn new(
        raw: &'a str,
        offset: usize,
        nesting: Nesting,
        escaped: bool,
        arena: &'a Arena,
    ) -> Self {
        let text = OnceCell::new();
        if !escaped {
            let _ = text.set(raw);
        }
        Str {
            raw,
            offset,
            nesting,
            escaped,
            text,
            embedded: OnceCell::new(),
            arena,
        }
    }

    /// The decoded text: escapes replaced by the characters they stand for, those of every
    /// literal around the string included. Decoded on first use (into the arena) when the
    /// string was written with escapes: a string that holds a document is read as a document
    /// and never needs its text.
    #[must_use]
    pub fn text(&self) -> &'a str {
        self.text
            .get_or_init(|| self.arena.alloc_decoded(self.raw.as_bytes(), self.nesting))
    }

    /// Whether the text is empty (without decoding it).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Whether the string is written with escapes (its own, or those of the literals around
    /// it), so that reading its [text](Str::text) decodes it the first time.
    #[must_use]
    pub fn is_escaped(&self) -> bool {
        self.escaped
    }

    /// The content between the quotes, as written in the source.
    #[must_use]
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// Keeps `embedded` as the document the string holds, read with the string itself (a
    /// string of [`Documents`](crate::Documents)).
    pub(crate) fn keep_embedded(&self, embedded: &'a Embedded<'a>) {
        let _ = self.embedded.set(embedded);
    }

    /// Whether the document the string holds has been read: with the string itself (a
    /// string of [`Documents`](crate::Documents)), or by an earlier [`Str::embedded`].
    #[must_use]
    pub fn has_read_embedded(&self) -> bool {
        self.embedded.get().is_some()
    }

    /// The JSON document the string holds, parsed on first use where it stands in the
    /// source (spans and errors are source offsets), and kept.
    #[must_use]
    pub fn embedded(&self) -> &'a Embedded<'a> {
        self.embedded.get_or_init(|| {
            self.arena.alloc(parse::parse_in_place(
                self.raw,
                self.offset,
                self.nesting,
                self.arena,
            ))
        })
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Str")
            .field("text", &self.text())
            .field("embedded", &self.embedded.get())
            .finish_non_exhaustive()
    }
}

/// An object member.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// The decoded key.
    pub key: &'a str,
    key_span: NodeSpan,
    /// The value.
    pub value: Node<'a>,
}

impl<'a> Member<'a> {
    pub(crate) fn new(key: &'a str, key_span: NodeSpan, value: Node<'a>) -> Self {
        Member {
            key,
            key_span,
            value,
        }
    }

    /// Where the key is (quotes included).
    #[must_use]
    pub fn key_span(&self) -> Span {
        self.key_span.widen()
    }
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
pub struct Embedded<'a> {
    /// The document, or why it does not parse (as JSON, and leniently either).
    pub document: Result<Node<'a>, SyntaxError>,
    /// How it was written.
    pub quoting: Quoting,
}

impl<'a> Node<'a> {
    pub(crate) fn new(span: NodeSpan, value: Value<'a>) -> Self {
        Node { span, value }
    }

    /// Where the value is, in the text it was parsed from.
    #[must_use]
    pub fn span(&self) -> Span {
        self.span.widen()
    }

    /// The object's members, if the value is an object.
    #[must_use]
    pub fn as_object(&self) -> Option<&'a [Member<'a>]> {
        match &self.value {
            Value::Object(members) => Some(*members),
            _ => None,
        }
    }

    /// The array's items, if the value is an array.
    #[must_use]
    pub fn as_array(&self) -> Option<&'a [Node<'a>]> {
        match &self.value {
            Value::Array(items) => Some(*items),
            _ => None,
        }
    }

    /// The decoded string, if the value is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&'a str> {
        match &self.value {
            Value::String(text) => Some(text.text()),
            _ => None,
        }
    }

    /// Whether the value is the empty string `""` (without decoding a string written with
    /// escapes, which is never empty).
    #[must_use]
    pub fn is_empty_string(&self) -> bool {
        matches!(self.value, Value::String(text) if text.is_empty())
    }

    /// The integer, if the value is a number written as a plain integer that fits in `i64`
    /// and that typed clients read as an integer: not `-0`, which serde_json (and so the
    /// models) reads as the float -0.0, to keep its sign.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Number(number) => number.as_i64(),
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
    pub fn member(&self, key: &str) -> Option<&'a Member<'a>> {
        self.as_object()?.iter().find(|member| member.key == key)
    }

    /// The JSON type, for messages.
    #[must_use]
    pub fn json_type(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(number) if is_plain_integer(number.raw) => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// The embedded document of a string node ([`Str::embedded`]): parsed on first use where
    /// it stands in the source, spans and errors in the source's offsets, and kept.
    #[must_use]
    pub fn embedded(&self) -> Option<&'a Embedded<'a>> {
        match &self.value {
            Value::String(text) => Some(text.embedded()),
            _ => None,
        }
    }
}

impl Node<'_> {
    /// Whether `self` and `other` are the same reading of the same text: spans, values,
    /// keys, strings as written and, where `self` has read the document a string holds,
    /// that document (read in `other` to compare). What a document read with its string
    /// ([`Documents`](crate::Documents)) is checked against, in builds with debug
    /// assertions.
    pub(crate) fn same_reading(&self, other: &Node<'_>) -> bool {
        if self.span != other.span {
            return false;
        }
        match (&self.value, &other.value) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a.raw == b.raw && a.int == b.int,
            (Value::String(a), Value::String(b)) => {
                let same = a.raw == b.raw
                    && a.offset == b.offset
                    && a.nesting == b.nesting
                    && a.escaped == b.escaped
                    && a.text() == b.text();
                let Some(embedded) = a.embedded.get() else {
                    return same;
                };
                let theirs = b.embedded();
                same && embedded.quoting == theirs.quoting
                    && match (&embedded.document, &theirs.document) {
                        (Ok(ours), Ok(theirs)) => ours.same_reading(theirs),
                        (Err(ours), Err(theirs)) => ours == theirs,
                        _ => false,
                    }
            }
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(*b).all(|(a, b)| a.same_reading(b))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter().zip(*b).all(|(a, b)| {
                        a.key == b.key && a.key_span == b.key_span && a.value.same_reading(&b.value)
                    })
            }
            _ => false,
        }
    }
}

/// Whether a number's source text is `-0`, an integer by JSON's grammar that serde_json reads as
/// the float -0.0.
#[must_use]
pub fn is_negative_zero(raw: &str) -> bool {
    raw == "-0"
}

/// Whether a number's source text is a plain integer (`-?(0|[1-9][0-9]*)`).
#[must_use]
pub(crate) fn is_plain_integer(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_stay_small() {
        // The parser writes every node twice (to its stack, then to the arena), so their
        // size is a large part of its cost: a change that grows them should be deliberate.
        assert_eq!(size_of::<Node<'_>>(), 40);
        assert_eq!(size_of::<Member<'_>>(), 64);
    }

    #[test]
    fn integers_read_as_typed_clients_read_them() {
        let reference = |raw: &str| -> Option<i64> {
            (is_plain_integer(raw) && !is_negative_zero(raw))
                .then(|| raw.parse().ok())
                .flatten()
        };
        for raw in [
            "0",
            "-0",
            "7",
            "-7",
            "2.0",
            "-0.0",
            "1e3",
            "1E+3",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "-00",
            "007",
            "",
            "-",
        ] {
            assert_eq!(Number::new(raw).as_i64(), reference(raw), "{raw:?}");
        }
        assert_eq!(Number::new("-9223372036854775808").as_i64(), Some(i64::MIN));
    }
}
