//! Positions: from an offset of a decoded copy of a string back to the payload's bytes, and
//! from a byte offset to line and column.
//!
//! The documents strings embed are parsed where they stand, with source offsets; a text that
//! was decoded out of a string literal first (a HAR entry's response body, a request's URL, a
//! document parsed with [`parse_embedded`](crate::parse_embedded)) counts decoded bytes.
//! [`Origin`] remembers, for each level of such decoding, which string token of which text the
//! copy came from; mapping an offset back walks the token's escapes, all of one token's
//! offsets in one walk.

use serde::Serialize;
use wide::u8x16;

use super::node::Span;

/// Where the text a tree was parsed from lives.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// The payload itself: offsets are already source offsets.
    Source,
    /// The decoded content of a string token in another text.
    Embedded {
        /// Where that other text lives.
        parent: &'a Origin<'a>,
        /// That other text (the payload, or the decoded content of an outer string).
        parent_text: &'a str,
        /// The string token, quotes included, in `parent_text`.
        token: Span,
    },
}

impl Origin<'_> {
    /// Maps an offset in this origin's text to an offset in the payload.
    #[must_use]
    pub fn to_source(&self, offset: usize) -> usize {
        match self {
            Origin::Source => offset,
            Origin::Embedded {
                parent,
                parent_text,
                token,
            } => {
                let raw = raw_offset(parent_text, *token, offset);
                parent.to_source(raw)
            }
        }
    }

    /// Maps many offsets of this origin's text to offsets in the payload, in the order given,
    /// with one walk over each level's string token (the offsets are visited in ascending
    /// order): the cost is linear in the tokens plus the offsets, however many there are.
    /// Each result is the one [`Origin::to_source`] gives.
    #[must_use]
    pub fn to_source_all(&self, offsets: &[usize]) -> Vec<usize> {
        match self {
            Origin::Source => offsets.to_vec(),
            Origin::Embedded { parent, .. } => parent.to_source_all(&self.to_parent_all(offsets)),
        }
    }

    /// Maps many offsets of this origin's text one level up: to offsets in the text holding
    /// its string token (the payload's for [`Origin::Source`], which has no level above), in
    /// one walk over the token.
    #[must_use]
    pub fn to_parent_all(&self, offsets: &[usize]) -> Vec<usize> {
        match self {
            Origin::Source => offsets.to_vec(),
            Origin::Embedded {
                parent_text, token, ..
            } => raw_offsets(parent_text, *token, offsets),
        }
    }

    /// The string token of the payload this text was decoded from, through any number of
    /// embedded levels (`None` for the payload itself).
    #[must_use]
    pub fn outermost_string(&self) -> Option<Span> {
        match self {
            Origin::Source => None,
            Origin::Embedded {
                parent: Origin::Source,
                token,
                ..
            } => Some(*token),
            Origin::Embedded { parent, .. } => parent.outermost_string(),
        }
    }

    /// Maps a span of this origin's text to a span of the payload.
    #[must_use]
    pub fn span_to_source(&self, span: Span) -> Span {
        Span::new(self.to_source(span.start), self.to_source(span.end))
    }
}

/// The offset in `text` of the raw character that decodes to byte `decoded` of the string
/// token at `token`.
fn raw_offset(text: &str, token: Span, decoded: usize) -> usize {
    RawWalk::new(text, token).advance_to(decoded)
}

/// [`raw_offset`] of every offset of `decoded`, in one walk over the token.
fn raw_offsets(text: &str, token: Span, decoded: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..decoded.len()).collect();
    order.sort_unstable_by_key(|&index| decoded[index]);
    let mut raw_offsets = vec![0; decoded.len()];
    // The walk to an offset goes through the same states as the walk to a smaller one, then
    // further: continuing it in sorted order gives each offset's answer.
    let mut walk = RawWalk::new(text, token);
    for index in order {
        raw_offsets[index] = walk.advance_to(decoded[index]);
    }
    raw_offsets
}

