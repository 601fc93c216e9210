//! What each constraint of `#[contract(..)]` reports when its attribute names no rule: the
//! default rule per constraint, in two vocabularies.
//!
//! The contract's own models (`crate = "crate"`) report the contract's rules: the registry's
//! where the spec has one (`out-of-range`, `required-field`, ...), with the registry's level.
//! A service's own structs report neutral rules ([`Constraint::neutral`]): ids of their own,
//! none of them a rule of the contract (whose levels, documentation rows and explanations are
//! the vendor's), at error level unless the constraint describes something the payload may
//! do (another accepted spelling, `""` read as not set, one object where the array is
//! documented: warnings).
//!
//! Public so that the models generator, which writes the attributes, leaves out exactly what
//! the derive would fill in, from this one table.

use isales_vocabulary::{Provenance, Severity, registry};

/// What a constraint reports when its attribute says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// An accepted form reported as a warning.
const fn tolerated(id: &'static str) -> Defaults {
    Defaults {
        id,
        severity: Some(Severity::Warning),
        provenance: Provenance::Inferred,
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

/// Which rules a derived type reports by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// The contract's: its own models, inside `isales_contract` (`crate = "crate"`).
    Contract,
    /// Neutral ids: a service's own structs.
    Neutral,
}

/// A constraint of the attribute language that reports a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// `required`, and the requirement of a field that is not an `Option`.
    Required,
    /// `required_if`, on a field or on the struct.
    RequiredIf,
    /// `absent_unless`.
    AbsentUnless,
    /// `one_of`.
    OneOf,
    /// `range`.
    Range,
    /// `length`.
    Length,
    /// `chars`.
    Chars,
    /// `format`.
    Format,
    /// `fixed`.
    Fixed,
    /// `alias`.
    Alias,
    /// `one_of_forms`.
    OneOfForms,
    /// `empty_as_absent`.
    EmptyAsAbsent,
    /// `lone_object`.
    LoneObject,
    /// A value of a `#[derive(Contract)]` enum that is none of its variants.
    EnumVariant,
}

impl Constraint {
    /// Every constraint, in the order the manual lists them.
    pub const ALL: [Constraint; 14] = [
        Constraint::Required,
        Constraint::RequiredIf,
        Constraint::AbsentUnless,
        Constraint::OneOf,
        Constraint::Range,
        Constraint::Length,
        Constraint::Chars,
        Constraint::Format,
        Constraint::Fixed,
        Constraint::Alias,
        Constraint::OneOfForms,
        Constraint::EmptyAsAbsent,
        Constraint::LoneObject,
        Constraint::EnumVariant,
    ];

    /// The contract's default. `None` for a format: without a rule of its own, a format on a
    /// model of the contract reports the rules the runtime picks (`datetime-format` or
    /// `datetime-lenient`, `callback-url` or `insecure-callback-url`, ...).
    #[must_use]
    pub const fn contract(self) -> Option<Defaults> {
        Some(match self {
            Constraint::Required => REQUIRED_FIELD,
            Constraint::RequiredIf => REQUIRED_IF,
            Constraint::AbsentUnless => UNEXPECTED_FIELD,
            Constraint::OneOf | Constraint::EnumVariant => ENUM_VALUE,
            Constraint::Range => OUT_OF_RANGE,
            Constraint::Length => LENGTH,
            Constraint::Chars => FORBIDDEN_CHARACTER,
            Constraint::Format => return None,
            Constraint::Fixed => FIXED_VALUE,
            Constraint::Alias => ALIAS,
            Constraint::OneOfForms => INCOMPLETE_FORMS,
            Constraint::EmptyAsAbsent => EMPTY_AS_ABSENT,
            Constraint::LoneObject => OBJECT_INSTEAD_OF_ARRAY,
        })
    }

    /// The neutral default, for a service's own structs.
    #[must_use]
    pub const fn neutral(self) -> Defaults {
        match self {
            Constraint::Required => documented("required"),
            Constraint::RequiredIf => documented("required-if"),
            Constraint::AbsentUnless => documented("absent-unless"),
            Constraint::OneOf | Constraint::EnumVariant => documented("one-of"),
            Constraint::Range => documented("range"),
            Constraint::Length => documented("length"),
            Constraint::Chars => documented("forbidden-chars"),
            Constraint::Format => documented("format"),
            Constraint::Fixed => documented("fixed-value"),
            Constraint::Alias => tolerated("alias"),
            Constraint::OneOfForms => documented("one-of-forms"),
            Constraint::EmptyAsAbsent => tolerated("blank-as-absent"),
            Constraint::LoneObject => tolerated("lone-object"),
        }
    }

    /// The default in `vocabulary`; `None` only for a format on a model of the contract.
    #[must_use]
    pub const fn defaults(self, vocabulary: Vocabulary) -> Option<Defaults> {
        match vocabulary {
            Vocabulary::Contract => self.contract(),
            Vocabulary::Neutral => Some(self.neutral()),
        }
    }
}

/// `required`, and the requirement of a field that is not an `Option`.
pub const REQUIRED_FIELD: Defaults = registered(registry::REQUIRED_FIELD);
/// `required_if`, on a field or on the struct.
pub const REQUIRED_IF: Defaults = documented("required-if");
/// `absent_unless`.
pub const UNEXPECTED_FIELD: Defaults = tolerated("unexpected-field");
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
pub const ALIAS: Defaults = tolerated("alias");
/// `one_of_forms`.
pub const INCOMPLETE_FORMS: Defaults = documented("incomplete-forms");
/// `empty_as_absent`.
pub const EMPTY_AS_ABSENT: Defaults = registered(registry::EMPTY_AS_ABSENT);
/// `lone_object`.
pub const OBJECT_INSTEAD_OF_ARRAY: Defaults = registered(registry::OBJECT_INSTEAD_OF_ARRAY);

#[cfg(test)]
mod tests {
    use super::*;
    use isales_vocabulary::RuleId;

    #[test]
    fn neutral_ids_are_none_of_the_contracts_and_not_mistaken_for_one() {
        for constraint in Constraint::ALL {
            let id = constraint.neutral().id;
            assert_eq!(RuleId::from_id(id), None, "{constraint:?}: {id}");
            // A user may name a neutral rule in `rule = ".."`: the typo check must let it be.
            for known in RuleId::ALL {
                assert!(
                    !crate::check::similar(known.as_str(), id),
                    "{constraint:?}: {id} reads as a typo of {}",
                    known.as_str()
                );
            }
        }
    }

    #[test]
    fn the_contract_reports_its_own_rules_and_users_errors_unless_tolerated() {
        assert_eq!(Constraint::Range.contract(), Some(OUT_OF_RANGE));
        assert_eq!(Constraint::Format.contract(), None);
        for constraint in Constraint::ALL {
            let neutral = constraint.neutral();
            let tolerated = matches!(
                constraint,
                Constraint::Alias | Constraint::EmptyAsAbsent | Constraint::LoneObject
            );
            let expected = tolerated.then_some(Severity::Warning);
            assert_eq!(neutral.severity, expected, "{constraint:?}");
        }
    }
}
