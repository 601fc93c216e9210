//! What each constraint of `#[contract(..)]` reports when its attribute names no rule: the
//! default rule per constraint. Public so that the models generator, which writes the
//! attributes, leaves out exactly what the derive would fill in, from this one table.

use isales_vocabulary::{Provenance, Severity, registry};

/// What a constraint reports when its attribute says nothing.
#[derive(Debug, Clone, Copy)]
pub struct Defaults {
    /// The rule id.
    pub id: &'static str,
    /// The level, when it does not follow provenance.
    pub severity: Option<Severity>,
    /// Documented or inferred.
    pub provenance: Provenance,
}

const fn documented(id: &'static str) -> Defaults {
    Defaults {
        id,
        severity: None,
        provenance: Provenance::Documented,
    }
}

/// A rule of the contract's registry as a default: level and provenance are the registry's.
const fn registered(rule: isales_vocabulary::Rule) -> Defaults {
    Defaults {
        id: rule.id,
        severity: Some(rule.severity),
        provenance: rule.provenance,
    }
}

/// `required`, and the requirement of a field that is not an `Option`.
pub const REQUIRED_FIELD: Defaults = registered(registry::REQUIRED_FIELD);
/// `required_if`, on a field or on the struct.
pub const REQUIRED_IF: Defaults = documented("required-if");
/// `absent_unless`.
pub const UNEXPECTED_FIELD: Defaults = Defaults {
    id: "unexpected-field",
    severity: Some(Severity::Warning),
    provenance: Provenance::Inferred,
};
/// `one_of`.
pub const ENUM_VALUE: Defaults = registered(registry::ENUM_VALUE);
/// `range`.
pub const OUT_OF_RANGE: Defaults = registered(registry::OUT_OF_RANGE);
/// `length`.
pub const LENGTH: Defaults = documented("length");
/// `chars`.
pub const FORBIDDEN_CHARACTER: Defaults = documented("forbidden-character");
/// `fixed`.
pub const FIXED_VALUE: Defaults = documented("fixed-value");
/// `alias`.
pub const ALIAS: Defaults = Defaults {
    id: "alias",
    severity: Some(Severity::Warning),
    provenance: Provenance::Inferred,
};
/// `one_of_forms`.
pub const INCOMPLETE_FORMS: Defaults = documented("incomplete-forms");
/// `empty_as_absent`.
pub const EMPTY_AS_ABSENT: Defaults = registered(registry::EMPTY_AS_ABSENT);
/// `lone_object`.
pub const OBJECT_INSTEAD_OF_ARRAY: Defaults = registered(registry::OBJECT_INSTEAD_OF_ARRAY);
