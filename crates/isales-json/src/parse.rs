//! The parser: UTF-8 JSON text to a located [`Node`] tree, failing with a located
//! [`SyntaxError`].
//!
//! It follows RFC 8259 strictly, with two deliberate extensions used only for embedded
//! documents, and only once the strict reading has failed ([`parse_embedded`]): strings and
//! keys in single quotes, and the `\'` escape inside them (the pseudo-JSON seen on sibling
//! pages, which the validator reports and then still checks). Nesting is bounded by
//! [`MAX_DEPTH`] so that hostile input cannot exhaust the stack; the limit is reported like
//! any other syntax problem.
//!
//! The same parser reads the document a string holds where it stands in the source
//! ([`Str::embedded`]): instantiated for nested text, it reads the characters of the text
//! through the escapes of every literal around it ([`escapes`]), so its spans and errors are
//! source offsets. Nothing is decoded to be parsed: strings are checked and their content
//! located; keys are decoded when they hold escapes, values when they are read. Where a
//! literal ends is found 16 bytes at a time for the writings every JSON writer produces
//! ([`scan`]); anything else, errors included, is read escape by escape.
//!
//! The documents of the keys a [`Documents`] names are read in the same pass as their
//! strings, by a *guarded* parser: one that reads the document from just past the opening
//! quote through the rest of the text, before anything has checked the literal around it,
//! and so reads only what cannot be mistaken ([`Parser::string_with_document`]).

use std::fmt;

use super::escapes::{self, Fault, Nesting, Pattern, Unit, unit};
use super::node::{
    Arena, Embedded, MAX_TEXT_BYTES, Member, Node, NodeSpan, Number, Quoting, Str, Value,
};
use super::scan;

/// How deep arrays and objects may nest, embedded documents counted separately.
///
/// The documented body nests at most seven levels; 128 leaves room for anything plausible and
/// keeps recursion far from the stack limit.
pub const MAX_DEPTH: usize = 128;

/// What went wrong while parsing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum SyntaxProblem {
    /// Nothing but whitespace.
    Empty,
    /// The text ended inside a value.
    UnexpectedEnd {
        /// What was expected there.
        expected: &'static str,
    },
    /// A character that cannot appear here.
    UnexpectedChar {
        /// The character found.
        found: char,
        /// What was expected there.
        expected: &'static str,
    },
    /// A backslash escape JSON does not define.
    InvalidEscape,
    /// A `\u` escape of half a surrogate pair.
    LoneSurrogate,
    /// A raw control character inside a string.
    ControlCharacter {
        /// Its code point.
        code: u32,
    },
    /// A malformed number (`01`, `1.`, `-`).
    InvalidNumber,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// UTF-16 text (a UTF-16 byte order mark, or NUL bytes interleaved with ASCII).
    Utf16,
    /// Text after the end of the value.
    TrailingCharacters,
    /// A text longer than [`MAX_TEXT_BYTES`], more than any payload of this API.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

impl fmt::Display for SyntaxProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyntaxProblem::Empty => f.write_str("no JSON value, only whitespace"),
            SyntaxProblem::UnexpectedEnd { expected } => {
                write!(f, "the text ends where {expected} was expected")
            }
            SyntaxProblem::UnexpectedChar { found, expected } => {
                write!(
                    f,
                    "found {} where {expected} was expected",
                    describe_char(*found)
                )
            }
            SyntaxProblem::InvalidEscape => f.write_str("invalid escape sequence in a string"),
            SyntaxProblem::LoneSurrogate => {
                f.write_str("a \\u escape holds half of a surrogate pair, which is not a character")
            }
            SyntaxProblem::ControlCharacter { code } => {
                write!(
                    f,
                    "control character U+{code:04X} inside a string must be escaped"
                )
            }
            SyntaxProblem::InvalidNumber => f.write_str("malformed number"),
            SyntaxProblem::TooDeep { limit } => {
                write!(f, "arrays and objects nest deeper than {limit} levels")
            }
            SyntaxProblem::InvalidUtf8 => f.write_str("the bytes are not valid UTF-8"),
            SyntaxProblem::Utf16 => {
                f.write_str("the text is UTF-16; JSON exchanged between systems must be UTF-8")
            }
            SyntaxProblem::TrailingCharacters => {
                f.write_str("unexpected text after the JSON value")
            }
            SyntaxProblem::TooLarge { limit } => {
                write!(
                    f,
                    "the text is longer than {limit} bytes, the most the parser reads"
                )
            }
        }
    }
}

fn describe_char(ch: char) -> String {
    if ch.is_control() || ch == '\u{feff}' {
        format!("U+{:04X}", u32::from(ch))
    } else {
        format!("`{ch}`")
    }
}

/// A syntax problem and the byte offset where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the problem in the parsed text.
    pub offset: usize,
    /// What is wrong.
    pub problem: SyntaxProblem,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (byte {})", self.problem, self.offset)
    }
}

impl std::error::Error for SyntaxError {}

/// Parses JSON bytes into `arena`. Spans are offsets into `bytes`.
///
/// # Errors
/// The first syntax problem, located; invalid UTF-8 is located at its first bad byte.
pub fn parse<'a>(bytes: &'a [u8], arena: &'a Arena) -> Result<Node<'a>, SyntaxError> {
    parse_with(bytes, Documents::NONE, arena)
}

/// [`parse`], reading the documents that the string values of `documents` hold while it
/// reads those strings ([`parse_str_at_with`]).
///
/// # Errors
/// The first syntax problem, located, as [`parse`] finds it.
pub fn parse_with<'a>(
    bytes: &'a [u8],
    documents: Documents<'_>,
    arena: &'a Arena,
) -> Result<Node<'a>, SyntaxError> {
    if looks_like_utf16(bytes) {
        return Err(SyntaxError {
            offset: 0,
            problem: SyntaxProblem::Utf16,
        });
    }
    let text = utf8(bytes).map_err(|offset| SyntaxError {
        offset,
        problem: SyntaxProblem::InvalidUtf8,
    })?;
    parse_str(text, 0, false, documents, arena)
}

/// `bytes` as text, or the offset of the first byte that is not valid UTF-8.
///
/// SIMD validation (`simdutf8`) for the common, valid case; the standard library's, which
/// says where the first bad byte is, only once the text is known to be broken.
///
/// # Errors
/// The offset of the first invalid byte.
pub fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    simdutf8::basic::from_utf8(bytes)
        .or_else(|_| std::str::from_utf8(bytes).map_err(|error| error.valid_up_to()))
}

/// Whether the bytes look like UTF-16: a UTF-16 byte order mark, or one of the first two bytes
/// NUL and the other not (an ASCII character in UTF-16LE or UTF-16BE).
#[must_use]
pub fn looks_like_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        [first, second, ..] => (*first == 0) != (*second == 0),
        _ => false,
    }
}

/// Parses JSON text that starts at byte `base` of the payload (after a byte order mark, say)
/// into `arena`; spans are payload offsets.
///
/// # Errors
/// The first syntax problem, located in the payload.
pub fn parse_str_at<'a>(
    text: &'a str,
    base: usize,
    arena: &'a Arena,
) -> Result<Node<'a>, SyntaxError> {
    parse_str(text, base, false, Documents::NONE, arena)
}

/// [`parse_str_at`], reading the documents that the string values of `documents` hold while
/// it reads those strings.
///
/// The tree is the one [`parse_str_at`] gives: every [`Str::embedded`] is the same, only
/// some are already read. A document read here is read in the same pass as the string around
/// it, instead of that string's bytes being read once to find where it ends and again, on
/// first use, as a document.
///
/// # Errors
/// The first syntax problem, located in the payload.
pub fn parse_str_at_with<'a>(
    text: &'a str,
    base: usize,
    documents: Documents<'_>,
    arena: &'a Arena,
) -> Result<Node<'a>, SyntaxError> {
    parse_str(text, base, false, documents, arena)
}

