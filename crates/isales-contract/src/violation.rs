//! Violations: what is wrong, where, and which rule and documentation row say so.
//!
//! A [`Violation`] is data first: a [`ViolationKind`] with named fields for machines, a JSON
//! pointer, a source position when the payload's bytes are known, the rule and the doc
//! reference. [`Display`](std::fmt::Display) renders one human sentence;
//! [`Violation::masked`] hides values that may be personal data.

use std::fmt;

use serde::Serialize;

use crate::json::{Position, Span, SyntaxProblem};
use crate::rule::{DocRef, Provenance, Rule, Severity};

/// Why a number is not an acceptable integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[serde(rename_all = "kebab-case")]
pub enum IntegerProblem {
    /// Written with a fraction (`2.0`).
    Fraction,
    /// Written with an exponent (`2e3`).
    Exponent,
    /// Does not fit a signed 64-bit integer.
    Overflow,
    /// `-0`: an integer by JSON's grammar, but typed clients (serde_json among them) read the
    /// float -0.0.
    NegativeZero,
}

/// What is wrong with an embedded JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum EmbeddedProblem {
    /// The content does not parse.
    Syntax {
        /// What the parser found.
        syntax: SyntaxProblem,
    },
    /// The content is JSON, but not an array.
    NotAnArray {
        /// The JSON type found.
        found: &'static str,
    },
}

/// Which textual format a string breaks (the contract's [`Format`](isales_vocabulary::Format),
/// serialized `time-of-day`, `date-time`, `http-url`, `dial-string`, `locale`).
pub use isales_vocabulary::Format as FormatKind;

