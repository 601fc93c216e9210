//! A rule's identity: what every violation of it carries.

use crate::{DocRef, Provenance, Severity};

/// A rule as a violation cites it: its stable id, default level and provenance, and, for the
/// contract's own rules, the summary and documentation rows the spec gives it.
///
/// The contract's rules are the constants of [`registry`](crate::registry), generated from the
/// spec; [`Rule::new`] makes a rule of a service's own, for `#[derive(Contract)]` on its own
/// types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    /// Stable kebab-case id (`ivr-param-required`).
    pub id: &'static str,
    /// Default level.
    pub severity: Severity,
    /// Documented or inferred, as a whole (a documented rule may have inferred parts).
    pub provenance: Provenance,
    /// One line: what it checks (empty for a rule outside the registry that gives none).
    pub summary: &'static str,
    /// The documentation rows or tables it rests on, the main one first.
    pub docs: &'static [DocRef],
}

impl Rule {
    /// A rule outside the registry: `id`, its default level and provenance, no summary and no
    /// documentation rows (set the public fields to give them:
    /// `Rule { summary: "..", ..Rule::new(..) }`).
    #[must_use]
    pub const fn new(id: &'static str, severity: Severity, provenance: Provenance) -> Self {
        Rule {
            id,
            severity,
            provenance,
            summary: "",
            docs: &[],
        }
    }

    /// The documentation row or table it mainly rests on, if it names any.
    #[must_use]
    pub const fn doc(&self) -> Option<DocRef> {
        match self.docs.first() {
            Some(doc) => Some(*doc),
            None => None,
        }
    }
}
