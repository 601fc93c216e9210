//! The field types beyond `i64` and `String`: booleans, every integer width, floats, arrays of
//! them, options of each, and enums deriving `Contract`, on a service's own struct.
//!
//! Properties: for any value of the struct, the typed path (`value.violations()`) and the JSON
//! path (`T::violations_of_json` of the value serialized) report the same rules at the same
//! pointers; and for any JSON integer, a field of each width reports it exactly when serde
//! refuses it (apart from `u64` and `usize` above `i64::MAX`, which the validator refuses: its
//! integers are 64-bit signed), at the field's pointer, as the type's range.

use isales_contract::{Contract, Violation, ViolationKind};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Contract)]
#[serde(rename_all = "snake_case")]
enum Colour {
    Red,
    DarkGreen,
    #[serde(alias = "navy")]
    Blue,
}

#[derive(Debug, Clone, Serialize, Deserialize, Contract)]
struct Scalars {
    flag: bool,
    i8: i8,
    i16: i16,
    i32: i32,
    i64: i64,
    u8: u8,
    u16: u16,
    u32: u32,
    u64: u64,
    usize: usize,
    isize: isize,
    f32: f32,
    f64: f64,
    colour: Colour,
    words: Vec<String>,
    numbers: Vec<i64>,
    bytes: Vec<u8>,
    wide: Vec<u64>,
    flags: Vec<bool>,
    ratios: Vec<f64>,
    maybe_flag: Option<bool>,
    maybe_u8: Option<u8>,
    maybe_u64: Option<u64>,
    maybe_f64: Option<f64>,
    maybe_words: Option<Vec<String>>,
    maybe_colour: Option<Colour>,
}

/// (rule, pointer) of each violation, sorted: the typed path reports in field order, the JSON
/// path in text order.
fn found(violations: &[Violation]) -> Vec<(&'static str, String)> {
    let mut found: Vec<(&'static str, String)> = violations
        .iter()
        .map(|violation| (violation.rule(), violation.pointer().to_owned()))
        .collect();
    found.sort();
    found
}

fn colour() -> impl Strategy<Value = Colour> {
    prop_oneof![
        Just(Colour::Red),
        Just(Colour::DarkGreen),
        Just(Colour::Blue)
    ]
}

/// Finite floats: JSON has no infinity or NaN (serde_json writes them as `null`).
fn finite() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |value| value.is_finite())
}

prop_compose! {
    fn scalars()(
        (flag, i8, i16, i32, i64, u8, u16) in
            (any::<bool>(), any::<i8>(), any::<i16>(), any::<i32>(), any::<i64>(), any::<u8>(), any::<u16>()),
        (u32, u64, usize, isize) in (any::<u32>(), any::<u64>(), any::<usize>(), any::<isize>()),
        (f32, f64, colour) in (
            any::<f32>().prop_filter("finite", |value| value.is_finite()),
            finite(),
            colour(),
        ),
        (words, numbers, bytes, wide, flags, ratios) in (
            prop::collection::vec(".{0,8}", 0..3),
            prop::collection::vec(any::<i64>(), 0..3),
            prop::collection::vec(any::<u8>(), 0..3),
            prop::collection::vec(any::<u64>(), 0..3),
            prop::collection::vec(any::<bool>(), 0..3),
            prop::collection::vec(finite(), 0..3),
        ),
        (maybe_flag, maybe_u8, maybe_u64, maybe_f64, maybe_words, maybe_colour) in (
            prop::option::of(any::<bool>()),
            prop::option::of(any::<u8>()),
            prop::option::of(any::<u64>()),
            prop::option::of(finite()),
            prop::option::of(prop::collection::vec(".{0,8}", 0..3)),
            prop::option::of(colour()),
        ),
    ) -> Scalars {
        Scalars {
            flag, i8, i16, i32, i64, u8, u16, u32, u64, usize, isize, f32, f64, colour, words,
            numbers, bytes, wide, flags, ratios, maybe_flag, maybe_u8, maybe_u64, maybe_f64,
            maybe_words, maybe_colour,
        }
    }
}

/// The wire names of the integer fields of [`Ints`], with whether serde reads `number` as one.
fn serde_reads(name: &str, number: &str) -> bool {
    fn reads<T: serde::de::DeserializeOwned>(number: &str) -> bool {
        serde_json::from_str::<T>(number).is_ok()
    }
    match name {
        "i8" => reads::<i8>(number),
        "i16" => reads::<i16>(number),
        "i32" => reads::<i32>(number),
        "i64" => reads::<i64>(number),
        "u8" => reads::<u8>(number),
        "u16" => reads::<u16>(number),
        "u32" => reads::<u32>(number),
        "u64" => reads::<u64>(number),
        "usize" => reads::<usize>(number),
        "isize" => reads::<isize>(number),
        other => panic!("no integer field {other}"),
    }
}

/// One optional field per integer width.
#[derive(Debug, Deserialize, Contract)]
struct Ints {
    i8: Option<i8>,
    i16: Option<i16>,
    i32: Option<i32>,
    i64: Option<i64>,
    u8: Option<u8>,
    u16: Option<u16>,
    u32: Option<u32>,
    u64: Option<u64>,
    usize: Option<usize>,
    isize: Option<isize>,
}

