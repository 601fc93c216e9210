//! Input that is not generated to be valid: JSON of any shape, valid payloads carrying
//! arbitrary undocumented members, and valid payloads cut short or corrupted. For the
//! properties that hold of every input (the validator never panics, and its two paths agree).
//!
//! Purely random JSON almost never reaches the validator's deeper rules, so object keys are
//! mostly the spec's own wire names, strings are often result codes, and some strings hold a
//! JSON document the way embedded rows do. Undocumented members are where the two parsers
//! meet arbitrary JSON inside an otherwise valid payload: numbers in every spelling the
//! grammar allows (and some it does not fit in 64 bits), nesting near the parsers' limits.

use isales_spec::{Spec, TableKind};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::{Map, Number, Value};

use crate::doc::{Doc, Member, Object, Style};
use crate::generate::Generator;

/// The spec's wire names and aliases, sorted.
fn wire_names(spec: &Spec) -> Vec<String> {
    let mut names: Vec<String> = spec
        .tables
        .iter()
        .flat_map(|table| &table.fields)
        .flat_map(|field| {
            std::iter::once(field.name.clone())
                .chain(field.aliases.iter().map(|alias| alias.name.clone()))
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Result codes: success and Table 21's.
fn codes(spec: &Spec) -> Vec<String> {
    let mut codes: Vec<String> = spec
        .error_codes()
        .iter()
        .map(|code| code.code.clone())
        .collect();
    codes.push(spec.interface.success_code.clone());
    codes
}

/// JSON values of any shape, keyed mostly by the spec's wire names.
pub fn json(spec: &Spec) -> BoxedStrategy<Value> {
    let key = prop_oneof![4 => select(wire_names(spec)), 1 => any::<String>()].boxed();
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3_i64..10).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|float| Number::from_f64(float).map_or(Value::Null, Value::Number)),
        select(codes(spec)).prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner.clone()), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
            inner.prop_map(|document| Value::String(document.to_string())),
        ]
    })
    .boxed()
}

/// JSON numbers as the grammar allows writing them, and a few that do not fit 64 bits.
pub fn number() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,6})?([eE][+-]?[0-9]{1,3})?",
        1 => select(vec![
            "-0", "0e0", "1E+2", "-0.0E-0", "1e400", "-1e-400", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551616",
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// Documents of any shape as [`Doc`]s, with numbers spelled every way and, now and then,
/// arrays nested 100 to 140 deep (the parsers stop at about 128).
pub fn document(spec: &Spec) -> BoxedStrategy<Doc> {
    let key = prop_oneof![3 => select(wire_names(spec)), 2 => any::<String>()].boxed();
    let leaf = prop_oneof![
        Just(Doc::Null),
        any::<bool>().prop_map(Doc::Bool),
        number().prop_map(Doc::Number),
        select(codes(spec)).prop_map(Doc::String),
        any::<String>().prop_map(Doc::String),
        (100_usize..=140).prop_map(|depth| {
            let mut deep = Doc::Array(Vec::new());
            for _ in 1..depth {
                deep = Doc::Array(vec![deep]);
            }
            deep
        }),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Doc::Array),
            proptest::collection::vec((key.clone(), inner.clone()), 0..6).prop_map(|members| {
                Doc::Object(Object {
                    table: None,
                    members: members
                        .into_iter()
                        .map(|(key, value)| Member { key, value })
                        .collect(),
                })
            }),
            inner.prop_map(|document| Doc::String(document.to_text())),
        ]
    })
    .boxed()
}

/// Styles of writing: some whitespace, some gratuitous escapes.
pub fn style() -> BoxedStrategy<Style> {
    (any::<u64>(), 0_u8..=40, 0_u8..=40)
        .prop_map(|(seed, spaces, escapes)| Style {
            seed,
            spaces,
            escapes,
        })
        .boxed()
}

/// Valid payloads with one to three undocumented members of any shape, each in an object
/// of the payload chosen at random (embedded documents included), written in any style.
pub fn with_undocumented(generator: &Generator) -> BoxedStrategy<Vec<u8>> {
    let spec = generator.spec().clone();
    let key = prop_oneof![
        2 => any::<String>(),
        1 => select(vec!["ResultCode", "deviceType ", "ïd", "a/b", "~", "", "returnobject"])
            .prop_map(str::to_owned),
    ];
    (
        generator.envelope(),
        proptest::collection::vec((any::<Index>(), key, document(&spec)), 1..=3),
        style(),
    )
        .prop_map(move |(payload, members, style)| {
            let root = spec.table_of_kind(TableKind::Envelope);
            let mut doc = Doc::from_value(&spec, root, &payload);
            for (at, key, value) in members {
                let pointers: Vec<String> = doc.objects().into_iter().map(|(p, _)| p).collect();
                let pointer = at.get(&pointers).clone();
                let Some(object) = doc.object_mut(&pointer) else {
                    continue;
                };
                let documented = object
                    .table
                    .and_then(|number| spec.table(number))
                    .is_some_and(|table| table.field(&key).is_some());
                if !documented && object.get(&key).is_none() {
                    object.members.push(Member { key, value });
                }
            }
            doc.to_text_styled(style).into_bytes()
        })
        .boxed()
}

/// Valid payloads, cut at a random byte and with a few bytes overwritten.
pub fn corrupted(generator: &Generator) -> BoxedStrategy<Vec<u8>> {
    (
        generator.envelope(),
        any::<Index>(),
        any::<bool>(),
        proptest::collection::vec((any::<Index>(), any::<u8>()), 0..4),
    )
        .prop_map(|(payload, cut, truncate, flips)| {
            let mut bytes = serde_json::to_vec(&payload).unwrap_or_default();
            if truncate && !bytes.is_empty() {
                bytes.truncate(cut.index(bytes.len()));
            }
            for (at, byte) in flips {
                if !bytes.is_empty() {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
            }
            bytes
        })
        .boxed()
}
