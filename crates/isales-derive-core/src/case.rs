//! Wire names from serde's `rename_all` rules (serde's `case.rs`): the derive must find a field
//! or a variant under the same name serde deserializes it from.

/// A `#[serde(rename_all = "..")]` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameRule {
    /// `lowercase`
    Lower,
    /// `UPPERCASE`
    Upper,
    /// `PascalCase`
    Pascal,
    /// `camelCase`
    Camel,
    /// `snake_case`
    Snake,
    /// `SCREAMING_SNAKE_CASE`
    ScreamingSnake,
    /// `kebab-case`
    Kebab,
    /// `SCREAMING-KEBAB-CASE`
    ScreamingKebab,
}

impl RenameRule {
    /// Every rule, with the spelling serde accepts.
    pub const ALL: [(&'static str, RenameRule); 8] = [
        ("lowercase", RenameRule::Lower),
        ("UPPERCASE", RenameRule::Upper),
        ("PascalCase", RenameRule::Pascal),
        ("camelCase", RenameRule::Camel),
        ("snake_case", RenameRule::Snake),
        ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnake),
        ("kebab-case", RenameRule::Kebab),
        ("SCREAMING-KEBAB-CASE", RenameRule::ScreamingKebab),
    ];

    /// The rule spelled `name`, if serde knows it.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(spelling, _)| *spelling == name)
            .map(|(_, rule)| *rule)
    }

    /// The wire name of a field whose Rust name (snake case, `r#` removed) is `field`.
    #[must_use]
    pub fn apply_to_field(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            RenameRule::Camel => {
                let pascal = RenameRule::Pascal.apply_to_field(field);
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => String::new(),
                }
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }

    /// The wire name of a variant whose Rust name (PascalCase) is `variant`.
    #[must_use]
    pub fn apply_to_variant(self, variant: &str) -> String {
        match self {
            RenameRule::Pascal => variant.to_owned(),
            RenameRule::Lower => variant.to_ascii_lowercase(),
            RenameRule::Upper => variant.to_ascii_uppercase(),
            RenameRule::Camel => {
                let mut chars = variant.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => String::new(),
                }
            }
            RenameRule::Snake => {
                let mut snake = String::new();
                for (index, ch) in variant.char_indices() {
                    if index > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
            RenameRule::ScreamingSnake => RenameRule::Snake
                .apply_to_variant(variant)
                .to_ascii_uppercase(),
            RenameRule::Kebab => RenameRule::Snake
                .apply_to_variant(variant)
                .replace('_', "-"),
            RenameRule::ScreamingKebab => RenameRule::ScreamingSnake
                .apply_to_variant(variant)
                .replace('_', "-"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_field_names_like_serde() {
        let cases = [
            (
                "out_bound_type",
                [
                    "out_bound_type",
                    "OUT_BOUND_TYPE",
                    "OutBoundType",
                    "outBoundType",
                    "out_bound_type",
                    "OUT_BOUND_TYPE",
                    "out-bound-type",
                    "OUT-BOUND-TYPE",
                ],
            ),
            ("id", ["id", "ID", "Id", "id", "id", "ID", "id", "ID"]),
            (
                "work_day_begin_time1",
                [
                    "work_day_begin_time1",
                    "WORK_DAY_BEGIN_TIME1",
                    "WorkDayBeginTime1",
                    "workDayBeginTime1",
                    "work_day_begin_time1",
                    "WORK_DAY_BEGIN_TIME1",
                    "work-day-begin-time1",
                    "WORK-DAY-BEGIN-TIME1",
                ],
            ),
        ];
        for (field, expected) in cases {
            for ((name, rule), wire) in RenameRule::ALL.iter().zip(expected) {
                assert_eq!(rule.apply_to_field(field), wire, "{name} of {field}");
                assert_eq!(RenameRule::from_name(name), Some(*rule));
            }
        }
        assert_eq!(RenameRule::from_name("camel_case"), None);
    }

    #[test]
    fn maps_variant_names_like_serde() {
        let expected = [
            "veryhigh",
            "VERYHIGH",
            "VeryHigh",
            "veryHigh",
            "very_high",
            "VERY_HIGH",
            "very-high",
            "VERY-HIGH",
        ];
        for ((name, rule), wire) in RenameRule::ALL.iter().zip(expected) {
            assert_eq!(rule.apply_to_variant("VeryHigh"), wire, "{name}");
        }
    }
}
