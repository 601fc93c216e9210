//! Where a string literal ends, found 16 bytes at a time.
//!
//! The parser's exact reading of a literal goes escape by escape. In this API's payloads
//! most bytes sit in escape-dense literals (a document inside a string, a document inside a
//! string of that), and reading them that way was a third of the validator's time. This
//! module finds the
//! end of a literal from bitmasks of 16 bytes (SIMD compares, through `wide`) and stops only
//! at runs of backslashes, and in the source itself (or in a text whose literals around are
//! not checked yet) at quotes and control characters.
//!
//! A run is decided by its length, for the shortest writings every JSON writer produces.
//! In a text inside `d` string literals, all double-quoted:
//! - a backslash of the text is written with `2^d` backslashes;
//! - a double quote is `2^d - 1` backslashes and a `"`;
//! - any other character that is not a control character is written as itself.
//!
//! A literal of that text closes on a quote of the text. Inside it, every escape starts with
//! a backslash of the text:
//! - an escaped backslash is two of them (`2^(d+1)` bytes);
//! - an escaped quote is a backslash and a quote of the text (`2^(d+1) - 1` backslashes and
//!   a `"`);
//! - a one-letter escape is a backslash of the text and the letter as itself.
//!
//! So a run of `r` backslashes and the byte after it read as `r / 2^(d+1)` escaped
//! backslashes, then whatever the remainder `r % 2^(d+1)` says (see [`literal`]).
//!
//! Everything else is left to the parser's exact reading, which then reads the literal from
//! its opening quote. That covers a `\u` escape, a letter JSON does not define, a control
//! character, the text ending inside the literal, and single quotes anywhere. Errors, and the
//! rarer writings, are therefore found exactly as before, and the scan never decides one.
//! In builds with debug assertions (the tests, the fuzz targets run with `-a`) the parser
//! reads every literal the scan decides both ways and asserts that they agree.

use wide::u8x16;

/// Bytes classified at once: one SIMD register. Most literals are short (keys, codes,
/// numbers written as strings), and a wider block would mostly classify bytes after them.
const WIDTH: usize = 16;

/// Where a literal of a text ends, as the scan found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Closed {
    /// Offset of the first byte of the closing quote (the end of the content).
    pub(crate) end: usize,
    /// Offset just past the closing quote.
    pub(crate) after: usize,
    /// Whether the content holds a backslash, so that its text differs from its bytes.
    pub(crate) escaped: bool,
}

/// The bits of [`WIDTH`] bytes from some offset (past the end of the text, spaces).
struct Block {
    /// The backslashes.
    backslash: u32,
    /// Where the scan must look: the backslashes, and in the source the double quotes and
    /// control characters.
    stops: u32,
}

impl Block {
    /// Classifies the bytes from `at` on.
    #[inline(always)]
    fn at(text: &[u8], at: usize, raw_stops: bool) -> Block {
        let mut bytes = [b' '; WIDTH];
        match text.get(at..at + WIDTH) {
            Some(chunk) => bytes.copy_from_slice(chunk),
            None => {
                let rest = text.get(at..).unwrap_or_default();
                if let Some(head) = bytes.get_mut(..rest.len()) {
                    head.copy_from_slice(rest);
                }
            }
        }
        let lanes = u8x16::new(bytes);
        let backslash = lanes.simd_eq(u8x16::splat(b'\\')).to_bitmask();
        let mut stops = backslash;
        if raw_stops {
            let quote = lanes.simd_eq(u8x16::splat(b'"'));
            // A byte is at most 0x1F when the larger of it and 0x1F is 0x1F.
            let last_control = u8x16::splat(0x1F);
            let control = lanes.max(last_control).simd_eq(last_control);
            stops |= (quote | control).to_bitmask();
        }
        Block { backslash, stops }
    }
}

/// Scans the content of a double-quoted literal of a text inside `depth` string literals,
/// all double-quoted, from `from` (just past the opening quote) on. `None` when the content
/// holds anything but the writings the scan decides, and always more than two literals
/// deep, where runs of backslashes outgrow a block: the exact reading decides then.
///
/// `guarded` when the literals around the text have not been checked (a document read in
/// the same pass as its string): raw quotes and control characters stop the scan then, as
/// they do in the source, and it decides none (they end a literal around, or are not
/// allowed in one).
#[inline]
pub(crate) fn literal(text: &[u8], from: usize, depth: u32, guarded: bool) -> Option<Closed> {
    match depth {
        0 => literal_at::<0>(text, from, true),
        1 => literal_at::<1>(text, from, guarded),
        2 => literal_at::<2>(text, from, guarded),
        _ => None,
    }
}