/// Which string values the parser reads as JSON documents as it meets them
/// ([`parse_str_at_with`]), rather than on first use ([`Str::embedded`]).
///
/// The values of object members with one of the keys, at any depth of the text and of the
/// documents read this way, when they are written as every JSON writer writes a document in
/// a string: double quotes, the short escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\/`,
/// `\b`, `\f`), starting with `[` or `{`, and at most two literals deep (`policy` inside
/// `policyJson`). Anything else (a document that does not parse as JSON, single quotes, a
/// `\u` escape, whitespace first, a string that holds no document) is left to be read on
/// first use, so the keys only ever change when a document is read, never what is read. A
/// document broken near its end is read up to the break first: it costs what a valid one of
/// its size costs.
///
/// ```
/// use isales_json::{Arena, Documents, parse_with};
///
/// // `policyJson` holds a document whose `policy` holds another one.
/// let source = br#"{"policyJson": "[{\"policy\": \"[{\\\"retryDay\\\": 3}]\"}]"}"#;
/// const DOCUMENTS: Documents<'static> = Documents::under(&["policyJson", "policy"]);
/// let arena = Arena::new();
/// let root = parse_with(source, DOCUMENTS, &arena)?;
/// // Read already; `embedded` gives what it would have read on first use.
/// let outer = root.member("policyJson").and_then(|member| member.value.embedded());
/// let outer = outer.expect("a string").document.as_ref().map_err(Clone::clone)?;
/// let policy = outer.as_array().expect("an array")[0].member("policy").expect("policy");
/// let inner = policy.value.embedded().expect("a string").document.as_ref().map_err(Clone::clone)?;
/// let day = &inner.as_array().expect("an array")[0].member("retryDay").expect("retryDay").value;
/// assert_eq!(day.as_i64(), Some(3));
/// assert_eq!(&source[day.span().start..day.span().end], b"3");
/// # Ok::<(), isales_json::SyntaxError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Documents<'k> {
    keys: &'k [&'k str],
    /// A bit per key, from its length and last byte ([`Documents::bit`]): most keys of a
    /// text are told apart from every one of `keys` by a mask, without comparing bytes.
    bits: u64,
}

impl<'k> Documents<'k> {
    /// No value: every document is read on first use, as [`parse`] reads them.
    pub const NONE: Documents<'static> = Documents { keys: &[], bits: 0 };

    /// The values of members with these keys.
    #[must_use]
    pub const fn under(keys: &'k [&'k str]) -> Self {
        let mut bits = 0;
        let mut index = 0;
        while index < keys.len() {
            bits |= Documents::bit(keys[index].as_bytes());
            index += 1;
        }
        Documents { keys, bits }
    }

    /// The bit of a key.
    #[inline]
    const fn bit(key: &[u8]) -> u64 {
        let last = match key.last() {
            Some(&byte) => byte as usize,
            None => 0,
        };
        1 << ((key.len().wrapping_mul(31).wrapping_add(last)) % 64)
    }

    /// Whether the value of a member with this key is one.
    #[inline]
    fn hold(self, key: &str) -> bool {
        self.bits & Documents::bit(key.as_bytes()) != 0 && self.keys.contains(&key)
    }
}

/// Parses a JSON text starting at byte `base` of the source (`text` is the source from there
/// on); spans are offsets into the source.
///
/// # Errors
/// The first syntax problem, located.
pub(crate) fn parse_str<'a>(
    text: &'a str,
    base: usize,
    single_quotes: bool,
    documents: Documents<'_>,
    arena: &'a Arena,
) -> Result<Node<'a>, SyntaxError> {
    if base.saturating_add(text.len()) > MAX_TEXT_BYTES {
        return Err(SyntaxError {
            offset: base,
            problem: SyntaxProblem::TooLarge {
                limit: MAX_TEXT_BYTES,
            },
        });
    }
    Parser::<{ written::SOURCE }>::new(text, base, Nesting::SOURCE, single_quotes, arena)
        .reading(documents)
        .run()
}

/// Parses the JSON document a string holds into `arena`: strictly first, then, if that fails,
/// with single quotes accepted. Spans are offsets into `text`.
#[must_use]
pub fn parse_embedded<'a>(text: &'a str, arena: &'a Arena) -> Embedded<'a> {
    lenient_on_failure(text, |single_quotes| {
        parse_str(text, 0, single_quotes, Documents::NONE, arena)
    })
}

/// Parses the document the content of a string literal holds where it stands in the source:
/// `raw` is the content as written, at source offset `base`, inside the literals `nesting`
/// says. Spans and errors are source offsets, as if the content had been decoded, parsed and
/// every offset mapped back through the escapes.
pub(crate) fn parse_in_place<'a>(
    raw: &'a str,
    base: usize,
    nesting: Nesting,
    arena: &'a Arena,
) -> Embedded<'a> {
    // Without a backslash, the content is its own text: the parser of plain text reads it.
    let escaped = raw.as_bytes().contains(&b'\\');
    lenient_on_failure(raw, |single_quotes| {
        let written = if escaped {
            written::of(nesting)
        } else {
            written::SOURCE
        };
        match written {
            written::SOURCE => {
                Parser::<{ written::SOURCE }>::new(raw, base, nesting, single_quotes, arena).run()
            }
            written::ONE_DEEP => {
                Parser::<{ written::ONE_DEEP }>::new(raw, base, nesting, single_quotes, arena).run()
            }
            written::TWO_DEEP => {
                Parser::<{ written::TWO_DEEP }>::new(raw, base, nesting, single_quotes, arena).run()
            }
            _ => Parser::<{ written::OTHER }>::new(raw, base, nesting, single_quotes, arena).run(),
        }
    })
}

/// `parse(false)`, or when that fails and the text may hold a single quote (written as
/// itself or with a `\u` escape), `parse(true)`; the strict error when both fail.
fn lenient_on_failure<'a>(
    raw: &str,
    parse: impl Fn(bool) -> Result<Node<'a>, SyntaxError>,
) -> Embedded<'a> {
    match parse(false) {
        Ok(node) => Embedded {
            document: Ok(node),
            quoting: Quoting::Json,
        },
        Err(strict) => {
            let may_quote = raw.contains('\'') || raw.contains("\\u");
            if may_quote && let Ok(node) = parse(true) {
                return Embedded {
                    document: Ok(node),
                    quoting: Quoting::SingleQuotes,
                };
            }
            Embedded {
                document: Err(strict),
                quoting: Quoting::Json,
            }
        }
    }
}

/// Eight copies of a byte, for the word-at-a-time scan of strings.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// Marks (the high bit of) the bytes of eight little-endian bytes that a string cannot simply
/// contain: `quote`, a backslash or a control character.
///
/// A byte equal to `quote` is a zero byte of `word ^ splat(quote)`, and
/// `(v - splat(1)) & !v & splat(0x80)` marks zero bytes (and bytes below 0x20 with `0x20` in
/// place of 1). Bytes above a marked one may be marked wrongly (the subtraction borrows), the
/// lowest mark is always right: it is the only one callers use.
fn string_marks(word: u64, quote: u8) -> u64 {
    const ONES: u64 = splat(0x01);
    const HIGH: u64 = splat(0x80);
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    zero(word ^ splat(quote))
        | zero(word ^ splat(b'\\'))
        | (word.wrapping_sub(splat(0x20)) & !word & HIGH)
}

