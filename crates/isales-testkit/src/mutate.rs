//! Mutation operators: each breaks exactly one rule of a valid payload and knows the rule's id
//! and the JSON pointer the validator must report it at.
//!
//! [`operators`] builds the list from the spec: one operator per `required-if` path (per case),
//! per always-required row, per `one-of-forms` rule, per `absent-unless` case, per constrained
//! row (enumeration, range, length, forbidden characters, fixed value, alias) and per format,
//! plus the structural operators (numbers, types, undocumented and duplicate keys, embedded
//! documents, broken text) and one per builtin rule of the validator.
//!
//! An operator finds every place it can act in a [`Subject`] (its sites) and acts on one. A
//! site where the change would also break a presence rule of another id at error level (found
//! by [`presence::findings`](crate::presence::findings)) is skipped, so that a mutant breaks
//! one rule, not its neighbours; the few rules that cannot be broken alone name their
//! companions. Operators that only make sense on raw text (truncation, a byte order mark,
//! invalid UTF-8, nesting) write bytes directly.

use std::collections::BTreeSet;

use isales_spec::{
    Condition, Field, FieldType, Format, OneOfForms, RuleKind, Scalar, Severity, Spec, Step, Table,
    TableKind, TableNo,
};
use serde_json::Value;

use crate::builtin::{
    self, BUSI_RESULT_POLICY, CALL_INTERVAL, DEVICE_TYPE, MAX_AVG, MIM_AVG, OUT_BOUND_TYPE,
    RESULT_CODE, RETURN_CODE, RETURN_OBJECT,
};
use crate::doc::{Doc, Embedded, Member, Object, Quoting, child_pointer};
use crate::generate::Fillers;
use crate::presence::{self, Finding, filler, member, repair, scalar};

/// A valid payload ready to be mutated, with what operators need around it.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    spec: &'a Spec,
    doc: Doc,
    findings: BTreeSet<Finding>,
    fillers: &'a Fillers,
}

impl<'a> Subject<'a> {
    /// A payload whose root `root` documents; `fillers` hold a valid object of each object
    /// table for operators that add one.
    #[must_use]
    pub fn new(spec: &'a Spec, root: TableNo, payload: &Value, fillers: &'a Fillers) -> Self {
        let doc = Doc::from_value(spec, spec.table(root), payload);
        let findings = presence::findings(spec, &doc);
        Subject {
            spec,
            doc,
            findings,
            fillers,
        }
    }

    /// The payload as a [`Doc`].
    #[must_use]
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// The presence rules the payload breaks already (none, for a generated payload).
    #[must_use]
    pub fn findings(&self) -> &BTreeSet<Finding> {
        &self.findings
    }
}

/// A payload that breaks one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutant {
    /// The operator that made it.
    pub operator: String,
    /// The rule broken.
    pub rule: String,
    /// Where the validator must report it.
    pub pointer: String,
    /// Rules that break with it, unavoidably (see [`Operator::companions`]).
    pub companions: &'static [&'static str],
    /// The payload.
    pub bytes: Vec<u8>,
    /// The payload as a document, unless the operator wrote bytes directly: the same
    /// mutant can be written in another [`Style`](crate::doc::Style).
    pub doc: Option<Doc>,
    /// Whether a member is spelled with an alias, which the models write back under the
    /// documented spelling.
    pub respelled: bool,
}

/// One way of breaking one rule.
#[derive(Debug, Clone)]
pub struct Operator {
    name: String,
    rule: String,
    companions: &'static [&'static str],
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    /// Remove (or null) the field at the end of a path, or a container on it.
    Remove {
        table: TableNo,
        when: Option<Condition>,
        path: Vec<Step>,
    },
    /// Make every form incomplete.
    BreakForms(OneOfForms),
    /// Add a field its condition does not call for.
    AddUnexpected {
        table: TableNo,
        field: String,
        unless: Condition,
    },
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
    /// A string in the wrong form for its format.
    BrokenFormat(Format, FormatBreak),
    /// Another value than the fixed one.
    NotFixed {
        table: TableNo,
        field: String,
    },
    /// The alias spelling of a row.
    Alias {
        table: TableNo,
        field: String,
        alias: String,
    },
    /// An integer written another way.
    Integer(IntegerForm),
    /// A value of another JSON type.
    WrongType,
    /// A member no row documents.
    Undocumented,
    /// A member twice; `alias` writes the second under the other spelling.
    DuplicateKey {
        alias: bool,
    },
    /// An embedded document that is not JSON, or not an array.
    BrokenEmbedded {
        not_an_array: bool,
    },
    /// An embedded document in single quotes.
    SingleQuoted,
    /// The array itself where a string holding it is documented.
    RealArray,
    /// `""` in a row whose empty string means "not set".
    Blank,
    /// One item alone where the embedded array of them is documented.
    LoneObject,
    ScheduleIncomplete,
    ScheduleReversed,
    ScheduleOverlap,
    PeriodReversed,
    AvgReversed,
    OutBoundMismatch,
    BusiInterval,
    UnknownCode,
    CodeMismatch,
    SuccessWithoutObject,
    FailureWithObject,
    Truncated,
    InvalidUtf8,
    ByteOrderMark,
    TooDeep,
}

/// How a format is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormatBreak {
    /// Not the format at all: its first rule.
    Broken,
    /// Understood but warned about (a lenient datetime, an http URL): its second rule.
    Lenient,
}