/// What a violation is, with its facts as named fields.
///
/// Serialized adjacently tagged: `{"kind": "out-of-range", "facts": {"value": 0, "min": 1, ..}}`,
/// so a fact never collides with a member of the [`Violation`] around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[serde(tag = "kind", content = "facts", rename_all = "kebab-case")]
pub enum ViolationKind {
    /// The text is not JSON.
    Syntax {
        /// What the parser found.
        problem: SyntaxProblem,
    },
    /// The text starts with a UTF-8 byte order mark.
    ByteOrderMark,
    /// The JSON type differs from the documented one.
    TypeMismatch {
        /// The documented type.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// A number where an integer is documented is not a plain 64-bit integer.
    NotAnInteger {
        /// The number as written.
        written: String,
        /// Why it is not acceptable.
        problem: IntegerProblem,
    },
    /// A key appears twice in one object.
    DuplicateKey {
        /// The key (the documented spelling when an alias repeats a field).
        key: String,
    },
    /// A field no table documents.
    UndocumentedField {
        /// Its name.
        name: String,
    },
    /// A mandatory field is missing or null.
    Missing {
        /// The field's wire name.
        field: &'static str,
        /// The condition that makes it mandatory, if any.
        when: Option<&'static str>,
    },
    /// None of the alternative sets of fields is complete.
    IncompleteForms {
        /// The alternatives.
        forms: &'static [&'static [&'static str]],
        /// The condition that asks for one of them.
        when: &'static str,
        /// The fields of the alternatives that are missing.
        missing: Vec<&'static str>,
    },
    /// A field is present that its object's mode does not use.
    Unexpected {
        /// The field's wire name.
        field: &'static str,
        /// The condition under which it belongs.
        unless: &'static str,
    },
    /// A coded value outside the listed ones.
    NotListed {
        /// The value found.
        value: i64,
        /// The listed values.
        listed: &'static [i64],
    },
    /// A string outside the words a field's type allows (a service's enum of unit variants).
    NotAllowed {
        /// The words allowed.
        allowed: &'static [&'static str],
    },
    /// An integer outside its bounds.
    OutOfRange {
        /// The value found.
        value: i64,
        /// Smallest allowed.
        min: Option<i64>,
        /// Largest allowed.
        max: Option<i64>,
    },
    /// A string longer or shorter than allowed, in characters.
    Length {
        /// Its length.
        length: usize,
        /// Shortest allowed.
        min: Option<usize>,
        /// Longest allowed.
        max: Option<usize>,
    },
    /// A string contains a character it must not.
    ForbiddenChar {
        /// The character.
        character: char,
        /// All forbidden characters.
        forbidden: &'static str,
    },
    /// A string breaks its format.
    Format {
        /// The format.
        format: FormatKind,
    },
    /// A date and time in a lenient form.
    LenientDateTime {
        /// `date-only` or `one-digit-hour`.
        form: &'static str,
    },
    /// A URL uses plain http.
    InsecureUrl,
    /// A value differs from the only one allowed.
    NotFixedValue {
        /// The value allowed.
        expected: &'static str,
    },
    /// Another spelling of a field was used.
    Alias {
        /// The spelling found.
        used: &'static str,
        /// The documented spelling.
        documented: &'static str,
    },
    /// An embedded JSON document is broken.
    EmbeddedJson {
        /// What is wrong.
        problem: EmbeddedProblem,
    },
    /// An embedded JSON document uses single quotes.
    SingleQuotedJson,
    /// A real array where a string holding one is documented.
    ArrayInsteadOfString,
    /// One object where an array of them is documented; checked as the array's only item.
    ObjectInsteadOfArray,
    /// `""` in a field whose empty string means "not set"; treated as absent.
    BlankAsAbsent,
    /// A result code that is not in the catalog.
    UnknownErrorCode {
        /// The code.
        code: String,
    },
    /// resultCode and returnCode differ.
    CodeMismatch {
        /// resultCode.
        result_code: String,
        /// returnCode.
        return_code: String,
    },
    /// A successful answer lacks its returnObject.
    ReturnObjectMissing,
    /// A failed answer carries a returnObject.
    ReturnObjectOnFailure {
        /// The failure code.
        code: String,
    },
    /// Two fields that should agree do not.
    Disagree {
        /// The field reported.
        field: &'static str,
        /// Its value.
        value: i64,
        /// The field it should equal.
        other: &'static str,
        /// That field's value.
        other_value: i64,
    },
    /// Half of a begin/end pair.
    Unpaired {
        /// The field present.
        present: &'static str,
        /// The field missing.
        missing: &'static str,
    },
    /// Two values in the wrong order.
    Order {
        /// The field that should come first (or be smaller).
        earlier: &'static str,
        /// Its value.
        earlier_value: String,
        /// The field that should come later (or be larger).
        later: &'static str,
        /// Its value.
        later_value: String,
        /// Whether equal values are also wrong.
        strict: bool,
    },
    /// Two time windows overlap or are out of order.
    Overlap {
        /// The earlier-numbered window.
        first: String,
        /// The later-numbered window.
        second: String,
    },
    /// A busiPolicy interval that does not fit its policy.
    BusiCallInterval {
        /// The interval found.
        value: i64,
        /// Whether the policy stops calling.
        stops: bool,
    },
    /// A check written by hand for another model.
    Custom {
        /// The message.
        message: String,
    },
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViolationKind::Syntax { problem } => write!(f, "not valid JSON: {problem}"),
            ViolationKind::ByteOrderMark => f.write_str(
                "the payload starts with a UTF-8 byte order mark, which JSON text must not have",
            ),
            ViolationKind::TypeMismatch { expected, found } => {
                write!(
                    f,
                    "expected {} but found {}",
                    article(expected),
                    article(found)
                )
            }
            ViolationKind::NotAnInteger { written, problem } => match problem {
                IntegerProblem::Fraction => write!(
                    f,
                    "`{written}` has a fraction; the field takes a plain integer"
                ),
                IntegerProblem::Exponent => write!(
                    f,
                    "`{written}` has an exponent; the field takes a plain integer"
                ),
                IntegerProblem::Overflow => write!(f, "`{written}` does not fit a 64-bit integer"),
                IntegerProblem::NegativeZero => write!(
                    f,
                    "`{written}` is read as the float -0.0 by typed clients; the field takes a plain integer"
                ),
            },
            ViolationKind::DuplicateKey { key } => {
                write!(
                    f,
                    "key `{key}` appears more than once; parsers disagree on which value wins"
                )
            }
            ViolationKind::UndocumentedField { name } => {
                write!(f, "field `{name}` is not documented")
            }
            ViolationKind::Missing { field, when: None } => {
                write!(f, "`{field}` is mandatory but missing")
            }
            ViolationKind::Missing {
                field,
                when: Some(when),
            } => {
                write!(f, "`{field}` is mandatory when {when}, but missing")
            }
            ViolationKind::IncompleteForms {
                forms,
                when,
                missing,
            } => {
                write!(f, "when {when}, one of these sets must be complete: ")?;
                for (index, form) in forms.iter().enumerate() {
                    if index > 0 {
                        f.write_str(" or ")?;
                    }
                    write!(f, "({})", form.join(", "))?;
                }
                write!(f, "; missing: {}", missing.join(", "))
            }
            ViolationKind::Unexpected { field, unless } => {
                write!(f, "`{field}` is present, but it is used only when {unless}")
            }
            ViolationKind::NotListed { value, listed } => {
                let listed: Vec<String> = listed.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "{value} is not one of the listed values ({})",
                    listed.join(", ")
                )
            }
            ViolationKind::NotAllowed { allowed } => {
                f.write_str("not one of the allowed values: ")?;
                for (index, word) in allowed.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&Found::string(word, false).text)?;
                }
                Ok(())
            }
            ViolationKind::OutOfRange { value, min, max } => {
                write!(
                    f,
                    "{value} is outside the allowed range {}",
                    bounds(*min, *max)
                )
            }
            ViolationKind::Length { length, min, max } => write!(
                f,
                "the text is {length} characters long; allowed {}",
                bounds(min.map(|n| n as i64), max.map(|n| n as i64))
            ),
            ViolationKind::ForbiddenChar {
                character,
                forbidden,
            } => {
                write!(
                    f,
                    "contains `{character}`; none of `{forbidden}` is allowed"
                )
            }
            ViolationKind::Format { format } => write!(f, "expected {}", format.description()),
            ViolationKind::LenientDateTime { form } => match *form {
                "date-only" => {
                    f.write_str("a date without a time; the canonical form is yyyy-MM-dd HH:mm:ss")
                }
                _ => f.write_str("a one-digit hour; the canonical form is yyyy-MM-dd HH:mm:ss"),
            },
            ViolationKind::InsecureUrl => {
                f.write_str("the URL uses plain http; results would travel unencrypted")
            }
            ViolationKind::NotFixedValue { expected } => write!(f, "expected exactly `{expected}`"),
            ViolationKind::Alias { used, documented } => {
                write!(
                    f,
                    "`{used}` is another spelling of the documented `{documented}`"
                )
            }
            ViolationKind::EmbeddedJson { problem } => match problem {
                EmbeddedProblem::Syntax { syntax } => {
                    write!(f, "the string does not hold valid JSON: {syntax}")
                }
                EmbeddedProblem::NotAnArray { found } => {
                    write!(
                        f,
                        "the string holds {} where a JSON array is documented",
                        article(found)
                    )
                }
            },
            ViolationKind::SingleQuotedJson => f.write_str(
                "the string holds single-quoted pseudo-JSON; JSON puts keys and strings in \
                 double quotes (the content was read leniently and checked)",
            ),
            ViolationKind::ArrayInsteadOfString => {
                f.write_str("a JSON array where a string holding the array is documented")
            }
            ViolationKind::ObjectInsteadOfArray => f.write_str(
                "one object where an array of them is documented; it was checked as the only item",
            ),
            ViolationKind::BlankAsAbsent => {
                f.write_str("the empty string, read as not set: the field counts as absent")
            }
            ViolationKind::UnknownErrorCode { code } => {
                write!(f, "`{code}` is not a code of Table 21")
            }
            ViolationKind::CodeMismatch {
                result_code,
                return_code,
            } => {
                write!(
                    f,
                    "resultCode `{result_code}` and returnCode `{return_code}` differ"
                )
            }
            ViolationKind::ReturnObjectMissing => {
                f.write_str("the answer reports success but has no returnObject object")
            }
            ViolationKind::ReturnObjectOnFailure { code } => {
                write!(
                    f,
                    "the answer reports failure `{code}` but carries a returnObject"
                )
            }
            ViolationKind::Disagree {
                field,
                value,
                other,
                other_value,
            } => {
                write!(
                    f,
                    "`{field}` is {value} but `{other}` is {other_value}; they should be equal"
                )
            }
            ViolationKind::Unpaired { present, missing } => {
                write!(
                    f,
                    "`{present}` is set but `{missing}` is not; a window needs both"
                )
            }
            ViolationKind::Order {
                earlier,
                earlier_value,
                later,
                later_value,
                strict,
            } => {
                let relation = if *strict { "before" } else { "at or before" };
                write!(
                    f,
                    "`{earlier}` ({earlier_value}) should be {relation} `{later}` ({later_value})"
                )
            }
            ViolationKind::Overlap { first, second } => {
                write!(f, "window {second} starts before window {first} ends")
            }
            ViolationKind::BusiCallInterval { value, stops: true } => {
                write!(
                    f,
                    "calling stops (busiResultPolicy 0), so the interval should be 0 or absent, not {value}"
                )
            }
            ViolationKind::BusiCallInterval {
                value,
                stops: false,
            } => {
                write!(f, "{value} is outside 1 to 3600 seconds")
            }
            ViolationKind::Custom { message } => f.write_str(message),
        }
    }
}