/// The offset in `bytes` from `from` of the first byte a string cannot simply contain: its
/// closing `quote`, a backslash or a control character; `bytes.len()` if there is none.
fn string_end(bytes: &[u8], from: usize, quote: u8) -> usize {
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let marks = string_marks(u64::from_le_bytes(word), quote);
        if marks != 0 {
            return at + (marks.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == quote || byte == b'\\' || byte < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

/// How the parser's text is written in the source, as far as the parser's type knows it
/// (its `W`): one copy of the parser for the source, one for each of the two nestings nearly
/// every embedded document has, whose shortest writings are constants, and one for any other
/// nesting, which makes its patterns at run time.
mod written {
    /// The source itself: every byte is itself.
    pub(super) const SOURCE: u8 = 0;
    /// Inside one double-quoted literal: a quote is `\"`, a newline `\n`.
    pub(super) const ONE_DEEP: u8 = 1;
    /// Inside two: a quote is `\\\"`, a newline `\\n`.
    pub(super) const TWO_DEEP: u8 = 2;
    /// Any other nesting (deeper, or inside a single-quoted literal).
    pub(super) const OTHER: u8 = 3;

    /// The copy for a text inside the literals `nesting` says, when it holds a backslash.
    pub(super) fn of(nesting: super::Nesting) -> u8 {
        match nesting.depth {
            1 if nesting.all_double_quoted() => ONE_DEEP,
            2 if nesting.all_double_quoted() => TWO_DEEP,
            _ => OTHER,
        }
    }
}

/// A step of the parser that failed; the error is in the parser ([`Parser::failure`]).
///
/// The parser's functions return `Result<T, Failed>`, which is no larger than `T` and costs
/// one test per `?`, instead of carrying a [`SyntaxError`] up through every level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Failed;

/// What a step of the parser gives.
type Step<T> = Result<T, Failed>;

/// The character each one-letter escape the parser reads as part of whitespace or text
/// writes (`\n`, `\t`, `\r`, `\/`), by its letter; `0` for any other byte.
const SHORT_ESCAPES: [u8; 256] = {
    let mut table = [0; 256];
    table[b'n' as usize] = b'\n';
    table[b't' as usize] = b'\t';
    table[b'r' as usize] = b'\r';
    table[b'/' as usize] = b'/';
    table
};

/// Where the parser pushes the node of a value it has read: nodes are written once, to the
/// stack of the array or object being read, never handed back to be copied there (a node
/// returned through memory and read back at once costs a stall when the processor cannot
/// forward the stores that wrote it).
#[derive(Clone, Copy)]
enum To<'a> {
    /// An item of the array being read (or the document's one value).
    Item,
    /// The value of the member of the object being read with this key and key span.
    Member(&'a str, NodeSpan),
}

/// The parser of one text, written in the source as `W` ([`written`]) says. A text inside
/// string literals (an embedded document read in place) has characters that are units
/// ([`unit`]), which a backslash may write with several bytes; the parser of the source
/// itself reads bytes and pays nothing for that.
struct Parser<'a, 'k, const W: u8> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
    /// The offset of `text` in the source: spans and errors are source offsets.
    base: usize,
    /// How `text` is written in the source.
    nesting: Nesting,
    /// How `text` writes a double quote the shortest way (nested texts).
    quote: Option<Pattern>,
    /// How `text` writes the backslash of an escape of the literal around it, the shortest
    /// way (for whitespace written `\n`, `\t`, `\r`).
    escape: Option<Pattern>,
    /// Where the last character read with escapes starts, what it is and its length: the
    /// parser looks at a character several times (whitespace, then peek, then bump).
    peeked: (usize, u8, usize),
    single_quotes: bool,
    /// The string values read as documents as they are met.
    documents: Documents<'k>,
    /// How the literal this text is the content of writes its closing quote, when the parser
    /// reads that content as a document before anything has found where it ends (a document
    /// of [`Documents`]). The text runs on to the end of the source then; the parser reads
    /// only the shortest writings of its characters, and a character it does not read ends
    /// the text for it (a failed reading, which leaves the literal to the ordinary one).
    guard: Option<Pattern>,
    arena: &'a Arena,
    /// Members of the objects being parsed, innermost last; an object's members move to the
    /// arena in one piece when it closes.
    members: Vec<Member<'a>>,
    /// Items of the arrays being parsed, the same way.
    items: Vec<Node<'a>>,
    /// The error of the step that failed ([`Failed`]).
    failure: Option<SyntaxError>,
}

impl<'a, 'k, const W: u8> Parser<'a, 'k, W> {
    /// Whether the text sits inside string literals, with characters a backslash may write.
    const NESTED: bool = W != written::SOURCE;

    fn new(
        text: &'a str,
        base: usize,
        nesting: Nesting,
        single_quotes: bool,
        arena: &'a Arena,
    ) -> Self {
        let (members, items) = arena.take_stacks();
        Parser::with_stacks(text, base, nesting, single_quotes, arena, members, items)
    }

    fn with_stacks(
        text: &'a str,
        base: usize,
        nesting: Nesting,
        single_quotes: bool,
        arena: &'a Arena,
        members: Vec<Member<'a>>,
        items: Vec<Node<'a>>,
    ) -> Self {
        // The source reads no escapes as characters: no patterns to make for it.
        let (quote, escape) = match W {
            written::SOURCE => (None, None),
            written::ONE_DEEP => (
                Some(Pattern::QUOTE_ONE_DEEP),
                Some(Pattern::ESCAPE_ONE_DEEP),
            ),
            written::TWO_DEEP => (
                Some(Pattern::QUOTE_TWO_DEEP),
                Some(Pattern::ESCAPE_TWO_DEEP),
            ),
            _ => (nesting.written(b'"'), nesting.escape_written()),
        };
        Parser {
            text,
            bytes: text.as_bytes(),
            position: 0,
            base,
            nesting,
            quote,
            escape,
            peeked: (usize::MAX, 0, 0),
            single_quotes,
            documents: Documents::NONE,
            guard: None,
            arena,
            members,
            items,
            failure: None,
        }
    }

    /// The parser, reading the values of `documents` as documents.
    fn reading(mut self, documents: Documents<'k>) -> Self {
        self.documents = documents;
        self
    }

    /// Whether the text continues with `pattern` at `at`.
    #[inline]
    fn written(&self, pattern: Option<&Pattern>, at: usize) -> Option<usize> {
        pattern?.at(self.bytes, at)
    }

    /// Parses the whole text as one document, and gives the parser's stacks back to the
    /// arena.
    fn run(mut self) -> Result<Node<'a>, SyntaxError> {
        let result = self.document();
        let failure = self.failure.take();
        self.arena.put_stacks(self.members, self.items);
        result.map_err(|Failed| {
            debug_assert!(failure.is_some(), "a failure without its error");
            failure.unwrap_or(SyntaxError {
                offset: self.base,
                problem: SyntaxProblem::Empty,
            })
        })
    }

    fn document(&mut self) -> Step<Node<'a>> {
        self.skip_whitespace();
        if self.at_end() {
            return Err(self.error(SyntaxProblem::Empty));
        }
        let open = self.items.len();
        self.value(0, To::Item)?;
        let node = self.items.pop();
        debug_assert_eq!(self.items.len(), open, "the value pushes one item");
        let Some(node) = node else {
            // Not a problem of any text: the value pushed nothing.
            return Err(self.error(SyntaxProblem::Empty));
        };
        self.skip_whitespace();
        if !self.at_end() {
            return Err(self.error(SyntaxProblem::TrailingCharacters));
        }
        Ok(node)
    }

    /// Whether the text ends at the parser's position: its last byte, or the closing quote
    /// of the literal a guarded parser reads.
    fn at_end(&self) -> bool {
        match &self.guard {
            None => self.position == self.bytes.len(),
            Some(close) => close.at(self.bytes, self.position).is_some(),
        }
    }

    /// Fails with `problem` at the parser's position.
    fn error(&mut self, problem: SyntaxProblem) -> Failed {
        self.error_at(self.position, problem)
    }

    /// Fails with `problem` at `position`: the error is kept for [`Parser::run`] to return.
    #[cold]
    #[inline(never)]
    fn error_at(&mut self, position: usize, problem: SyntaxProblem) -> Failed {
        self.failure = Some(SyntaxError {
            offset: self.base + position,
            problem,
        });
        Failed
    }

    fn fault(&mut self, fault: Fault) -> Failed {
        self.error_at(fault.at, fault.problem)
    }

    #[cold]
    #[inline(never)]
    fn unexpected(&mut self, expected: &'static str) -> Failed {
        let found = if Self::NESTED && self.bytes.get(self.position) == Some(&b'\\') {
            self.unit_here().and_then(Unit::char)
        } else {
            self.text
                .get(self.position..)
                .and_then(|rest| rest.chars().next())
        };
        match found {
            Some(found) => self.error(SyntaxProblem::UnexpectedChar { found, expected }),
            None => self.error(SyntaxProblem::UnexpectedEnd { expected }),
        }
    }

    fn span(&self, start: usize) -> NodeSpan {
        NodeSpan::new(self.base + start, self.base + self.position)
    }

    /// The unit of the text at the parser's position.
    fn unit_here(&self) -> Option<Unit> {
        unit(self.bytes, self.position, self.nesting.depth, self.nesting)
    }

    #[inline(always)]
    fn skip_whitespace(&mut self) {
        loop {
            match self.bytes.get(self.position) {
                Some(b' ') => self.position += 1,
                // A nested text holds no raw control character (the literals around it refuse
                // them), and one a guarded parser meets is no character of its text.
                Some(b'\t' | b'\n' | b'\r') if !Self::NESTED => self.position += 1,
                Some(b'\\') if Self::NESTED => match self.escaped_here() {
                    Some((b' ' | b'\t' | b'\n' | b'\r', len)) => self.position += len,
                    _ => return,
                },
                _ => return,
            }
        }
    }

    /// The character at the parser's position, when ASCII (`0xFF` for any other).
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.peek_written().map(|(ch, _)| ch)
    }

    /// [`Parser::peek`], and how many bytes write the character: what moves past it.
    #[inline(always)]
    fn peek_written(&mut self) -> Option<(u8, usize)> {
        let byte = *self.bytes.get(self.position)?;
        if Self::NESTED && byte == b'\\' {
            return self.escaped_here();
        }
        Some((byte, 1))
    }

    /// Moves past the character [`Parser::peek`] gave (without reading it again).
    #[inline(always)]
    fn bump(&mut self) {
        if Self::NESTED && self.bytes.get(self.position) == Some(&b'\\') {
            self.position += self.escaped_here().map_or(1, |(_, len)| len);
        } else {
            self.position += 1;
        }
    }

    /// The character a backslash at the parser's position starts (ASCII, `0xFF` for any
    /// other), and its length. The shortest writings first: a double quote, or a one-letter
    /// escape of the literal around (the newlines and tabs of a pretty-printed document),
    /// nearly always; else whatever the unit is.
    #[inline(always)]
    fn escaped_here(&mut self) -> Option<(u8, usize)> {
        if W == written::ONE_DEEP || W == written::TWO_DEEP {
            // Constant writings: read again at each look, cheaper than keeping them.
            let found = match self.shortest_here() {
                Some(found) => Some(found),
                None => self.longer_here(),
            };
            debug_assert_eq!(found, self.written_here(), "constant and made writings");
            return found;
        }
        let (at, ch, len) = self.peeked;
        if at == self.position {
            return Some((ch, len));
        }
        self.read_and_keep_escaped_here()
    }

    /// The shortest writing at the parser's position, for the two nestings whose writings
    /// are constants: [`Parser::written_here`]'s reading without the patterns.
    #[inline(always)]
    fn shortest_here(&self) -> Option<(u8, usize)> {
        // How the text writes the backslash of an escape of the literal around it.
        let escape = if W == written::ONE_DEEP {
            const { Pattern::ESCAPE_ONE_DEEP.bytes() }
        } else {
            const { Pattern::ESCAPE_TWO_DEEP.bytes() }
        };
        let rest = self.bytes.get(self.position..)?;
        let after = rest.strip_prefix(escape)?;
        let first = *after.first()?;
        // The quote first, then the letters from a table: a `match` of them all compiles to
        // a jump table, whose indirect jump the processor mispredicts where quotes and
        // newlines alternate.
        if W == written::ONE_DEEP && first == b'"' {
            return Some((b'"', 2));
        }
        if W == written::TWO_DEEP && first == b'\\' {
            // Two deep, the backslash the quote's own escape needs is written `\\` too.
            return (after.get(1) == Some(&b'"')).then_some((b'"', 4));
        }
        match SHORT_ESCAPES[usize::from(first)] {
            0 => None,
            ch => Some((ch, escape.len() + 1)),
        }
    }

    /// What a backslash starts when it is not a shortest writing: nothing for a guarded
    /// parser (the end of its text), else the unit, whatever it is.
    #[inline(always)]
    fn longer_here(&self) -> Option<(u8, usize)> {
        if self.guard.is_some() {
            return None;
        }
        self.any_unit_here()
    }

    /// [`Parser::escaped_here`] the first time at a position: read, and kept.
    #[inline(never)]
    fn read_and_keep_escaped_here(&mut self) -> Option<(u8, usize)> {
        let (ch, len) = self.written_here()?;
        self.peeked = (self.position, ch, len);
        Some((ch, len))
    }

    /// [`Parser::escaped_here`], read through the patterns of the text's nesting.
    #[inline]
    fn written_here(&self) -> Option<(u8, usize)> {
        if let Some(len) = self.written(self.quote.as_ref(), self.position) {
            return Some((b'"', len));
        }
        if let Some(len) = self.written(self.escape.as_ref(), self.position) {
            let letter = self.bytes.get(self.position + len).copied().unwrap_or(0);
            match SHORT_ESCAPES[usize::from(letter)] {
                0 => {}
                ch => return Some((ch, len + 1)),
            }
        }
        self.longer_here()
    }

    /// [`Parser::escaped_here`] for anything but the shortest writings: rare, and kept out
    /// of the parser's loops.
    #[cold]
    #[inline(never)]
    fn any_unit_here(&self) -> Option<(u8, usize)> {
        self.unit_here().map(|unit| (unit.ascii(), unit.len))
    }

    /// Reads the value at the parser's position and pushes its node where `to` says.
    fn value(&mut self, depth: usize, to: To<'a>) -> Step<()> {
        let start = self.position;
        let value = match self.peek_written() {
            Some((b'{', _)) => Value::Object(self.object(depth)?),
            Some((b'[', _)) => Value::Array(self.array(depth)?),
            Some((b'"', open)) => Value::String(self.string_value(b'"', open)?),
            Some((b'\'', open)) if self.single_quotes => {
                Value::String(self.string_value(b'\'', open)?)
            }
            Some((b'-' | b'0'..=b'9', _)) => Value::Number(self.number()?),
            Some((b't', _)) => self.keyword("true", Value::Bool(true))?,
            Some((b'f', _)) => self.keyword("false", Value::Bool(false))?,
            Some((b'n', _)) => self.keyword("null", Value::Null)?,
            _ => return Err(self.unexpected("a value")),
        };
        self.push(to, Node::new(self.span(start), value));
        Ok(())
    }

    /// Pushes a node read where `to` says.
    #[inline(always)]
    fn push(&mut self, to: To<'a>, node: Node<'a>) {
        match to {
            To::Item => self.items.push(node),
            To::Member(key, key_span) => self.members.push(Member::new(key, key_span, node)),
        }
    }

    fn string_value(&mut self, quote: u8, open: usize) -> Step<&'a Str<'a>> {
        let literal = self.string(quote, open)?;
        let raw = self.text.get(literal.content.clone()).unwrap_or_default();
        let text = Str::new(
            raw,
            self.base + literal.content.start,
            literal.nesting,
            literal.escaped,
            self.arena,
        );
        Ok(self.arena.alloc(text))
    }

    fn keyword(&mut self, word: &'static str, value: Value<'a>) -> Step<Value<'a>> {
        for expected in word.bytes() {
            if self.peek() != Some(expected) {
                return Err(self.unexpected(word_expectation(word)));
            }
            self.bump();
        }
        Ok(value)
    }

    fn enter(&mut self, depth: usize) -> Step<usize> {
        if depth >= MAX_DEPTH {
            return Err(self.error(SyntaxProblem::TooDeep { limit: MAX_DEPTH }));
        }
        Ok(depth + 1)
    }

    fn array(&mut self, depth: usize) -> Step<&'a [Node<'a>]> {
        let depth = self.enter(depth)?;
        self.bump();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(&[]);
        }
        let first = self.items.len();
        loop {
            self.value(depth, To::Item)?;
            if !self.next_or_close(b']', "`,` or `]`")? {
                return Ok(self.arena.alloc_tail(&mut self.items, first));
            }
        }
    }

    /// After an item or a member: past the comma and the whitespace after it (`true`: another
    /// follows), or past the `close`ing bracket (`false`). The byte right after the value is
    /// tried first, without a look for whitespace (compact text): a byte other than a
    /// backslash is itself at any depth.
    #[inline(always)]
    fn next_or_close(&mut self, close: u8, expected: &'static str) -> Step<bool> {
        let next = match self.bytes.get(self.position) {
            Some(b',') => {
                self.position += 1;
                true
            }
            Some(&byte) if byte == close => {
                self.position += 1;
                false
            }
            _ => {
                self.skip_whitespace();
                let next = match self.peek() {
                    Some(b',') => true,
                    Some(byte) if byte == close => false,
                    _ => return Err(self.unexpected(expected)),
                };
                self.bump();
                next
            }
        };
        if next {
            self.skip_whitespace();
        }
        Ok(next)
    }

    fn object(&mut self, depth: usize) -> Step<&'a [Member<'a>]> {
        let depth = self.enter(depth)?;
        self.bump();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(&[]);
        }
        let first = self.members.len();
        loop {
            let key_start = self.position;
            let key = match self.peek_written() {
                Some((b'"', open)) => self.key(b'"', open)?,
                Some((b'\'', open)) if self.single_quotes => self.key(b'\'', open)?,
                _ => return Err(self.unexpected("a key in double quotes")),
            };
            let key_span = self.span(key_start);
            // The colon right after the key (compact text), else after whitespace.
            if self.bytes.get(self.position) == Some(&b':') {
                self.position += 1;
            } else {
                self.skip_whitespace();
                if self.peek() != Some(b':') {
                    return Err(self.unexpected("`:` after the key"));
                }
                self.bump();
            }
            self.skip_whitespace();
            let to = To::Member(key, key_span);
            if self.documents.hold(key) {
                self.value_holding_document(depth, to)?;
            } else {
                self.value(depth, to)?;
            }
            if !self.next_or_close(b'}', "`,` or `}`")? {
                return Ok(self.arena.alloc_tail(&mut self.members, first));
            }
        }
    }

    /// Reads a number, and its value when it is a plain integer within `i64` other than `-0`
    /// (what typed clients read as an integer).
    fn number(&mut self) -> Step<Number<'a>> {
        let start = self.position;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.bump();
        }
        // The integer part's value, accumulated as its digits are read (nearly free here,
        // where reading it again later is not), and how many digits it has.
        let mut magnitude: u64 = 0;
        let mut digits = 0_usize;
        match self.peek() {
            Some(b'0') => {
                self.bump();
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.error(SyntaxProblem::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => loop {
                // Digits written as themselves (a digit is never a backslash, so at any depth)
                // in a tight loop; one written with an escape (`\u0031`) through `peek`.
                while let Some(&digit @ b'0'..=b'9') = self.bytes.get(self.position) {
                    magnitude = magnitude
                        .wrapping_mul(10)
                        .wrapping_add(u64::from(digit - b'0'));
                    digits += 1;
                    self.position += 1;
                }
                let Some(digit @ b'0'..=b'9') = self.peek() else {
                    break;
                };
                magnitude = magnitude
                    .wrapping_mul(10)
                    .wrapping_add(u64::from(digit - b'0'));
                digits += 1;
                self.bump();
            },
            _ => return Err(self.error(SyntaxProblem::InvalidNumber)),
        }
        // Nineteen digits without a leading zero always fit in `u64`; twenty never fit in
        // `i64`, where an integer must fit, whatever the wrapped value says.
        let magnitude = (digits <= 19).then_some(magnitude);
        let mut plain = true;
        if self.peek() == Some(b'.') {
            plain = false;
            self.bump();
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(SyntaxProblem::InvalidNumber));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            plain = false;
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(SyntaxProblem::InvalidNumber));
            }
            self.digits();
        }
        let int = match magnitude.filter(|_| plain) {
            // `-0` is a float to serde_json (and so to the models).
            Some(0) if negative => None,
            Some(value) if negative => 0_i64.checked_sub_unsigned(value),
            Some(value) => i64::try_from(value).ok(),
            None => None,
        };
        // An integer of as many bytes as characters holds no escape (one takes two bytes and
        // more): its bytes are its text, without a look for a backslash.
        let written_plain = plain && self.position - start == usize::from(negative) + digits.max(1);
        let token = if written_plain {
            self.text.get(start..self.position).unwrap_or_default()
        } else {
            self.token(start)
        };
        Ok(Number::from_parts(token, int))
    }

    fn digits(&mut self) {
        loop {
            while let Some(b'0'..=b'9') = self.bytes.get(self.position) {
                self.position += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return;
            }
            self.bump();
        }
    }

    /// The text of the token from `start` to the current position, which both are at the
    /// start of a character (the parser only stops there): borrowed, or, for a token of an
    /// embedded document written with escapes (`\u0031` for `1`), decoded into the arena.
    fn token(&self, start: usize) -> &'a str {
        let raw = self.text.get(start..self.position).unwrap_or_default();
        // A token is a few bytes: a loop, not a call of `memchr`.
        if Self::NESTED && raw.bytes().any(|byte| byte == b'\\') {
            return self.arena.alloc_decoded(raw.as_bytes(), self.nesting);
        }
        raw
    }

    /// Reads a key delimited by `quote`, whose opening quote takes `open` bytes: borrowed from
    /// the text when it has no escapes, decoded into the arena when it has.
    #[inline(always)]
    fn key(&mut self, quote: u8, open: usize) -> Step<&'a str> {
        let literal = self.string(quote, open)?;
        let raw = self.text.get(literal.content).unwrap_or_default();
        if literal.escaped {
            return Ok(self.arena.alloc_decoded(raw.as_bytes(), literal.nesting));
        }
        Ok(raw)
    }

    /// Reads a string literal delimited by `quote`, checking its escapes, and says where its
    /// content is. Nothing is decoded: a key is decoded by the caller, a value when it is read
    /// ([`Str::text`]), and the document it holds is parsed where it stands. The opening quote
    /// takes `open` bytes ([`Parser::peek_written`] said so).
    #[inline(always)]
    fn string(&mut self, quote: u8, open: usize) -> Step<Literal> {
        // A literal 63 literals deep would take more bytes than a text may have; the limit
        // is reported as nesting too deep, which it is.
        let Some(nesting) = self.nesting.inside(quote) else {
            return Err(self.error(SyntaxProblem::TooDeep { limit: MAX_DEPTH }));
        };
        let guarded = self.guard.is_some();
        if guarded && self.bytes.get(self.position) != Some(&b'\\') {
            // A quote of a nested text is written with a backslash; a raw one closes (or
            // cannot be in) the literal around, and reading on would read past its end.
            return Err(self.unexpected("a string"));
        }
        self.position += open;
        let start = self.position;
        if quote == b'"'
            && self.nesting.all_double_quoted()
            && let Some(closed) = scan::literal(self.bytes, start, self.nesting.depth, guarded)
        {
            let literal = Literal {
                content: start..closed.end,
                nesting,
                escaped: closed.escaped,
            };
            if cfg!(debug_assertions) {
                // Every literal the tests and fuzzers read is read both ways.
                let exact = self.exact_string(quote, start, nesting);
                debug_assert_eq!(exact, Ok(literal.clone()), "the scan and the exact reading");
                debug_assert_eq!(self.position, closed.after);
            }
            self.position = closed.after;
            return Ok(literal);
        }
        if guarded {
            // The exact reading relies on the literals around the text being checked, which
            // they are not yet: the guarded reading fails, and the ordinary one reads the
            // literal around.
            return Err(self.error(SyntaxProblem::InvalidEscape));
        }
        self.exact_string(quote, start, nesting)
    }

    /// The value of a member [`Documents`] names: a string, read with the document it holds
    /// where it can be ([`Parser::string_with_document`]), else whatever value it is.
    fn value_holding_document(&mut self, depth: usize, to: To<'a>) -> Step<()> {
        let start = self.position;
        // In a nested text the quote is written with a backslash; a raw one ends (or cannot
        // be in) the literal around, which a guarded parser must not read past.
        if self.nesting.depth < 2
            && self.nesting.all_double_quoted()
            && (!Self::NESTED || self.bytes.get(start) == Some(&b'\\'))
            && self.peek() == Some(b'"')
        {
            self.bump();
            if let Some(string) = self.string_with_document(start, self.position) {
                self.push(to, Node::new(self.span(start), Value::String(string)));
                return Ok(());
            }
            self.position = start;
        }
        self.value(depth, to)
    }

    /// Reads the literal whose opening quote is at `start` and whose content starts at
    /// `content` as the document it holds, in one pass: a guarded parser reads the document
    /// from `content` on, and the literal ends where the document does. `None`, the position
    /// left anywhere, when the content is not a document that reading takes (see
    /// [`Documents`]); the ordinary reading of the literal then decides everything, errors
    /// included.
    ///
    /// Success proves the literal well formed: every byte up to its closing quote was read
    /// as a character of the document, and each of those the guarded parser reads is a
    /// writing of the shortest form, which the literals around allow.
    #[inline(never)]
    fn string_with_document(&mut self, start: usize, content: usize) -> Option<&'a Str<'a>> {
        // A document that starts otherwise (after whitespace, say) is read on first use.
        if !matches!(self.bytes.get(content), Some(b'[' | b'{')) {
            return None;
        }
        let nesting = self.nesting.inside(b'"')?;
        // How this text writes a quote: a nested parser holds it already.
        let close = self.quote.or_else(|| self.nesting.written(b'"'))?;
        let text = self.text.get(content..)?;
        let (document, end) = match written::of(nesting) {
            written::ONE_DEEP => {
                self.guarded::<{ written::ONE_DEEP }>(text, content, nesting, close)
            }
            written::TWO_DEEP => {
                self.guarded::<{ written::TWO_DEEP }>(text, content, nesting, close)
            }
            // Only attempted one or two literals deep, all double-quoted.
            _ => return None,
        };
        let document = document.ok()?;
        let raw = text.get(..end)?;
        let escaped = raw.as_bytes().contains(&b'\\');
        let embedded = self.arena.alloc(Embedded {
            document: Ok(document),
            quoting: Quoting::Json,
        });
        let string = Str::new(raw, self.base + content, nesting, escaped, self.arena);
        string.keep_embedded(embedded);
        let after = content + end + close.bytes().len();
        if cfg!(debug_assertions) {
            // Every document the tests and fuzzers read this way is read the ordinary way
            // too: the literal, then the document where it stands.
            self.position = start;
            let literal = self.string(b'"', content - start);
            let expected = Literal {
                content: content..content + end,
                nesting,
                escaped,
            };
            debug_assert_eq!(literal, Ok(expected), "the literal around a document");
            debug_assert_eq!(self.position, after);
            let ordinary = parse_in_place(raw, self.base + content, nesting, self.arena);
            debug_assert_eq!(ordinary.quoting, Quoting::Json);
            let ordinary = ordinary.document.as_ref().ok();
            debug_assert!(
                ordinary.is_some_and(|ordinary| document.same_reading(ordinary)),
                "the document read with its literal: {document:?}\nread on its own: \
                 {ordinary:?}"
            );
        }
        self.position = after;
        Some(self.arena.alloc(string))
    }

    /// Reads the document `text` (the rest of the text from `content` on, inside the
    /// literals `nesting` says) starts with, up to the `close` of its literal, with a guarded
    /// parser of writing `C` that shares this parser's stacks; the document, and where it
    /// ends in `text`.
    fn guarded<const C: u8>(
        &mut self,
        text: &'a str,
        content: usize,
        nesting: Nesting,
        close: Pattern,
    ) -> (Step<Node<'a>>, usize) {
        let members = std::mem::take(&mut self.members);
        let items = std::mem::take(&mut self.items);
        let open = (members.len(), items.len());
        let mut parser = Parser::<C>::with_stacks(
            text,
            self.base + content,
            nesting,
            false,
            self.arena,
            members,
            items,
        )
        .reading(self.documents);
        parser.guard = Some(close);
        let document = parser.document();
        let end = parser.position;
        // A failed reading leaves the members and items of what it had open.
        let (mut members, mut items) = (parser.members, parser.items);
        members.truncate(open.0);
        items.truncate(open.1);
        self.members = members;
        self.items = items;
        (document, end)
    }

    /// Reads the content of a literal from `start` (just past its opening quote) on, escape
    /// by escape: every writing, and every error where it is.
    #[inline(never)]
    fn exact_string(&mut self, quote: u8, start: usize, nesting: Nesting) -> Step<Literal> {
        self.position = start;
        let mut escaped = false;
        loop {
            self.position = string_end(self.bytes, self.position, quote);
            let at = self.position;
            match self.bytes.get(at) {
                None => {
                    return Err(self.error(SyntaxProblem::UnexpectedEnd {
                        expected: "the closing quote",
                    }));
                }
                Some(&byte) if byte == quote => {
                    self.position += 1;
                    return Ok(Literal {
                        content: start..at,
                        nesting,
                        escaped,
                    });
                }
                Some(&byte) if byte < 0x20 => {
                    return Err(self.error(SyntaxProblem::ControlCharacter {
                        code: u32::from(byte),
                    }));
                }
                // A backslash.
                Some(_) => {}
            }
            if !Self::NESTED {
                escaped = true;
                // An escape of this literal; `\"`, `\\` and `\/` on the spot.
                if let Some(b'"' | b'\\' | b'/' | b'n' | b't' | b'r') = self.bytes.get(at + 1) {
                    self.position += 2;
                } else {
                    let escape = escapes::escape(self.bytes, at, 1, 0, nesting)
                        .map_err(|fault| self.fault(fault))?;
                    self.position += escape.len;
                }
                continue;
            }
            // A character of the text written with escapes of the literals around it: the
            // closing quote, an escape of this literal, a character it may not hold raw, or
            // any other. (The shortest writings of all of these are the scan's; this reading
            // is for the rest, and is the one the scan is checked against.)
            let depth = self.nesting.depth;
            let Some(unit) = unit(self.bytes, at, depth, self.nesting) else {
                // There is a byte at `at`: not taken.
                return Err(self.error(SyntaxProblem::UnexpectedEnd {
                    expected: "the closing quote",
                }));
            };
            let ch = unit.ascii();
            if ch == quote {
                self.position += unit.len;
                return Ok(Literal {
                    content: start..at,
                    nesting,
                    escaped,
                });
            }
            // Anything else written with a backslash makes the content's text differ from
            // its bytes.
            escaped = true;
            match ch {
                b'\\' => {
                    let escape = escapes::escape(self.bytes, at, unit.len, depth, nesting)
                        .map_err(|fault| self.fault(fault))?;
                    self.position += escape.len;
                }
                byte if byte < 0x20 => {
                    return Err(self.error(SyntaxProblem::ControlCharacter {
                        code: u32::from(byte),
                    }));
                }
                _ => self.position += unit.len,
            }
        }
    }
}