/// How an integer is written wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IntegerForm {
    Fraction,
    Exponent,
    Overflow,
    /// `-0`, which serde_json reads as the float -0.0.
    NegativeZero,
    String,
}

/// A place an operator acts, and where the violation is expected.
#[derive(Debug, Clone)]
struct Site {
    edit: Edit,
    pointer: String,
}

/// A change to a document; pointers are JSON pointers through embedded documents.
#[derive(Debug, Clone)]
enum Edit {
    /// Replaces the value at a pointer.
    Set(String, Doc),
    /// Sets a member of the object at a pointer, appending it when missing.
    Put(String, String, Doc),
    /// Removes a member of the object at a pointer.
    Remove(String, String),
    /// Inserts a member at a position of the object at a pointer (keys may repeat).
    Insert(String, usize, String, Doc),
    /// Renames a member of the object at a pointer.
    Rename(String, String, String),
    /// Several edits, in order.
    All(Vec<Edit>),
    /// Replaces the whole payload with bytes.
    Text(Vec<u8>),
}

impl Edit {
    fn apply(self, doc: &mut Doc) -> Option<()> {
        match self {
            Edit::Set(pointer, value) => *doc.pointer_mut(&pointer)? = value,
            Edit::Put(pointer, key, value) => doc.object_mut(&pointer)?.set(&key, value),
            Edit::Remove(pointer, key) => {
                doc.object_mut(&pointer)?.remove(&key).then_some(())?;
            }
            Edit::Insert(pointer, index, key, value) => {
                let object = doc.object_mut(&pointer)?;
                let index = index.min(object.members.len());
                object.members.insert(index, Member { key, value });
            }
            Edit::Rename(pointer, from, to) => {
                let object = doc.object_mut(&pointer)?;
                let member = object.members.iter_mut().find(|m| m.key == from)?;
                member.key = to;
            }
            Edit::All(edits) => {
                for edit in edits {
                    edit.apply(doc)?;
                }
            }
            Edit::Text(_) => return None,
        }
        Some(())
    }
}

impl Operator {
    fn new(name: impl Into<String>, rule: impl Into<String>, kind: Kind) -> Self {
        Operator {
            name: name.into(),
            rule: rule.into(),
            companions: &[],
            kind,
        }
    }