impl ViolationKind {
    /// A one-line fix, when the kind makes one obvious (`add `ivrParam``, `use an https://
    /// URL`), for renderers that print a hint beside the message.
    #[must_use]
    pub fn help(&self) -> Option<String> {
        match self {
            ViolationKind::Missing { field, .. } => Some(format!("add `{field}`")),
            ViolationKind::Unpaired { missing, .. } => Some(format!("add `{missing}`")),
            ViolationKind::IncompleteForms { missing, .. } => {
                let fields: Vec<String> =
                    missing.iter().map(|field| format!("`{field}`")).collect();
                Some(format!("add {}", fields.join(", ")))
            }
            ViolationKind::SingleQuotedJson => {
                Some("use double quotes: JSON writes strings and keys as \"...\"".to_owned())
            }
            ViolationKind::NotListed { listed, .. } => {
                let listed: Vec<String> = listed.iter().map(ToString::to_string).collect();
                Some(format!("expected one of {}", listed.join(", ")))
            }
            ViolationKind::NotAllowed { allowed } => {
                let words: Vec<String> = allowed.iter().map(|word| format!("`{word}`")).collect();
                Some(format!("use one of {}", words.join(", ")))
            }
            ViolationKind::NotFixedValue { expected } => Some(format!("use `{expected}`")),
            ViolationKind::Alias { documented, .. } => Some(format!("rename it to `{documented}`")),
            ViolationKind::ArrayInsteadOfString => {
                Some("send the array as a JSON string (serialize it, then quote it)".to_owned())
            }
            ViolationKind::DuplicateKey { key } => Some(format!("keep one `{key}`")),
            ViolationKind::ByteOrderMark => Some("remove the byte order mark".to_owned()),
            ViolationKind::InsecureUrl => Some("use an https:// URL".to_owned()),
            ViolationKind::Format {
                format: FormatKind::TimeOfDay,
            } => Some("write the time as HH:mm, for example 08:30".to_owned()),
            ViolationKind::Format {
                format: FormatKind::DateTime,
            }
            | ViolationKind::LenientDateTime { .. } => {
                Some("write it as yyyy-MM-dd HH:mm:ss, for example 2026-03-01 08:00:00".to_owned())
            }
            _ => None,
        }
    }