/// [`literal`] at depth `DEPTH`; `raw_stops` makes raw quotes and control characters stop
/// it.
#[inline(always)]
fn literal_at<const DEPTH: u32>(text: &[u8], from: usize, raw_stops: bool) -> Option<Closed> {
    // Backslashes of a character of the text, and of an escape of the literal.
    let one = 1_usize << DEPTH;
    let two = one << 1;
    let mut escaped = false;
    let mut base = from;
    'blocks: loop {
        if base >= text.len() {
            return None;
        }
        let block = Block::at(text, base, raw_stops);
        let mut stops = block.stops;
        while stops != 0 {
            let bit = stops.trailing_zeros() as usize;
            // The run of backslashes from `bit` (none at a quote or control character of the
            // source); one that reaches the end of the block is read again from its start.
            let run = (!(block.backslash >> bit)).trailing_zeros() as usize;
            if bit + run >= WIDTH {
                if bit == 0 {
                    return None;
                }
                base += bit;
                continue 'blocks;
            }
            // Read from the text, not from the block's copy of it, which the processor may
            // still be writing; past its end, the block's padding.
            let next = text.get(base + bit + run).copied().unwrap_or(b' ');
            let rest = run & (two - 1);
            let pairs = run - rest;
            let resume = match next {
                b'"' if rest == one - 1 => {
                    let at = base + bit;
                    // A quote past the end of the text would be padding: there is none.
                    return Some(Closed {
                        end: at + pairs,
                        after: at + run + 1,
                        escaped: escaped || pairs > 0,
                    });
                }
                b'"' if rest == two - 1 => bit + run + 1,
                b'/' | b'b' | b'f' | b'n' | b'r' | b't' if rest == one => bit + run + 1,
                // Escaped backslashes, then a character written as itself (a control
                // character of the source stops the scan next; a space of the padding ends
                // the text, where the next block finds nothing).
                byte if rest == 0 && byte != b'"' && run > 0 => bit + run,
                _ => return None,
            };
            escaped = true;
            if resume >= WIDTH {
                base += resume;
                continue 'blocks;
            }
            stops &= u32::MAX << resume;
        }
        base += WIDTH;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str, depth: u32) -> Option<(usize, usize, bool)> {
        literal(text.as_bytes(), 0, depth, false)
            .map(|closed| (closed.end, closed.after, closed.escaped))
    }

    #[test]
    fn finds_the_closing_quote_of_the_source() {
        assert_eq!(scan(r#"abc" x"#, 0), Some((3, 4, false)));
        assert_eq!(scan(r#"a\"b\\" x"#, 0), Some((6, 7, true)));
        assert_eq!(scan(r#"a\nb\/c\\\"d" x"#, 0), Some((12, 13, true)));
        // Long content, quotes and escapes across blocks.
        let long = format!("{}\\\"{}\" x", "a".repeat(62), "b".repeat(100));
        assert_eq!(scan(&long, 0), Some((164, 165, true)));
        let run = format!("{}{}\" x", "a".repeat(60), "\\\\".repeat(5));
        assert_eq!(scan(&run, 0), Some((70, 71, true)));
    }

    #[test]
    fn leaves_what_it_does_not_decide_to_the_exact_reading() {
        for text in [
            r#"\u00e9" x"#,
            "a\nb\" x",
            r#"\x" x"#,
            "no closing quote",
            r#"ends in an escape\"#,
        ] {
            assert_eq!(scan(text, 0), None, "{text:?}");
        }
        assert_eq!(scan(&format!("{}\" x", "\\".repeat(64)), 0), None);
    }

    #[test]
    fn reads_runs_by_the_depth_of_the_text() {
        // One literal deep: `\"` closes, `\\\"` is an escaped quote, `\\n` an escape.
        assert_eq!(scan(r#"ab\"x"#, 1), Some((2, 4, false)));
        assert_eq!(scan(r#"a\\\"b\\nc\\\\d\"x"#, 1), Some((15, 17, true)));
        // An escaped backslash, then the closing quote.
        assert_eq!(scan(r#"a\\\\\"x"#, 1), Some((5, 7, true)));
        // A raw newline of the literal (a control character) and `\/` are left alone.
        assert_eq!(scan(r#"a\nb\"x"#, 1), None);
        assert_eq!(scan(r#"a\/b\"x"#, 1), None);
        // Two deep: a quote of the text is `\\\"`, an escaped one seven backslashes.
        assert_eq!(scan(r#"a\\\\\\\"b\\\"x"#, 2), Some((10, 14, true)));
        assert_eq!(scan(r#"ab\\\"x"#, 2), Some((2, 6, false)));
        assert_eq!(scan(r#"ab\"x"#, 2), None);
        assert_eq!(scan(r#"ab\\\"x"#, 3), None);
    }
}
