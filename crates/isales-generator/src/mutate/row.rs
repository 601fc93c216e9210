//! Operators of a row's own constraints: a coded value the enumeration does not list, an
//! integer outside the range, a string longer than the length allows, a forbidden character,
//! another value than the fixed one, and the alias spelling of a member. Each acts on the
//! member where the row documents it and is reported there. Formats have their own module
//! ([`format`](super::format)): how a value breaks depends on the format, not the row.

use isales_spec::{Field, Table, TableNo};

use super::site::{Edit, Site, number, objects_of};
use super::{Operator, Subject};
use crate::doc::{Doc, child_pointer};

#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// A coded value outside the list.
    Unlisted {
        table: TableNo,
        field: String,
        listed: Vec<i64>,
    },
    /// An integer outside the row's bounds.
    OutOfRange {
        table: TableNo,
        field: String,
        min: Option<i64>,
        max: Option<i64>,
    },
    /// A string longer than the row allows.
    TooLong {
        table: TableNo,
        field: String,
        max: usize,
    },
    /// A forbidden character in a string.
    ForbiddenChar {
        table: TableNo,
        field: String,
        chars: Vec<char>,
        max: Option<usize>,
    },
    /// Another value than the fixed one.
    NotFixed { table: TableNo, field: String },
    /// The alias spelling of a row.
    Alias {
        table: TableNo,
        field: String,
        alias: String,
    },
}

/// The operators of one row's own constraints (its presence aside).
pub(super) fn operators(table: &Table, field: &Field, operators: &mut Vec<Operator>) {
    let at = format!("{}.{}", table.title, field.name);
    if let Some(enumeration) = &field.enumeration {
        let kind = Kind::Unlisted {
            table: table.number,
            field: field.name.clone(),
            listed: enumeration.values.iter().map(|value| value.value).collect(),
        };
        let name = format!("{}: {at} unlisted", enumeration.rule);
        operators.push(Operator::new(name, &enumeration.rule, kind));
    }
    if let Some(range) = &field.range {
        let kind = Kind::OutOfRange {
            table: table.number,
            field: field.name.clone(),
            min: range.min,
            max: range.max,
        };
        operators.push(Operator::new(
            format!("{}: {at} out of range", range.rule),
            &range.rule,
            kind,
        ));
    }
    if let Some(length) = &field.length
        && let Some(max) = length.max.and_then(|max| usize::try_from(max).ok())
    {
        let kind = Kind::TooLong {
            table: table.number,
            field: field.name.clone(),
            max,
        };
        operators.push(Operator::new(
            format!("{}: {at} too long", length.rule),
            &length.rule,
            kind,
        ));
    }
    if let Some(forbidden) = &field.forbidden_chars {
        let kind = Kind::ForbiddenChar {
            table: table.number,
            field: field.name.clone(),
            chars: forbidden.chars.chars().collect(),
            max: field
                .length
                .as_ref()
                .and_then(|length| length.max)
                .and_then(|max| usize::try_from(max).ok()),
        };
        let name = format!("{}: a forbidden character in {at}", forbidden.rule);
        operators.push(Operator::new(name, &forbidden.rule, kind));
    }
    if let Some(fixed) = &field.fixed {
        let kind = Kind::NotFixed {
            table: table.number,
            field: field.name.clone(),
        };
        operators.push(Operator::new(
            format!("{}: {at} not fixed", fixed.rule),
            &fixed.rule,
            kind,
        ));
    }
    for alias in &field.aliases {
        let kind = Kind::Alias {
            table: table.number,
            field: field.name.clone(),
            alias: alias.name.clone(),
        };
        let name = format!("{}: {at} spelled {}", alias.rule, alias.name);
        operators.push(Operator::new(name, &alias.rule, kind));
    }
}

