//! The `json` target's checks of the located parser (`isales-json`): its tree against
//! serde_json's reading of the same bytes, its spans against the text they index, and the
//! documents strings embed, read where they stand, against the same documents decoded out of
//! their strings and parsed on their own.
//!
//! serde_json is the oracle because it is the parser typed clients use: what it reads, we
//! read alike. Its `Value` keeps the last of duplicate keys, so the comparison goes through
//! [`Serde`], serde_json's parser driven by a visitor that keeps every member in order;
//! `Value` only confirms that it accepts the same texts.
//!
//! Deliberate differences, which the target allows and nothing else:
//! - nesting: serde_json refuses 128 levels (its limit counts down from 128 and fails at 0),
//!   we read up to [`MAX_DEPTH`](isales_json::MAX_DEPTH) = 128;
//! - numbers beyond `f64` (`1e400`, a 400-digit integer): serde_json (without its
//!   `arbitrary_precision` feature) refuses them, we keep every number as written, which is
//!   how the validator reports them;
//! - anything but JSON text: both refuse lone surrogates, control characters in strings,
//!   invalid UTF-8 and a byte order mark alike (we say why: UTF-16, for one); single quotes
//!   are only ever read inside embedded documents, never by [`isales_json::parse`].

use std::fmt;

use isales_json::{Arena, Member, Node, Origin, Quoting, Span, Value};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The deepest nesting serde_json reads (a unit test pins it).
const SERDE_JSON_DEPTH: usize = 127;

/// How many levels of documents inside strings inside documents the target follows. Each
/// level is shorter than the one holding it, but a text of alternating quotes
/// (`"'\"'\"…'"`) nests a level per few bytes; eight keeps an input's cost near linear.
const EMBEDDING_LEVELS: usize = 8;

/// A JSON value as serde_json's parser reads it, every object member kept in order
/// (duplicates included): what `serde_json::Value` sees before its map keeps the last.
#[derive(Debug)]
enum Serde {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    String(String),
    Array(Vec<Serde>),
    Object(Vec<(String, Serde)>),
}

impl<'de> Deserialize<'de> for Serde {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SerdeVisitor)
    }
}

struct SerdeVisitor;