    /// A short description, unique among the operators of a spec.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The rule the operator breaks.
    #[must_use]
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// Other rules at error level that unavoidably break with this one ([`COMPANIONS`]).
    #[must_use]
    pub fn companions(&self) -> &'static [&'static str] {
        self.companions
    }

    /// Breaks the rule at one of the places the subject offers (`pick` chooses which and
    /// how); `None` when the subject offers none (no skill-queue campaign to mutate, ...).
    #[must_use]
    pub fn apply(&self, subject: &Subject<'_>, pick: usize) -> Option<Mutant> {
        let sites = self.sites(subject, pick >> 8);
        let count = sites.len();
        let first = pick.checked_rem(count)?;
        (0..count).find_map(|offset| self.try_site(subject, &sites[(first + offset) % count]))
    }

    /// How many places the subject offers.
    #[must_use]
    pub fn site_count(&self, subject: &Subject<'_>) -> usize {
        self.sites(subject, 0).len()
    }

    fn try_site(&self, subject: &Subject<'_>, site: &Site) -> Option<Mutant> {
        let (bytes, doc) = match &site.edit {
            Edit::Text(bytes) => (bytes.clone(), None),
            edit => {
                let mut doc = subject.doc.clone();
                edit.clone().apply(&mut doc)?;
                let after = presence::findings(subject.spec, &doc);
                let breaks_another = after.difference(&subject.findings).any(|(rule, _)| {
                    *rule != self.rule
                        && !self.companions.contains(&rule.as_str())
                        && subject
                            .spec
                            .rule(rule)
                            .is_some_and(|rule| rule.severity == Severity::Error)
                });
                if breaks_another {
                    return None;
                }
                (doc.to_text().into_bytes(), Some(doc))
            }
        };
        Some(Mutant {
            operator: self.name.clone(),
            rule: self.rule.clone(),
            pointer: site.pointer.clone(),
            companions: self.companions,
            bytes,
            doc,
            respelled: matches!(self.kind, Kind::Alias { .. }),
        })
    }

    #[allow(clippy::too_many_lines)] // One arm per kind of operator reads better than a jump.
    fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        let spec = subject.spec;
        let doc = &subject.doc;
        let mut sites = Vec::new();
        match &self.kind {
            Kind::Remove { table, when, path } => {
                for (pointer, object, table) in objects_of(spec, doc, *table) {
                    let holds = when
                        .as_ref()
                        .is_none_or(|when| when.eval(&|name| scalar(table, object, name)));
                    if holds {
                        removal_sites(Some(table), object, &pointer, path, &mut sites);
                    }
                }
            }
            Kind::BreakForms(forms) => {
                for (pointer, object, table) in objects_of(spec, doc, forms.table) {
                    if !forms.when.eval(&|name| scalar(table, object, name)) {
                        continue;
                    }
                    let edits: Vec<Edit> = forms
                        .forms
                        .iter()
                        .filter(|form| form.iter().all(|path| object.is_present(path.head())))
                        .filter_map(|form| form.first())
                        .map(|path| Edit::Remove(pointer.clone(), path.head().to_owned()))
                        .collect();
                    if !edits.is_empty() {
                        sites.push(Site {
                            edit: Edit::All(edits),
                            pointer,
                        });
                    }
                }
            }
            Kind::AddUnexpected {
                table,
                field,
                unless,
            } => {
                for (pointer, object, table) in objects_of(spec, doc, *table) {
                    if unless.eval(&|name| scalar(table, object, name)) || object.is_present(field)
                    {
                        continue;
                    }
                    if let Some(value) = filler(spec, subject.fillers, table, field) {
                        sites.push(Site {
                            pointer: child_pointer(&pointer, field),
                            edit: Edit::Put(pointer, field.clone(), value),
                        });
                    }
                }
            }
            Kind::Unlisted {
                table,
                field,
                listed,
            } => {
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
                let value = candidates[variant % candidates.len()];
                put_integer_sites(spec, doc, *table, field, value, &mut sites);
            }
            Kind::OutOfRange {
                table,
                field,
                min,
                max,
            } => {
                let mut candidates = Vec::new();
                if let Some(min) = min.filter(|min| *min > i64::MIN) {
                    candidates.extend([min - 1, min.saturating_sub(1000), i64::MIN]);
                }
                if let Some(max) = max.filter(|max| *max < i64::MAX) {
                    candidates.extend([max + 1, max.saturating_add(1000), i64::MAX]);
                }
                if let Some(value) = candidates.get(variant % candidates.len().max(1)) {
                    put_integer_sites(spec, doc, *table, field, *value, &mut sites);
                }
            }
            Kind::TooLong { table, field, max } => {
                let length = max + 1 + variant % 20;
                let text: String = ['a', 'b', 'é', '中', ' ']
                    .into_iter()
                    .cycle()
                    .take(length)
                    .collect();
                for (pointer, object, _) in objects_of(spec, doc, *table) {
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
                for (pointer, object, _) in objects_of(spec, doc, *table) {
                    let Some(text) = object.get(field).and_then(Doc::as_str) else {
                        continue;
                    };
                    let mut characters: Vec<char> = text.chars().collect();
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
            Kind::BrokenFormat(format, how) => {
                for (pointer, field, value) in documented_members(spec, doc) {
                    let Some(text) = value.as_str().filter(|_| field.format == Some(*format))
                    else {
                        continue;
                    };
                    if let Some(broken) = break_format(*format, *how, text, variant) {
                        sites.push(Site {
                            edit: Edit::Set(pointer.clone(), Doc::String(broken)),
                            pointer,
                        });
                    }
                }
            }
            Kind::NotFixed { table, field } => {
                for (pointer, object, _) in objects_of(spec, doc, *table) {
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
                for (pointer, object, _) in objects_of(spec, doc, *table) {
                    if object.get(field).is_some() && object.get(alias).is_none() {
                        sites.push(Site {
                            pointer: child_pointer(&pointer, alias),
                            edit: Edit::Rename(pointer, field.clone(), alias.clone()),
                        });
                    }
                }
            }
            Kind::Integer(form) => {
                for (pointer, field, value) in documented_members(spec, doc) {
                    let Some(integer) = value.as_i64().filter(|_| field.ty == FieldType::Integer)
                    else {
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
            Kind::WrongType => {
                for (pointer, field, value) in documented_members(spec, doc) {
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
            Kind::Undocumented => {
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
                for (pointer, object) in doc.objects() {
                    let Some(table) = object.table.and_then(|number| spec.table(number)) else {
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
            Kind::DuplicateKey { alias } => {
                for (pointer, object) in doc.objects() {
                    let table = object.table.and_then(|number| spec.table(number));
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
                            // The alias after the documented spelling is the duplicate; before
                            // it, the documented spelling is (and the alias is reported too).
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
            Kind::BrokenEmbedded { not_an_array } => {
                for (pointer, field, value) in documented_members(spec, doc) {
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
                    };
                    // Where `""` means "not set", a blank document is only whitespace.
                    let text = if text.is_empty() && field.empty.is_some() {
                        " ".to_owned()
                    } else {
                        text
                    };
                    sites.push(Site {
                        edit: Edit::Set(pointer.clone(), Doc::String(text)),
                        pointer,
                    });
                }
            }
            Kind::SingleQuoted => {
                for (pointer, _, value) in documented_members(spec, doc) {
                    let Doc::Embedded(embedded) = value else {
                        continue;
                    };
                    if embedded.document.has_quotes() {
                        let quoted = Doc::Embedded(Embedded {
                            document: embedded.document.clone(),
                            quoting: Quoting::Single,
                        });
                        sites.push(Site {
                            edit: Edit::Set(pointer.clone(), quoted),
                            pointer,
                        });
                    }
                }
            }
            Kind::Blank => {
                for (pointer, field, value) in documented_members(spec, doc) {
                    let blank = Doc::String(String::new());
                    if field.empty.is_some() && *value != Doc::Null && *value != blank {
                        sites.push(Site {
                            edit: Edit::Set(pointer.clone(), blank),
                            pointer,
                        });
                    }
                }
            }
            Kind::LoneObject => {
                for (pointer, field, value) in documented_members(spec, doc) {
                    let (Some(_), Doc::Embedded(embedded)) = (&field.lone_object, value) else {
                        continue;
                    };
                    let Doc::Array(items) = &*embedded.document else {
                        continue;
                    };
                    if let [item @ Doc::Object(_)] = items.as_slice() {
                        let lone = Embedded {
                            document: Box::new(item.clone()),
                            quoting: embedded.quoting,
                        };
                        sites.push(Site {
                            edit: Edit::Set(pointer.clone(), Doc::Embedded(lone)),
                            pointer,
                        });
                    }
                }
            }
            Kind::RealArray => {
                for (pointer, _, value) in documented_members(spec, doc) {
                    if let Doc::Embedded(embedded) = value {
                        sites.push(Site {
                            edit: Edit::Set(pointer.clone(), (*embedded.document).clone()),
                            pointer,
                        });
                    }
                }
            }
            Kind::ScheduleIncomplete | Kind::ScheduleReversed | Kind::ScheduleOverlap => {
                schedule_sites(spec, doc, &self.kind, variant, &mut sites);
            }
            Kind::PeriodReversed => {
                let Some(number) = spec.rule(&self.rule).map(|rule| rule.doc().table) else {
                    return sites;
                };
                for (pointer, object, table) in objects_of(spec, doc, number) {
                    let rows: Vec<&str> = table
                        .fields
                        .iter()
                        .filter(|field| field.format == Some(Format::DateTime))
                        .map(|field| field.name.as_str())
                        .collect();
                    let [begin, end] = rows[..] else {
                        continue;
                    };
                    let (Some(begin_text), Some(end_text)) = (
                        object.get(begin).and_then(Doc::as_str),
                        object.get(end).and_then(Doc::as_str),
                    ) else {
                        continue;
                    };
                    if begin_text < end_text && begin_text.len() == end_text.len() {
                        sites.push(Site {
                            edit: Edit::All(vec![
                                Edit::Put(
                                    pointer.clone(),
                                    begin.into(),
                                    Doc::String(end_text.into()),
                                ),
                                Edit::Put(
                                    pointer.clone(),
                                    end.into(),
                                    Doc::String(begin_text.into()),
                                ),
                            ]),
                            pointer: child_pointer(&pointer, end),
                        });
                    }
                }
            }
            Kind::AvgReversed => {
                for (pointer, object) in doc.objects() {
                    let (Some(mim), Some(max)) = (
                        object.get(MIM_AVG).and_then(Doc::as_i64),
                        object.get(MAX_AVG).and_then(Doc::as_i64),
                    ) else {
                        continue;
                    };
                    let (new_mim, new_max) = match mim.cmp(&max) {
                        std::cmp::Ordering::Less => (max, mim),
                        std::cmp::Ordering::Equal if max < i64::MAX => (max + 1, max),
                        _ => continue,
                    };
                    sites.push(Site {
                        edit: Edit::All(vec![
                            Edit::Put(pointer.clone(), MIM_AVG.into(), number(new_mim)),
                            Edit::Put(pointer.clone(), MAX_AVG.into(), number(new_max)),
                        ]),
                        pointer: child_pointer(&pointer, MIM_AVG),
                    });
                }
            }
            Kind::OutBoundMismatch => out_bound_sites(subject, &self.rule, variant, &mut sites),
            Kind::BusiInterval => {
                let Some(busi_table) = spec.rule(&self.rule).map(|rule| rule.doc().table) else {
                    return sites;
                };
                for (pointer, object, table) in objects_of(spec, doc, busi_table) {
                    let stops = scalar(table, object, BUSI_RESULT_POLICY) == Scalar::Int(0);
                    let value = if stops {
                        [5, 1, 3600, -1][variant % 4]
                    } else {
                        [0, 3601, -1, i64::MAX, i64::MIN][variant % 5]
                    };
                    sites.push(Site {
                        pointer: child_pointer(&pointer, CALL_INTERVAL),
                        edit: Edit::Put(pointer, CALL_INTERVAL.into(), number(value)),
                    });
                }
            }
            Kind::UnknownCode => {
                if let Some(envelope) = envelope(spec, doc) {
                    let codes = ["0200099", "999", "", "0200000 ", "02000012", "200000"];
                    let code = Doc::String(codes[variant % codes.len()].to_owned());
                    let mut edits = vec![
                        Edit::Put(String::new(), RESULT_CODE.into(), code.clone()),
                        Edit::Put(String::new(), RETURN_CODE.into(), code),
                    ];
                    if envelope.get(RETURN_OBJECT).is_some() {
                        edits.push(Edit::Remove(String::new(), RETURN_OBJECT.into()));
                    }
                    sites.push(Site {
                        edit: Edit::All(edits),
                        pointer: child_pointer("", RESULT_CODE),
                    });
                }
            }
            Kind::CodeMismatch => {
                if let Some(result_code) = envelope(spec, doc)
                    .and_then(|envelope| envelope.get(RESULT_CODE))
                    .and_then(Doc::as_str)
                {
                    let candidates: Vec<&str> =
                        std::iter::once(spec.interface.success_code.as_str())
                            .chain(spec.error_codes().iter().map(|code| code.code.as_str()))
                            .filter(|code| *code != result_code)
                            .collect();
                    let code = candidates[variant % candidates.len()];
                    sites.push(Site {
                        edit: Edit::Put(
                            String::new(),
                            RETURN_CODE.into(),
                            Doc::String(code.into()),
                        ),
                        pointer: child_pointer("", RETURN_CODE),
                    });
                }
            }
            Kind::SuccessWithoutObject => {
                if envelope_succeeds(spec, doc) == Some(true) {
                    let edit = if variant.is_multiple_of(2) {
                        Edit::Remove(String::new(), RETURN_OBJECT.into())
                    } else {
                        Edit::Put(String::new(), RETURN_OBJECT.into(), Doc::Null)
                    };
                    sites.push(Site {
                        edit,
                        pointer: child_pointer("", RETURN_OBJECT),
                    });
                }
            }
            Kind::FailureWithObject => {
                let envelope_table = spec.table_of_kind(TableKind::Envelope);
                if let (Some(false), Some(envelope), Some(table)) = (
                    envelope_succeeds(spec, doc),
                    envelope(spec, doc),
                    envelope_table,
                ) && !envelope.is_present(RETURN_OBJECT)
                    && let Some(campaign) = filler(spec, subject.fillers, table, RETURN_OBJECT)
                {
                    sites.push(Site {
                        edit: Edit::Put(String::new(), RETURN_OBJECT.into(), campaign),
                        pointer: child_pointer("", RETURN_OBJECT),
                    });
                }
            }
            Kind::Truncated => {
                let text = doc.to_text().into_bytes();
                let cut = variant % text.len().max(1);
                sites.push(Site {
                    edit: Edit::Text(text[..cut].to_vec()),
                    pointer: String::new(),
                });
            }
            Kind::InvalidUtf8 => {
                let text = doc.to_text().into_bytes();
                let quotes: Vec<usize> = text
                    .iter()
                    .enumerate()
                    .filter(|(_, byte)| **byte == b'"')
                    .map(|(index, _)| index)
                    .collect();
                if let Some(&at) = quotes.get(variant % quotes.len().max(1)) {
                    let invalid: &[u8] = [&[0xFF][..], &[0xC3], &[0xED, 0xA0, 0x80]][variant % 3];
                    let mut bytes = text[..=at].to_vec();
                    bytes.extend_from_slice(invalid);
                    bytes.extend_from_slice(&text[at + 1..]);
                    sites.push(Site {
                        edit: Edit::Text(bytes),
                        pointer: String::new(),
                    });
                }
            }
            Kind::ByteOrderMark => {
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend_from_slice(doc.to_text().as_bytes());
                sites.push(Site {
                    edit: Edit::Text(bytes),
                    pointer: String::new(),
                });
            }
            Kind::TooDeep => {
                let depth = 129 + variant % 200;
                let deep = Doc::Raw(format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
                let top_level = documented_members(spec, doc)
                    .into_iter()
                    .filter(|(pointer, _, _)| pointer.matches('/').count() == 1);
                for (pointer, _, _) in top_level {
                    let mut deeper = doc.clone();
                    if let Some(value) = deeper.pointer_mut(&pointer) {
                        *value = deep.clone();
                        sites.push(Site {
                            edit: Edit::Text(deeper.to_text().into_bytes()),
                            pointer: String::new(),
                        });
                    }
                }
            }
        }
        sites
    }
}

/// The objects of one table, with their pointers.
fn objects_of<'d, 's>(
    spec: &'s Spec,
    doc: &'d Doc,
    number: TableNo,
) -> Vec<(String, &'d Object, &'s Table)> {
    let Some(table) = spec.table(number) else {
        return Vec::new();
    };
    doc.objects()
        .into_iter()
        .filter(|(_, object)| object.table == Some(number))
        .map(|(pointer, object)| (pointer, object, table))
        .collect()
}

/// Every member of a documented object that its table documents (aliases included), with the
/// member's pointer and row.
fn documented_members<'d, 's>(spec: &'s Spec, doc: &'d Doc) -> Vec<(String, &'s Field, &'d Doc)> {
    let mut found = Vec::new();
    for (pointer, object) in doc.objects() {
        let Some(table) = object.table.and_then(|number| spec.table(number)) else {
            continue;
        };
        for entry in &object.members {
            if let Some(field) = table.field(&entry.key) {
                found.push((child_pointer(&pointer, &entry.key), field, &entry.value));
            }
        }
    }
    found
}

fn removal_sites(
    table: Option<&Table>,
    object: &Object,
    pointer: &str,
    steps: &[Step],
    sites: &mut Vec<Site>,
) {
    let [Step::Field(name), rest @ ..] = steps else {
        return;
    };
    let key = match table {
        Some(table) if object.get(name).is_none() => table
            .field(name)
            .and_then(|field| {
                field
                    .aliases
                    .iter()
                    .find(|alias| object.get(&alias.name).is_some())
            })
            .map_or(name.as_str(), |alias| alias.name.as_str()),
        _ => name.as_str(),
    };
    let Some(value) = object.get(key).filter(|value| **value != Doc::Null) else {
        return;
    };
    let here = child_pointer(pointer, key);
    let expected = child_pointer(pointer, name);
    sites.push(Site {
        edit: Edit::Remove(pointer.to_owned(), key.to_owned()),
        pointer: expected.clone(),
    });
    sites.push(Site {
        edit: Edit::Set(here.clone(), Doc::Null),
        pointer: expected,
    });
    match rest {
        [Step::Field(_), ..] => {
            if let Doc::Object(inner) = value {
                removal_sites(None, inner, &here, rest, sites);
            }
        }
        [Step::Items, after @ ..] => {
            for (index, item) in value.items().unwrap_or_default().iter().enumerate() {
                if let Doc::Object(item) = item {
                    removal_sites(None, item, &format!("{here}/{index}"), after, sites);
                }
            }
        }
        _ => {}
    }
}

fn put_integer_sites(
    spec: &Spec,
    doc: &Doc,
    table: TableNo,
    field: &str,
    value: i64,
    sites: &mut Vec<Site>,
) {
    for (pointer, object, _) in objects_of(spec, doc, table) {
        if object.get(field).and_then(Doc::as_i64).is_some() {
            sites.push(Site {
                pointer: child_pointer(&pointer, field),
                edit: Edit::Put(pointer, field.to_owned(), number(value)),
            });
        }
    }
}

fn number(value: i64) -> Doc {
    Doc::Number(value.to_string())
}

fn empty_object() -> Doc {
    Doc::Object(Object {
        table: None,
        members: Vec::new(),
    })
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

fn schedule_sites(spec: &Spec, doc: &Doc, kind: &Kind, variant: usize, sites: &mut Vec<Site>) {
    let Some(number) = spec
        .rule("schedule-segment-order")
        .map(|rule| rule.doc().table)
    else {
        return;
    };
    for (pointer, object, table) in objects_of(spec, doc, number) {
        let Some(days) = builtin::schedule_windows(table) else {
            return;
        };
        for day in days {
            let mut previous: Option<(&str, &str)> = None;
            for (begin_row, end_row) in day {
                let begin = table.fields[begin_row].name.as_str();
                let end = table.fields[end_row].name.as_str();
                let (Some(begin_text), Some(end_text)) = (
                    object.get(begin).and_then(Doc::as_str),
                    object.get(end).and_then(Doc::as_str),
                ) else {
                    continue;
                };
                match kind {
                    Kind::ScheduleIncomplete => {
                        let (removed, kept) = if variant.is_multiple_of(2) {
                            (end, begin)
                        } else {
                            (begin, end)
                        };
                        let edit = if variant % 4 < 2 {
                            Edit::Remove(pointer.clone(), removed.into())
                        } else {
                            Edit::Put(pointer.clone(), removed.into(), Doc::Null)
                        };
                        sites.push(Site {
                            edit,
                            pointer: child_pointer(&pointer, kept),
                        });
                    }
                    Kind::ScheduleReversed => sites.push(Site {
                        edit: Edit::All(vec![
                            Edit::Put(pointer.clone(), begin.into(), Doc::String(end_text.into())),
                            Edit::Put(pointer.clone(), end.into(), Doc::String(begin_text.into())),
                        ]),
                        pointer: child_pointer(&pointer, end),
                    }),
                    Kind::ScheduleOverlap => {
                        if let Some((earlier_begin, _)) = previous {
                            let value = Doc::String(earlier_begin.to_owned());
                            sites.push(Site {
                                edit: Edit::Put(pointer.clone(), begin.into(), value),
                                pointer: child_pointer(&pointer, begin),
                            });
                        }
                    }
                    _ => {}
                }
                previous = Some((begin_text, end_text));
            }
        }
    }
}

fn out_bound_sites(subject: &Subject<'_>, rule: &str, variant: usize, sites: &mut Vec<Site>) {
    let spec = subject.spec;
    let Some(skill_number) = spec.rule(rule).map(|rule| rule.doc().table) else {
        return;
    };
    let Some(skill_table) = spec.table(skill_number) else {
        return;
    };
    let Some(modes) = skill_table
        .field(OUT_BOUND_TYPE)
        .and_then(|field| field.enumeration.as_ref())
        .map(|list| {
            list.values
                .iter()
                .map(|value| value.value)
                .collect::<Vec<_>>()
        })
    else {
        return;
    };
    for (pointer, object) in subject.doc.objects() {
        let Some(table) = object.table.and_then(|number| spec.table(number)) else {
            continue;
        };
        let Some(row) = table
            .fields
            .iter()
            .find(|field| field.ty == FieldType::Object(skill_number))
        else {
            continue;
        };
        let Scalar::Int(device_type) = scalar(table, object, DEVICE_TYPE) else {
            continue;
        };
        let Some(Doc::Object(skill)) = object.get(&row.name) else {
            continue;
        };
        if !modes.contains(&device_type)
            || member(skill_table, skill, OUT_BOUND_TYPE).and_then(Doc::as_i64) != Some(device_type)
        {
            continue;
        }
        let others: Vec<i64> = modes
            .iter()
            .copied()
            .filter(|mode| *mode != device_type)
            .collect();
        let Some(&other) = others.get(variant % others.len().max(1)) else {
            continue;
        };
        let mut changed = skill.clone();
        changed.set(OUT_BOUND_TYPE, number(other));
        repair(spec, skill_table, &mut changed, subject.fillers);
        let skill_pointer = child_pointer(&pointer, &row.name);
        sites.push(Site {
            pointer: child_pointer(&skill_pointer, OUT_BOUND_TYPE),
            edit: Edit::Set(skill_pointer, Doc::Object(changed)),
        });
    }
}

/// The root object, when the document is an envelope.
fn envelope<'d>(spec: &Spec, doc: &'d Doc) -> Option<&'d Object> {
    let number = spec.table_of_kind(TableKind::Envelope)?.number;
    match doc {
        Doc::Object(object) if object.table == Some(number) => Some(object),
        _ => None,
    }
}

/// Whether the envelope reports success, by resultCode.
fn envelope_succeeds(spec: &Spec, doc: &Doc) -> Option<bool> {
    let code = envelope(spec, doc)?.get(RESULT_CODE)?.as_str()?;
    Some(code == spec.interface.success_code)
}

/// Rules that break together with a removal, whatever the payload: (rule, field removed,
/// companions). Removing `turns` under round dialling (`round-call-fields`) always leaves
/// `turns[].turnType` or `turns[].turnOrder` without their container, because `chooseType` is
/// then required and listed as 0 or 1, so `turn-fields` reports the container too.
pub const COMPANIONS: &[(&str, &str, &[&str])] =
    &[("round-call-fields", "turns", &["turn-fields"])];

/// Every operator the spec calls for.
#[must_use]
pub fn operators(spec: &Spec) -> Vec<Operator> {
    let mut operators = Vec::new();
    for rule in &spec.rules {
        match &rule.kind {
            RuleKind::RequiredIf(cases) => {
                for (index, case) in cases.iter().enumerate() {
                    for path in &case.require {
                        let name = format!("{}#{index}: remove {path}", rule.id);
                        let kind = Kind::Remove {
                            table: case.table,
                            when: case.when.clone(),
                            path: path.steps().to_vec(),
                        };
                        let mut operator = Operator::new(name, &rule.id, kind);
                        if let Some((_, _, companions)) = COMPANIONS
                            .iter()
                            .find(|(id, field, _)| *id == rule.id && path.head() == *field)
                        {
                            operator.companions = companions;
                        }
                        operators.push(operator);
                    }
                }
            }
            RuleKind::OneOfForms(forms) => {
                let name = format!("{}: break every form", rule.id);
                operators.push(Operator::new(
                    name,
                    &rule.id,
                    Kind::BreakForms(forms.clone()),
                ));
            }
            RuleKind::AbsentUnless(cases) => {
                for case in cases {
                    let name = format!("{}: add {} unless {}", rule.id, case.field, case.unless);
                    let kind = Kind::AddUnexpected {
                        table: case.table,
                        field: case.field.clone(),
                        unless: case.unless.clone(),
                    };
                    operators.push(Operator::new(name, &rule.id, kind));
                }
            }
            RuleKind::Field | RuleKind::Builtin => {}
        }
    }
    let mut formats = BTreeSet::new();
    for table in &spec.tables {
        for field in &table.fields {
            row_operators(table, field, &mut operators);
            if let Some(format) = field.format {
                formats.insert(format.as_str());
            }
        }
    }
    for format in Format::ALL {
        if !formats.contains(format.as_str()) {
            continue;
        }
        let rules = format.rules();
        if let Some(rule) = rules.first() {
            let name = format!("{rule}: break a {} value", format.as_str());
            let kind = Kind::BrokenFormat(format, FormatBreak::Broken);
            operators.push(Operator::new(name, *rule, kind));
        }
        if let Some(rule) = rules.get(1) {
            let name = format!("{rule}: a lenient {} value", format.as_str());
            let kind = Kind::BrokenFormat(format, FormatBreak::Lenient);
            operators.push(Operator::new(name, *rule, kind));
        }
    }
    let structural = [
        (
            "integer-format",
            "2 written 2.0",
            Kind::Integer(IntegerForm::Fraction),
        ),
        (
            "integer-format",
            "2 written 2e0",
            Kind::Integer(IntegerForm::Exponent),
        ),
        (
            "integer-format",
            "an integer beyond 64 bits",
            Kind::Integer(IntegerForm::Overflow),
        ),
        (
            "integer-format",
            "0 written -0",
            Kind::Integer(IntegerForm::NegativeZero),
        ),
        (
            "type-mismatch",
            "an integer as a string",
            Kind::Integer(IntegerForm::String),
        ),
        (
            "type-mismatch",
            "a value of another JSON type",
            Kind::WrongType,
        ),
        (
            "undocumented-field",
            "add an undocumented member",
            Kind::Undocumented,
        ),
        (
            "duplicate-key",
            "repeat a member",
            Kind::DuplicateKey { alias: false },
        ),
        (
            "duplicate-key",
            "repeat a member under its alias",
            Kind::DuplicateKey { alias: true },
        ),
        (
            "embedded-json",
            "break an embedded document",
            Kind::BrokenEmbedded {
                not_an_array: false,
            },
        ),
        (
            "embedded-json",
            "embed something else than an array",
            Kind::BrokenEmbedded { not_an_array: true },
        ),
        (
            "single-quoted-json",
            "single-quote an embedded document",
            Kind::SingleQuoted,
        ),
        (
            "array-instead-of-string",
            "the array in place of its string",
            Kind::RealArray,
        ),
        (
            "empty-as-absent",
            "an empty string where a time or a document is documented",
            Kind::Blank,
        ),
        (
            "object-instead-of-array",
            "the only item alone where its array is documented",
            Kind::LoneObject,
        ),
        (
            "schedule-segment-incomplete",
            "half a window",
            Kind::ScheduleIncomplete,
        ),
        (
            "schedule-segment-order",
            "a window reversed",
            Kind::ScheduleReversed,
        ),
        (
            "schedule-segment-overlap",
            "a window overlapping the previous one",
            Kind::ScheduleOverlap,
        ),
        (
            "campaign-period-order",
            "end before begin",
            Kind::PeriodReversed,
        ),
        ("avg-call-time-order", "mim above max", Kind::AvgReversed),
        (
            "out-bound-type-mismatch",
            "another skill mode than deviceType",
            Kind::OutBoundMismatch,
        ),
        (
            "busi-call-interval-range",
            "an interval out of range",
            Kind::BusiInterval,
        ),
        (
            "unknown-error-code",
            "a code Table 21 does not list",
            Kind::UnknownCode,
        ),
        (
            "result-code-mismatch",
            "returnCode differs",
            Kind::CodeMismatch,
        ),
        (
            "return-object-required",
            "success without returnObject",
            Kind::SuccessWithoutObject,
        ),
        (
            "return-object-on-failure",
            "failure with a returnObject",
            Kind::FailureWithObject,
        ),
        ("malformed-json", "truncate the text", Kind::Truncated),
        (
            "malformed-json",
            "invalid UTF-8 in a string",
            Kind::InvalidUtf8,
        ),
        ("malformed-json", "a byte order mark", Kind::ByteOrderMark),
        ("nesting-limit", "nest arrays too deep", Kind::TooDeep),
    ];
    for (rule, what, kind) in structural {
        if spec.rule(rule).is_some() {
            operators.push(Operator::new(format!("{rule}: {what}"), rule, kind));
        }
    }
    operators
}

/// The operators of one row's own constraints.
fn row_operators(table: &Table, field: &Field, operators: &mut Vec<Operator>) {
    let at = format!("{}.{}", table.title, field.name);
    if let Some(rule) = field.required.as_ref().map(|required| &required.rule) {
        let kind = Kind::Remove {
            table: table.number,
            when: None,
            path: vec![Step::Field(field.name.clone())],
        };
        operators.push(Operator::new(format!("{rule}: remove {at}"), rule, kind));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Generator;
    use crate::values::Size;

    fn named<'o>(operators: &'o [Operator], name: &str) -> &'o Operator {
        match operators.iter().find(|operator| operator.name() == name) {
            Some(operator) => operator,
            None => panic!("no operator {name}"),
        }
    }

    #[test]
    fn removals_follow_paths_into_embedded_documents() {
        let spec = isales_spec::load_embedded().expect("the spec loads");
        let operators = operators(&spec);
        let payload = serde_json::json!({"resultCode": "0200000", "returnCode": "0200000",
            "returnObject": {"retryPolicy": {"policyType": 0,
                "resultRetry": r#"[{"result": 1, "callInterval": 5, "retryNumber": 2}]"#}}});
        let fillers = Fillers::new();
        let subject = Subject::new(&spec, TableNo(3), &payload, &fillers);
        let operator = named(&operators, "result-retry-fields#0: remove callInterval");
        let mutants: Vec<Mutant> = (0..2)
            .filter_map(|pick| operator.apply(&subject, pick))
            .collect();
        assert_eq!(mutants.len(), 2);
        for mutant in &mutants {
            assert_eq!(mutant.rule, "result-retry-fields");
            assert_eq!(
                mutant.pointer,
                "/returnObject/retryPolicy/resultRetry/0/callInterval"
            );
        }
        let removed: Value = serde_json::from_slice(&mutants[0].bytes).expect("JSON");
        let items = removed["returnObject"]["retryPolicy"]["resultRetry"]
            .as_str()
            .expect("still a string");
        assert_eq!(items, r#"[{"result":1,"retryNumber":2}]"#);
        let nulled = String::from_utf8(mutants[1].bytes.clone()).expect("UTF-8");
        assert!(nulled.contains(r#"\"callInterval\":null"#), "{nulled}");
    }

    #[test]
    fn a_removal_that_breaks_another_rule_is_skipped_unless_declared() {
        let spec = isales_spec::load_embedded().expect("the spec loads");
        let operators = operators(&spec);
        let payload = serde_json::json!({"callType": 1, "chooseType": 0,
            "turns": r#"[{"turnType": "home"}]"#});
        let fillers = Fillers::new();
        let subject = Subject::new(&spec, TableNo(16), &payload, &fillers);
        // Removing turns under round dialling also leaves turns[].turnType without its
        // container: declared.
        let round = named(&operators, "round-call-fields#0: remove turns");
        let mutant = round.apply(&subject, 0).expect("a mutant");
        assert_eq!(mutant.companions, ["turn-fields"]);
        // turn-fields may not remove the container here: round-call-fields would break too.
        let turns = named(&operators, "turn-fields#0: remove turns[].turnType");
        let pointers: BTreeSet<String> = (0..8)
            .filter_map(|pick| turns.apply(&subject, pick))
            .map(|mutant| mutant.pointer)
            .collect();
        assert_eq!(
            pointers.into_iter().collect::<Vec<_>>(),
            ["/turns/0/turnType"]
        );
    }

    #[test]
    fn every_pick_is_safe() {
        let generator = Generator::embedded(Size::SMALL);
        let spec = generator.spec().clone();
        let operators = operators(&spec);
        for seed in 0..4 {
            let payload = generator.generate(seed);
            let fillers = generator.generate_fillers(seed);
            let subject = Subject::new(&spec, TableNo(3), &payload, &fillers);
            for operator in &operators {
                for pick in [0, 1, usize::MAX, usize::MAX / 3] {
                    if let Some(mutant) = operator.apply(&subject, pick) {
                        assert_eq!(mutant.rule, operator.rule());
                        assert!(mutant.pointer.is_empty() || mutant.pointer.starts_with('/'));
                    }
                }
            }
        }
    }
}