impl Kind {
    pub(super) fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        let mut sites = Vec::new();
        match self {
            Kind::Unlisted {
                table,
                field,
                listed,
            } => {
                let value = unlisted(listed, variant);
                put_integer_sites(subject, *table, field, value, &mut sites);
            }
            Kind::OutOfRange {
                table,
                field,
                min,
                max,
            } => {
                if let Some(value) = out_of_range(*min, *max, variant) {
                    put_integer_sites(subject, *table, field, value, &mut sites);
                }
            }
            Kind::TooLong { table, field, max } => {
                let length = max + 1 + variant % 20;
                let text: String = ['a', 'b', 'é', '中', ' ']
                    .into_iter()
                    .cycle()
                    .take(length)
                    .collect();
                for (pointer, object, _) in objects_of(subject.spec, &subject.doc, *table) {
                    if object.get(field).and_then(Doc::as_str).is_some() {
                        sites.push(Site {
                            pointer: child_pointer(&pointer, field),
                            edit: Edit::Put(pointer, field.clone(), Doc::String(text.clone())),
                        });
                    }
                }
            }
            Kind::ForbiddenChar {
                table,
                field,
                chars,
                max,
            } => {
                let forbidden = chars[variant % chars.len()];
                for (pointer, object, _) in objects_of(subject.spec, &subject.doc, *table) {
                    let Some(text) = object.get(field).and_then(Doc::as_str) else {
                        continue;
                    };
                    let mut characters: Vec<char> = text.chars().collect();
                    // At the length limit, a character is replaced rather than added, so the
                    // string breaks this rule and not the length's.
                    if max.is_some_and(|max| characters.len() >= max) {
                        characters[0] = forbidden;
                    } else {
                        let at = variant % (characters.len() + 1);
                        characters.insert(at, forbidden);
                    }
                    let text: String = characters.into_iter().collect();
                    sites.push(Site {
                        pointer: child_pointer(&pointer, field),
                        edit: Edit::Put(pointer, field.clone(), Doc::String(text)),
                    });
                }
            }
            Kind::NotFixed { table, field } => {
                for (pointer, object, _) in objects_of(subject.spec, &subject.doc, *table) {
                    if object.is_present(field) {
                        let value = Doc::String("text/plain".into());
                        sites.push(Site {
                            pointer: child_pointer(&pointer, field),
                            edit: Edit::Put(pointer, field.clone(), value),
                        });
                    }
                }
            }
            Kind::Alias {
                table,
                field,
                alias,
            } => {
                for (pointer, object, _) in objects_of(subject.spec, &subject.doc, *table) {
                    if object.get(field).is_some() && object.get(alias).is_none() {
                        sites.push(Site {
                            pointer: child_pointer(&pointer, alias),
                            edit: Edit::Rename(pointer, field.clone(), alias.clone()),
                        });
                    }
                }
            }
        }
        sites
    }
}

/// A value the list does not hold: just past either end, or one of a few usual codes.
fn unlisted(listed: &[i64], variant: usize) -> i64 {
    let low = listed.iter().min().copied().unwrap_or(0);
    let high = listed.iter().max().copied().unwrap_or(0);
    let candidates: Vec<i64> = [
        high.saturating_add(1),
        low.saturating_sub(1),
        1,
        4,
        7,
        99,
        -1,
        i64::MAX,
    ]
    .into_iter()
    .filter(|value| !listed.contains(value))
    .collect();
    candidates[variant % candidates.len()]
}

/// A value just past a bound, far past it, or at the end of the integers; `None` when the
/// row has no bound to cross.
fn out_of_range(min: Option<i64>, max: Option<i64>, variant: usize) -> Option<i64> {
    let mut candidates = Vec::new();
    if let Some(min) = min.filter(|min| *min > i64::MIN) {
        candidates.extend([min - 1, min.saturating_sub(1000), i64::MIN]);
    }
    if let Some(max) = max.filter(|max| *max < i64::MAX) {
        candidates.extend([max + 1, max.saturating_add(1000), i64::MAX]);
    }
    candidates.get(variant % candidates.len().max(1)).copied()
}

/// Writes `value` over every integer member `field` of an object of `table`.
fn put_integer_sites(
    subject: &Subject<'_>,
    table: TableNo,
    field: &str,
    value: i64,
    sites: &mut Vec<Site>,
) {
    for (pointer, object, _) in objects_of(subject.spec, &subject.doc, table) {
        if object.get(field).and_then(Doc::as_i64).is_some() {
            sites.push(Site {
                pointer: child_pointer(&pointer, field),
                edit: Edit::Put(pointer, field.to_owned(), number(value)),
            });
        }
    }
}
