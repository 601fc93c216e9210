//! `#[derive(Coded)]`: an enum that stands for an integer code with a short documented list of
//! values (`status` 2/3/4), written as Rust reads best, one variant per listed code:
//!
//! ```text
//! #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Coded)]
//! pub enum CampaignStatus {
//!     /// `2`: dialling is running.
//!     #[coded(code = 2, meaning = "dialling is running")]
//!     Started,
//!     /// A value the documentation does not list, kept as sent.
//!     Other(i64),
//! }
//! ```
//!
//! The derive writes the `Coded` impl (the listed codes, code ⇄ variant, the meanings) and
//! invokes the runtime's `impl_coded!` for serde, `Display`, `Shape` and the schema. Every
//! mistake of the attributes is reported at once, each at its place.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

use crate::ctxt::Ctxt;

/// One listed code: the variant, its code and what it means.
struct Listed {
    variant: syn::Ident,
    code: i64,
    meaning: String,
}

/// Expands `#[derive(Coded)]` on `input`: the impls, or one `compile_error!` per mistake.
#[must_use]
pub fn expand(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let cx = Ctxt::new();
    let krate = crate_path(&cx, &input.attrs);
    let generated = match &input.data {
        syn::Data::Enum(data) => enumeration(&cx, &input.ident, data, &krate),
        _ => {
            cx.error_spanned_by(&input.ident, "`Coded` derives only on an enum of codes");
            None
        }
    };
    match (cx.check(), generated) {
        (Err(errors), _) => errors.to_compile_error(),
        (Ok(()), Some(generated)) => generated,
        (Ok(()), None) => quote!(::core::compile_error!(
            "isales-derive: no code and no error; this is a bug in isales-derive-core"
        )),
    }
}

/// The runtime crate's path: `#[coded(crate = "crate")]` inside it, `::isales_contract` else.
fn crate_path(cx: &Ctxt, attrs: &[syn::Attribute]) -> TokenStream {
    let mut path = quote!(::isales_contract);
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("coded")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                match lit.parse::<syn::Path>() {
                    Ok(parsed) => path = quote!(#parsed),
                    Err(error) => cx.error_spanned_by(&lit, format!("not a path: {error}")),
                }
                Ok(())
            } else {
                Err(meta.error("unknown key on the enum; expected `crate = \"..\"`"))
            }
        });
        if let Err(error) = parsed {
            cx.syn_error(error);
        }
    }
    // Expansions name the runtime's hidden module, never its public surface.
    quote!(#path::__private)
}

/// The impls for an enum, when its variants are listed codes and one `Other(i64)`.
fn enumeration(
    cx: &Ctxt,
    name: &syn::Ident,
    data: &syn::DataEnum,
    krate: &TokenStream,
) -> Option<TokenStream> {
    let mut listed = Vec::new();
    let mut other = Vec::new();
    let mut seen: BTreeMap<i64, syn::Ident> = BTreeMap::new();
    for variant in &data.variants {
        let coded: Vec<&syn::Attribute> = variant
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("coded"))
            .collect();
        match (&variant.fields, coded.as_slice()) {
            (syn::Fields::Unnamed(fields), []) if fields.unnamed.len() == 1 => {
                other.push(variant.ident.clone());
            }
            (syn::Fields::Unit, [attr]) => {
                if let Some(code) = listed_code(cx, &variant.ident, attr) {
                    if let Some(first) = seen.insert(code.code, variant.ident.clone()) {
                        cx.error_spanned_by(
                            &variant.ident,
                            format!("code {} is already `{first}`", code.code),
                        );
                    }
                    listed.push(code);
                }
            }
            (syn::Fields::Unit, []) => cx.error_spanned_by(
                &variant.ident,
                "a listed variant needs `#[coded(code = .., meaning = \"..\")]`",
            ),
            (_, [_, second, ..]) => cx.error_spanned_by(second, "give `#[coded(..)]` once"),
            _ => cx.error_spanned_by(
                &variant.ident,
                "variants are listed codes (`#[coded(code = ..)] Name`) or the one `Other(i64)`",
            ),
        }
    }
    match other.as_slice() {
        [_] => {}
        [] => cx.error_spanned_by(
            name,
            "add the variant for unlisted codes, `Other(i64)`: a new value must not fail to read",
        ),
        [_, extra, ..] => cx.error_spanned_by(extra, "only one variant holds unlisted codes"),
    }
    let other = other.first()?;
    let variants: Vec<&syn::Ident> = listed.iter().map(|code| &code.variant).collect();
    let codes: Vec<i64> = listed.iter().map(|code| code.code).collect();
    let meanings = listed.iter().map(|code| code.meaning.as_str());
    Some(quote! {
        impl #krate::models::Coded for #name {
            const LISTED: &'static [i64] = &[#(#codes),*];

            fn code(self) -> i64 {
                match self {
                    #(Self::#variants => #codes,)*
                    Self::#other(code) => code,
                }
            }

            fn from_code(code: i64) -> Self {
                match code {
                    #(#codes => Self::#variants,)*
                    other => Self::#other(other),
                }
            }

            fn meaning(self) -> ::core::option::Option<&'static str> {
                match self {
                    #(Self::#variants => ::core::option::Option::Some(#meanings),)*
                    Self::#other(_) => ::core::option::Option::None,
                }
            }
        }

        #krate::impl_coded!(#name);
    })
}

