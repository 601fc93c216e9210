//! `empty_as_absent`: a field whose `""` means "not set".
//!
//! Rules see such a field through `Fields::get` as absent when it holds the
//! empty string: the typed `get` wraps the value in `contract::blank_as_absent`, and the
//! located path's `NodeFields` is told the field names. The `""` itself is reported once, in
//! `check_fields` (shared by both paths), through `Fields::is_blank_slot`; the located member walk
//! skips the value's own checks (a format, an embedded document) for it.

use proc_macro2::TokenStream;
use quote::quote;

use super::Gen;
use crate::ast::Field;
use crate::defaults::Constraint;

/// The wire names of the fields marked `empty_as_absent`, for `NodeFields`.
pub(crate) fn names(generator: &Gen<'_, '_>) -> Vec<String> {
    generator
        .container
        .wire_fields()
        .filter(|field| field.attrs.empty_as_absent.is_some())
        .map(|field| field.wire.clone())
        .collect()
}

/// The typed `Fields::is_blank`: the value is `""`, or (for a model whose `extra` field
/// remembers it) arrived as `""` and was read as absent.
pub(crate) fn typed(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let extra = generator.container.extra().map(|extra| extra.member);
    let arms: Vec<TokenStream> = generator
        .container
        .wire_fields()
        .filter(|field| field.attrs.empty_as_absent.is_some())
        .map(|field| {
            let wire = field.wire.as_str();
            let member = field.member;
            let ty = field.ty;
            let remembered =
                extra.map(|extra| quote!(|| #krate::Unlisted::arrived_blank(&self.#extra, #wire)));
            quote!(#wire => <#ty as #krate::Shape>::is_blank(&self.#member) #remembered,)
        })
        .collect();
    if arms.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn is_blank(&self, name: &str) -> bool {
            match name {
                #(#arms)*
                _ => false,
            }
        }
    }
}

/// In `check_fields`: reports a marked field that holds `""`.
pub(crate) fn report(generator: &Gen<'_, '_>, field: &Field<'_>) -> TokenStream {
    let Some(flag) = &field.attrs.empty_as_absent else {
        return TokenStream::new();
    };
    let krate = &generator.krate;
    let wire = field.wire.as_str();
    let rule = generator.rule(&flag.rule, Some(field), Constraint::EmptyAsAbsent);
    let blank = generator.access().is_blank(wire);
    quote! {
        if #blank {
            scope.report_field(
                #wire,
                #krate::Violation::new(#rule, #krate::ViolationKind::BlankAsAbsent)
                    .with_doc(doc)
                    .with_found(::core::option::Option::Some(#krate::Found::new("\"\"", false))),
                fields.span_of(#wire),
            );
        }
    }
}
