//! File names as a person reads them on a terminal or in a CI log: control characters (a
//! newline that would start a forged workflow command, an ESC that would drive the terminal)
//! and invisible direction overrides are written as escapes, so what is printed is one line
//! of plain text, and a name that holds whitespace or a quote is quoted, so where it ends is
//! never in doubt ([`name`], the one rule of every message). The machine formats keep the raw
//! name: JSON and SARIF escape it by their own rules, JUnit through [`xml_text`], GitHub's
//! workflow commands through their own percent-encoding.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character must not reach a terminal as it is: C0 and C1 controls, DEL, and the
/// Unicode marks that reorder the text around them.
fn is_unsafe(character: char) -> bool {
    character.is_control()
        || matches!(character, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a name cannot be printed as it is: it is empty, or holds whitespace or a quote
/// (where would it end?), a control character or a direction mark.
fn needs_quotes(raw: &str) -> bool {
    raw.is_empty()
        || raw.chars().any(|character| {
            is_unsafe(character)
                || character.is_whitespace()
                || matches!(character, '"' | '\'' | '`')
        })
}

/// A file name as every message of the command prints it (errors and notes on standard
/// error, notes and `-->` locations of the human format, JUnit names, `generate` and `mock`):
/// unchanged when it is plain (printable, no whitespace, no quote); otherwise quoted like a
/// Rust string literal, with `\n`, `\r`, `\t`, `\\`, `\"` and `\u{..}` escapes (for controls,
/// direction marks and whitespace other than a space), so where a quoted name ends is never in
/// doubt and it can be read back. One rule everywhere: `cannot read a.json` but
/// `cannot read "my captures/a.json"`, as git quotes unusual paths.
#[must_use]
pub fn name(raw: &str) -> Cow<'_, str> {
    if !needs_quotes(raw) {
        return Cow::Borrowed(raw);
    }
    let mut shown = String::with_capacity(raw.len() + 8);
    shown.push('"');
    for character in raw.chars() {
        match character {
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            '\\' => shown.push_str("\\\\"),
            '"' => shown.push_str("\\\""),
            character
                if is_unsafe(character) || (character.is_whitespace() && character != ' ') =>
            {
                let _ = write!(shown, "\\u{{{:x}}}", u32::from(character));
            }
            character => shown.push(character),
        }
    }
    shown.push('"');
    Cow::Owned(shown)
}

/// A path as [`name`] shows it.
#[must_use]
pub fn path(path: &std::path::Path) -> String {
    name(&path.display().to_string()).into_owned()
}

/// Text from a payload (a JSON pointer, a key in a message, a value found) for a line of human
/// output: unchanged when it holds only printable characters; otherwise each control
/// character and direction mark is written as `\u{..}`, so a key holding a carriage return or
/// an ESC cannot rewrite the terminal's line, and one holding a direction override cannot
/// reorder it.
#[must_use]
pub fn text(raw: &str) -> Cow<'_, str> {
    if !raw.chars().any(is_unsafe) {
        return Cow::Borrowed(raw);
    }
    let mut shown = String::with_capacity(raw.len() + 8);
    for character in raw.chars() {
        if is_unsafe(character) {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(character));
        } else {
            shown.push(character);
        }
    }
    Cow::Owned(shown)
}

/// Text for an XML 1.0 document: the characters XML 1.0 does not allow at all (C0 controls
/// other than tab, newline and carriage return; U+FFFE, U+FFFF) written as `\u{..}`, since
/// no escape can carry them and one of them makes the whole document invalid.
#[must_use]
pub fn xml_text(raw: &str) -> Cow<'_, str> {
    let forbidden = |character: char| {
        matches!(character, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}')
            || matches!(character, '\u{FFFE}' | '\u{FFFF}')
    };
    if !raw.chars().any(forbidden) {
        return Cow::Borrowed(raw);
    }
    let mut text = String::with_capacity(raw.len() + 8);
    for character in raw.chars() {
        if forbidden(character) {
            let _ = write!(text, "\\u{{{:x}}}", u32::from(character));
        } else {
            text.push(character);
        }
    }
    Cow::Owned(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_text_makes_controls_and_direction_marks_visible() {
        assert_eq!(text("/returnObject/name"), "/returnObject/name");
        assert!(matches!(text("plain"), Cow::Borrowed(_)));
        assert_eq!(text("skillP\ram"), "skillP\\u{d}am");
        assert_eq!(text("a\u{1b}[2Jb\u{202e}c"), "a\\u{1b}[2Jb\\u{202e}c");
    }

    #[test]
    fn plain_names_are_left_alone() {
        assert_eq!(name("captures/x-1_2.json"), "captures/x-1_2.json");
        assert!(matches!(name("captures/x.json"), Cow::Borrowed(_)));
        assert_eq!(name("C:\\logs\\é.har"), "C:\\logs\\é.har");
    }

    #[test]
    fn names_with_spaces_or_quotes_are_quoted() {
        assert_eq!(name("captures/a b/x.json"), "\"captures/a b/x.json\"");
        assert_eq!(name("it's.json"), "\"it's.json\"");
        assert_eq!(name("say \"hi\".json"), "\"say \\\"hi\\\".json\"");
        assert_eq!(name("a`b`.json"), "\"a`b`.json\"");
        assert_eq!(name(""), "\"\"");
        assert_eq!(name("no\u{a0}break"), "\"no\\u{a0}break\"");
        assert_eq!(
            path(std::path::Path::new("C:\\my logs\\a.har")),
            "\"C:\\\\my logs\\\\a.har\""
        );
    }

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(
            name("x\n::error file=y::forged.json"),
            "\"x\\n::error file=y::forged.json\""
        );
        assert_eq!(name("\u{1b}[31mred\\.json"), "\"\\u{1b}[31mred\\\\.json\"");
        assert_eq!(name("a\u{202E}nosj.exe"), "\"a\\u{202e}nosj.exe\"");
        assert_eq!(name("\u{85}\u{7f}\t"), "\"\\u{85}\\u{7f}\\t\"");
    }

    #[test]
    fn xml_text_drops_what_xml_forbids() {
        assert_eq!(xml_text("a\tb\nc"), "a\tb\nc");
        assert_eq!(xml_text("\u{1b}[0m\u{0}"), "\\u{1b}[0m\\u{0}");
    }
}
