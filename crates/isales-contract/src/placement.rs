//! Where a payload's bytes sit in the text a person reads, so that every position a report
//! gives is in that text's coordinates, computed once, by the validator.
//!
//! A payload is often not a file of its own: it is a line of an NDJSON capture, or the
//! `response.content.text` string of a HAR entry (escaped inside a JSON string, or base64). A
//! [`Placement`] says which, and the validator maps every span, position, embedded-document
//! start and personal value into the enclosing text before the report is built.

use crate::json::{Origin, Position, Span, line_columns};

/// Where the bytes given to the validator sit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Placement<'a> {
    /// The bytes are the whole text: positions count from line 1, column 1.
    #[default]
    Whole,
    /// The bytes appear verbatim in a larger text, the first byte at this position (an NDJSON
    /// line, a document inside a file).
    At(Position),
    /// The bytes are the decoded content of a JSON string literal of `text` (a HAR entry's
    /// `response.content.text`): positions inside map back through the literal's escapes.
    InString {
        /// The text holding the literal.
        text: &'a str,
        /// The literal in `text`, quotes included.
        string: Span,
        /// Where `text` itself starts in the file.
        base: Position,
    },
    /// The bytes were decoded from the JSON string literal at `string` (base64): nothing inside
    /// maps back, so every violation points at the literal's opening quote, and no personal
    /// value can be located in the text.
    Encoded {
        /// The text holding the literal.
        text: &'a str,
        /// The literal in `text`, quotes included.
        string: Span,
        /// Where `text` itself starts in the file.
        base: Position,
    },
}

impl Placement<'_> {
    /// Moves offsets of the payload's bytes to offsets of the enclosing text (before `base`),
    /// in place, in one walk; `None` when nothing inside maps (an encoded payload).
    pub(crate) fn map_offsets(&self, offsets: &mut [usize]) -> Option<()> {
        match *self {
            Placement::Whole | Placement::At(_) => Some(()),
            Placement::InString { text, string, .. } => {
                let origin = Origin::Embedded {
                    parent: &Origin::Source,
                    parent_text: text,
                    token: string,
                };
                let mapped = origin.to_source_all(offsets);
                offsets.copy_from_slice(&mapped);
                Some(())
            }
            Placement::Encoded { .. } => None,
        }
    }

    /// Line and column of each (already mapped) offset, in the file's coordinates; `bytes` is
    /// the payload, used when the placement keeps no text of its own.
    pub(crate) fn positions(&self, bytes: &[u8], offsets: &[usize]) -> Vec<Position> {
        let (text, base) = match *self {
            Placement::Whole => return line_columns(bytes, offsets),
            Placement::At(base) => (bytes, base),
            Placement::InString { text, base, .. } | Placement::Encoded { text, base, .. } => {
                (text.as_bytes(), base)
            }
        };
        line_columns(text, offsets)
            .into_iter()
            .map(|position| relocate(position, base))
            .collect()
    }

    /// The byte offset the enclosing text starts at in the file.
    pub(crate) fn base_offset(&self) -> usize {
        match *self {
            Placement::Whole => 0,
            Placement::At(base)
            | Placement::InString { base, .. }
            | Placement::Encoded { base, .. } => base.offset,
        }
    }

    /// For an encoded payload, the literal every violation points at.
    pub(crate) fn encoded_string(&self) -> Option<Span> {
        match *self {
            Placement::Encoded { string, .. } => Some(string),
            _ => None,
        }
    }
}

/// A position in a text that starts at `base` of a file, in the file's coordinates: the first
/// line moves by the base's column, the others only by its line.
#[must_use]
pub fn relocate(position: Position, base: Position) -> Position {
    Position {
        offset: base.offset + position.offset,
        line: base.line + position.line - 1,
        column: if position.line == 1 {
            base.column + position.column - 1
        } else {
            position.column
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(offset: usize, line: usize, column: usize) -> Position {
        Position {
            offset,
            line,
            column,
        }
    }

    #[test]
    fn relocation_shifts_the_first_line_only_by_the_base_column() {
        let base = at(100, 7, 5);
        assert_eq!(relocate(at(0, 1, 1), base), at(100, 7, 5));
        assert_eq!(relocate(at(3, 1, 4), base), at(103, 7, 8));
        assert_eq!(relocate(at(20, 2, 3), base), at(120, 8, 3));
    }

    #[test]
    fn offsets_inside_a_string_literal_map_through_its_escapes() {
        // The decoded content `{"a":1}` sits in the literal at 5..17 of the text.
        let text = r#"{"t":"{\"a\":1}"}"#;
        let string = Span::new(5, 17);
        let placement = Placement::InString {
            text,
            string,
            base: at(10, 2, 3),
        };
        // `a` is at 2 in the decoded text, at 9 (after `{\"`) in the text.
        let mut offsets = [0, 2];
        placement.map_offsets(&mut offsets).expect("maps");
        assert_eq!(offsets, [6, 9]);
        assert_eq!(
            placement.positions(b"", &offsets),
            [at(16, 2, 9), at(19, 2, 12)]
        );
    }

    #[test]
    fn an_encoded_payload_maps_nothing() {
        let placement = Placement::Encoded {
            text: "\"e30=\"",
            string: Span::new(0, 6),
            base: at(0, 1, 1),
        };
        assert!(placement.map_offsets(&mut [1]).is_none());
        assert_eq!(placement.encoded_string(), Some(Span::new(0, 6)));
    }
}
