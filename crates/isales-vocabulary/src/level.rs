//! A rule's default level and its provenance, with the spellings the spec, the derive's
//! attributes and the reports use.

use std::fmt;

use serde::Serialize;

/// The level a rule reports at by default, or after configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The payload breaks the contract: it fails.
    Error,
    /// Suspicious: reported; the payload fails only under `strict`.
    Warning,
}

impl Severity {
    /// Both levels, in order.
    pub const ALL: [Severity; 2] = [Severity::Error, Severity::Warning];

    /// `"error"` or `"warning"`: the spelling of the spec, the attributes and the reports.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The level spelt `name`, if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Severity::ALL
            .into_iter()
            .find(|level| level.as_str() == name)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a rule (or one requirement of it) is stated by the vendor page or is our reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Stated by the page itself.
    Documented,
    /// Taken from sibling pages of the same API, the page's examples, or common sense.
    Inferred,
}

impl Provenance {
    /// Both provenances, in order.
    pub const ALL: [Provenance; 2] = [Provenance::Documented, Provenance::Inferred];

    /// `"documented"` or `"inferred"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Provenance::Documented => "documented",
            Provenance::Inferred => "inferred",
        }
    }

    /// The provenance spelt `name`, if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Provenance::ALL
            .into_iter()
            .find(|provenance| provenance.as_str() == name)
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for level in Severity::ALL {
            assert_eq!(Severity::from_name(level.as_str()), Some(level));
        }
        for provenance in Provenance::ALL {
            assert_eq!(Provenance::from_name(provenance.as_str()), Some(provenance));
        }
        assert_eq!(Severity::from_name("Error"), None);
        assert_eq!(Provenance::from_name("stated"), None);
    }
}
