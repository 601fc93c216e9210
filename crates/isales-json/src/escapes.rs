//! Text that sits inside string literals, read where it stands.
//!
//! An embedded document is the content of a string literal; a document embedded in one of its
//! strings sits inside two literals (a quote is `\\\"` there), and so on. Instead of decoding
//! each level into a buffer and parsing the copy, the parser reads the source bytes and
//! decodes *units* as it goes: a unit is one character of the text at some depth, with the
//! source bytes that write it. A byte other than a backslash is itself at every depth; a
//! backslash starts an escape of the innermost literal around the text, written in the units
//! of the depth around it, and so on outwards ([`unit`]).
//!
//! The escapes of every literal around a text were checked when that literal was read, so
//! reading a unit of the text cannot fail; only the escapes of the literals the text itself
//! holds can, and [`escape`] says where and why, as the parser reports it.

use super::parse::SyntaxProblem;

/// How a text is written in the source: inside how many string literals, and which of them
/// are single-quoted (where `\'` is an escape too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Nesting {
    /// Literals around the text: 0 for the source itself.
    pub(crate) depth: u32,
    /// Bit `d` set: the literal at depth `d` (the outermost is at 0) is single-quoted.
    single: u64,
}

impl Nesting {
    /// The source itself.
    pub(crate) const SOURCE: Nesting = Nesting {
        depth: 0,
        single: 0,
    };

    /// The deepest nesting a text can have: one bit per literal around it. Writing a quote
    /// of the innermost one takes about `2^(depth - 2)` bytes, so no text within
    /// [`MAX_TEXT_BYTES`](crate::MAX_TEXT_BYTES) gets near it.
    pub(crate) const MAX_DEPTH: u32 = u64::BITS - 1;

    /// The content of a literal of this text quoted with `quote`; `None` beyond
    /// [`Nesting::MAX_DEPTH`].
    pub(crate) fn inside(self, quote: u8) -> Option<Nesting> {
        if self.depth >= Nesting::MAX_DEPTH {
            return None;
        }
        let single = if quote == b'\'' {
            self.single | (1 << self.depth)
        } else {
            self.single
        };
        Some(Nesting {
            depth: self.depth + 1,
            single,
        })
    }

    /// How the text writes `ch` in the source the shortest way (`\"` for a quote one literal
    /// deep, `\\\"` two): escaped for each literal around that would end or escape on it,
    /// innermost first. What every JSON writer produces, and so what the parser looks for
    /// first; `None` when it takes more than [`Pattern::MAX`] bytes.
    pub(crate) fn written(self, ch: u8) -> Option<Pattern> {
        let mut pattern = Pattern {
            bytes: [0; Pattern::MAX],
            len: 0,
            word: 0,
            mask: 0,
        };
        self.write(ch, self.depth, &mut pattern)?;
        pattern.word = u64::from_le_bytes(pattern.bytes);
        pattern.mask = u64::MAX >> (8 * (Pattern::MAX - pattern.len));
        Some(pattern)
    }

    /// How the text writes the backslash that starts an escape of the innermost literal
    /// around it (`\` for `\n` one literal deep, `\\` two): [`Nesting::written`] one depth
    /// out. `None` in the source itself, which no literal is around.
    pub(crate) fn escape_written(self) -> Option<Pattern> {
        let outer = Nesting {
            depth: self.depth.checked_sub(1)?,
            single: self.single,
        };
        outer.written(b'\\')
    }

    fn write(self, ch: u8, depth: u32, out: &mut Pattern) -> Option<()> {
        let Some(outer) = depth.checked_sub(1) else {
            let slot = out.bytes.get_mut(out.len)?;
            *slot = ch;
            out.len += 1;
            return Some(());
        };
        let quote = if self.single_quoted(outer) {
            b'\''
        } else {
            b'"'
        };
        if ch == b'\\' || ch == quote {
            self.write(b'\\', outer, out)?;
        }
        self.write(ch, outer, out)
    }

    /// Whether every literal around the text is double-quoted.
    pub(crate) fn all_double_quoted(self) -> bool {
        self.single == 0
    }

    /// Whether `\'` is an escape of the literal at `depth`.
    fn single_quoted(self, depth: u32) -> bool {
        self.single & (1 << depth) != 0
    }
}

/// The bytes that write one character at some depth the shortest way ([`Nesting::written`]),
/// kept as a word and a mask for a comparison of eight bytes at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pattern {
    bytes: [u8; Pattern::MAX],
    len: usize,
    word: u64,
    mask: u64,
}

