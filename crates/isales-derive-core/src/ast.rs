//! The IR: the deriving struct as the later stages need it, with references to the syn nodes it
//! came from (for spans).
//!
//! [`Container::from_ast`] accepts only a struct with named fields; anything else is reported
//! at the item and gives no IR. Each [`Field`] knows its wire name (from `#[serde(rename)]`,
//! the container's `rename_all`, or the Rust name), its role (a wire field, the `extra`
//! catch-all, or skipped), whether its type is an `Option`, and what kind of value it holds as
//! far as the type's last path segment tells ([`ValueKind`]).

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{DeriveInput, Generics, Ident, Type};

use crate::attr;
use crate::ctxt::Ctxt;

/// The deriving struct.
#[derive(Debug)]
pub struct Container<'a> {
    /// Its name.
    pub ident: &'a Ident,
    /// Its generics.
    pub generics: &'a Generics,
    /// Its attributes.
    pub attrs: attr::Container,
    /// Its fields, in declaration order.
    pub fields: Vec<Field<'a>>,
}

/// What a field is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A member of the JSON object, validated.
    Wire,
    /// The catch-all of undocumented members (`#[contract(extra)]`); not a wire field.
    Extra,
    /// A member of the JSON object that is not validated (`#[contract(skip)]`).
    Skip,
}

/// What kind of value a field holds, as far as its type's name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `String`, `str`.
    String,
    /// `i64`, `u8`, ...
    Integer,
    /// `bool`.
    Bool,
    /// `f32`, `f64`.
    Float,
    /// `Vec<..>`.
    Array,
    /// Anything else (a nested struct, a user type): no type-based checks.
    Unknown,
}

impl ValueKind {
    /// What a value of the kind is, for messages (`an integer`); `None` for unknown types.
    #[must_use]
    pub fn article(self) -> Option<&'static str> {
        match self {
            ValueKind::String => Some("a string"),
            ValueKind::Integer => Some("an integer"),
            ValueKind::Bool => Some("a boolean"),
            ValueKind::Float => Some("a floating-point number"),
            ValueKind::Array => Some("an array"),
            ValueKind::Unknown => None,
        }
    }
}

/// One field of the struct.
#[derive(Debug)]
pub struct Field<'a> {
    /// The Rust name.
    pub member: &'a Ident,
    /// The declared type.
    pub ty: &'a Type,
    /// The name in payloads.
    pub wire: String,
    /// Its attributes.
    pub attrs: attr::Field,
    /// What it is for.
    pub role: Role,
    /// Whether the declared type is `Option<..>`.
    pub optional: bool,
    /// The kind of value, looking through `Option`.
    pub kind: ValueKind,
    /// Whether the typed value can hold nothing to check below it or beyond its JSON type (a
    /// string, a boolean, a float, an integer of at most 32 bits or `i64`), so the typed walk
    /// skips it: the typed path is the hot one.
    pub nothing_below: bool,
    /// For an integer field, the primitive type (`u8`, `i64`, ...), looking through `Option`.
    pub integer: Option<String>,
}

impl<'a> Container<'a> {
    /// Builds the IR, reporting what does not fit; `None` when the item cannot derive
    /// `Contract` at all.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = attr::Container::from_attrs(cx, &input.attrs);
        let ident = &input.ident;
        let named = match &input.data {
            syn::Data::Struct(data) => match &data.fields {
                syn::Fields::Named(named) => Some(named),
                syn::Fields::Unnamed(_) | syn::Fields::Unit => {
                    let struct_token = data.struct_token;
                    cx.error_spanned_by(
                        quote!(#struct_token #ident),
                        "#[derive(Contract)] needs a struct with named fields: a JSON object's members have names",
                    );
                    None
                }
            },
            syn::Data::Enum(data) => {
                let enum_token = data.enum_token;
                cx.error_spanned_by(
                    quote!(#enum_token #ident),
                    "an object is a struct with named fields; `#[derive(Contract)]` on an enum makes a field type of listed values",
                );
                None
            }
            syn::Data::Union(data) => {
                let union_token = data.union_token;
                cx.error_spanned_by(
                    quote!(#union_token #ident),
                    "#[derive(Contract)] works on structs with named fields, not on unions",
                );
                None
            }
        };
        let fields = named?
            .named
            .iter()
            .filter_map(|field| Field::from_ast(cx, field, &attrs))
            .collect();
        Some(Container {
            ident,
            generics: &input.generics,
            attrs,
            fields,
        })
    }

    /// The fields that are JSON members with rules (not `extra`, not `skip`).
    pub fn wire_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|field| field.role == Role::Wire)
    }

