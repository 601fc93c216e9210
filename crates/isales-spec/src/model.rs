//! The checked spec: the documentation's tables and the contract's rules, as plain data.
//!
//! Values of these types only come out of [`crate::load`], which has already checked every
//! cross-reference (tables, fields, rules, conditions), so consumers (the code generator, the
//! derive) can rely on them without re-checking.

use std::fmt;

use crate::condition::Condition;
use crate::path::FieldPath;

/// The whole contract of one interface.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The interface described.
    pub interface: Interface,
    /// Every table of the page, ordered by number.
    pub tables: Vec<Table>,
    /// Every rule, ordered as in the spec file.
    pub rules: Vec<Rule>,
    /// The hand-written checks that builtin rules name, in the order of their first rule.
    pub checks: Vec<Check>,
}

/// The interface the page documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// What the interface does, in a few words.
    pub title: String,
    /// HTTP method.
    pub method: String,
    /// Path template with `{name}` placeholders for the URL parameters.
    pub path: String,
    /// The result code that means success.
    pub success_code: String,
    /// Where the vendor page was transcribed from.
    pub source: String,
}

/// A table number of the page (1 to 21 here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableNo(pub u8);

impl fmt::Display for TableNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Table {}", self.0)
    }
}

/// A parameter number as printed in the page's "No." column: `5.11.4`, `1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParamNo(pub String);

impl ParamNo {
    /// Whether `self` is a direct child number of `parent` (`5.11.4.1` of `5.11.4`).
    #[must_use]
    pub fn is_child_of(&self, parent: &ParamNo) -> bool {
        self.0
            .strip_prefix(parent.0.as_str())
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
    }
}

impl fmt::Display for ParamNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a table describes, which decides where it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// Path parameters of the request URL (Table 1).
    UrlParams,
    /// Request headers (Table 2).
    Headers,
    /// The response body's top-level object (Table 3).
    Envelope,
    /// A nested response object or an item of an embedded array (Tables 4-20).
    Object,
    /// The error-code catalog (Table 21).
    ErrorCodes,
}

impl TableKind {
    /// The spelling used in the spec file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::UrlParams => "url-params",
            TableKind::Headers => "headers",
            TableKind::Envelope => "envelope",
            TableKind::Object => "object",
            TableKind::ErrorCodes => "error-codes",
        }
    }
}

/// One table of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Its number.
    pub number: TableNo,
    /// What it describes.
    pub kind: TableKind,
    /// The type name used in the schema's `$defs` and in Rust (`SkillParam`).
    pub type_name: String,
    /// A short title (`skillParam`).
    pub title: String,
    /// What the table holds, in our words.
    pub description: String,
    /// Its rows, in page order.
    pub fields: Vec<Field>,
    /// Its error codes (Table 21 only).
    pub codes: Vec<ErrorCode>,
}

impl Table {
    /// The row with this wire name, or with this alias.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| {
            field.name == name || field.aliases.iter().any(|alias| alias.name == name)
        })
    }
}

pub use isales_vocabulary::{Provenance, Severity};

/// The type of a row, as the page states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// A JSON string.
    String,
    /// A JSON integer within 64 bits.
    Integer,
    /// A JSON object described by another table.
    Object(TableNo),
}

/// Where a field stands on the page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Row {
    /// A numbered row of the page's table.
    Numbered(ParamNo),
    /// Not a row of the page: the field is known from elsewhere (the page's own example,
    /// newer revisions of the page), said in a few words (`seen in the page's response
    /// example`). Such a field has no parameter number; none is invented for it.
    OffPage(String),
}

impl Row {
    /// The parameter number, for a numbered row.
    #[must_use]
    pub fn param(&self) -> Option<&ParamNo> {
        match self {
            Row::Numbered(param) => Some(param),
            Row::OffPage(_) => None,
        }
    }

