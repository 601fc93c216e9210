//! Operators that write bytes rather than a document, because what they break is below JSON
//! values: the text cut short, invalid UTF-8 inside a string, a byte order mark, and arrays
//! nested deeper than the validator's limit. Their mutants carry no [`Doc`](crate::doc::Doc)
//! and are not checked against the presence rules: they are not documents to check.

use isales_vocabulary::RuleId;

use super::Subject;
use super::site::{Edit, Site, documented_members};
use crate::doc::Doc;

#[derive(Debug, Clone)]
pub(super) enum Kind {
    Truncated,
    InvalidUtf8,
    ByteOrderMark,
    TooDeep,
}

/// (rule, what the operator does, how), in the order the operators are listed.
pub(super) const OPERATORS: [(RuleId, &str, Kind); 4] = [
    (RuleId::MalformedJson, "truncate the text", Kind::Truncated),
    (
        RuleId::MalformedJson,
        "invalid UTF-8 in a string",
        Kind::InvalidUtf8,
    ),
    (
        RuleId::MalformedJson,
        "a byte order mark",
        Kind::ByteOrderMark,
    ),
    (RuleId::NestingLimit, "nest arrays too deep", Kind::TooDeep),
];

impl Kind {
    pub(super) fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        let doc = &subject.doc;
        let text = |bytes: Vec<u8>| Site {
            edit: Edit::Text(bytes),
            pointer: String::new(),
        };
        let mut sites = Vec::new();
        match self {
            Kind::Truncated => {
                let written = doc.to_text().into_bytes();
                let cut = variant % written.len().max(1);
                sites.push(text(written[..cut].to_vec()));
            }
            Kind::InvalidUtf8 => {
                let written = doc.to_text().into_bytes();
                // Right after a quote: inside a string or a key, or just after one.
                let quotes: Vec<usize> = written
                    .iter()
                    .enumerate()
                    .filter(|(_, byte)| **byte == b'"')
                    .map(|(index, _)| index)
                    .collect();
                if let Some(&at) = quotes.get(variant % quotes.len().max(1)) {
                    let invalid: &[u8] = [&[0xFF][..], &[0xC3], &[0xED, 0xA0, 0x80]][variant % 3];
                    let mut bytes = written[..=at].to_vec();
                    bytes.extend_from_slice(invalid);
                    bytes.extend_from_slice(&written[at + 1..]);
                    sites.push(text(bytes));
                }
            }
            Kind::ByteOrderMark => {
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend_from_slice(doc.to_text().as_bytes());
                sites.push(text(bytes));
            }
            Kind::TooDeep => {
                let depth = 129 + variant % 200;
                let deep = Doc::Raw(format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
                let top_level = documented_members(subject.spec, doc)
                    .into_iter()
                    .filter(|(pointer, _, _)| pointer.matches('/').count() == 1);
                for (pointer, _, _) in top_level {
                    let mut deeper = doc.clone();
                    if let Some(value) = deeper.pointer_mut(&pointer) {
                        *value = deep.clone();
                        sites.push(text(deeper.to_text().into_bytes()));
                    }
                }
            }
        }
        sites
    }
}