/// A walk over the raw text of a string token, counting the bytes its escapes decode to.
struct RawWalk<'t> {
    bytes: &'t [u8],
    /// Where the content ends (the closing quote).
    content_end: usize,
    /// The raw offset reached.
    raw: usize,
    /// The decoded bytes before it.
    produced: usize,
}

impl<'t> RawWalk<'t> {
    fn new(text: &'t str, token: Span) -> Self {
        let bytes = text.as_bytes();
        RawWalk {
            bytes,
            content_end: token.end.saturating_sub(1).min(bytes.len()),
            raw: token.start + 1,
            produced: 0,
        }
    }

    /// Walks on until `decoded` bytes are behind; the raw offset reached.
    fn advance_to(&mut self, decoded: usize) -> usize {
        while self.raw < self.content_end && self.produced < decoded {
            if self.bytes[self.raw] == b'\\' {
                let (raw_len, decoded_len) = escape_lengths(self.bytes, self.raw);
                self.raw += raw_len;
                self.produced += decoded_len;
            } else {
                self.raw += 1;
                self.produced += 1;
            }
        }
        self.raw.min(self.content_end)
    }
}

/// Raw and decoded lengths of the escape sequence at `at`.
fn escape_lengths(bytes: &[u8], at: usize) -> (usize, usize) {
    if bytes.get(at + 1) != Some(&b'u') {
        return (2, 1);
    }
    let code = |start: usize| {
        bytes
            .get(start..start + 4)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
    };
    match code(at + 2) {
        Some(0xD800..=0xDBFF) if bytes.get(at + 6..at + 8) == Some(b"\\u") => (12, 4),
        Some(value) => (6, char::from_u32(value).map_or(3, char::len_utf8)),
        None => (2, 1),
    }
}

/// A place in the payload, for people: byte offset, 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// Byte offset from the start of the payload.
    pub offset: usize,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Line and column of a byte offset; the column counts characters (UTF-8 leading bytes), and
/// works on bytes that are not UTF-8.
#[must_use]
pub fn line_column(source: &[u8], offset: usize) -> Position {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |newline| newline + 1);
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = characters(&before[line_start..]) + 1;
    Position {
        offset,
        line,
        column,
    }
}

/// The positions of many byte offsets, in the order given, found in one pass over `source`:
/// the offsets are visited in ascending order and line and column advance from one to the
/// next, so the cost is linear in the source plus the offsets (and the sort), however many
/// there are. Each position is the one [`line_column`] gives.
#[must_use]
pub fn line_columns(source: &[u8], offsets: &[usize]) -> Vec<Position> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&index| offsets[index]);
    let mut positions = vec![
        Position {
            offset: 0,
            line: 1,
            column: 1,
        };
        offsets.len()
    ];
    let mut at = Position {
        offset: 0,
        line: 1,
        column: 1,
    };
    for index in order {
        let offset = offsets[index].min(source.len());
        let between = &source[at.offset..offset];
        match memchr::memrchr(b'\n', between) {
            Some(last) => {
                at.line += memchr::memchr_iter(b'\n', between).count();
                at.column = characters(&between[last + 1..]) + 1;
            }
            None => at.column += characters(between),
        }
        at.offset = offset;
        positions[index] = at;
    }
    positions
}