    /// Where an off-page field comes from, for a field that is not a row of the page.
    #[must_use]
    pub fn off_page(&self) -> Option<&str> {
        match self {
            Row::Numbered(_) => None,
            Row::OffPage(source) => Some(source),
        }
    }
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Its place on the page: a parameter number, or the reason it has none.
    pub row: Row,
    /// Wire name, exactly as documented (typos included).
    pub name: String,
    /// Documented type.
    pub ty: FieldType,
    /// What the field means, in our words.
    pub description: String,
    /// Whether the row itself is documented, or known from sibling pages only (`id`).
    pub provenance: Provenance,
    /// Present whatever the other fields say (the page's Mandatory column, or the envelope
    /// codes), checked by the rule named here, with where that requirement comes from.
    pub required: Option<Requirement>,
    /// The string holds a JSON document: an array of the referenced table's objects.
    pub embedded: Option<TableNo>,
    /// Coded integer values.
    pub enumeration: Option<Enumeration>,
    /// Inclusive bounds of an integer.
    pub range: Option<Bounds>,
    /// Bounds on a string's length in characters.
    pub length: Option<Bounds>,
    /// Characters a string must not contain.
    pub forbidden_chars: Option<ForbiddenChars>,
    /// A textual format the string follows.
    pub format: Option<Format>,
    /// The only value allowed (Content-Type), checked by the rule named.
    pub fixed: Option<FixedValue>,
    /// Other spellings accepted for this field.
    pub aliases: Vec<Alias>,
    /// `""` means the field is not set: the rule named here reports it, and everything else
    /// treats the field as absent (schedule times, strings holding JSON documents).
    pub empty: Option<String>,
    /// The embedded document may be one object where the array of them is documented: the rule
    /// named here reports it, and the object is checked as the array's only item.
    pub lone_object: Option<String>,
    /// The value is a credential and never appears in any output.
    pub secret: bool,
    /// The value is personal data, hidden when reports are masked.
    pub personal: bool,
}

impl Field {
    /// The parameter number, for a numbered row.
    #[must_use]
    pub fn param(&self) -> Option<&ParamNo> {
        self.row.param()
    }

    /// The rules this row's constraints name, each once per constraint.
    pub fn constraint_rules(&self) -> impl Iterator<Item = &str> {
        let formats: &[isales_vocabulary::Rule] = self.format.map_or(&[], Format::rules);
        self.required
            .iter()
            .map(|required| required.rule.as_str())
            .chain(self.enumeration.iter().map(|e| e.rule.as_str()))
            .chain(self.range.iter().map(|b| b.rule.as_str()))
            .chain(self.length.iter().map(|b| b.rule.as_str()))
            .chain(self.forbidden_chars.iter().map(|f| f.rule.as_str()))
            .chain(self.fixed.iter().map(|f| f.rule.as_str()))
            .chain(self.aliases.iter().map(|a| a.rule.as_str()))
            .chain(self.empty.iter().map(String::as_str))
            .chain(self.lone_object.iter().map(String::as_str))
            .chain(formats.iter().map(|rule| rule.id))
    }

    /// Whether one of this row's constraints names the rule.
    #[must_use]
    pub fn names_rule(&self, id: &str) -> bool {
        self.constraint_rules().any(|rule| rule == id)
    }

    /// The field's documentation reference in `table`.
    #[must_use]
    pub fn doc_ref(&self, table: TableNo) -> DocRef {
        DocRef {
            table,
            row: Some(DocRow {
                name: self.name.clone(),
                row: self.row.clone(),
            }),
        }
    }

    /// The table the field's value is described by (nested object or embedded items).
    #[must_use]
    pub fn target_table(&self) -> Option<TableNo> {
        match self.ty {
            FieldType::Object(table) => Some(table),
            _ => self.embedded,
        }
    }
}

/// A field that must be present, the rule that says so, and where the requirement comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The rule a missing field breaks.
    pub rule: String,
    /// Documented (the page's Mandatory column) or inferred (our reading), which may differ
    /// from the rule's own provenance when one rule gathers requirements of both kinds.
    pub provenance: Provenance,
}

/// Coded integer values of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumeration {
    /// The type name used in Rust (`DeviceType`).
    pub type_name: String,
    /// Whether the list is the page's own or inferred.
    pub provenance: Provenance,
    /// The rule an unlisted value breaks.
    pub rule: String,
    /// The value assumed when the field is absent, if the page states one.
    pub default: Option<i64>,
    /// The listed values, in page order.
    pub values: Vec<EnumValue>,
}