    /// The fields that are JSON members (validated or skipped).
    pub fn member_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|field| field.role != Role::Extra)
    }

    /// The validated field with this wire name.
    #[must_use]
    pub fn wire_field(&self, wire: &str) -> Option<&Field<'a>> {
        self.wire_fields().find(|field| field.wire == wire)
    }

    /// The `extra` field, if any (the first, when there are several: a checked mistake).
    #[must_use]
    pub fn extra(&self) -> Option<&Field<'a>> {
        self.fields.iter().find(|field| field.role == Role::Extra)
    }

    /// Whose rules the type reports by default: the contract's for its own models (inside the
    /// runtime, `crate = "crate"`), neutral ones for anyone else's.
    #[must_use]
    pub fn vocabulary(&self) -> crate::defaults::Vocabulary {
        match &self.attrs.krate {
            Some(path) if path.is_ident("crate") => crate::defaults::Vocabulary::Contract,
            _ => crate::defaults::Vocabulary::Neutral,
        }
    }

    /// The path of the runtime the expansion names: the contract crate's hidden
    /// `__private` module, which re-exports what derived impls call.
    #[must_use]
    pub fn krate(&self) -> TokenStream {
        let root = match &self.attrs.krate {
            Some(path) => path.to_token_stream(),
            None => quote!(::isales_contract),
        };
        quote!(#root::__private)
    }
}

impl<'a> Field<'a> {
    fn from_ast(cx: &Ctxt, field: &'a syn::Field, container: &attr::Container) -> Option<Self> {
        let member = field.ident.as_ref()?;
        let attrs = attr::Field::from_attrs(cx, &field.attrs);
        let rust_name = member.to_string();
        let rust_name = rust_name.trim_start_matches("r#");
        let wire = match (&attrs.serde_rename, container.rename_all) {
            (Some(rename), _) => rename.clone(),
            (None, Some(rule)) => rule.apply_to_field(rust_name),
            (None, None) => rust_name.to_owned(),
        };
        let role = if attrs.extra.is_some() {
            Role::Extra
        } else if attrs.skip.is_some() {
            Role::Skip
        } else {
            Role::Wire
        };
        let inner = option_inner(&field.ty);
        let kind = value_kind(inner.unwrap_or(&field.ty));
        let nothing_below = match kind {
            ValueKind::String | ValueKind::Bool | ValueKind::Float => true,
            // `u64`, `usize` and `isize` reach beyond `i64`: their typed values are checked.
            ValueKind::Integer => !matches!(
                last_segment(inner.unwrap_or(&field.ty)).as_deref(),
                Some("u64" | "usize" | "isize" | "u128" | "i128")
            ),
            ValueKind::Array | ValueKind::Unknown => false,
        };
        let integer = (kind == ValueKind::Integer)
            .then(|| last_segment(inner.unwrap_or(&field.ty)))
            .flatten();
        Some(Field {
            member,
            ty: &field.ty,
            wire,
            role,
            optional: inner.is_some(),
            kind,
            nothing_below,
            integer,
            attrs,
        })
    }

    /// Whether a payload must carry the field although no attribute says so: its type is not
    /// an `Option` and serde has no default for it.
    #[must_use]
    pub fn implicitly_required(&self, container: &attr::Container) -> bool {
        self.role == Role::Wire
            && !self.optional
            && !self.attrs.serde_default
            && !container.serde_default
    }
}

/// `T` of `Option<T>` (by the last path segment, as far as syntax can tell).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    match arguments.args.first() {
        Some(syn::GenericArgument::Type(inner)) if arguments.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// The name of the type's last path segment (`Vec` of `std::vec::Vec<T>`), through references.
fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Reference(reference) => last_segment(&reference.elem),
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