    /// The same kind with the facts that copy the value's text (a number as written, a code,
    /// a character of it, a hand-written message) replaced by `***`, for a violation about a
    /// personal value. Facts that are numbers stay: no field the spec marks personal is an
    /// integer.
    #[must_use]
    pub fn masked(&self) -> Self {
        let hidden = || "***".to_owned();
        let mut kind = self.clone();
        match &mut kind {
            ViolationKind::NotAnInteger { written, .. } => *written = hidden(),
            ViolationKind::UnknownErrorCode { code }
            | ViolationKind::ReturnObjectOnFailure { code } => *code = hidden(),
            ViolationKind::CodeMismatch {
                result_code,
                return_code,
            } => {
                *result_code = hidden();
                *return_code = hidden();
            }
            ViolationKind::Order {
                earlier_value,
                later_value,
                ..
            } => {
                *earlier_value = hidden();
                *later_value = hidden();
            }
            ViolationKind::Overlap { first, second } => {
                *first = hidden();
                *second = hidden();
            }
            ViolationKind::ForbiddenChar { character, .. } => *character = '*',
            ViolationKind::Custom { message } => *message = hidden(),
            _ => {}
        }
        kind
    }

    /// Whether the kind carries facts, that is whether its serialized form has a `facts`
    /// member (kinds such as [`ViolationKind::InsecureUrl`] are fully said by their name).
    #[must_use]
    pub fn has_facts(&self) -> bool {
        !matches!(
            self,
            ViolationKind::ByteOrderMark
                | ViolationKind::InsecureUrl
                | ViolationKind::SingleQuotedJson
                | ViolationKind::ArrayInsteadOfString
                | ViolationKind::ObjectInsteadOfArray
                | ViolationKind::BlankAsAbsent
                | ViolationKind::ReturnObjectMissing
        )
    }
}