impl<'de> Visitor<'de> for SerdeVisitor {
    type Value = Serde;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Serde, E> {
        Ok(Serde::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Serde, E> {
        Ok(Serde::Bool(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Serde, E> {
        Ok(Serde::U64(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Serde, E> {
        Ok(Serde::I64(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Serde, E> {
        Ok(Serde::F64(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Serde, E> {
        Ok(Serde::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Serde, E> {
        Ok(Serde::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Serde, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Serde::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Serde, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry::<String, Serde>()? {
            members.push(member);
        }
        Ok(Serde::Object(members))
    }
}

/// The `json` target: see [`crate::json`].
pub(crate) fn check(data: &[u8]) {
    let arena = Arena::new();
    let ours = isales_json::parse(data, &arena);
    let theirs = serde_json::from_slice::<Serde>(data);
    assert_eq!(
        theirs.is_ok(),
        serde_json::from_slice::<serde_json::Value>(data).is_ok(),
        "serde_json reads the text into Value and into the ordered tree alike"
    );
    match (&ours, &theirs) {
        (Ok(node), Ok(tree)) => same(node, tree, &mut String::new()),
        (Err(error), Ok(tree)) => panic!(
            "serde_json reads the text ({} levels deep), we refuse it: {error}",
            serde_depth(tree)
        ),
        (Ok(node), Err(error)) => assert!(
            depth(node) > SERDE_JSON_DEPTH || has_number_beyond_f64(node),
            "we read the text, serde_json refuses it ({error}), neither for its depth nor \
             for a number beyond f64"
        ),
        (Err(_), Err(_)) => {}
    }
    check_documents_read_with_their_strings(data, ours.as_ref());
    match ours {
        Ok(node) => {
            // Valid UTF-8, or it would not have parsed.
            let text = isales_json::utf8(data).unwrap_or_default();
            let mut offsets = Vec::new();
            check_spans(&node, text, None, Quoting::Json, &mut offsets);
            check_embedded(
                &node,
                &node,
                text,
                &Origin::Source,
                text,
                None,
                0,
                &mut offsets,
            );
            check_line_columns(data, &offsets);
        }
        Err(error) => {
            assert!(
                error.offset <= data.len(),
                "the error is past the end: {error}"
            );
            if let Ok(text) = std::str::from_utf8(data) {
                assert!(
                    text.is_char_boundary(error.offset),
                    "the error is inside a character: {error}"
                );
            }
            check_line_columns(data, &[error.offset]);
        }
    }
}

/// Keys whose values the target reads as documents with their strings besides those of the
/// text itself: this API's, and short ones a fuzzer finds quickly.
const DOCUMENT_KEYS: [&str; 7] = [
    "busiPolicy",
    "policy",
    "policyJson",
    "resultRetry",
    "turns",
    "p",
    "",
];

/// Parses `data` again with the documents of every key of the text (and of its documents)
/// read with their strings ([`isales_json::parse_with`]), and asserts the same outcome as
/// `plain`'s: the same error, or the same tree whose documents, read either way, are the
/// documents decoded out of their strings ([`check_embedded`]).
fn check_documents_read_with_their_strings(
    data: &[u8],
    plain: Result<&Node<'_>, &isales_json::SyntaxError>,
) {
    let mut keys: Vec<&str> = DOCUMENT_KEYS.to_vec();
    if let Ok(node) = plain {
        collect_keys(node, 0, &mut keys);
    }
    let arena = Arena::new();
    let eager = isales_json::parse_with(data, isales_json::Documents::under(&keys), &arena);
    match (plain, &eager) {
        (Ok(plain), Ok(eager)) => {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            same_reading(eager, plain, &mut ours, &mut theirs);
            assert_eq!(
                ours, theirs,
                "spans, with the documents read with their strings"
            );
            let text = isales_json::utf8(data).unwrap_or_default();
            let mut offsets = Vec::new();
            check_embedded(
                eager,
                eager,
                text,
                &Origin::Source,
                text,
                None,
                0,
                &mut offsets,
            );
        }
        (plain, eager) => assert_eq!(
            plain.err(),
            eager.as_ref().err(),
            "the outcome, with the documents read with their strings"
        ),
    }
}

/// Every key of `node`, and of the documents its strings hold, [`EMBEDDING_LEVELS`] deep.
fn collect_keys<'a>(node: &Node<'a>, level: usize, keys: &mut Vec<&'a str>) {
    match node.value {
        Value::Array(items) => {
            for item in items {
                collect_keys(item, level, keys);
            }
        }
        Value::Object(members) => {
            for member in members {
                keys.push(member.key);
                collect_keys(&member.value, level, keys);
            }
        }
        Value::String(_) if level + 1 < EMBEDDING_LEVELS => {
            if let Some(Ok(document)) = node.embedded().map(|embedded| &embedded.document) {
                collect_keys(document, level + 1, keys);
            }
        }
        _ => {}
    }
}

/// Asserts that our tree and serde_json's say the same: values, members in order with
/// duplicates, numbers as serde_json reads their text. `path` is for the message.
fn same(ours: &Node<'_>, theirs: &Serde, path: &mut String) {
    match (&ours.value, theirs) {
        (Value::Null, Serde::Null) => {}
        (Value::Bool(a), Serde::Bool(b)) => assert_eq!(a, b, "at {path:?}"),
        (Value::Number(number), theirs) => same_number(number.raw, ours.as_i64(), theirs, path),
        (Value::String(text), Serde::String(theirs)) => {
            assert_eq!(text.text(), theirs, "at {path:?}");
        }
        (Value::Array(items), Serde::Array(theirs)) => {
            assert_eq!(items.len(), theirs.len(), "items at {path:?}");
            for (index, (item, their)) in items.iter().zip(theirs).enumerate() {
                let length = path.len();
                path.push_str(&format!("/{index}"));
                same(item, their, path);
                path.truncate(length);
            }
        }
        (Value::Object(members), Serde::Object(theirs)) => {
            assert_eq!(members.len(), theirs.len(), "members at {path:?}");
            for (member, (key, their)) in members.iter().zip(theirs) {
                assert_eq!(member.key, key, "key at {path:?}");
                let length = path.len();
                path.push('/');
                path.push_str(key);
                same(&member.value, their, path);
                path.truncate(length);
            }
        }
        (ours, theirs) => panic!("at {path:?}: we read {ours:?}, serde_json {theirs:?}"),
    }
}

/// A number as written (`raw`, read by us as the integer `int`) against serde_json's value:
/// its text read the way serde_json read it gives the same value, exactly (for floats, by
/// serde_json reading `raw` alone: without its `float_roundtrip` feature its reading of a long
/// number may be a few units in the last place from the nearest float, and it must be the
/// same few units), and we read an integer exactly when serde_json read one that fits `i64`.
fn same_number(raw: &str, int: Option<i64>, theirs: &Serde, path: &str) {
    match *theirs {
        Serde::U64(value) => {
            assert_eq!(raw.parse::<u64>().ok(), Some(value), "{raw} at {path:?}");
            assert_eq!(int, i64::try_from(value).ok(), "{raw} at {path:?}");
        }
        Serde::I64(value) => {
            assert_eq!(raw.parse::<i64>().ok(), Some(value), "{raw} at {path:?}");
            assert_eq!(int, Some(value), "{raw} at {path:?}");
        }
        Serde::F64(value) => {
            let ours: f64 = serde_json::from_str(raw)
                .unwrap_or_else(|error| panic!("{raw} at {path:?}: {error}"));
            assert_eq!(
                ours.to_bits(),
                value.to_bits(),
                "{raw} at {path:?}: our text reads as {ours}, serde_json read {value}"
            );
            assert_eq!(int, None, "{raw} at {path:?} is a float to serde_json");
        }
        ref theirs => panic!("at {path:?}: we read the number {raw}, serde_json {theirs:?}"),
    }
}

/// How deep arrays and objects nest in our tree (a scalar is 0).
fn depth(node: &Node<'_>) -> usize {
    match node.value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => {
            1 + members
                .iter()
                .map(|member| depth(&member.value))
                .max()
                .unwrap_or(0)
        }
        _ => 0,
    }
}

/// How deep arrays and objects nest in serde_json's tree.
fn serde_depth(tree: &Serde) -> usize {
    match tree {
        Serde::Array(items) => 1 + items.iter().map(serde_depth).max().unwrap_or(0),
        Serde::Object(members) => {
            1 + members
                .iter()
                .map(|(_, value)| serde_depth(value))
                .max()
                .unwrap_or(0)
        }
        _ => 0,
    }
}

/// Whether the tree holds a number whose value is beyond `f64` (infinite when read).
fn has_number_beyond_f64(node: &Node<'_>) -> bool {
    match node.value {
        Value::Number(number) => number.raw.parse::<f64>().is_ok_and(f64::is_infinite),
        Value::Array(items) => items.iter().any(has_number_beyond_f64),
        Value::Object(members) => members
            .iter()
            .any(|member| has_number_beyond_f64(&member.value)),
        _ => false,
    }
}

/// Asserts that `node`'s span, and every span under it, lies within `text` on character
/// boundaries, inside its parent's and after its elder sibling's, and covers its token
/// exactly (a number its text, a string its quotes, `quoting` saying which quotes). Pushes
/// every offset to `offsets`.
fn check_spans(
    node: &Node<'_>,
    text: &str,
    parent: Option<Span>,
    quoting: Quoting,
    offsets: &mut Vec<usize>,
) {
    let span = node.span();
    check_span(span, text, parent, offsets);
    let token = &text[span.start..span.end];
    match node.value {
        Value::Null => assert_eq!(token, "null"),
        Value::Bool(value) => assert_eq!(token, if value { "true" } else { "false" }),
        Value::Number(number) => assert_eq!(token, number.raw),
        Value::String(_) => check_quoted(token, quoting),
        Value::Array(items) => {
            assert!(token.starts_with('[') && token.ends_with(']'), "{token:?}");
            let mut after = span.start;
            for item in items {
                assert!(item.span().start >= after, "items overlap in {token:?}");
                check_spans(item, text, Some(span), quoting, offsets);
                after = item.span().end;
            }
        }
        Value::Object(members) => {
            assert!(token.starts_with('{') && token.ends_with('}'), "{token:?}");
            let mut after = span.start;
            for member in members {
                let key = member.key_span();
                assert!(key.start >= after, "members overlap in {token:?}");
                check_span(key, text, Some(span), offsets);
                check_quoted(&text[key.start..key.end], quoting);
                assert!(
                    key.end <= member.value.span().start,
                    "the value before its key"
                );
                check_spans(&member.value, text, Some(span), quoting, offsets);
                after = member.value.span().end;
            }
        }
    }
}

/// Asserts that `span` is within `text` (and `parent`) on character boundaries.
fn check_span(span: Span, text: &str, parent: Option<Span>, offsets: &mut Vec<usize>) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{span:?} inside a character"
    );
    if let Some(parent) = parent {
        assert!(
            parent.start <= span.start && span.end <= parent.end,
            "{span:?} outside its parent {parent:?}"
        );
    }
    offsets.extend([span.start, span.end]);
}

/// Asserts that a string token is quoted: with double quotes, or single ones when the
/// document was read leniently.
fn check_quoted(token: &str, quoting: Quoting) {
    let quoted =
        |quote: char| token.len() >= 2 && token.starts_with(quote) && token.ends_with(quote);
    assert!(
        quoted('"') || (quoting == Quoting::SingleQuotes && quoted('\'')),
        "a string token {token:?} without its quotes"
    );
}

/// For every string under `node` (our tree of `source`, whose documents are read where they
/// stand) and its twin `copy` (the same value in a tree of `copy_text`, which `origin`
/// places in `source`): holds the document the string embeds, read in place, to the one a
/// decoded copy of the string gives when parsed on its own (`parse_embedded`) and mapped
/// back through the escapes: the same tree, the same strings, numbers and keys, the same
/// error, and every span and error offset equal to the copy's mapped back. Asserts that
/// every such offset lies inside the string (its quotes excluded) and inside the outermost
/// string of the source when strings nest (`outermost`), on character boundaries. Follows
/// documents inside documents for [`EMBEDDING_LEVELS`] levels. Pushes every offset to
/// `offsets`.
#[allow(clippy::too_many_arguments)]
fn check_embedded(
    node: &Node<'_>,
    copy: &Node<'_>,
    copy_text: &str,
    origin: &Origin<'_>,
    source: &str,
    outermost: Option<Span>,
    level: usize,
    offsets: &mut Vec<usize>,
) {
    match (node.value, copy.value) {
        (Value::Array(items), Value::Array(copies)) => {
            for (item, copy) in items.iter().zip(copies) {
                check_embedded(
                    item, copy, copy_text, origin, source, outermost, level, offsets,
                );
            }
        }
        (Value::Object(members), Value::Object(copies)) => {
            for (Member { value, .. }, copy) in members.iter().zip(copies) {
                let copy = &copy.value;
                check_embedded(
                    value, copy, copy_text, origin, source, outermost, level, offsets,
                );
            }
        }
        (Value::String(string), Value::String(copy_string)) => {
            let (Some(embedded), Some(_)) = (node.embedded(), copy.embedded()) else {
                panic!("a string node without an embedded document");
            };
            let text = copy_string.text();
            assert_eq!(string.text(), text, "the string's text");
            let token = node.span();
            let outermost = outermost.unwrap_or(token);
            let inner = Origin::Embedded {
                parent: origin,
                parent_text: copy_text,
                token: copy.span(),
            };
            let arena = Arena::new();
            let decoded = isales_json::parse_embedded(text, &arena);
            assert_eq!(embedded.quoting, decoded.quoting, "how {text:?} is quoted");
            let mut ours = Vec::new();
            let mut theirs = Vec::new();
            match (&embedded.document, &decoded.document) {
                (Ok(document), Ok(copy_document)) => {
                    let mut inside = Vec::new();
                    check_spans(copy_document, text, None, decoded.quoting, &mut inside);
                    same_reading(document, copy_document, &mut ours, &mut theirs);
                }
                (Err(error), Err(copy_error)) => {
                    assert_eq!(error.problem, copy_error.problem, "in {text:?}");
                    ours.push(error.offset);
                    theirs.push(copy_error.offset);
                }
                (ours, theirs) => {
                    panic!("{text:?} read in place: {ours:?}; decoded, then read: {theirs:?}")
                }
            }
            assert_eq!(
                ours,
                inner.to_source_all(&theirs),
                "offsets of the document in {text:?}, in place and decoded then mapped back"
            );
            for &offset in &ours {
                assert!(
                    token.start < offset && offset < token.end,
                    "offset {offset} outside the string {token:?}"
                );
                assert!(
                    outermost.start < offset && offset < outermost.end,
                    "offset {offset} outside the string {outermost:?}"
                );
                assert!(
                    source.is_char_boundary(offset),
                    "offset {offset} inside a character"
                );
            }
            assert_eq!(inner.outermost_string(), Some(outermost));
            offsets.extend(ours);
            if let (Ok(document), Ok(copy_document), true) = (
                &embedded.document,
                &decoded.document,
                level + 1 < EMBEDDING_LEVELS,
            ) {
                check_embedded(
                    document,
                    copy_document,
                    text,
                    &inner,
                    source,
                    Some(outermost),
                    level + 1,
                    offsets,
                );
            }
        }
        (Value::Null | Value::Bool(_) | Value::Number(_), _) => {}
        (ours, theirs) => panic!("{ours:?} read in place, {theirs:?} from the decoded text"),
    }
}

/// Asserts that `ours` and `theirs` are the same tree (values, keys, strings' texts, numbers
/// as written) and collects their spans, keys' included, in the same order.
fn same_reading(
    ours: &Node<'_>,
    theirs: &Node<'_>,
    spans: &mut Vec<usize>,
    copies: &mut Vec<usize>,
) {
    spans.extend([ours.span().start, ours.span().end]);
    copies.extend([theirs.span().start, theirs.span().end]);
    match (ours.value, theirs.value) {
        (Value::Null, Value::Null) => {}
        (Value::Bool(a), Value::Bool(b)) => assert_eq!(a, b),
        (Value::Number(a), Value::Number(b)) => {
            assert_eq!((a.raw, a.as_i64()), (b.raw, b.as_i64()));
        }
        (Value::String(a), Value::String(b)) => assert_eq!(a.text(), b.text()),
        (Value::Array(items), Value::Array(copies_of)) => {
            assert_eq!(items.len(), copies_of.len());
            for (item, copy) in items.iter().zip(copies_of) {
                same_reading(item, copy, spans, copies);
            }
        }
        (Value::Object(members), Value::Object(copies_of)) => {
            assert_eq!(members.len(), copies_of.len());
            for (member, copy) in members.iter().zip(copies_of) {
                assert_eq!(member.key, copy.key);
                spans.extend([member.key_span().start, member.key_span().end]);
                copies.extend([copy.key_span().start, copy.key_span().end]);
                same_reading(&member.value, &copy.value, spans, copies);
            }
        }
        (ours, theirs) => panic!("{ours:?} read in place, {theirs:?} from the decoded text"),
    }
}

/// Asserts that positions found in one pass are those found one at a time.
fn check_line_columns(source: &[u8], offsets: &[usize]) {
    let one_pass = isales_json::line_columns(source, offsets);
    for (&offset, position) in offsets.iter().zip(&one_pass) {
        assert_eq!(*position, isales_json::line_column(source, offset));
        assert!(position.line >= 1 && position.column >= 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isales_json::MAX_DEPTH;

    fn nested(levels: usize) -> String {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn serde_json_reads_one_level_less_than_we_do() {
        assert!(serde_json::from_str::<Serde>(&nested(SERDE_JSON_DEPTH)).is_ok());
        assert!(serde_json::from_str::<Serde>(&nested(SERDE_JSON_DEPTH + 1)).is_err());
        let arena = Arena::new();
        assert!(isales_json::parse(nested(MAX_DEPTH).as_bytes(), &arena).is_ok());
        assert!(isales_json::parse(nested(MAX_DEPTH + 1).as_bytes(), &arena).is_err());
        // Both sides of the difference pass the target.
        check(nested(MAX_DEPTH).as_bytes());
        check(nested(MAX_DEPTH + 1).as_bytes());
    }

    #[test]
    fn the_ordered_tree_keeps_what_value_drops() {
        let tree: Serde = serde_json::from_str(r#"{"a": 1, "b": -2, "a": 2.5}"#).expect("JSON");
        let Serde::Object(members) = tree else {
            panic!("{tree:?}");
        };
        let keys: Vec<&str> = members.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "a"]);
        assert!(matches!(members[1].1, Serde::I64(-2)));
        assert!(matches!(members[2].1, Serde::F64(value) if value == 2.5));
    }

    #[test]
    fn numbers_beyond_f64_are_the_one_difference_of_values() {
        let arena = Arena::new();
        for text in [
            "1e400",
            "[-1e400]",
            &format!("{{\"a\": 1{}}}", "0".repeat(400)),
        ] {
            assert!(serde_json::from_str::<Serde>(text).is_err(), "{text}");
            let node = isales_json::parse(text.as_bytes(), &arena).expect(text);
            assert!(has_number_beyond_f64(&node), "{text}");
            check(text.as_bytes());
        }
    }
}