impl Pattern {
    /// The longest pattern kept: a quote three literals deep.
    const MAX: usize = 8;

    /// A double quote one double-quoted literal deep.
    pub(crate) const QUOTE_ONE_DEEP: Pattern = Pattern::of(b"\\\"");
    /// A double quote two double-quoted literals deep.
    pub(crate) const QUOTE_TWO_DEEP: Pattern = Pattern::of(b"\\\\\\\"");
    /// The backslash of an escape of the literal around a text one literal deep.
    pub(crate) const ESCAPE_ONE_DEEP: Pattern = Pattern::of(b"\\");
    /// The same, two literals deep.
    pub(crate) const ESCAPE_TWO_DEEP: Pattern = Pattern::of(b"\\\\");

    /// The pattern of `written` (at most [`Pattern::MAX`] bytes), made at compile time.
    const fn of(written: &[u8]) -> Pattern {
        assert!(
            written.len() <= Pattern::MAX,
            "a pattern is at most eight bytes"
        );
        let mut bytes = [0; Pattern::MAX];
        let mut at = 0;
        while at < written.len() {
            bytes[at] = written[at];
            at += 1;
        }
        Pattern {
            bytes,
            len: written.len(),
            word: u64::from_le_bytes(bytes),
            mask: u64::MAX >> (8 * (Pattern::MAX - written.len())),
        }
    }

    /// The bytes.
    pub(crate) const fn bytes(&self) -> &[u8] {
        // `len` is at most `Pattern::MAX`, the array's length (`Pattern::of`, `Nesting::write`).
        self.bytes.split_at(self.len).0
    }

    /// The pattern's length if `bytes` continue with it from `at`: one comparison of eight
    /// bytes under a mask, but near the end of the bytes.
    #[inline]
    pub(crate) fn at(&self, bytes: &[u8], at: usize) -> Option<usize> {
        if let Some(chunk) = bytes.get(at..at + Pattern::MAX) {
            let mut word = [0; Pattern::MAX];
            word.copy_from_slice(chunk);
            return ((u64::from_le_bytes(word) ^ self.word) & self.mask == 0).then_some(self.len);
        }
        bytes
            .get(at..at + self.len)
            .filter(|written| *written == self.bytes())
            .map(|_| self.len)
    }
}

/// One character of a text, and how many source bytes write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The character's code point; for a byte of a multi-byte UTF-8 character written as
    /// itself, the byte with [`Unit::RAW`] set (such a character stays bytes, each its own
    /// unit: the parser only ever looks into ASCII).
    pub(crate) code: u32,
    /// The source bytes.
    pub(crate) len: usize,
}

impl Unit {
    /// Marks a byte of a UTF-8 sequence written as itself.
    pub(crate) const RAW: u32 = 1 << 31;

    fn byte(byte: u8) -> Unit {
        let code = if byte.is_ascii() {
            u32::from(byte)
        } else {
            Unit::RAW | u32::from(byte)
        };
        Unit { code, len: 1 }
    }

    /// The ASCII byte, or `0xFF` (which no ASCII comparison matches) for anything else.
    pub(crate) fn ascii(self) -> u8 {
        u8::try_from(self.code)
            .ok()
            .filter(u8::is_ascii)
            .unwrap_or(0xFF)
    }

    /// The character, for a unit that is one (a byte of a raw multi-byte sequence is not).
    pub(crate) fn char(self) -> Option<char> {
        char::from_u32(self.code)
    }

    /// Appends the unit's UTF-8 to `out`.
    fn push_to(self, out: &mut Vec<u8>) {
        if self.code & Unit::RAW != 0 {
            out.push((self.code & 0xFF) as u8);
        } else if let Some(ch) = self.char() {
            let mut buffer = [0; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buffer).as_bytes());
        }
    }
}

/// A syntax problem at a byte offset of the bytes read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) at: usize,
    pub(crate) problem: SyntaxProblem,
}

/// The unit of the text at `depth` (of `nesting`) that starts at byte `at` of `bytes`; `None`
/// at the end of the bytes.
#[inline]
pub(crate) fn unit(bytes: &[u8], at: usize, depth: u32, nesting: Nesting) -> Option<Unit> {
    let &byte = bytes.get(at)?;
    if byte != b'\\' || depth == 0 {
        return Some(Unit::byte(byte));
    }
    let outer = unit(bytes, at, depth - 1, nesting)?;
    if outer.code != u32::from(b'\\') {
        return Some(outer);
    }
    // Checked when the literal around was read: the fallback is never taken.
    Some(escape(bytes, at, outer.len, depth - 1, nesting).unwrap_or(outer))
}