fn article(noun: &str) -> String {
    match noun.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {noun}"),
        Some(_) if noun == "null" => "null".to_owned(),
        _ => format!("a {noun}"),
    }
}

fn bounds(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("{min} or more"),
        (None, Some(max)) => format!("{max} or less"),
        (None, None) => "anything".to_owned(),
    }
}

/// The value a violation is about, as short JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// The value rendered as JSON, shortened to [`Found::MAX_CHARS`] characters.
    pub(crate) text: String,
    /// Whether the value may be personal data (masked in masked reports).
    #[serde(skip)]
    pub(crate) personal: bool,
}

impl Found {
    /// The value rendered as JSON, shortened to [`Found::MAX_CHARS`] characters (`***` once
    /// masked).
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the value is of a field the spec marks personal.
    #[must_use]
    pub fn is_personal(&self) -> bool {
        self.personal
    }

    /// The longest rendering kept.
    pub const MAX_CHARS: usize = 80;

    /// Renders a value, shortening it with `…` when needed.
    #[must_use]
    pub fn new(text: &str, personal: bool) -> Self {
        let text = match text.char_indices().nth(Self::MAX_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_owned(),
        };
        Found { text, personal }
    }

    /// A string value, quoted as JSON; only the part that is kept is quoted, so a 100 MB
    /// value costs no more than a short one.
    #[must_use]
    pub fn string(value: &str, personal: bool) -> Self {
        let (kept, cut) = match value.char_indices().nth(Self::MAX_CHARS) {
            Some((end, _)) => (&value[..end], true),
            None => (value, false),
        };
        let mut text = serde_json::to_string(kept).unwrap_or_else(|_| format!("{kept:?}"));
        if cut {
            // `"abc…"`: the ellipsis inside the quotes, so it does not read as the string's end.
            text.pop();
            text.push_str("…\"");
        }
        Found { text, personal }
    }
}

/// One broken rule at one place.
///
/// Serialized with its human sentence as `message`, written as it is serialized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The rule's stable id.
    pub(crate) rule: &'static str,
    /// The level it is reported at (the rule's default until configuration applies).
    pub(crate) level: Severity,
    /// The rule's default level.
    pub(crate) default_level: Severity,
    /// Documented or inferred.
    pub(crate) provenance: Provenance,
    /// A JSON pointer to the value (continuing into embedded documents).
    pub(crate) pointer: String,
    /// Where it is in the payload, when the payload's bytes were validated.
    pub(crate) position: Option<Position>,
    /// The byte span in the payload, when known.
    pub(crate) span: Option<Span>,
    /// For a violation inside a JSON document embedded in a string: where that string (the
    /// outermost one, for documents nested in documents) starts in the payload.
    pub(crate) embedded_in: Option<Position>,
    /// The byte offset behind `embedded_in`.
    pub(crate) embedded_offset: Option<usize>,
    /// The documentation row.
    pub(crate) doc: Option<DocRef>,
    /// The value found.
    pub(crate) found: Option<Found>,
    /// What is wrong: `kind` and, for most kinds, `facts`. Its human sentence is
    /// [`Violation::message`], written when asked for: a payload with a million findings
    /// does not format a million sentences that nobody prints.
    pub(crate) kind: ViolationKind,
}