/// `#[coded(code = 2, meaning = "...")]` of a listed variant.
fn listed_code(cx: &Ctxt, variant: &syn::Ident, attr: &syn::Attribute) -> Option<Listed> {
    let mut code = None;
    let mut meaning = None;
    let parsed = attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("code") {
            let expr: syn::Expr = meta.value()?.parse()?;
            code = Some(integer(&expr).ok_or_else(|| {
                syn::Error::new(expr.span(), "expected an integer code (`2`, `-1`)")
            })?);
            Ok(())
        } else if meta.path.is_ident("meaning") {
            let lit: syn::LitStr = meta.value()?.parse()?;
            meaning = Some(lit.value());
            Ok(())
        } else {
            Err(meta.error("unknown key on a variant; expected `code` or `meaning`"))
        }
    });
    if let Err(error) = parsed {
        cx.syn_error(error);
        return None;
    }
    match (code, meaning) {
        (Some(code), Some(meaning)) => Some(Listed {
            variant: variant.clone(),
            code,
            meaning,
        }),
        (None, _) => {
            cx.error_spanned_by(attr, "a listed variant needs its `code = ..`");
            None
        }
        (_, None) => {
            cx.error_spanned_by(attr, "say what the code means: `meaning = \"..\"`");
            None
        }
    }
}

/// The value of an integer literal, negative ones included.
fn integer(expr: &syn::Expr) -> Option<i64> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(lit),
            ..
        }) => lit.base10_parse().ok(),
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => integer(expr).and_then(i64::checked_neg),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(input: TokenStream) -> String {
        expand(input).to_string()
    }

    #[test]
    fn listed_codes_become_the_coded_impl() {
        let out = expand(quote! {
            #[coded(crate = "crate")]
            pub enum Status {
                #[coded(code = 2, meaning = "running")]
                Started,
                #[coded(code = -1, meaning = "unknown")]
                Unknown,
                Other(i64),
            }
        })
        .to_string()
        .replace(' ', "");
        assert!(
            out.contains("implcrate::__private::models::CodedforStatus"),
            "{out}"
        );
        assert!(
            out.contains("constLISTED:&'static[i64]=&[2i64,-1i64]"),
            "{out}"
        );
        assert!(out.contains("-1i64=>Self::Unknown"), "{out}");
        assert!(out.contains("Self::Other(code)=>code"), "{out}");
        assert!(
            out.contains("crate::__private::impl_coded!(Status)"),
            "{out}"
        );
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let out = errors(quote! {
            pub enum Status {
                #[coded(code = 2, meaning = "running")]
                Started,
                #[coded(code = 2, meaning = "again")]
                Again,
                #[coded(meaning = "no code")]
                NoCode,
                #[coded(code = "x", meaning = "text")]
                Text,
                Bare,
            }
        });
        for fragment in [
            "code 2 is already `Started`",
            "a listed variant needs its `code = ..`",
            "expected an integer code",
            "a listed variant needs `#[coded(code = .., meaning = \\\"..\\\")]`",
            "add the variant for unlisted codes",
        ] {
            assert!(out.contains(fragment), "no {fragment:?} in {out}");
        }
        assert_eq!(out.matches("compile_error").count(), 5, "{out}");
    }
}