/// Reads the escape sequence at `at` of a literal in the text at `depth`, written in that
/// text's units (the first, the backslash, `backslash` bytes long): the character it stands
/// for and the source bytes of the whole sequence.
///
/// # Errors
/// An escape JSON does not define, half a surrogate pair, or the end of the bytes inside the
/// sequence, where the parser of that text reports it.
pub(crate) fn escape(
    bytes: &[u8],
    at: usize,
    backslash: usize,
    depth: u32,
    nesting: Nesting,
) -> Result<Unit, Fault> {
    let fault = |at: usize, problem: SyntaxProblem| Fault { at, problem };
    let read = |at: usize| unit(bytes, at, depth, nesting);
    let mut next = at + backslash;
    let Some(kind) = read(next) else {
        return Err(fault(
            next,
            SyntaxProblem::UnexpectedEnd {
                expected: "an escape sequence",
            },
        ));
    };
    next += kind.len;
    let ch = match kind.ascii() {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'\'' if nesting.single_quoted(depth) => '\'',
        b'u' => {
            let first = hex4(bytes, &mut next, depth, nesting)?;
            match first {
                0xD800..=0xDBFF => {
                    let backslash = read(next).filter(|unit| unit.code == u32::from(b'\\'));
                    let u = backslash.and_then(|backslash| {
                        read(next + backslash.len)
                            .filter(|unit| unit.code == u32::from(b'u'))
                            .map(|u| backslash.len + u.len)
                    });
                    let Some(len) = u else {
                        return Err(fault(at, SyntaxProblem::LoneSurrogate));
                    };
                    next += len;
                    let second = hex4(bytes, &mut next, depth, nesting)?;
                    if !(0xDC00..=0xDFFF).contains(&second) {
                        return Err(fault(at, SyntaxProblem::LoneSurrogate));
                    }
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    char::from_u32(code).ok_or_else(|| fault(at, SyntaxProblem::LoneSurrogate))?
                }
                0xDC00..=0xDFFF => return Err(fault(at, SyntaxProblem::LoneSurrogate)),
                code => {
                    char::from_u32(code).ok_or_else(|| fault(at, SyntaxProblem::InvalidEscape))?
                }
            }
        }
        _ => return Err(fault(at, SyntaxProblem::InvalidEscape)),
    };
    Ok(Unit {
        code: u32::from(ch),
        len: next - at,
    })
}

/// Four hexadecimal digits in units of the text at `depth`, from `*at` on (moved past them).
fn hex4(bytes: &[u8], at: &mut usize, depth: u32, nesting: Nesting) -> Result<u32, Fault> {
    let mut code = 0;
    for _ in 0..4 {
        let unit = unit(bytes, *at, depth, nesting);
        let digit = match unit.map(Unit::ascii) {
            Some(byte @ b'0'..=b'9') => byte - b'0',
            Some(byte @ b'a'..=b'f') => byte - b'a' + 10,
            Some(byte @ b'A'..=b'F') => byte - b'A' + 10,
            _ => {
                return Err(Fault {
                    at: *at,
                    problem: SyntaxProblem::InvalidEscape,
                });
            }
        };
        code = code * 16 + u32::from(digit);
        *at += unit.map_or(1, |unit| unit.len);
    }
    Ok(code)
}