/// How many characters `bytes` holds, counted as [`line_column`] counts columns: every byte
/// that is not a UTF-8 continuation byte. Sixteen bytes at a time: a report of a long
/// single-line payload counts the characters before each violation, which for a compact
/// payload is most of it.
///
/// Each lane of a register counts the continuation bytes it sees (a compare gives 0xFF, and
/// subtracting that adds one), and the lanes are added up every [`LANE_BLOCKS`] blocks, before
/// a lane can overflow: no mask is moved out of the register for each block.
fn characters(bytes: &[u8]) -> usize {
    /// Blocks a lane counts before it could overflow.
    const LANE_BLOCKS: usize = u8::MAX as usize;
    let continuation = |byte: &u8| (*byte & 0xC0) == 0x80;
    let mut blocks = bytes.chunks_exact(16);
    let mut continuations = 0;
    loop {
        let mut lanes = u8x16::ZERO;
        let mut counted = 0;
        for block in blocks.by_ref().take(LANE_BLOCKS) {
            let mut bytes = [0; 16];
            bytes.copy_from_slice(block);
            let marked = (u8x16::new(bytes) & u8x16::splat(0xC0)).simd_eq(u8x16::splat(0x80));
            lanes -= marked;
            counted += 1;
        }
        continuations += lanes
            .to_array()
            .iter()
            .map(|&lane| usize::from(lane))
            .sum::<usize>();
        if counted < LANE_BLOCKS {
            break;
        }
    }
    continuations += blocks
        .remainder()
        .iter()
        .filter(|byte| continuation(byte))
        .count();
    bytes.len() - continuations
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Node, parse, parse_embedded};

    #[test]
    fn one_pass_positions_equal_line_column() {
        let source = "{\n  \"name\": \"é😀\", \"x\": 1\r\n}\n\n\u{fffd}x".as_bytes();
        let mut offsets: Vec<usize> = (0..=source.len() + 2).rev().collect();
        offsets.extend([3, 3, 0, 7]);
        let expected: Vec<Position> = offsets
            .iter()
            .map(|&offset| line_column(source, offset))
            .collect();
        assert_eq!(line_columns(source, &offsets), expected);
        assert_eq!(line_columns(source, &[]), []);
        // Bytes that are not UTF-8 are counted the same way.
        let broken = b"a\xff\xc3\n\x80b";
        let offsets: Vec<usize> = (0..=broken.len()).collect();
        let expected: Vec<Position> = offsets
            .iter()
            .map(|&offset| line_column(broken, offset))
            .collect();
        assert_eq!(line_columns(broken, &offsets), expected);
    }

    #[test]
    fn characters_are_counted_across_blocks() {
        // Past the blocks a lane counts before the lanes are added up (255 of 16 bytes), and
        // continuation bytes in every lane of each of them.
        for repeat in [254 * 16, 255 * 16, 256 * 16, 2 * 255 * 16 + 7] {
            let text = "é".repeat(repeat / 2);
            assert_eq!(
                characters(text.as_bytes()),
                text.chars().count(),
                "{repeat}"
            );
            let mixed = "aé😀€\u{7f}".repeat(repeat / 13 + 1);
            assert_eq!(
                characters(mixed.as_bytes()),
                mixed.chars().count(),
                "{repeat}"
            );
        }
        let text = "aé😀€\u{7f}".repeat(12);
        for (end, _) in text.char_indices().chain([(text.len(), ' ')]) {
            for start in [0, 1, 3] {
                let part = text.get(start..end).unwrap_or_default();
                if text.is_char_boundary(start) && start <= end {
                    assert_eq!(characters(part.as_bytes()), part.chars().count(), "{part}");
                }
            }
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        let source = "{\n  \"name\": \"é\", \"x\": 1\n}".as_bytes();
        let x = source
            .windows(3)
            .position(|window| window == b"\"x\"")
            .expect("x");
        assert_eq!(
            line_column(source, x),
            Position {
                offset: x,
                line: 2,
                column: 16
            }
        );
        assert_eq!(
            line_column(source, 0),
            Position {
                offset: 0,
                line: 1,
                column: 1
            }
        );
        assert_eq!(line_column(source, 10_000).line, 3);
    }

    #[test]
    fn maps_decoded_offsets_back_to_where_documents_stand() {
        // Two levels of embedding: the in-place documents' spans are source offsets; the same
        // documents parsed from decoded copies get them through their origins.
        let source =
            r#"{"policyJson": "[{\"type\": 0, \"policy\": \"[{\\\"retryDay\\\": \\\"2\\\"}]\"}]"}"#;
        let arena = crate::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("payload");
        let string = &root.member("policyJson").expect("member").value;
        let outer_text = string.as_str().expect("string");
        let origin = Origin::Embedded {
            parent: &Origin::Source,
            parent_text: source,
            token: string.span(),
        };
        fn in_place<'a>(node: &Node<'a>) -> Node<'a> {
            *node
                .embedded()
                .expect("a string")
                .document
                .as_ref()
                .expect("a document")
        }
        let outer = in_place(string);
        let copy = parse_embedded(outer_text, &arena);
        let copy = copy.document.expect("the decoded document");

        let item = &outer.as_array().expect("array")[0];
        let copy_item = &copy.as_array().expect("array")[0];
        let type_value = &item.member("type").expect("type").value;
        assert_eq!(&source[type_value.span().start..type_value.span().end], "0");
        let copy_type = &copy_item.member("type").expect("type").value;
        assert_eq!(origin.span_to_source(copy_type.span()), type_value.span());

        let policy = &item.member("policy").expect("policy").value;
        let copy_policy = &copy_item.member("policy").expect("policy").value;
        assert_eq!(policy.as_str(), copy_policy.as_str());
        let inner = in_place(policy);
        let copy_inner = parse_embedded(copy_policy.as_str().expect("string"), &arena)
            .document
            .expect("the decoded inner document");
        let inner_origin = Origin::Embedded {
            parent: &origin,
            parent_text: outer_text,
            token: copy_policy.span(),
        };
        let retry_day = inner.as_array().expect("array")[0]
            .member("retryDay")
            .expect("retryDay");
        let copy_retry_day = copy_inner.as_array().expect("array")[0]
            .member("retryDay")
            .expect("retryDay");
        let span = retry_day.value.span();
        assert_eq!(&source[span.start..span.end], r#"\\\"2\\\""#);
        assert_eq!(retry_day.value.as_str(), Some("2"));
        assert_eq!(
            inner_origin.span_to_source(copy_retry_day.value.span()),
            span
        );
        let key = retry_day.key_span();
        assert_eq!(&source[key.start..key.end], r#"\\\"retryDay\\\""#);
        assert_eq!(inner_origin.span_to_source(copy_retry_day.key_span()), key);
    }

    #[test]
    fn mapping_many_offsets_at_once_maps_each_as_alone() {
        let source = r#"{"turns": "[{\"turnType\": \"\u00e9\ud83d\ude00x\\n\"}]", "a": 1}"#;
        let arena = crate::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("payload");
        let string = &root.member("turns").expect("member").value;
        let decoded = string.as_str().expect("string").len();
        let origin = Origin::Embedded {
            parent: &Origin::Source,
            parent_text: source,
            token: string.span(),
        };
        let offsets: Vec<usize> = (0..decoded + 3).rev().chain([4, 0, 4]).collect();
        let expected: Vec<usize> = offsets
            .iter()
            .map(|&offset| origin.to_source(offset))
            .collect();
        assert_eq!(origin.to_source_all(&offsets), expected);
        assert_eq!(Origin::Source.to_source_all(&[3, 1]), [3, 1]);
    }

    #[test]
    fn maps_unicode_escapes() {
        let source = r#"{"turns": "[{\"turnType\": \"\u00e9\ud83d\ude00x\"}]"}"#;
        let arena = crate::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("payload");
        let string = &root.member("turns").expect("member").value;
        let copy = parse_embedded(string.as_str().expect("string"), &arena)
            .document
            .expect("document");
        let origin = Origin::Embedded {
            parent: &Origin::Source,
            parent_text: source,
            token: string.span(),
        };
        let value = &copy.as_array().expect("array")[0]
            .member("turnType")
            .expect("turnType")
            .value;
        let mapped = origin.span_to_source(value.span());
        assert_eq!(
            &source[mapped.start..mapped.end],
            r#"\"\u00e9\ud83d\ude00x\""#
        );
        let in_place = string.embedded().expect("a string").document.as_ref();
        let in_place = &in_place.expect("document").as_array().expect("array")[0]
            .member("turnType")
            .expect("turnType")
            .value;
        assert_eq!(in_place.span(), mapped);
        assert_eq!(in_place.as_str(), Some("é😀x"));
    }
}
