//! Operators of the rows that hold a JSON document in a string (`resultRetry`, `policyJson`,
//! `turns`, ...) and of the rows whose `""` means "not set": a document that is not JSON or
//! not an array, one in single quotes, the array itself where its string is documented, one
//! item alone where the array of them is, and `""` where a time or a document is documented.

use isales_vocabulary::RuleId;

use super::Subject;
use super::site::{Edit, Site, documented_members};
use crate::doc::{Doc, Embedded, Quoting};

#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// An embedded document that is not JSON, or not an array.
    BrokenEmbedded { not_an_array: bool },
    /// An embedded document in single quotes.
    SingleQuoted,
    /// The array itself where a string holding it is documented.
    RealArray,
    /// `""` in a row whose empty string means "not set".
    Blank,
    /// One item alone where the embedded array of them is documented.
    LoneObject,
}

/// (rule, what the operator does, how), in the order the operators are listed.
pub(super) const OPERATORS: [(RuleId, &str, Kind); 6] = [
    (
        RuleId::EmbeddedJson,
        "break an embedded document",
        Kind::BrokenEmbedded {
            not_an_array: false,
        },
    ),
    (
        RuleId::EmbeddedJson,
        "embed something else than an array",
        Kind::BrokenEmbedded { not_an_array: true },
    ),
    (
        RuleId::SingleQuotedJson,
        "single-quote an embedded document",
        Kind::SingleQuoted,
    ),
    (
        RuleId::ArrayInsteadOfString,
        "the array in place of its string",
        Kind::RealArray,
    ),
    (
        RuleId::EmptyAsAbsent,
        "an empty string where a time or a document is documented",
        Kind::Blank,
    ),
    (
        RuleId::ObjectInsteadOfArray,
        "the only item alone where its array is documented",
        Kind::LoneObject,
    ),
];

impl Kind {
    pub(super) fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        let mut sites = Vec::new();
        for (pointer, field, value) in documented_members(subject.spec, &subject.doc) {
            let replacement = match self {
                Kind::BrokenEmbedded { not_an_array } => {
                    let Doc::Embedded(embedded) = value else {
                        continue;
                    };
                    // A lone object is read as the only item where the row allows it, and
                    // `""` as not set where the row says so: neither breaks the document.
                    let text = if *not_an_array && field.lone_object.is_some() {
                        ["1", "\"x\"", "null", "true"][variant % 4].to_owned()
                    } else if *not_an_array {
                        ["{}", "1", "\"x\"", "null", "true", r#"{"result": 1}"#][variant % 6]
                            .to_owned()
                    } else {
                        not_json(embedded, variant)
                    };
                    // Where `""` means "not set", a blank document is only whitespace.
                    let text = if text.is_empty() && field.empty.is_some() {
                        " ".to_owned()
                    } else {
                        text
                    };
                    Doc::String(text)
                }
                Kind::SingleQuoted => {
                    let Doc::Embedded(embedded) = value else {
                        continue;
                    };
                    if !embedded.document.has_quotes() {
                        continue;
                    }
                    Doc::Embedded(Embedded {
                        document: embedded.document.clone(),
                        quoting: Quoting::Single,
                    })
                }
                Kind::RealArray => {
                    let Doc::Embedded(embedded) = value else {
                        continue;
                    };
                    (*embedded.document).clone()
                }
                Kind::Blank => {
                    let blank = Doc::String(String::new());
                    if field.empty.is_none() || *value == Doc::Null || *value == blank {
                        continue;
                    }
                    blank
                }
                Kind::LoneObject => {
                    let (Some(_), Doc::Embedded(embedded)) = (&field.lone_object, value) else {
                        continue;
                    };
                    let Doc::Array(items) = &*embedded.document else {
                        continue;
                    };
                    let [item @ Doc::Object(_)] = items.as_slice() else {
                        continue;
                    };
                    Doc::Embedded(Embedded {
                        document: Box::new(item.clone()),
                        quoting: embedded.quoting,
                    })
                }
            };
            sites.push(Site {
                edit: Edit::Set(pointer.clone(), replacement),
                pointer,
            });
        }
        sites
    }
}

/// Text that is not a JSON document: the document cut short, or one of a few usual mistakes.
fn not_json(embedded: &Embedded, variant: usize) -> String {
    let written = embedded.document.to_text();
    let mut cut = variant % written.len().max(1);
    while !written.is_char_boundary(cut) {
        cut -= 1;
    }
    [
        written[..cut].to_owned(),
        "[{".to_owned(),
        "not json".to_owned(),
        String::new(),
        r#"[{"result": 1,}]"#.to_owned(),
        r#"[{"result": 01}]"#.to_owned(),
    ][variant % 6]
        .clone()
}