fn value_kind(ty: &Type) -> ValueKind {
    match last_segment(ty).as_deref() {
        Some("String" | "str") => ValueKind::String,
        Some(
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
            | "usize",
        ) => ValueKind::Integer,
        Some("bool") => ValueKind::Bool,
        Some("f32" | "f64") => ValueKind::Float,
        Some("Vec") => ValueKind::Array,
        _ => ValueKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn with_ir(input: &DeriveInput, test: impl FnOnce(Option<&Container<'_>>, Vec<String>)) {
        let cx = Ctxt::new();
        let container = Container::from_ast(&cx, input);
        let errors = match cx.check() {
            Ok(()) => Vec::new(),
            Err(error) => error.into_iter().map(|error| error.to_string()).collect(),
        };
        test(container.as_ref(), errors);
    }

    #[test]
    fn wire_names_follow_serde() {
        let input: DeriveInput = parse_quote! {
            #[serde(rename_all = "camelCase")]
            struct Campaign {
                out_bound_type: Option<i64>,
                #[serde(rename = "mimAvgCallTime")]
                min_avg_call_time: Option<i64>,
                r#type: i64,
                name: String,
                #[contract(extra)]
                #[serde(flatten)]
                rest: std::collections::BTreeMap<String, serde_json::Value>,
                #[contract(skip)]
                opaque: Opaque,
            }
        };
        with_ir(&input, |container, errors| {
            assert!(errors.is_empty(), "{errors:?}");
            let container = container.expect("IR");
            let fields: Vec<(&str, Role, bool, ValueKind)> = container
                .fields
                .iter()
                .map(|field| (field.wire.as_str(), field.role, field.optional, field.kind))
                .collect();
            assert_eq!(
                fields,
                [
                    ("outBoundType", Role::Wire, true, ValueKind::Integer),
                    ("mimAvgCallTime", Role::Wire, true, ValueKind::Integer),
                    ("type", Role::Wire, false, ValueKind::Integer),
                    ("name", Role::Wire, false, ValueKind::String),
                    ("rest", Role::Extra, false, ValueKind::Unknown),
                    ("opaque", Role::Skip, false, ValueKind::Unknown),
                ]
            );
            assert_eq!(container.wire_fields().count(), 4);
            assert_eq!(container.member_fields().count(), 5);
            assert_eq!(container.extra().map(|f| f.wire.as_str()), Some("rest"));
            assert_eq!(
                container.krate().to_string(),
                ":: isales_contract :: __private"
            );
            let implicit: Vec<bool> = container
                .fields
                .iter()
                .map(|field| field.implicitly_required(&container.attrs))
                .collect();
            assert_eq!(implicit, [false, false, true, true, false, false]);
        });
    }

    #[test]
    fn serde_default_lifts_the_implicit_requirement() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[serde(default)]
                a: i64,
                b: Vec<Item>,
            }
        };
        with_ir(&input, |container, _| {
            let container = container.expect("IR");
            let implicit: Vec<bool> = container
                .fields
                .iter()
                .map(|field| field.implicitly_required(&container.attrs))
                .collect();
            assert_eq!(implicit, [false, true]);
        });
        let input: DeriveInput = parse_quote! {
            #[serde(default)]
            struct S { a: i64 }
        };
        with_ir(&input, |container, _| {
            let container = container.expect("IR");
            assert!(!container.fields[0].implicitly_required(&container.attrs));
        });
    }

    #[test]
    fn only_structs_with_named_fields_derive() {
        for (input, fragment) in [
            (
                parse_quote!(
                    enum E {
                        A,
                    }
                ),
                "an object is a struct with named fields",
            ),
            (
                parse_quote!(
                    struct T(i64);
                ),
                "needs a struct with named fields",
            ),
            (
                parse_quote!(
                    struct U;
                ),
                "needs a struct with named fields",
            ),
            (
                parse_quote!(
                    union V {
                        a: u8,
                    }
                ),
                "not on unions",
            ),
        ] {
            let input: DeriveInput = input;
            with_ir(&input, |container, errors| {
                assert!(container.is_none());
                assert_eq!(errors.len(), 1);
                assert!(errors[0].contains(fragment), "{}", errors[0]);
            });
        }
    }

    #[test]
    fn value_kinds_look_through_option_and_references() {
        let cases: [(Type, ValueKind); 9] = [
            (parse_quote!(Option<String>), ValueKind::String),
            (parse_quote!(&'a str), ValueKind::String),
            (parse_quote!(std::option::Option<u16>), ValueKind::Integer),
            (parse_quote!(Option<bool>), ValueKind::Bool),
            (parse_quote!(f32), ValueKind::Float),
            (parse_quote!(std::vec::Vec<Turn>), ValueKind::Array),
            (parse_quote!(Option<Vec<i64>>), ValueKind::Array),
            (parse_quote!(Status), ValueKind::Unknown),
            (parse_quote!(JsonString<Vec<Turn>>), ValueKind::Unknown),
        ];
        for (ty, kind) in cases {
            let inner = option_inner(&ty).unwrap_or(&ty);
            assert_eq!(value_kind(inner), kind, "{}", ty.to_token_stream());
        }
    }
}