/// How a [`Violation`] is serialized: its data, then `message`.
#[derive(Serialize)]
struct Wire<'a> {
    rule: &'a str,
    level: Severity,
    provenance: Provenance,
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    embedded_in: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<DocRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<&'a Found>,
    /// `kind`, and `facts` for the kinds that have some.
    #[serde(flatten)]
    kind: &'a ViolationKind,
    /// `facts: {}` for a kind without facts, when the form asks for it.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    no_facts: Option<NoFacts>,
    #[serde(serialize_with = "sentence")]
    message: &'a ViolationKind,
}

/// The `facts` member of a kind without facts.
#[derive(Serialize)]
struct NoFacts {
    facts: Empty,
}

/// `{}`.
#[derive(Serialize)]
struct Empty {}

/// A violation serialized with `facts` always present (`{}` for kinds without facts), for
/// formats that promise every violation the same members; [`Violation`]'s own serialization
/// leaves `facts` out where a kind has none.
#[derive(Debug, Clone, Copy)]
pub struct WithFacts<'a>(pub &'a Violation);

impl Serialize for WithFacts<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.wire(true).serialize(serializer)
    }
}

/// A kind's human sentence, serialized as a string without building one first.
fn sentence<S: serde::Serializer>(kind: &&ViolationKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(kind)
}

impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.wire(false).serialize(serializer)
    }
}

impl Violation {
    /// The serialized form; `facts` is `{}` for a kind without facts when `always_facts`.
    fn wire(&self, always_facts: bool) -> Wire<'_> {
        Wire {
            rule: self.rule,
            level: self.level,
            provenance: self.provenance,
            pointer: &self.pointer,
            position: self.position,
            embedded_in: self.embedded_in,
            doc: self.doc,
            found: self.found.as_ref(),
            kind: &self.kind,
            no_facts: (always_facts && !self.kind.has_facts())
                .then_some(NoFacts { facts: Empty {} }),
            message: &self.kind,
        }
    }
}

impl Violation {
    /// A violation of `rule` at the document root; the scope sets pointer and position.
    #[must_use]
    pub fn new(rule: Rule, kind: ViolationKind) -> Self {
        Violation {
            rule: rule.id,
            level: rule.severity,
            default_level: rule.severity,
            provenance: rule.provenance,
            pointer: String::new(),
            position: None,
            span: None,
            embedded_in: None,
            embedded_offset: None,
            doc: None,
            found: None,
            kind,
        }
    }

