//! `locale-format`: the optional locale header is a language code with an optional country
//! (`zh_CN`, `en_US`, `en`).

use crate::violation::{FormatKind, ViolationKind};

/// Locales as a JSON Schema pattern: exactly the texts [`check`] accepts.
pub const PATTERN: &str = isales_vocabulary::pattern::LOCALE;

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
    if language_ok && country_ok {
        return None;
    }
    Some(ViolationKind::Format {
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

    #[test]
    fn the_pattern_accepts_exactly_what_the_check_accepts() {
        let pattern = regex::Regex::new(PATTERN).expect("a valid pattern");
        for text in [
            "zh_CN", "en_US", "en", "fil_PH", "english", "EN_us", "zh-CN", "zh_", "_CN", "", "e",
            "zh_CNN", "zh_C", "zh_CN_x", "é_FR",
        ] {
            assert_eq!(pattern.is_match(text), check(text).is_none(), "{text:?}");
        }
    }
}
