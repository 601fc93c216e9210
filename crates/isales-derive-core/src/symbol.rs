//! The names of the attribute language, as constants (serde's `symbol.rs`): parsing compares
//! paths against these, error messages print them, and a rename happens in one place.

use std::fmt;

use syn::{Ident, Path};

/// An attribute name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbol(pub &'static str);

/// `#[contract(...)]`
pub const CONTRACT: Symbol = Symbol("contract");
/// `#[serde(...)]`, read for wire names.
pub const SERDE: Symbol = Symbol("serde");

// Container keys.
/// `doc(table = 4)`, on the container or a field.
pub const DOC: Symbol = Symbol("doc");
/// `required_if(...)` on the container, `required_if = ".."` on a field.
pub const REQUIRED_IF: Symbol = Symbol("required_if");
/// `one_of_forms(when = .., forms = [[..], ..])`
pub const ONE_OF_FORMS: Symbol = Symbol("one_of_forms");
/// `check = path::to::function`
pub const CHECK: Symbol = Symbol("check");
/// `crate = "path"`
pub const CRATE: Symbol = Symbol("crate");

// Field keys.
/// `required` or `required(rule = ..)`
pub const REQUIRED: Symbol = Symbol("required");
/// `absent_unless = ".."`
pub const ABSENT_UNLESS: Symbol = Symbol("absent_unless");
/// `one_of = [..]`
pub const ONE_OF: Symbol = Symbol("one_of");
/// `range(min = .., max = ..)`
pub const RANGE: Symbol = Symbol("range");
/// `length(min = .., max = ..)`
pub const LENGTH: Symbol = Symbol("length");
/// `chars(forbid = "..")`
pub const CHARS: Symbol = Symbol("chars");
/// `format = "time_of_day"`
pub const FORMAT: Symbol = Symbol("format");
/// `fixed = ".."`
pub const FIXED: Symbol = Symbol("fixed");
/// `alias = ".."`
pub const ALIAS: Symbol = Symbol("alias");
/// `json_string = "Vec<Turn>"`
pub const JSON_STRING: Symbol = Symbol("json_string");
/// `empty_as_absent`
pub const EMPTY_AS_ABSENT: Symbol = Symbol("empty_as_absent");
/// `lone_object`
pub const LONE_OBJECT: Symbol = Symbol("lone_object");
/// `personal`
pub const PERSONAL: Symbol = Symbol("personal");
/// `extra`
pub const EXTRA: Symbol = Symbol("extra");
/// `skip`
pub const SKIP: Symbol = Symbol("skip");
/// `rule = ".."`, on a field or inside a constraint.
pub const RULE: Symbol = Symbol("rule");
/// `severity = "error"`
pub const SEVERITY: Symbol = Symbol("severity");
/// `provenance = "documented"`
pub const PROVENANCE: Symbol = Symbol("provenance");

// Keys inside a constraint's parentheses.
/// `doc(table = ..)`
pub const TABLE: Symbol = Symbol("table");
/// `doc(param = ..)`
pub const PARAM: Symbol = Symbol("param");
/// `doc(off_page = ..)`
pub const OFF_PAGE: Symbol = Symbol("off_page");
/// `when = ".."`
pub const WHEN: Symbol = Symbol("when");
/// `fields = [..]`
pub const FIELDS: Symbol = Symbol("fields");
/// `forms = [[..], ..]`
pub const FORMS: Symbol = Symbol("forms");
/// `values = [..]`
pub const VALUES: Symbol = Symbol("values");
/// `min = ..`
pub const MIN: Symbol = Symbol("min");
/// `max = ..`
pub const MAX: Symbol = Symbol("max");
/// `forbid = ".."`
pub const FORBID: Symbol = Symbol("forbid");
/// `value = ".."`
pub const VALUE: Symbol = Symbol("value");
/// `name = ".."`
pub const NAME: Symbol = Symbol("name");
/// `format(kind = "http_url", ..)`
pub const KIND: Symbol = Symbol("kind");

// Serde keys read for wire names.
/// `#[serde(rename = "..")]`
pub const RENAME: Symbol = Symbol("rename");
/// `#[serde(rename_all = "..")]`
pub const RENAME_ALL: Symbol = Symbol("rename_all");
/// `#[serde(default)]`
pub const DEFAULT: Symbol = Symbol("default");
/// `rename(deserialize = "..")` of serde; on our container, `deserialize = "a ... object"`.
pub const DESERIALIZE: Symbol = Symbol("deserialize");

/// The keys valid on the container, in the order the manual lists them.
pub const CONTAINER_KEYS: &[Symbol] = &[DOC, REQUIRED_IF, ONE_OF_FORMS, CHECK, CRATE, DESERIALIZE];

/// The keys valid on a field, in the order the manual lists them.
pub const FIELD_KEYS: &[Symbol] = &[
    DOC,
    REQUIRED,
    REQUIRED_IF,
    ABSENT_UNLESS,
    ONE_OF,
    RANGE,
    LENGTH,
    CHARS,
    FORMAT,
    FIXED,
    ALIAS,
    JSON_STRING,
    EMPTY_AS_ABSENT,
    LONE_OBJECT,
    PERSONAL,
    EXTRA,
    SKIP,
    RULE,
    SEVERITY,
    PROVENANCE,
];

/// `a`, `b` and `c`, for "expected one of" messages.
#[must_use]
pub fn list(symbols: &[Symbol]) -> String {
    let names: Vec<String> = symbols.iter().map(|symbol| format!("`{symbol}`")).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for &Ident {
    fn eq(&self, word: &Symbol) -> bool {
        *self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