    /// The id of the rule broken (a rule of the contract's registry, or a user's own).
    #[must_use]
    pub fn rule(&self) -> &'static str {
        self.rule
    }

    /// The level it is reported at: the rule's default until a [`Config`](crate::Config)
    /// applies, then the configured one.
    #[must_use]
    pub fn level(&self) -> Severity {
        self.level
    }

    /// The rule's default level.
    #[must_use]
    pub fn default_level(&self) -> Severity {
        self.default_level
    }

    /// Whether the requirement broken is stated by the documentation or our reading of it.
    #[must_use]
    pub fn provenance(&self) -> Provenance {
        self.provenance
    }

    /// A JSON pointer to the value, continuing into embedded documents (`""` is the root).
    #[must_use]
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// Line, column and byte offset of the value, when the payload's bytes were validated:
    /// in the coordinates of the text the validator was given, moved by its base position
    /// when one was set.
    #[must_use]
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The value's byte span, in the same coordinates as [`Violation::position`].
    #[must_use]
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// For a violation inside a JSON document embedded in a string: where that string (the
    /// outermost one, for documents nested in documents) starts.
    #[must_use]
    pub fn embedded_in(&self) -> Option<Position> {
        self.embedded_in
    }

    /// The documentation row the rule rests on, when one applies.
    #[must_use]
    pub fn doc(&self) -> Option<DocRef> {
        self.doc
    }

    /// The value found, as short JSON text.
    #[must_use]
    pub fn found(&self) -> Option<&Found> {
        self.found.as_ref()
    }

    /// What is wrong, with its facts.
    #[must_use]
    pub fn kind(&self) -> &ViolationKind {
        &self.kind
    }

    /// The human sentence for the violation's kind (what [`ViolationKind`]'s `Display`
    /// writes).
    #[must_use]
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// With a documentation reference. A reference to a field the page does not list makes
    /// the violation `inferred`: what the page does not state cannot be documented.
    #[must_use]
    pub fn with_doc(mut self, doc: Option<DocRef>) -> Self {
        if doc.is_some_and(|doc| !doc.is_on_page()) {
            self.provenance = Provenance::Inferred;
        }
        self.doc = doc;
        self
    }

    /// Citing the rule's own main reference from the catalog, for a violation that no single
    /// row applies to (a payload that does not parse). Rules outside the catalog keep none.
    #[must_use]
    pub fn with_rule_doc(self) -> Self {
        let doc = crate::rules::lookup(self.rule).and_then(|info| info.doc());
        self.with_doc(doc)
    }

    /// With another provenance than the rule's: for a requirement of a documented rule that
    /// comes from our reading rather than from the page.
    #[must_use]
    pub fn with_provenance(mut self, provenance: Provenance) -> Self {
        self.provenance = provenance;
        self
    }

    /// With the value found.
    #[must_use]
    pub fn with_found(mut self, found: Option<Found>) -> Self {
        self.found = found;
        self
    }

    /// Whether the violation is about the value of a field the spec marks personal (its
    /// found value says so).
    #[must_use]
    pub fn is_personal(&self) -> bool {
        self.found.as_ref().is_some_and(|found| found.personal)
    }

    /// The same violation with personal values replaced by `***`: in the value found, in the
    /// facts that copy it ([`ViolationKind::masked`]) and so in the message written from them.
    #[must_use]
    pub fn masked(&self) -> Self {
        let mut masked = self.clone();
        masked.mask();
        masked
    }

    /// Replaces personal values by `***` in place (see [`Violation::masked`]).
    pub fn mask(&mut self) {
        if self.is_personal() {
            if let Some(found) = &mut self.found {
                found.text = "***".to_owned();
            }
            self.kind = self.kind.masked();
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{} [{}] at {pointer}", self.level, self.rule)?;
        if let Some(position) = self.position {
            write!(f, " (line {}, column {})", position.line, position.column)?;
        }
        write!(f, ": {}", self.kind)?;
        if let Some(found) = &self.found {
            write!(f, "; found {}", found.text)?;
        }
        if let Some(doc) = &self.doc {
            write!(f, " ({doc})")?;
        }
        Ok(())
    }
}

/// One violation is an error of its own too (`Display` is its sentence with rule, pointer,
/// position and documentation row).
impl std::error::Error for Violation {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_hides_the_value_in_found_facts_and_message() {
        let violation = Violation::new(
            crate::registry::INTEGER_FORMAT,
            ViolationKind::NotAnInteger {
                written: "1e400".to_owned(),
                problem: IntegerProblem::Exponent,
            },
        )
        .with_found(Some(Found::new("1e400", true)));
        let masked = violation.masked();
        let text = format!("{masked} {}", serde_json::to_string(&masked).expect("JSON"));
        assert!(!text.contains("1e400"), "{text}");
        let impersonal = violation.with_found(Some(Found::new("1e400", false)));
        assert_eq!(impersonal.masked(), impersonal);
    }

    #[test]
    fn has_facts_says_whether_the_serialized_kind_has_facts() {
        let kinds = [
            ViolationKind::ByteOrderMark,
            ViolationKind::InsecureUrl,
            ViolationKind::SingleQuotedJson,
            ViolationKind::ArrayInsteadOfString,
            ViolationKind::ObjectInsteadOfArray,
            ViolationKind::BlankAsAbsent,
            ViolationKind::ReturnObjectMissing,
            ViolationKind::UndocumentedField {
                name: "x".to_owned(),
            },
            ViolationKind::Format {
                format: FormatKind::HttpUrl,
            },
            ViolationKind::Custom {
                message: "m".to_owned(),
            },
        ];
        for kind in kinds {
            let value = serde_json::to_value(&kind).expect("JSON");
            assert_eq!(value.get("facts").is_some(), kind.has_facts(), "{value}");
        }
    }

    #[test]
    fn single_quoted_json_comes_with_a_hint() {
        // `single-quoted-json`: an error with a hint, and the content is still checked.
        let message = ViolationKind::SingleQuotedJson.to_string();
        assert!(message.contains("double quotes"), "{message}");
        assert!(message.contains("read leniently"), "{message}");
    }
}
