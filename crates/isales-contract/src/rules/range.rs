//! `out-of-range` (and the inferred range rules that reuse it): an integer within inclusive
//! bounds.

use crate::violation::ViolationKind;

/// The violation, when `value` is outside `min..=max` (a missing bound is open).
#[must_use]
pub fn check(value: i64, min: Option<i64>, max: Option<i64>) -> Option<ViolationKind> {
    let below = min.is_some_and(|min| value < min);
    let above = max.is_some_and(|max| value > max);
    if !(below || above) {
        return None;
    }
    Some(ViolationKind::OutOfRange { value, min, max })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_optional() {
        let cases = [
            (1, Some(1), Some(9999), false),
            (9999, Some(1), Some(9999), false),
            (0, Some(1), Some(9999), true),
            (10_000, Some(1), Some(9999), true),
            (i64::MAX, Some(1), None, false),
            (0, Some(1), None, true),
            (i64::MIN, None, Some(5), false),
            (6, None, Some(5), true),
        ];
        for (value, min, max, broken) in cases {
            assert_eq!(
                check(value, min, max).is_some(),
                broken,
                "{value} in {min:?}..={max:?}"
            );
        }
    }
}
