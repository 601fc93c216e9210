//! Operators of the JSON a payload is written in, rather than of any row's meaning: integers
//! written as fractions, exponents, beyond 64 bits, as `-0` or as strings; values of another
//! JSON type (the root included); members no row documents; and members written twice, under
//! the same spelling or under a row's alias.

use isales_spec::FieldType;
use isales_vocabulary::RuleId;

use super::Subject;
use super::site::{Edit, Site, documented_members, empty_object};
use crate::doc::{Doc, child_pointer};

#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// An integer written another way.
    Integer(IntegerForm),
    /// A value of another JSON type.
    WrongType,
    /// A member no row documents.
    Undocumented,
    /// A member twice; `alias` writes the second under the other spelling.
    DuplicateKey { alias: bool },
}

/// How an integer is written wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IntegerForm {
    Fraction,
    Exponent,
    Overflow,
    /// `-0`, which serde_json reads as the float -0.0.
    NegativeZero,
    String,
}

/// (rule, what the operator does, how), in the order the operators are listed.
pub(super) const OPERATORS: [(RuleId, &str, Kind); 9] = [
    (
        RuleId::IntegerFormat,
        "2 written 2.0",
        Kind::Integer(IntegerForm::Fraction),
    ),
    (
        RuleId::IntegerFormat,
        "2 written 2e0",
        Kind::Integer(IntegerForm::Exponent),
    ),
    (
        RuleId::IntegerFormat,
        "an integer beyond 64 bits",
        Kind::Integer(IntegerForm::Overflow),
    ),
    (
        RuleId::IntegerFormat,
        "0 written -0",
        Kind::Integer(IntegerForm::NegativeZero),
    ),
    (
        RuleId::TypeMismatch,
        "an integer as a string",
        Kind::Integer(IntegerForm::String),
    ),
    (
        RuleId::TypeMismatch,
        "a value of another JSON type",
        Kind::WrongType,
    ),
    (
        RuleId::UndocumentedField,
        "add an undocumented member",
        Kind::Undocumented,
    ),
    (
        RuleId::DuplicateKey,
        "repeat a member",
        Kind::DuplicateKey { alias: false },
    ),
    (
        RuleId::DuplicateKey,
        "repeat a member under its alias",
        Kind::DuplicateKey { alias: true },
    ),
];

impl Kind {
    pub(super) fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        let mut sites = Vec::new();
        match self {
            Kind::Integer(form) => integer_sites(subject, *form, variant, &mut sites),
            Kind::WrongType => wrong_type_sites(subject, variant, &mut sites),
            Kind::Undocumented => undocumented_sites(subject, variant, &mut sites),
            Kind::DuplicateKey { alias } => {
                duplicate_sites(subject, *alias, variant, &mut sites);
            }
        }
        sites
    }
}

fn integer_sites(subject: &Subject<'_>, form: IntegerForm, variant: usize, sites: &mut Vec<Site>) {
    for (pointer, field, value) in documented_members(subject.spec, &subject.doc) {
        let Some(integer) = value.as_i64().filter(|_| field.ty == FieldType::Integer) else {
            continue;
        };
        let written = match form {
            IntegerForm::Fraction => Doc::Number(format!("{integer}.0")),
            IntegerForm::Exponent => Doc::Number(format!("{integer}e0")),
            IntegerForm::Overflow => Doc::Number(
                [
                    "9223372036854775808",
                    "-9223372036854775809",
                    "1e400",
                    "18446744073709551616",
                    "-99999999999999999999999",
                ][variant % 5]
                    .to_owned(),
            ),
            IntegerForm::NegativeZero => Doc::Number("-0".to_owned()),
            IntegerForm::String => Doc::String(integer.to_string()),
        };
        sites.push(Site {
            edit: Edit::Set(pointer.clone(), written),
            pointer,
        });
    }
}

fn wrong_type_sites(subject: &Subject<'_>, variant: usize, sites: &mut Vec<Site>) {
    for (pointer, field, value) in documented_members(subject.spec, &subject.doc) {
        if *value == Doc::Null {
            continue;
        }
        let candidates = match (field.ty, field.embedded) {
            (FieldType::Integer, _) => {
                vec![Doc::Bool(false), Doc::Array(vec![]), empty_object()]
            }
            (FieldType::String, Some(_)) => {
                vec![Doc::Number("1".into()), Doc::Bool(true), empty_object()]
            }
            (FieldType::String, None) => vec![
                Doc::Number("1".into()),
                Doc::Bool(true),
                empty_object(),
                Doc::Array(vec![]),
            ],
            (FieldType::Object(_), _) => vec![
                Doc::String("x".into()),
                Doc::Number("1".into()),
                Doc::Bool(true),
                Doc::Array(vec![]),
            ],
        };
        let replacement = candidates[variant % candidates.len()].clone();
        sites.push(Site {
            edit: Edit::Set(pointer.clone(), replacement),
            pointer,
        });
    }
    let root = ["[]", "\"x\"", "1", "null", "true"][variant % 5];
    sites.push(Site {
        edit: Edit::Text(root.as_bytes().to_vec()),
        pointer: String::new(),
    });
}

fn undocumented_sites(subject: &Subject<'_>, variant: usize, sites: &mut Vec<Site>) {
    // Plain keys, keys a pointer must escape (`/`, `~`) and near misses of documented names.
    let keys = [
        "unlisted",
        "campaignName",
        "a/b",
        "~tilde",
        "ID",
        "resultcode",
    ];
    let values = [
        Doc::Number("1".into()),
        Doc::String("x".into()),
        Doc::Null,
        empty_object(),
        Doc::Array(vec![Doc::Number("2.0".into())]),
    ];
    for (pointer, object) in subject.doc.objects() {
        let Some(table) = object.table.and_then(|number| subject.spec.table(number)) else {
            continue;
        };
        let key = keys[variant % keys.len()];
        if table.field(key).is_some() || object.get(key).is_some() {
            continue;
        }
        let at = if variant.is_multiple_of(2) {
            object.members.len()
        } else {
            0
        };
        let value = values[variant % values.len()].clone();
        sites.push(Site {
            pointer: child_pointer(&pointer, key),
            edit: Edit::Insert(pointer, at, key.to_owned(), value),
        });
    }
}

fn duplicate_sites(subject: &Subject<'_>, alias: bool, variant: usize, sites: &mut Vec<Site>) {
    for (pointer, object) in subject.doc.objects() {
        let table = object.table.and_then(|number| subject.spec.table(number));
        for (index, entry) in object.members.iter().enumerate() {
            let object_pointer = pointer.clone();
            if !alias {
                sites.push(Site {
                    pointer: child_pointer(&pointer, &entry.key),
                    edit: Edit::Insert(
                        object_pointer,
                        index + 1,
                        entry.key.clone(),
                        entry.value.clone(),
                    ),
                });
                continue;
            }
            let Some(field) = table.and_then(|table| table.field(&entry.key)) else {
                continue;
            };
            for other in &field.aliases {
                // The alias after the documented spelling is the duplicate; before it, the
                // documented spelling is (and the alias is reported too).
                let (at, duplicate) = if variant.is_multiple_of(2) {
                    (index + 1, other.name.as_str())
                } else {
                    (index, entry.key.as_str())
                };
                sites.push(Site {
                    pointer: child_pointer(&pointer, duplicate),
                    edit: Edit::Insert(
                        object_pointer.clone(),
                        at,
                        other.name.clone(),
                        entry.value.clone(),
                    ),
                });
            }
        }
    }
}