/// A string literal the parser read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Literal {
    /// Its content, between the quotes, as offsets of the parser's text.
    content: std::ops::Range<usize>,
    /// How the content is written in the source.
    nesting: Nesting,
    /// Whether the content holds a backslash, so that its text differs from its bytes.
    escaped: bool,
}

fn word_expectation(word: &str) -> &'static str {
    match word {
        "true" => "`true`",
        "false" => "`false`",
        _ => "`null`",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    /// An arena that outlives the test (tests may leak).
    fn arena() -> &'static Arena {
        Box::leak(Box::new(Arena::new()))
    }

    fn ok(text: &str) -> Node<'_> {
        match parse(text.as_bytes(), arena()) {
            Ok(node) => node,
            Err(error) => panic!("`{text}`: {error}"),
        }
    }

    #[test]
    fn a_text_whose_offsets_overflow_32_bits_is_refused_not_wrapped() {
        // A payload after 4 GiB of other text (its `base`) would need spans past `u32::MAX`.
        let base = MAX_TEXT_BYTES - 3;
        let error = parse_str_at("[1, 2]", base, arena()).expect_err("too large");
        assert_eq!(
            error,
            SyntaxError {
                offset: base,
                problem: SyntaxProblem::TooLarge {
                    limit: MAX_TEXT_BYTES
                },
            }
        );
        let node = parse_str_at("[1]", base, arena()).expect("fits exactly");
        assert_eq!(node.span(), Span::new(base, MAX_TEXT_BYTES));
    }

    fn err(text: &[u8]) -> SyntaxError {
        match parse(text, arena()) {
            Ok(node) => panic!("{:?} parsed as {node:?}", String::from_utf8_lossy(text)),
            Err(error) => error,
        }
    }

    #[test]
    fn records_spans_of_values_and_keys() {
        let text = r#" {"a": [1, "x"], "b": null} "#;
        let node = ok(text);
        assert_eq!(node.span(), Span::new(1, 27));
        let members = node.as_object().expect("object");
        assert_eq!(
            &text[members[0].key_span().start..members[0].key_span().end],
            "\"a\""
        );
        assert_eq!(
            &text[members[0].value.span().start..members[0].value.span().end],
            "[1, \"x\"]"
        );
        let items = members[0].value.as_array().expect("array");
        assert_eq!(&text[items[1].span().start..items[1].span().end], "\"x\"");
        assert!(members[1].value.is_null());
    }

    #[test]
    fn keeps_duplicate_keys_in_order() {
        let node = ok(r#"{"a": 1, "a": 2}"#);
        let members = node.as_object().expect("object");
        assert_eq!(members.len(), 2);
        assert_eq!(members[1].value.as_i64(), Some(2));
        assert_eq!(
            node.member("a").and_then(|member| member.value.as_i64()),
            Some(1)
        );
    }

    #[test]
    fn keeps_numbers_as_written() {
        let node = ok("[2, 2.0, 1e400, -0, 9223372036854775808, -9223372036854775808]");
        let items = node.as_array().expect("array");
        let ints: Vec<Option<i64>> = items.iter().map(Node::as_i64).collect();
        // `-0` is an integer by the grammar (its type says so), but typed clients read a float.
        assert_eq!(ints, [Some(2), None, None, None, None, Some(i64::MIN)]);
        let types: Vec<&str> = items.iter().map(Node::json_type).collect();
        assert_eq!(
            types,
            [
                "integer", "number", "number", "integer", "integer", "integer"
            ]
        );
    }

    #[test]
    fn integers_of_twenty_digits_and_more_are_no_i64() {
        let node = ok(
            "[9999999999999999999, 10000000000000000000, 18446744073709551616, \
             -9999999999999999999, 123456789012345678901234567890, 1000000000000000000]",
        );
        let ints: Vec<Option<i64>> = node
            .as_array()
            .expect("array")
            .iter()
            .map(Node::as_i64)
            .collect();
        assert_eq!(
            ints,
            [
                None,
                None,
                None,
                None,
                None,
                Some(1_000_000_000_000_000_000)
            ]
        );
    }

    #[test]
    fn decodes_escapes_and_borrows_plain_strings() {
        let source = r#"["plain", "tab\tquote\"\u00e9\ud83d\ude00"]"#;
        let node = ok(source);
        let items = node.as_array().expect("array");
        assert!(
            matches!(&items[0].value, Value::String(text) if text.text() == "plain"
                && source.as_bytes().as_ptr_range().contains(&text.text().as_ptr())),
            "a string without escapes is borrowed from the source"
        );
        assert_eq!(items[1].as_str(), Some("tab\tquote\"é😀"));
    }

    #[test]
    fn locates_syntax_problems() {
        let cases: &[(&[u8], usize, SyntaxProblem)] = &[
            (b"", 0, SyntaxProblem::Empty),
            (b"  \n ", 4, SyntaxProblem::Empty),
            (
                b"{\"a\": 1,",
                8,
                SyntaxProblem::UnexpectedEnd {
                    expected: "a key in double quotes",
                },
            ),
            (
                b"{\"a\" 1}",
                5,
                SyntaxProblem::UnexpectedChar {
                    found: '1',
                    expected: "`:` after the key",
                },
            ),
            (
                b"[1 2]",
                3,
                SyntaxProblem::UnexpectedChar {
                    found: '2',
                    expected: "`,` or `]`",
                },
            ),
            (
                b"{'a': 1}",
                1,
                SyntaxProblem::UnexpectedChar {
                    found: '\'',
                    expected: "a key in double quotes",
                },
            ),
            (b"[01]", 2, SyntaxProblem::InvalidNumber),
            (b"[1.]", 3, SyntaxProblem::InvalidNumber),
            (b"[-]", 2, SyntaxProblem::InvalidNumber),
            (b"\"a\\x\"", 2, SyntaxProblem::InvalidEscape),
            (b"\"\\ud800\"", 1, SyntaxProblem::LoneSurrogate),
            (b"\"\\udc00x\"", 1, SyntaxProblem::LoneSurrogate),
            (b"\"a\nb\"", 2, SyntaxProblem::ControlCharacter { code: 10 }),
            (b"\"a\0b\"", 2, SyntaxProblem::ControlCharacter { code: 0 }),
            (b"{} x", 3, SyntaxProblem::TrailingCharacters),
            (
                b"[nul]",
                4,
                SyntaxProblem::UnexpectedChar {
                    found: ']',
                    expected: "`null`",
                },
            ),
            (b"[\"ok\", \xff]", 7, SyntaxProblem::InvalidUtf8),
            (
                b"\xef\xbb\xbf{}",
                0,
                SyntaxProblem::UnexpectedChar {
                    found: '\u{feff}',
                    expected: "a value",
                },
            ),
        ];
        for (text, offset, problem) in cases {
            let error = err(text);
            assert_eq!(
                (error.offset, &error.problem),
                (*offset, problem),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn bounds_nesting_instead_of_recursing_without_end() {
        let deep = "[".repeat(100_000);
        let error = err(deep.as_bytes());
        assert_eq!(error.problem, SyntaxProblem::TooDeep { limit: MAX_DEPTH });
        assert_eq!(error.offset, MAX_DEPTH);
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(fine.as_bytes(), arena()).is_ok());
    }

    #[test]
    fn embedded_documents_fall_back_to_single_quotes() {
        let arena = crate::Arena::new();
        let strict = parse_embedded(r#"[{"a": 1}]"#, &arena);
        assert_eq!(strict.quoting, Quoting::Json);
        assert!(strict.document.is_ok());

        let arena = crate::Arena::new();
        let lenient = parse_embedded("[{'dataType': 'SI', 'note': 'it\\'s \"fine\"'}]", &arena);
        assert_eq!(lenient.quoting, Quoting::SingleQuotes);
        let document = lenient.document.expect("lenient parse");
        let item = &document.as_array().expect("array")[0];
        assert_eq!(
            item.member("note").and_then(|member| member.value.as_str()),
            Some("it's \"fine\"")
        );

        let broken = parse_embedded("[{'a': }]", &arena);
        assert_eq!(broken.quoting, Quoting::Json);
        assert_eq!(broken.document.expect_err("broken").offset, 2);
    }

    /// Writes `text` as the content of a double-quoted literal, each character that must be
    /// escaped in its short escape or as `\u`, every other as itself or as `\u`, by `dice`.
    fn escape_text(text: &str, dice: &[u8]) -> String {
        let mut out = String::new();
        for (index, ch) in text.chars().enumerate() {
            let roll = dice.get(index % dice.len().max(1)).copied().unwrap_or(0);
            let short = match ch {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '\n' => Some("\\n"),
                '\t' => Some("\\t"),
                _ => None,
            };
            match (short, roll % 4) {
                (Some(short), 0..=2) => out.push_str(short),
                (None, 0..=2) if u32::from(ch) >= 0x20 => out.push(ch),
                _ => {
                    let mut units = [0; 2];
                    for unit in ch.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
        }
        out
    }

    /// The text at `depth` of a literal's content and what follows it: runs of backslashes
    /// of every length before every kind of byte.
    fn literal_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = (
            0..10_usize,
            prop_oneof![
                Just("\""),
                Just("n"),
                Just("/"),
                Just("u0041"),
                Just("ud83d"),
                Just("a"),
                Just("é"),
                Just("'"),
                Just("\u{1}"),
                Just(" "),
            ],
        )
            .prop_map(|(run, after)| format!("{}{after}", "\\".repeat(run)));
        proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    /// 2048 cases, unless `PROPTEST_CASES` says otherwise.
    fn scan_cases() -> proptest::prelude::ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(2048);
        proptest::prelude::ProptestConfig::with_cases(cases)
    }

    proptest::proptest! {
        #![proptest_config(scan_cases())]

        /// Wherever the scan decides a literal, the exact reading finds the same content, the
        /// same end and the same escapes.
        #[test]
        fn the_scan_agrees_with_the_exact_reading(
            text in literal_text(),
            depth in 0..4_u32,
            dice in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..16),
        ) {
            let mut nesting = Nesting::SOURCE;
            let mut source = text;
            for _ in 0..depth {
                nesting = nesting.inside(b'"').expect("shallow");
                source = escape_text(&source, &dice);
            }
            let Some(closed) = scan::literal(source.as_bytes(), 0, depth, false) else {
                return Ok(());
            };
            let arena = Arena::new();
            let inside = nesting.inside(b'"').expect("shallow");
            let (exact, after) = if depth == 0 {
                let mut parser =
                    Parser::<{ written::SOURCE }>::new(&source, 0, nesting, false, &arena);
                (parser.exact_string(b'"', 0, inside), parser.position)
            } else {
                let mut parser =
                    Parser::<{ written::OTHER }>::new(&source, 0, nesting, false, &arena);
                (parser.exact_string(b'"', 0, inside), parser.position)
            };
            let decided = Literal {
                content: 0..closed.end,
                nesting: inside,
                escaped: closed.escaped,
            };
            proptest::prop_assert_eq!(exact, Ok(decided), "{:?}", source);
            proptest::prop_assert_eq!(after, closed.after);
        }
    }

    #[test]
    fn a_quote_written_with_escapes_closes_a_literal_without_escaping_its_content() {
        // In the document `p` holds, the string `a` opens with `\"` and closes with `\u0022`
        // (the exact reading's case, not the scan's); `b` holds an escape of its own.
        let node = ok(r#"{"p": "[\"a\u0022, \"b\\n\"]"}"#);
        let document = document_at(&node, "p");
        let strings: Vec<(bool, &str)> = document
            .as_array()
            .expect("an array")
            .iter()
            .filter_map(|item| match item.value {
                Value::String(text) => Some((text.is_escaped(), text.text())),
                _ => None,
            })
            .collect();
        assert_eq!(strings, [(false, "a"), (true, "b\n")]);
    }

    /// The constant writings of one and two literals deep read what the patterns of those
    /// nestings read, at every backslash of every short text over the bytes that matter.
    #[test]
    fn constant_writings_read_what_the_patterns_read() {
        fn check<const W: u8>(nesting: Nesting, guarded: bool) -> usize {
            let arena = Arena::new();
            let alphabet = [b'\\', b'"', b'n', b't', b'r', b'/', b'u', b'0', b'b', b' '];
            let mut compared = 0;
            let mut text = Vec::new();
            for len in 1..=6_u32 {
                for mut code in 0..alphabet.len().pow(len - 1) {
                    text.clear();
                    text.push(b'\\');
                    for _ in 1..len {
                        text.push(alphabet[code % alphabet.len()]);
                        code /= alphabet.len();
                    }
                    let text = std::str::from_utf8(&text).expect("ASCII");
                    let mut parser = Parser::<W>::new(text, 0, nesting, false, &arena);
                    if guarded {
                        parser.guard = nesting.written(b'"');
                    }
                    let constant = parser.shortest_here().or_else(|| parser.longer_here());
                    assert_eq!(constant, parser.written_here(), "{text:?} at {nesting:?}");
                    compared += 1;
                }
            }
            compared
        }
        let one = Nesting::SOURCE.inside(b'"').expect("shallow");
        let two = one.inside(b'"').expect("shallow");
        assert_eq!(one.written(b'"'), Some(Pattern::QUOTE_ONE_DEEP));
        assert_eq!(two.written(b'"'), Some(Pattern::QUOTE_TWO_DEEP));
        assert_eq!(one.escape_written(), Some(Pattern::ESCAPE_ONE_DEEP));
        assert_eq!(two.escape_written(), Some(Pattern::ESCAPE_TWO_DEEP));
        for guarded in [false, true] {
            assert_eq!(written::of(one), written::ONE_DEEP);
            assert_eq!(written::of(two), written::TWO_DEEP);
            assert!(check::<{ written::ONE_DEEP }>(one, guarded) > 100_000);
            assert!(check::<{ written::TWO_DEEP }>(two, guarded) > 100_000);
        }
        assert_eq!(
            written::of(one.inside(b'\'').expect("shallow")),
            written::OTHER
        );
        assert_eq!(
            written::of(two.inside(b'"').expect("shallow")),
            written::OTHER
        );
    }

    #[test]
    fn reads_digits_written_with_escapes_in_embedded_documents() {
        let node = ok(r#"{"p": "[1\u00323, -0.5e\u00310, 4\u0035.5]"}"#);
        let document = document_at(&node, "p");
        let items = document.as_array().expect("an array");
        let raw: Vec<&str> = items
            .iter()
            .filter_map(|item| match item.value {
                Value::Number(number) => Some(number.raw),
                _ => None,
            })
            .collect();
        assert_eq!(raw, ["123", "-0.5e10", "45.5"]);
        assert_eq!(items[0].as_i64(), Some(123));
    }

    const HOLDERS: Documents<'static> = Documents::under(&["p", "q"]);

    /// `source` parsed with [`HOLDERS`] read as documents, and parsed plainly: the same
    /// outcome, the same tree (every document read with its string compared with the same
    /// document read on first use).
    fn read_with_documents(source: &'static str) -> Result<Node<'static>, SyntaxError> {
        let with = parse_str_at_with(source, 0, HOLDERS, arena());
        let plain = parse_str_at(source, 0, arena());
        match (&with, &plain) {
            (Ok(with), Ok(plain)) => assert!(with.same_reading(plain), "{source}"),
            (with, plain) => assert_eq!(with.as_ref().err(), plain.as_ref().err(), "{source}"),
        }
        with
    }

    /// Whether the string at `key` of `node` was read with its document.
    fn read_at(node: &Node<'_>, key: &str) -> bool {
        match node.member(key).map(|member| member.value.value) {
            Some(Value::String(text)) => text.has_read_embedded(),
            _ => false,
        }
    }

    /// The document the string at `key` of `node` holds.
    fn document_at<'a>(node: &Node<'a>, key: &str) -> &'a Node<'a> {
        let string = &node.member(key).expect("the key").value;
        let embedded = string.embedded().expect("a string");
        embedded.document.as_ref().expect("a document")
    }

    #[test]
    fn reads_documents_with_their_strings_two_literals_deep() {
        let source = r#"{"p": "[{\"q\": \"{\\\"a\\\": [1, \\\"x\\\\n\\\"]}\"}, 2]", "o": "[3]"}"#;
        let node = read_with_documents(source).expect("parses");
        assert!(read_at(&node, "p"));
        assert!(!read_at(&node, "o"), "not a key of the documents");
        let first = &document_at(&node, "p").as_array().expect("an array")[0];
        assert!(read_at(first, "q"));
        let inner = document_at(first, "q");
        let items = inner.member("a").expect("a").value.as_array();
        let items = items.expect("an array");
        assert_eq!(items[1].as_str(), Some("x\n"));
        let at = items[0].span();
        assert_eq!(&source[at.start..at.end], "1");
    }

    #[test]
    fn leaves_what_it_does_not_read_to_the_first_use() {
        for source in [
            // A `\u` escape, single quotes, whitespace first, no document at all.
            r#"{"p": "[\u0031]"}"#,
            r#"{"p": "[{'a': 1}]"}"#,
            r#"{"p": " [1]"}"#,
            r#"{"p": "[1] and more"}"#,
            r#"{"p": "plain text"}"#,
        ] {
            let node = read_with_documents(source).expect(source);
            assert!(!read_at(&node, "p"), "{source}");
        }
        // Three literals deep, where the scan does not go: the document two deep is read
        // with its string, the one inside it on first use.
        let source = r#"{"p": "[{\"q\": \"[{\\\"q\\\": \\\"[1]\\\"}]\"}]"}"#;
        let node = read_with_documents(source).expect(source);
        let first = &document_at(&node, "p").as_array().expect("an array")[0];
        assert!(read_at(first, "q"));
        let innermost = &document_at(first, "q").as_array().expect("an array")[0];
        assert!(!read_at(innermost, "q"));
    }

    #[test]
    fn three_parsers_at_the_depth_limit_stack_without_overflowing() {
        // A document two deep and one a literal deep, each nested to the limit, read with
        // their strings inside a source nested to the limit: three parsers recursing at
        // once, on a test thread's stack, in a debug build.
        let limit = MAX_DEPTH;
        let innermost = format!("{}{}", "[".repeat(limit), "]".repeat(limit));
        let middle = format!(
            "{}{{\"q\": \"{}\"}}{}",
            "[".repeat(limit - 1),
            escape_text(&innermost, &[0]),
            "]".repeat(limit - 1)
        );
        let source = format!(
            "{}{{\"p\": \"{}\"}}{}",
            "[".repeat(limit - 1),
            escape_text(&middle, &[0]),
            "]".repeat(limit - 1)
        );
        let source: &'static str = Box::leak(source.into_boxed_str());
        let mut node = read_with_documents(source).expect("at the limit, not past it");
        while let Some(items) = node.as_array() {
            node = items[0];
        }
        assert!(read_at(&node, "p"));
        let mut node = *document_at(&node, "p");
        while let Some(items) = node.as_array() {
            node = items[0];
        }
        assert!(read_at(&node, "q"));
    }

    /// JSON text of small documents: every kind of value, keys the documents' (`p`, `q`)
    /// and others, strings with characters that need escapes, compact or pretty.
    fn document_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let string = proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("\""),
                Just("\\"),
                Just("\n"),
                Just("é"),
                Just("😀"),
                Just("'"),
                Just("/"),
            ],
            0..4,
        )
        .prop_map(|pieces| {
            let text = pieces.concat();
            format!("\"{}\"", escape_text(&text, &[0]))
        });
        let leaf = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("-0.5e3".to_owned()),
            Just("12".to_owned()),
            string,
        ];
        let separator = prop_oneof![Just(""), Just(" "), Just("\n  "), Just("\t")];
        leaf.prop_recursive(3, 16, 4, move |inner| {
            let item = (inner, separator.clone());
            prop_oneof![
                proptest::collection::vec(item.clone(), 0..4).prop_map(|items| {
                    let items: Vec<String> = items
                        .into_iter()
                        .map(|(item, gap)| format!("{gap}{item}"))
                        .collect();
                    format!("[{}]", items.join(","))
                }),
                proptest::collection::vec(
                    (prop_oneof![Just("p"), Just("q"), Just("a")], item),
                    0..4
                )
                .prop_map(|members| {
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(key, (value, gap))| format!("{gap}\"{key}\":{gap}{value}"))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(scan_cases())]

        /// A document two deep inside the source (the value of `q` in the value of `p`),
        /// written with every escape form, and then perhaps broken by a byte: parsed with
        /// the documents read with their strings and parsed plainly, the same outcome and
        /// the same tree ([`read_with_documents`]).
        #[test]
        fn documents_read_with_their_strings_are_the_ones_read_on_first_use(
            inner in document_text(),
            outer in document_text(),
            dice in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..4),
            mutation in proptest::option::of((
                0.0..1.0_f64,
                proptest::prelude::prop_oneof![
                    proptest::prelude::Just(""),
                    proptest::prelude::Just("\""),
                    proptest::prelude::Just("\\"),
                    proptest::prelude::Just("\n"),
                    proptest::prelude::Just("u"),
                    proptest::prelude::Just("]"),
                    proptest::prelude::Just("\u{1}"),
                ],
            )),
        ) {
            let middle = format!("[{{\"q\": \"{}\"}}, {outer}]", escape_text(&inner, &dice));
            let mut source = format!("{{\"a\": 1, \"p\": \"{}\"}}", escape_text(&middle, &dice));
            if let Some((at, replacement)) = mutation {
                let mut at = (at * source.len() as f64) as usize;
                while !source.is_char_boundary(at) {
                    at -= 1;
                }
                let end = source[at..].chars().next().map_or(at, |ch| at + ch.len_utf8());
                source.replace_range(at..end, replacement);
            }
            let source: &'static str = Box::leak(source.into_boxed_str());
            let _ = read_with_documents(source);
        }
    }

    #[test]
    fn finds_errors_of_the_literal_around_a_document_where_the_ordinary_reading_does() {
        for source in [
            "{\"p\": \"[1,\n2]\"}",
            "{\"p\": \"[1,\t2]\"}",
            r#"{"p": "[1]\x"}"#,
            r#"{"p": "[1, \"a\q\"]"}"#,
            r#"{"p": "[1, 2"#,
            r#"{"p": "[1, 2]"#,
            r#"{"p": "[1, "], "q": "2]"}"#,
            r#"{"p": "[\"a"]"}"#,
            r#"{"p": "{\"a\": [1}"}"#,
            "{\"p\": \"[\u{1}]\"}",
        ] {
            let error = read_with_documents(source);
            let plain = parse_str_at(source, 0, arena());
            assert_eq!(error.is_ok(), plain.is_ok(), "{source}");
        }
    }

    #[test]
    fn parses_embedded_documents_once() {
        let node = ok(r#"{"turns": "[{\"orderNo\": 1}]"}"#);
        let turns = &node.member("turns").expect("turns").value;
        let first = std::ptr::from_ref(turns.embedded().expect("string"));
        let second = std::ptr::from_ref(turns.embedded().expect("string"));
        assert_eq!(first, second);
    }
}
