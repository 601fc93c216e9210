//! `json_string = "T"` fields on typed values: the field holds text; `validate_in` parses it
//! once with serde (`JsonString::<T>::parse`), validates the document it gets, and when serde
//! rejects the text asks the runtime's `json_string::check_unparsed` to say why the way the
//! located path would. On the located path the field is checked as a `JsonString<T>`
//! (see [`members`](super::members)).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Gen;
use super::report::field_info;
use crate::ast::Field;

/// The local variable holding a field's parsed content.
pub(crate) fn local(field: &Field<'_>) -> syn::Ident {
    format_ident!("{}_json", field.member)
}

/// The `let`s that parse every `json_string` field (an `Option<(&str, Result<JsonString<T>, _>)>`
/// each: `None` when the field is absent).
pub(crate) fn parse(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let parses = generator.json_string_fields().map(|(field, ty)| {
        let local = local(field);
        let member = field.member;
        let field_ty = field.ty;
        // `""` in a field whose empty string means "not set" holds no document.
        let blank = field
            .attrs
            .empty_as_absent
            .as_ref()
            .map(|_| quote!(.filter(|text| !text.is_empty())));
        quote! {
            let #local = <#field_ty as #krate::Shape>::field_ref(&self.#member)
                .as_str()
                #blank
                .map(|text| (text, #krate::JsonString::<#ty>::parse(text)));
        }
    });
    quote!(#(#parses)*)
}

/// Validates what `parse` parsed, or explains why it did not parse.
pub(crate) fn validate(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let checks = generator.json_string_fields().map(|(field, ty)| {
        let local = local(field);
        let wire = field.wire.as_str();
        let info = field_info(generator, field);
        quote! {
            if let ::core::option::Option::Some((text, parsed)) = &#local {
                let mut scope = scope.field(#wire);
                match parsed {
                    ::core::result::Result::Ok(document) => {
                        #krate::Shape::validate_in(document, &mut scope);
                    }
                    ::core::result::Result::Err(error) => {
                        #krate::json_string::check_unparsed::<#ty>(text, error, &mut scope, &#info);
                    }
                }
            }
        }
    });
    quote!(#(#checks)*)
}
