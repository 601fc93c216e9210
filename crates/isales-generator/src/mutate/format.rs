//! Operators of the formats (time of day, date-time, HTTP URL, dial string, locale): for each
//! format a payload uses, one operator writes a value that is not the format at all (its first
//! rule) and, where the format has a second rule, one writes a value the validator understands
//! but warns about (a lenient date-time, an `http` URL). The values are chosen per format, so
//! they act on every member whose row has that format, in any table.

use std::collections::BTreeSet;

use isales_spec::{Format, Spec};

use super::site::{Edit, Site, documented_members};
use super::{Operator, Subject};
use crate::doc::Doc;

#[derive(Debug, Clone)]
pub(super) struct Kind {
    format: Format,
    how: FormatBreak,
}

/// How a format is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormatBreak {
    /// Not the format at all: its first rule.
    Broken,
    /// Understood but warned about (a lenient datetime, an http URL): its second rule.
    Lenient,
}

/// The operators of every format some row of the spec has, in the order of [`Format::ALL`].
pub(super) fn operators(spec: &Spec, operators: &mut Vec<Operator>) {
    let formats: BTreeSet<&str> = spec
        .tables
        .iter()
        .flat_map(|table| &table.fields)
        .filter_map(|field| field.format)
        .map(Format::as_str)
        .collect();
    for format in Format::ALL {
        if !formats.contains(format.as_str()) {
            continue;
        }
        let rules = format.rules();
        if let Some(rule) = rules.first().map(|rule| rule.id) {
            let name = format!("{rule}: break a {} value", format.as_str());
            let how = FormatBreak::Broken;
            operators.push(Operator::new(name, rule, Kind { format, how }));
        }
        if let Some(rule) = rules.get(1).map(|rule| rule.id) {
            let name = format!("{rule}: a lenient {} value", format.as_str());
            let how = FormatBreak::Lenient;
            operators.push(Operator::new(name, rule, Kind { format, how }));
        }
    }
}

impl Kind {
    pub(super) fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        let mut sites = Vec::new();
        for (pointer, field, value) in documented_members(subject.spec, &subject.doc) {
            let Some(text) = value.as_str().filter(|_| field.format == Some(self.format)) else {
                continue;
            };
            if let Some(broken) = break_format(self.format, self.how, text, variant) {
                sites.push(Site {
                    edit: Edit::Set(pointer.clone(), Doc::String(broken)),
                    pointer,
                });
            }
        }
        sites
    }
}

/// A string that breaks `format` the way `how` says, or `None` when `text` cannot be made so.
fn break_format(format: Format, how: FormatBreak, text: &str, variant: usize) -> Option<String> {
    let pick = |candidates: &[&str]| candidates[variant % candidates.len()].to_owned();
    match (format, how) {
        // No `""`: in a schedule row it means "not set" (`empty-as-absent`).
        (Format::TimeOfDay, FormatBreak::Broken) => Some(pick(&[
            "8:00",
            "24:00",
            "12:60",
            "1200",
            " ",
            "12:00:00",
            "ab:cd",
            "٠٨:٠٠",
            "23:5",
            " 08:00",
        ])),
        (Format::DateTime, FormatBreak::Broken) => Some(pick(&[
            "2018-02-30 08:00:00",
            "2018-12-01T08:00:00",
            "tomorrow",
            "",
            "2018-12-01 24:00:00",
            "2018-13-01 00:00:00",
            "18-12-01 08:00:00",
            "2018-12-01 08:00",
        ])),
        (Format::DateTime, FormatBreak::Lenient) => {
            let (date, time) = text.split_once(' ')?;
            if variant.is_multiple_of(2) {
                Some(date.to_owned())
            } else {
                let (hour, rest) = time.split_once(':')?;
                let hour: u32 = hour.parse().ok()?;
                Some(format!("{date} {}:{rest}", hour % 10))
            }
        }
        (Format::HttpUrl, FormatBreak::Broken) => Some(pick(&[
            "www.example.com/results",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://user@example.com",
            "",
            "https://:443/x",
        ])),
        (Format::HttpUrl, FormatBreak::Lenient) => {
            let (_, rest) = text.split_once("://")?;
            Some(format!("http://{rest}"))
        }
        (Format::DialString, FormatBreak::Broken) => Some(pick(&[
            "+86 10086",
            "",
            "1234567890123456789012345",
            "12a",
            "١٢٣",
        ])),
        (Format::Locale, FormatBreak::Broken) => {
            Some(pick(&["english", "EN_us", "zh-CN", "z", "zh_CNN"]))
        }
        _ => None,
    }
}
