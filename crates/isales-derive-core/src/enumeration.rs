//! `#[derive(Contract)]` on an enum of unit variants: a field type whose values are listed.
//!
//! Two kinds, told apart by the variants:
//! - without discriminants, an enum of **strings**: the allowed values are the names serde
//!   reads (`#[serde(rename)]`, the enum's `rename_all`, the variant's name), and its aliases;
//! - with a discriminant on every variant (`Low = 1`), an enum of **integer codes** (read with
//!   `serde_repr` or an impl of your own): the allowed values are the discriminants.
//!
//! The derive writes `Shape` (the enum as a field type: its value for conditions and rules, the
//! located check of a JSON value) and `paths::Descend` (for the compile-time checks of paths:
//! nothing to step into). A value that is none of the variants is reported at the field's
//! pointer with the allowed values, under the enum's `rule` (default: `one-of`, or the
//! contract's `enum-value` inside the runtime). A variant JSON never gives (serde's `other`,
//! `skip`, `skip_deserializing`) is allowed in no payload: a typed value holding one is reported
//! the same way, so both paths agree.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{DataEnum, DeriveInput};

use crate::attr;
use crate::ctxt::Ctxt;
use crate::defaults::{Constraint, Vocabulary};

/// One variant: its ident, the names serde reads it from (none for a variant JSON never
/// gives), and whether it has a discriminant.
struct Variant<'a> {
    ident: &'a syn::Ident,
    names: Vec<String>,
    discriminant: bool,
}

/// The impls for an enum, or one `compile_error!` per mistake.
pub(crate) fn expand(input: &DeriveInput, data: &DataEnum) -> TokenStream {
    let cx = Ctxt::new();
    let attrs = attr::Enum::from_attrs(&cx, &input.attrs);
    let mut variants = Vec::new();
    for variant in &data.variants {
        let serde = attr::Variant::from_attrs(&cx, &variant.attrs);
        if !matches!(variant.fields, syn::Fields::Unit) {
            cx.error_spanned_by(
                &variant.fields,
                "`#[derive(Contract)]` on an enum lists values: every variant is a unit variant \
                 (`Red`, or `Low = 1` for integer codes); derive it on a struct for JSON objects",
            );
            continue;
        }
        let names = if serde.skip || serde.other {
            Vec::new()
        } else {
            let name = match (&serde.rename, attrs.rename_all) {
                (Some(rename), _) => rename.clone(),
                (None, Some(rule)) => rule.apply_to_variant(&variant.ident.to_string()),
                (None, None) => variant.ident.to_string(),
            };
            std::iter::once(name).chain(serde.aliases).collect()
        };
        variants.push(Variant {
            ident: &variant.ident,
            names,
            discriminant: variant.discriminant.is_some(),
        });
    }
    let coded = variants.iter().any(|variant| variant.discriminant);
    if coded {
        for variant in variants.iter().filter(|variant| !variant.discriminant) {
            cx.error_spanned_by(
                variant.ident,
                "give every variant its code (`Low = 1`) for an enum of integer codes, or none \
                 for an enum of strings",
            );
        }
    }
    if !variants.iter().any(|variant| !variant.names.is_empty()) && !data.variants.is_empty() {
        let enum_token = data.enum_token;
        let ident = &input.ident;
        cx.error_spanned_by(
            quote!(#enum_token #ident),
            "the enum has no value JSON can give: every variant is `skip` or `other`",
        );
    }
    if data.variants.is_empty() {
        let enum_token = data.enum_token;
        let ident = &input.ident;
        cx.error_spanned_by(
            quote!(#enum_token #ident),
            "an enum without variants has no value to allow",
        );
    }
    if let Err(errors) = cx.check() {
        return errors.to_compile_error();
    }
    let root = match &attrs.krate {
        Some(path) => path.to_token_stream(),
        None => quote!(::isales_contract),
    };
    let vocabulary = match &attrs.krate {
        Some(path) if path.is_ident("crate") => Vocabulary::Contract,
        _ => Vocabulary::Neutral,
    };
    let krate = quote!(#root::__private);
    let defaults = Constraint::EnumVariant
        .defaults(vocabulary)
        .unwrap_or_else(|| Constraint::EnumVariant.neutral());
    let rule = crate::codegen::rule_tokens(&krate, &attrs.rule, defaults);
    if coded {
        coded_impls(input, &variants, &krate, &rule)
    } else {
        string_impls(input, &variants, &krate, &rule)
    }
}

/// The arms of `match self` for the variants JSON never gives, and whether there are any.
fn never_given<'a>(variants: &[Variant<'a>]) -> Vec<&'a syn::Ident> {
    variants
        .iter()
        .filter(|variant| variant.names.is_empty())
        .map(|variant| variant.ident)
        .collect()
}

/// `validate_in` for the variants JSON never gives: a typed value holding one is reported.
fn typed_check(
    variants: &[Variant<'_>],
    krate: &TokenStream,
    rule: &TokenStream,
    allowed: &[&str],
) -> TokenStream {
    let never = never_given(variants);
    if never.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn validate_in(&self, scope: &mut #krate::Scope<'_>) {
            if ::core::matches!(self, #(Self::#never)|*) {
                #krate::contract::report_unlisted(
                    #rule,
                    &[#(#allowed),*],
                    #krate::Found::new("a value JSON does not give", false),
                    scope,
                    ::core::option::Option::None,
                );
            }
        }
    }
}

