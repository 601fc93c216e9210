//! `enum-value` (documented lists, error) and `inferred-enum-value` (inferred lists, warning):
//! a coded integer must be one of its listed values.

use crate::violation::ViolationKind;

/// The violation, when `value` is not listed.
#[must_use]
pub fn check(value: i64, listed: &'static [i64]) -> Option<ViolationKind> {
    if listed.contains(&value) {
        return None;
    }
    Some(ViolationKind::NotListed { value, listed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_listed_values_only() {
        const STATUS: &[i64] = &[2, 3, 4];
        assert_eq!(check(2, STATUS), None);
        assert_eq!(check(4, STATUS), None);
        assert_eq!(
            check(1, STATUS),
            Some(ViolationKind::NotListed {
                value: 1,
                listed: STATUS
            })
        );
        assert!(check(-3, STATUS).is_some());
    }
}
