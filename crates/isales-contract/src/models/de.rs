//! Deserializing models: one visitor for every generated object type.
//!
//! A derived `Deserialize` with `#[serde(flatten)]` would buffer every member before
//! dispatching it, forget which fields were `null`, and keep the last of two duplicate
//! undocumented keys silently. The generated models instead implement [`WireObject`] (their
//! wire names and how to read each field) and share [`deserialize`], which reads members in
//! one pass, rejects duplicate keys (aliases included), records explicit nulls, alias
//! spellings and `""` read as absent in [`Extra`], and keeps undocumented members.
//!
//! Rejections here are not reports: the fast validation path treats any error as "take the
//! full path", which reports the same problem with its position.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::Extra;

/// A model read member by member.
pub(crate) trait WireObject: Sized {
    /// What the type is, for error messages (`"a skillParam object"`).
    const EXPECTING: &'static str;
    /// Every accepted member name: documented names first (in field order), then aliases.
    const NAMES: &'static [&'static str];
    /// For each entry of `NAMES`, the index of the documented field it fills.
    const TARGETS: &'static [usize];
    /// Indices of fields that must be present.
    const REQUIRED: &'static [usize];

    /// The model before its first member is read: every field at its type's default. Not
    /// `Default`, which a model with mandatory fields does not implement: an `Envelope` with
    /// an empty `resultCode` is not a value anyone should build by accident; the reader fills
    /// or refuses every mandatory field before it hands the value out.
    fn empty() -> Self;

    /// The index in `NAMES` of a member name (a `match`, which the compiler turns into a
    /// length switch and a few comparisons).
    fn index_of(name: &str) -> Option<usize>;

    /// Reads the value of documented field `field`; says how it arrived.
    ///
    /// # Errors
    /// When the value does not deserialize into the field's type.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        field: usize,
        map: &mut A,
    ) -> Result<Arrival, A::Error>;

    /// Where undocumented members, nulls and spellings go.
    fn extra_mut(&mut self) -> &mut Extra;
}

/// How a documented field arrived, for what a round trip has to remember.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arrival {
    /// With a value.
    Value,
    /// As an explicit `null`.
    Null,
    /// As `""` in a field whose empty string means "not set": read as absent.
    Blank,
}

/// A field's storage, read from a map value.
pub(crate) trait Slot {
    /// Reads the next map value into `self`; says whether it was `null`.
    ///
    /// # Errors
    /// When the value does not deserialize into the slot's type.
    fn read<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Arrival, A::Error>;
}

impl<T: DeserializeOwned> Slot for Option<T> {
    fn read<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Arrival, A::Error> {
        *self = map.next_value::<Option<T>>()?;
        Ok(if self.is_none() {
            Arrival::Null
        } else {
            Arrival::Value
        })
    }
}

macro_rules! required_slot {
    ($($ty:ty),*) => {$(
        impl Slot for $ty {
            fn read<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Arrival, A::Error> {
                *self = map.next_value::<$ty>()?;
                Ok(Arrival::Value)
            }
        }
    )*};
}

/// Reads a field whose `""` means "not set": `""` leaves it `None` and says so.
///
/// # Errors
/// When the value is neither `null`, `""` nor a value of the field's type.
pub(crate) fn read_blank_as_absent<'de, T: DeserializeOwned, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<Arrival, A::Error> {
    let (value, arrival) = match map.next_value::<BlankOr<T>>()? {
        BlankOr::Null => (None, Arrival::Null),
        BlankOr::Blank => (None, Arrival::Blank),
        BlankOr::Value(value) => (Some(value), Arrival::Value),
    };
    *slot = value;
    Ok(arrival)
}

/// A value that may be `null` or `""` instead.
enum BlankOr<T> {
    Null,
    Blank,
    Value(T),
}

impl<'de, T: DeserializeOwned> de::Deserialize<'de> for BlankOr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BlankOrVisitor<T>(PhantomData<T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for BlankOrVisitor<T> {
            type Value = BlankOr<T>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a value, `\"\"` or null")
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(BlankOr::Null)
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(BlankOr::Null)
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                if text.is_empty() {
                    return Ok(BlankOr::Blank);
                }
                T::deserialize(de::value::StrDeserializer::<E>::new(text)).map(BlankOr::Value)
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(BlankOr::Value)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(BlankOr::Value)
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                T::deserialize(de::value::I64Deserializer::<E>::new(value)).map(BlankOr::Value)
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                T::deserialize(de::value::U64Deserializer::<E>::new(value)).map(BlankOr::Value)
            }
        }

        deserializer.deserialize_any(BlankOrVisitor(PhantomData))
    }
}

required_slot!(i64, String);

/// Deserializes any [`WireObject`].
///
/// # Errors
/// Not an object, a member of the wrong type, a duplicate key, or a required field missing.
pub(crate) fn deserialize<'de, T: WireObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<T>(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: WireObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::empty();
        let mut seen: u64 = 0;
        while let Some(key) = map.next_key_seed(KeySeed::<T>(PhantomData))? {
            match key {
                Key::Known(name) => {
                    let field = T::TARGETS[name];
                    let bit = 1u64 << field;
                    if seen & bit != 0 {
                        return Err(de::Error::custom(format_args!(
                            "duplicate key `{}`",
                            T::NAMES[field]
                        )));
                    }
                    seen |= bit;
                    match value.read_field(field, &mut map)? {
                        Arrival::Value => {}
                        Arrival::Null => value.extra_mut().nulls.push(T::NAMES[field]),
                        Arrival::Blank => value.extra_mut().blanks.push(T::NAMES[field]),
                    }
                    if name != field {
                        value
                            .extra_mut()
                            .spellings
                            .push((T::NAMES[field], T::NAMES[name]));
                    }
                }
                Key::Other(name) => {
                    let member: serde_json::Value = map.next_value()?;
                    if value
                        .extra_mut()
                        .fields
                        .insert(name.clone(), member)
                        .is_some()
                    {
                        return Err(de::Error::custom(format_args!("duplicate key `{name}`")));
                    }
                }
            }
        }
        for &field in T::REQUIRED {
            if seen & (1u64 << field) == 0 {
                return Err(de::Error::missing_field(T::NAMES[field]));
            }
        }
        Ok(value)
    }
}

enum Key {
    Known(usize),
    Other(String),
}

struct KeySeed<T>(PhantomData<T>);

impl<'de, T: WireObject> DeserializeSeed<'de> for KeySeed<T> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: WireObject> Visitor<'_> for KeySeed<T> {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(match T::index_of(name) {
            Some(index) => Key::Known(index),
            None => Key::Other(name.to_owned()),
        })
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::custom("a member name that is not UTF-8")),
        }
    }
}
