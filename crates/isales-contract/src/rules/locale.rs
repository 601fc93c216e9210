//! `locale-format`: the optional locale header is a language code with an optional country
//! (`zh_CN`, `en_US`, `en`).

use crate::rule::{Provenance, Rule, Severity};
use crate::violation::{FormatKind, ViolationKind};

/// `locale-format`
pub const RULE: Rule = Rule::error("locale-format")
    .with_severity(Severity::Warning)
    .with_provenance(Provenance::Inferred);

/// The violation, when `text` is not such a locale.
#[must_use]
pub fn check(text: &str) -> Option<ViolationKind> {
    let (language, country) = match text.split_once('_') {
        Some((language, country)) => (language, Some(country)),
        None => (text, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let country_ok = country.is_none_or(|country| {
        country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())
    });
    (!(language_ok && country_ok)).then_some(ViolationKind::Format {
        format: FormatKind::Locale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_language_and_country() {
        for good in ["zh_CN", "en_US", "en", "fil_PH"] {
            assert!(check(good).is_none(), "{good}");
        }
        for bad in ["english", "EN_us", "zh-CN", "zh_", "_CN", ""] {
            assert!(check(bad).is_some(), "{bad}");
        }
    }
}