/// One coded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The integer on the wire.
    pub value: i64,
    /// A Rust variant name (`IntelligentIvr`).
    pub name: String,
    /// What it means.
    pub meaning: String,
}

/// Inclusive bounds, with the rule that checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounds {
    /// Smallest allowed value, if any.
    pub min: Option<i64>,
    /// Largest allowed value, if any.
    pub max: Option<i64>,
    /// The rule breaking the bounds violates.
    pub rule: String,
}

/// Characters a string must not contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForbiddenChars {
    /// The characters.
    pub chars: String,
    /// The rule that checks them.
    pub rule: String,
}

/// The only value a field may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedValue {
    /// The value.
    pub value: String,
    /// The rule that checks it.
    pub rule: String,
}

/// Another accepted spelling of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The other wire name.
    pub name: String,
    /// The rule that flags its use.
    pub rule: String,
}

/// Textual formats of string fields, each checked by fixed rules.
pub use isales_vocabulary::Format;

/// A code of the error-code catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    /// Row number in Table 21.
    pub no: u32,
    /// The code, exactly as printed (7 or 8 digits).
    pub code: String,
    /// A Rust variant name (`ParameterError`).
    pub name: String,
    /// What it means, in our words.
    pub description: String,
}

/// Where in the documentation a rule or violation points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocRef {
    /// The table.
    pub table: TableNo,
    /// The row, when one row is meant.
    pub row: Option<DocRow>,
}

/// One row a documentation reference names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocRow {
    /// The row's wire name (or, in the error-code table, the code).
    pub name: String,
    /// Its number, or why it has none.
    pub row: Row,
}

impl DocRef {
    /// The parameter number of the row meant, if it has one.
    #[must_use]
    pub fn param(&self) -> Option<&ParamNo> {
        self.row.as_ref().and_then(|row| row.row.param())
    }
}

impl fmt::Display for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.table)?;
        match &self.row {
            None => Ok(()),
            Some(DocRow {
                name,
                row: Row::Numbered(param),
            }) => write!(f, ", {param} {name}"),
            Some(DocRow {
                name,
                row: Row::OffPage(source),
            }) => write!(f, " {name} (not on the page: {source})"),
        }
    }
}

/// A rule of the contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Stable kebab-case id, never renamed once released.
    pub id: String,
    /// One line: what the rule checks.
    pub summary: String,
    /// Why it exists and how it was decided.
    pub explanation: String,
    /// Default level.
    pub severity: Severity,
    /// Documented or inferred: the provenance of the rule as a whole. Parts of a documented
    /// rule may be inferred (see [`Rule::parts`]); an inferred rule has no documented part.
    pub provenance: Provenance,
    /// Every documentation row (or whole table) the rule rests on, the main one first.
    pub docs: Vec<DocRef>,
    /// A whole payload that breaks it (a one-entry HAR capture for a request rule), for
    /// `explain` and the rules reference.
    pub example: Option<String>,
    /// How it is checked.
    pub kind: RuleKind,
    /// For a builtin rule that gathers requirements of different provenance: each of them,
    /// said in a sentence. Empty when the whole rule has one provenance.
    pub parts: Vec<RulePart>,
    /// For a builtin rule about particular rows: the name of the hand-written check that
    /// decides it, one of [`Spec::checks`].
    pub check: Option<String>,
}

impl Rule {
    /// The documentation reference the rule mainly rests on (the first of [`Rule::docs`]).
    #[must_use]
    pub fn doc(&self) -> &DocRef {
        &self.docs[0]
    }
}

/// One requirement of a builtin rule whose requirements differ in provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulePart {
    /// What this part requires, in a sentence.
    pub summary: String,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// A hand-written check of the validator that reads particular rows, and what it reads: the