const WIDTHS: [&str; 10] = [
    "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize",
];

/// Integers around every width's bounds, and beyond 64 bits.
fn integer() -> impl Strategy<Value = i128> {
    let bounds: Vec<i128> = [
        i128::from(i8::MIN),
        i128::from(i8::MAX),
        i128::from(u8::MAX),
        i128::from(i16::MIN),
        i128::from(i16::MAX),
        i128::from(u16::MAX),
        i128::from(i32::MIN),
        i128::from(i32::MAX),
        i128::from(u32::MAX),
        i128::from(i64::MIN),
        i128::from(i64::MAX),
        i128::from(u64::MAX),
        0,
    ]
    .to_vec();
    prop_oneof![
        (prop::sample::select(bounds), -2i128..=2).prop_map(|(bound, step)| bound + step),
        any::<i64>().prop_map(i128::from),
        any::<i128>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn typed_values_and_their_json_agree(value in scalars()) {
        let json = serde_json::to_vec(&value).expect("serializes");
        let typed = found(&value.violations());
        let located = found(&Scalars::violations_of_json(&json));
        prop_assert_eq!(&typed, &located, "{}", String::from_utf8_lossy(&json));
        // Only what `i64` cannot hold is reported: a `u64` or `usize` above `i64::MAX`.
        let beyond = |number: u64| i64::try_from(number).is_err();
        let expected = usize::from(beyond(value.u64))
            + usize::from(u64::try_from(value.usize).is_ok_and(beyond))
            + value.wide.iter().filter(|number| beyond(**number)).count()
            + usize::from(value.maybe_u64.is_some_and(beyond));
        prop_assert_eq!(typed.len(), expected);
        prop_assert!(typed.iter().all(|(rule, _)| *rule == "type"));
    }

    #[test]
    fn each_integer_width_reports_what_serde_refuses(number in integer()) {
        let number = number.to_string();
        for name in WIDTHS {
            let json = format!("{{\"{name}\": {number}}}");
            let violations = Ints::violations_of_json(json.as_bytes());
            let parsed: i128 = number.parse().expect("an integer");
            let capped = matches!(name, "u64" | "usize") && parsed > i128::from(i64::MAX);
            let refused = !serde_reads(name, &number) || capped;
            let pointer = format!("/{name}");
            let expected: Vec<(&str, &str)> =
                if refused { vec![("type", pointer.as_str())] } else { Vec::new() };
            let reported: Vec<(&str, &str)> = violations
                .iter()
                .map(|violation| (violation.rule(), violation.pointer()))
                .collect();
            prop_assert_eq!(reported, expected, "{}", json);
            if let (true, Ok(value)) = (refused, i64::try_from(parsed)) {
                // Within 64 bits, the report gives the type's range.
                let ViolationKind::OutOfRange { value: found, min, max } = violations[0].kind()
                else {
                    return Err(TestCaseError::fail(format!("{json}: {:?}", violations[0].kind())));
                };
                prop_assert_eq!(*found, value);
                let in_range = min.is_none_or(|min| value >= min) && max.is_none_or(|max| value <= max);
                prop_assert!(!in_range, "{}: {:?}..={:?}", json, min, max);
            }
        }
    }

    #[test]
    fn an_enum_of_strings_allows_serdes_names(text in prop_oneof![
        Just("red".to_owned()),
        Just("dark_green".to_owned()),
        Just("navy".to_owned()),
        Just("Blue".to_owned()),
        "[a-z_]{0,10}",
    ]) {
        let quoted = serde_json::to_string(&text).expect("a string");
        let serde_ok = serde_json::from_str::<Colour>(&quoted).is_ok();
        let json = format!("{{\"maybe_colour\": {quoted}}}");
        #[derive(Debug, Deserialize, Contract)]
        struct Paint {
            maybe_colour: Option<Colour>,
        }
        let reported: Vec<(&str, String)> = found(&Paint::violations_of_json(json.as_bytes()));
        let expected = if serde_ok { vec![] } else { vec![("one-of", "/maybe_colour".to_owned())] };
        prop_assert_eq!(reported, expected, "{}", json);
    }
}

#[test]
fn other_json_types_are_type_mismatches_at_the_pointer() {
    let json = br#"{"flag": 1, "f64": "1.5", "bytes": [1, true], "words": "a", "colour": 3,
        "maybe_u8": -1, "f32": 1e400}"#;
    let violations = Scalars::violations_of_json(json);
    let reported: Vec<(&str, &str)> = violations
        .iter()
        .filter(|violation| violation.rule() == "type")
        .map(|violation| (violation.rule(), violation.pointer()))
        .collect();
    assert_eq!(
        reported,
        [
            ("type", "/flag"),
            ("type", "/f64"),
            ("type", "/bytes/1"),
            ("type", "/words"),
            ("type", "/colour"),
            ("type", "/maybe_u8"),
            ("type", "/f32"),
        ]
    );
}
