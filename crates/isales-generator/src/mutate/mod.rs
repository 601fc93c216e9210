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
//! by [`presence::findings`]) is skipped, so that a mutant breaks
//! one rule, not its neighbours; the few rules that cannot be broken alone name their
//! companions. Operators that only make sense on raw text (truncation, a byte order mark,
//! invalid UTF-8, nesting) write bytes directly.
//!
//! The check uses the generator's own presence evaluator rather than the validator on purpose:
//! the property tests hold the validator to "this rule at this pointer and no other error",
//! which would prove nothing if the validator had also chosen the sites.
//!
//! This module keeps the public types and the dispatch; each family of operators lives beside
//! the rules it breaks:
//!
//! - `presence_rules`: required rows, `required-if`, `one-of-forms`, `absent-unless`;
//! - `row`: enumerations, ranges, lengths, forbidden characters, fixed values, aliases;
//! - `format`: time of day, date-time, URL, dial string, locale;
//! - `structure`: integers written otherwise, wrong JSON types, undocumented and repeated
//!   members;
//! - `embedded`: JSON documents held in strings, and `""` as "not set";
//! - `builtin_rules`: the validator's hand-written rules on a campaign's values;
//! - `envelope`: the result codes and `returnObject`;
//! - `text`: bytes that are not JSON, or nest too deep;
//! - `site`: the edits they all describe their changes with.

mod builtin_rules;
mod embedded;
mod envelope;
mod format;
mod presence_rules;
mod row;
mod site;
mod structure;
mod text;

use std::collections::BTreeSet;

use isales_spec::{Severity, Spec, TableNo};
use isales_vocabulary::RuleId;
use serde_json::Value;

pub use self::presence_rules::COMPANIONS;
use self::site::{Edit, Site};
use crate::doc::Doc;
use crate::fillers::Fillers;
use crate::presence::{self, Finding};

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
        Subject::from_doc(
            spec,
            Doc::from_value(spec, spec.table(root), payload),
            fillers,
        )
    }

    /// A payload already read as a [`Doc`] (one a previous operator or a quirk changed).
    #[must_use]
    pub fn from_doc(spec: &'a Spec, doc: Doc, fillers: &'a Fillers) -> Self {
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

/// What an operator does, by family.
#[derive(Debug, Clone)]
enum Kind {
    Presence(presence_rules::Kind),
    Row(row::Kind),
    Format(format::Kind),
    Structure(structure::Kind),
    Embedded(embedded::Kind),
    Builtin(builtin_rules::Kind),
    Envelope(envelope::Kind),
    Text(text::Kind),
}

macro_rules! family {
    ($($module:ident => $variant:ident),* $(,)?) => {
        $(impl From<$module::Kind> for Kind {
            fn from(kind: $module::Kind) -> Self {
                Kind::$variant(kind)
            }
        })*
    };
}

family! {
    presence_rules => Presence,
    row => Row,
    format => Format,
    structure => Structure,
    embedded => Embedded,
    builtin_rules => Builtin,
    envelope => Envelope,
    text => Text,
}

impl Operator {
    fn new(name: impl Into<String>, rule: impl Into<String>, kind: impl Into<Kind>) -> Self {
        Operator {
            name: name.into(),
            rule: rule.into(),
            companions: &[],
            kind: kind.into(),
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
            respelled: matches!(self.kind, Kind::Row(row::Kind::Alias { .. })),
        })
    }

    /// Every place the operator can act on in `subject`; `variant` chooses among the values
    /// it writes.
    fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        match &self.kind {
            Kind::Presence(kind) => kind.sites(subject),
            Kind::Row(kind) => kind.sites(subject, variant),
            Kind::Format(kind) => kind.sites(subject, variant),
            Kind::Structure(kind) => kind.sites(subject, variant),
            Kind::Embedded(kind) => kind.sites(subject, variant),
            Kind::Builtin(kind) => kind.sites(subject, variant),
            Kind::Envelope(kind) => kind.sites(subject, variant),
            Kind::Text(kind) => kind.sites(subject, variant),
        }
    }
}

/// Every operator the spec calls for. The order is part of what callers see (the benchmark
/// corpus takes operators in turn): the spec's rules, then its rows, then the formats, then
/// the fixed operators family by family.
#[must_use]
pub fn operators(spec: &Spec) -> Vec<Operator> {
    let mut operators = Vec::new();
    for rule in &spec.rules {
        presence_rules::rule_operators(rule, &mut operators);
    }
    for table in &spec.tables {
        for field in &table.fields {
            presence_rules::required_row_operator(table, field, &mut operators);
            row::operators(table, field, &mut operators);
        }
    }
    format::operators(spec, &mut operators);
    fixed_operators(spec, structure::OPERATORS, &mut operators);
    fixed_operators(spec, embedded::OPERATORS, &mut operators);
    fixed_operators(spec, builtin_rules::OPERATORS, &mut operators);
    fixed_operators(spec, envelope::OPERATORS, &mut operators);
    fixed_operators(spec, text::OPERATORS, &mut operators);
    operators
}

/// The operators of a family's (rule, what, how) list whose rule the spec has.
fn fixed_operators<K: Into<Kind>>(
    spec: &Spec,
    list: impl IntoIterator<Item = (RuleId, &'static str, K)>,
    operators: &mut Vec<Operator>,
) {
    for (rule, what, kind) in list {
        let rule = rule.as_str();
        if spec.rule(rule).is_some() {
            operators.push(Operator::new(format!("{rule}: {what}"), rule, kind));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Generator;
    use crate::values::Size;

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