/// one statement of it that the validator, the payload generator and the mutation operators
/// share (through the constants `cargo xtask codegen wiring` writes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Its name, that of the validator's module holding it (`schedule`).
    pub name: String,
    /// The builtin rules it decides, in spec order.
    pub rules: Vec<String>,
    /// The tables whose objects it runs on.
    pub tables: Vec<TableNo>,
    /// What it reads, by role, roles in alphabetical order.
    pub roles: Vec<ReadRole>,
}

impl Check {
    /// The rows of a role, if the check has it.
    #[must_use]
    pub fn role(&self, name: &str) -> Option<&ReadRole> {
        self.roles.iter().find(|role| role.name == name)
    }
}

/// One role of a [`Check`]: the rows the check reads for one purpose (`min`, `workday`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRole {
    /// The check's name for it, a snake_case word.
    pub name: String,
    /// Its rows: table by table in the order of [`Check::tables`], then in the order the spec
    /// lists them.
    pub rows: Vec<ReadRow>,
}

/// A row a check reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRow {
    /// The table whose objects the path starts from.
    pub table: TableNo,
    /// From such an object to the row (`skillParam.outBoundType`).
    pub path: FieldPath,
    /// The row the path ends at, which a violation about it cites.
    pub doc: DocRef,
}

/// How a rule is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// Fields that must be present, each case under its own condition.
    RequiredIf(Vec<RequiredCase>),
    /// Under a condition, at least one of several sets of fields must be complete.
    OneOfForms(OneOfForms),
    /// Fields that should be absent unless a condition holds.
    AbsentUnless(Vec<AbsentCase>),
    /// A constraint attached to fields (`enum`, `range`, `format`, ...): the fields name it.
    Field,
    /// Checked by code in the validator (structure, envelope, schedules, ...).
    Builtin,
}

impl RuleKind {
    /// The spelling used in the spec file.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            RuleKind::RequiredIf(_) => "required-if",
            RuleKind::OneOfForms(_) => "one-of-forms",
            RuleKind::AbsentUnless(_) => "absent-unless",
            RuleKind::Field => "field",
            RuleKind::Builtin => "builtin",
        }
    }
}

/// Fields required in one table, when a condition holds (always, without one).
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredCase {
    /// The table whose objects the case applies to.
    pub table: TableNo,
    /// The condition on sibling fields; `None` means always.
    pub when: Option<Condition>,
    /// The fields that must then be present.
    pub require: Vec<FieldPath>,
    /// Where this requirement comes from (the rule's provenance unless the case says).
    pub provenance: Provenance,
}

/// At least one form complete, when a condition holds.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfForms {
    /// The table whose objects the rule applies to.
    pub table: TableNo,
    /// The condition on sibling fields.
    pub when: Condition,
    /// The forms; each is a set of fields that must all be present.
    pub forms: Vec<Vec<FieldPath>>,
}

/// A field that should be absent unless a condition holds.
#[derive(Debug, Clone, PartialEq)]
pub struct AbsentCase {
    /// The table whose objects the case applies to.
    pub table: TableNo,
    /// The field.
    pub field: String,
    /// The condition under which it belongs.
    pub unless: Condition,
}

impl Spec {
    /// The table with this number.
    #[must_use]
    pub fn table(&self, number: TableNo) -> Option<&Table> {
        self.tables.iter().find(|table| table.number == number)
    }

    /// The rule with this id.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    /// The hand-written check with this name.
    #[must_use]
    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|check| check.name == name)
    }

    /// The table of the given kind (the first, for kinds that appear once).
    #[must_use]
    pub fn table_of_kind(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|table| table.kind == kind)
    }

    /// The error-code catalog.
    #[must_use]
    pub fn error_codes(&self) -> &[ErrorCode] {
        self.table_of_kind(TableKind::ErrorCodes)
            .map_or(&[], |table| &table.codes)
    }

    /// The table that holds a field with this parameter number, and the field.
    #[must_use]
    pub fn field_by_param(&self, param: &str) -> Option<(&Table, &Field)> {
        self.tables.iter().find_map(|table| {
            table
                .fields
                .iter()
                .find(|field| field.param().is_some_and(|own| own.0 == param))
                .map(|field| (table, field))
        })
    }
}