/// An enum of strings.
fn string_impls(
    input: &DeriveInput,
    variants: &[Variant<'_>],
    krate: &TokenStream,
    rule: &TokenStream,
) -> TokenStream {
    let refs = variants.iter().map(|variant| {
        let name = variant.ident;
        match variant.names.first() {
            Some(wire) => quote!(Self::#name => #krate::FieldRef::Str(#wire),),
            None => quote!(Self::#name => #krate::FieldRef::Other,),
        }
    });
    let allowed: Vec<&str> = variants
        .iter()
        .filter_map(|variant| variant.names.first().map(String::as_str))
        .collect();
    let accepted: Vec<&str> = variants
        .iter()
        .flat_map(|variant| variant.names.iter().map(String::as_str))
        .collect();
    let typed = typed_check(variants, krate, rule, &allowed);
    let check = quote! {
        let ::core::option::Option::Some(text) = node.as_str() else {
            #krate::contract::report_type_mismatch("string", node, scope, info);
            return;
        };
        if !::core::matches!(text, #(#accepted)|*) {
            #krate::contract::report_unlisted(
                #rule,
                &[#(#allowed),*],
                #krate::Found::string(text, info.personal),
                scope,
                ::core::option::Option::Some((node, info)),
            );
        }
    };
    let shape = Shape {
        expected: "string",
        what: "a string",
        refs: refs.collect(),
        typed,
        check,
    };
    shape.impls(input, krate, TokenStream::new())
}

/// An enum of integer codes: its discriminants.
fn coded_impls(
    input: &DeriveInput,
    variants: &[Variant<'_>],
    krate: &TokenStream,
    rule: &TokenStream,
) -> TokenStream {
    let ident = &input.ident;
    let refs = variants.iter().map(|variant| {
        let name = variant.ident;
        if variant.names.is_empty() {
            quote!(Self::#name => #krate::FieldRef::Other,)
        } else {
            quote!(Self::#name => #krate::FieldRef::Int(Self::#name as i64),)
        }
    });
    let listed: Vec<&syn::Ident> = variants
        .iter()
        .filter(|variant| !variant.names.is_empty())
        .map(|variant| variant.ident)
        .collect();
    let never = never_given(variants);
    let typed = if never.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            fn validate_in(&self, scope: &mut #krate::Scope<'_>) {
                if ::core::matches!(self, #(Self::#never)|*) {
                    let code = match *self {
                        #(Self::#never => Self::#never as i64,)*
                        _ => 0,
                    };
                    scope.report(
                        #krate::Violation::new(
                            #rule,
                            #krate::ViolationKind::NotListed { value: code, listed: LISTED },
                        ),
                        ::core::option::Option::None,
                    );
                }
            }
        }
    };
    let shape = Shape {
        expected: "integer",
        what: "an integer",
        refs: refs.collect(),
        typed,
        check: quote!(#krate::contract::check_code(node, scope, info, #rule, LISTED);),
    };
    shape.impls(
        input,
        krate,
        quote!(const LISTED: &[i64] = &[#(#ident::#listed as i64),*];),
    )
}

/// The `Shape` impl of an enum field type, the parts that differ between words and codes.
struct Shape {
    /// `Shape::EXPECTED`: the JSON type.
    expected: &'static str,
    /// The JSON type with its article, for the compile-time checks of paths.
    what: &'static str,
    /// The arms of `field_ref`.
    refs: Vec<TokenStream>,
    /// `validate_in`, for the variants JSON never gives (empty when there are none).
    typed: TokenStream,
    /// The body of `check_node`.
    check: TokenStream,
}

impl Shape {
    /// The impl, after `prelude` (items the bodies name), with what the path checks descend
    /// through.
    fn impls(self, input: &DeriveInput, krate: &TokenStream, prelude: TokenStream) -> TokenStream {
        let ident = &input.ident;
        let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
        let Shape {
            expected,
            what,
            refs,
            typed,
            check,
        } = self;
        let descend = descend(ident, &input.generics, krate, what);
        quote! {
            const _: () = {
                #prelude

                #[automatically_derived]
                #[diagnostic::do_not_recommend]
                impl #impl_generics #krate::Shape for #ident #ty_generics #where_clause {
                    const EXPECTED: &'static str = #expected;

                    fn field_ref(&self) -> #krate::FieldRef<'_> {
                        match self {
                            #(#refs)*
                        }
                    }

                    #typed

                    fn check_node(
                        node: &#krate::json::Node<'_>,
                        scope: &mut #krate::Scope<'_>,
                        info: &#krate::FieldInfo,
                    ) {
                        #check
                    }
                }

                #descend
            };
        }
    }
}

/// `paths::Descend`: a value with nothing below it, for the compile-time checks of paths.
fn descend(
    ident: &syn::Ident,
    generics: &syn::Generics,
    krate: &TokenStream,
    what: &str,
) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::paths::Descend for #ident #ty_generics #where_clause {
            type Items = #krate::paths::NoItems<Self>;
            type Object = #krate::paths::NoFields<Self>;
            const WHAT: &'static str = #what;
        }
    }
}