/// Appends the text at `nesting` that `bytes` write (checked when they were read) to `out`.
///
/// Runs without a backslash are copied whole; at depth 1, `\"`, `\\` and `\/` (nearly every
/// escape of an embedded document) are decoded on the spot.
pub(crate) fn decode(bytes: &[u8], nesting: Nesting, out: &mut Vec<u8>) {
    let mut at = 0;
    while let Some(run) = bytes.get(at..) {
        let Some(backslash) = memchr::memchr(b'\\', run) else {
            out.extend_from_slice(run);
            return;
        };
        out.extend_from_slice(run.get(..backslash).unwrap_or_default());
        at += backslash;
        if nesting.depth == 1
            && let Some(&byte @ (b'"' | b'\\' | b'/')) = bytes.get(at + 1)
        {
            out.push(byte);
            at += 2;
            continue;
        }
        match unit(bytes, at, nesting.depth, nesting) {
            Some(unit) => {
                unit.push_to(out);
                at += unit.len;
            }
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: u32) -> Nesting {
        let mut nesting = Nesting::SOURCE;
        for _ in 0..depth {
            nesting = nesting.inside(b'"').expect("shallow");
        }
        nesting
    }

    fn decoded(raw: &str, nesting: Nesting) -> String {
        let mut out = Vec::new();
        decode(raw.as_bytes(), nesting, &mut out);
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn units_read_through_every_literal_around() {
        // `"` two literals deep, and a `\u` escape of the inner literal whose `u` is written
        // as an escape of the outer one.
        let raw = r#"\\\"\\\u007500e9x"#;
        let nesting = nested(2);
        let quote = unit(raw.as_bytes(), 0, 2, nesting).expect("a unit");
        assert_eq!((quote.code, quote.len), (u32::from(b'"'), 4));
        let e = unit(raw.as_bytes(), 4, 2, nesting).expect("a unit");
        assert_eq!((e.char(), e.len), (Some('é'), 12));
        assert_eq!(decoded(raw, nesting), "\"éx");
        // One level in, the same bytes are the inner literal's escapes, undecoded.
        assert_eq!(decoded(raw, nested(1)), r#"\"\u00e9x"#);
        // Bytes of a character written as itself stay bytes.
        assert_eq!(
            unit("é".as_bytes(), 0, 2, nesting).map(Unit::ascii),
            Some(0xFF)
        );
        assert_eq!(decoded("\\\"é", nesting), "\"é");
    }

    #[test]
    fn characters_are_written_with_the_escapes_of_every_literal_around() {
        let written = |nesting: Nesting, ch: u8| {
            nesting
                .written(ch)
                .map(|pattern| String::from_utf8_lossy(pattern.bytes()).into_owned())
        };
        assert_eq!(written(Nesting::SOURCE, b'"').as_deref(), Some("\""));
        assert_eq!(written(nested(1), b'"').as_deref(), Some(r#"\""#));
        assert_eq!(written(nested(2), b'"').as_deref(), Some(r#"\\\""#));
        assert_eq!(written(nested(2), b'\\').as_deref(), Some(r"\\\\"));
        assert_eq!(written(nested(3), b'"').as_deref(), Some(r#"\\\\\\\""#));
        assert_eq!(written(nested(4), b'"'), None);
        // A double quote inside a single-quoted literal inside a double-quoted one.
        let mixed = nested(1).inside(b'\'').expect("shallow");
        assert_eq!(written(mixed, b'"').as_deref(), Some(r#"\""#));
        assert_eq!(written(mixed, b'\'').as_deref(), Some(r"\\'"));
        // Every pattern reads back as the character.
        for nesting in [nested(1), nested(2), nested(3), mixed] {
            for ch in [b'"', b'\\', b'\''] {
                let pattern = nesting.written(ch).expect("short");
                let read = unit(pattern.bytes(), 0, nesting.depth, nesting).expect("a unit");
                assert_eq!((read.ascii(), read.len), (ch, pattern.bytes().len()));
            }
        }
    }

    #[test]
    fn escapes_report_where_the_parser_would() {
        let nesting = nested(1);
        let check = |raw: &str| escape(raw.as_bytes(), 0, 1, 0, nesting);
        assert_eq!(check(r#"\u00e9"#).map(|unit| unit.len), Ok(6));
        assert_eq!(
            check(r#"\ud83d\ude00"#).map(|unit| (unit.char(), unit.len)),
            Ok((Some('😀'), 12))
        );
        assert_eq!(
            check(r#"\ud83dx"#),
            Err(Fault {
                at: 0,
                problem: SyntaxProblem::LoneSurrogate
            })
        );
        assert_eq!(
            check(r#"\u00g0"#),
            Err(Fault {
                at: 4,
                problem: SyntaxProblem::InvalidEscape
            })
        );
        assert_eq!(
            check(r"\'"),
            Err(Fault {
                at: 0,
                problem: SyntaxProblem::InvalidEscape
            })
        );
        let single = Nesting::SOURCE.inside(b'\'').expect("shallow");
        assert_eq!(
            escape(br"\'", 0, 1, 0, single).map(|unit| unit.char()),
            Ok(Some('\''))
        );
    }
}
