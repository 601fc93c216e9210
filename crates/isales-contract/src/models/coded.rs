//! Coded integers: the fields whose documented values are a short list (`status` 2/3/4).
//!
//! Each such field gets a real enum with one variant per listed value and `Other(i64)` for the
//! rest, so a new server value never breaks deserialization; the validator reports it instead.
//! The generated enums implement [`Coded`]; [`impl_coded!`](crate::impl_coded) gives them their
//! serde, validation and schema impls, all through the integer code.

/// An enum standing for an integer code.
pub trait Coded: Copy + Sized + 'static {
    /// The listed codes, in documentation order.
    const LISTED: &'static [i64];

    /// The code on the wire.
    fn code(self) -> i64;

    /// The variant for a code (`Other` for unlisted ones).
    fn from_code(code: i64) -> Self;

    /// What the code means, per the documentation (`None` for unlisted codes).
    fn meaning(self) -> Option<&'static str>;
}

/// Implements `From<i64>`, `Display`, serde, `Shape` and `JsonSchema` for a
/// [`Coded`] enum, all through its integer code (and what the compile-time checks of paths
/// know of it: an integer).
#[macro_export]
macro_rules! impl_coded {
    ($ty:ty) => {
        impl ::core::convert::From<i64> for $ty {
            fn from(code: i64) -> Self {
                <$ty as $crate::__private::models::Coded>::from_code(code)
            }
        }

        impl ::core::convert::From<$ty> for i64 {
            fn from(value: $ty) -> i64 {
                $crate::__private::models::Coded::code(value)
            }
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let code = $crate::__private::models::Coded::code(*self);
                match $crate::__private::models::Coded::meaning(*self) {
                    Some(meaning) => write!(f, "{code} ({meaning})"),
                    None => write!(f, "{code}"),
                }
            }
        }

        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64($crate::__private::models::Coded::code(*self))
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <i64 as $crate::__private::serde::Deserialize>::deserialize(deserializer)
                    .map(<$ty as $crate::__private::models::Coded>::from_code)
            }
        }

        #[diagnostic::do_not_recommend]
        impl $crate::__private::Shape for $ty {
            const EXPECTED: &'static str = "integer";

            fn field_ref(&self) -> $crate::__private::FieldRef<'_> {
                $crate::__private::FieldRef::Int($crate::__private::models::Coded::code(*self))
            }

            fn check_node(
                node: &$crate::__private::json::Node<'_>,
                scope: &mut $crate::__private::Scope<'_>,
                info: &$crate::__private::FieldInfo,
            ) {
                <i64 as $crate::__private::Shape>::check_node(node, scope, info);
            }
        }

        impl $crate::__private::paths::Descend for $ty {
            type Items = $crate::__private::paths::NoItems<Self>;
            type Object = $crate::__private::paths::NoFields<Self>;
            const WHAT: &'static str = "an integer";
        }

        $crate::__impl_coded_schema!($ty);
    };
}

/// `schemars::JsonSchema` for a [`Coded`] enum: an integer, inlined; which integers are allowed
/// is a rule of the field (`#[contract(one_of = ..)]`), so its schema comes with the field's.
///
/// Defined once per feature setting of this crate, so that `impl_coded!` expanded in any crate
/// follows the feature of `isales-contract`.
#[cfg(feature = "schemars")]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_coded_schema {
    ($ty:ty) => {
        impl $crate::__private::schema::schemars::JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(::core::stringify!($ty))
            }

            fn json_schema(
                _: &mut $crate::__private::schema::schemars::SchemaGenerator,
            ) -> $crate::__private::schema::schemars::Schema {
                let mut schema = $crate::__private::schema::Map::new();
                schema.insert(
                    "type".into(),
                    $crate::__private::schema::Value::from("integer"),
                );
                schema.into()
            }
        }
    };
}

/// Without the `schemars` feature, coded enums get no schema.
#[cfg(not(feature = "schemars"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_coded_schema {
    ($ty:ty) => {};
}
