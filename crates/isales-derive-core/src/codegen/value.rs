//! Value rules of one field: `one_of` and `range` on integers, `length`, `chars`, `fixed` and
//! `format` on strings, each calling the runtime's rule function and reporting what it returns
//! with the field's documentation row and the value found (masked later when `personal`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::condition::int_literal;
use super::{Gen, report};
use crate::ast::Field;

/// The value rules of one field, inside the field's block (`value` and `doc` are bound).
pub(crate) fn field(generator: &Gen<'_, '_>, field: &Field<'_>) -> TokenStream {
    let krate = &generator.krate;
    let wire = field.wire.as_str();
    let attrs = &field.attrs;
    let personal = attrs.personal.is_some();
    let some = quote!(::core::option::Option::Some);
    let none = quote!(::core::option::Option::None);
    let report = |rule: TokenStream, found: TokenStream| {
        quote! {
            scope.report_field(
                #wire,
                #krate::Violation::new(#rule, kind)
                    .with_doc(doc)
                    .with_found(#some(#found)),
                fields.span_of(#wire),
            );
        }
    };
    let found_int = quote!(#krate::Found::new(&number.to_string(), #personal));
    let found_text = quote!(#krate::Found::string(text, #personal));

    let mut integer_rules = Vec::new();
    if let Some(one_of) = &attrs.one_of {
        let rule = generator.rule(&one_of.rule, Some(field), report::ENUM_VALUE);
        let values = one_of.values.iter().map(|value| int_literal(*value));
        let report = report(rule, found_int.clone());
        integer_rules.push(quote! {
            if let #some(kind) = #krate::rules::one_of::check(number, &[#(#values),*]) {
                #report
            }
        });
    }
    if let Some(range) = &attrs.range {
        let rule = generator.rule(&range.rule, Some(field), report::OUT_OF_RANGE);
        let bound = |bound: &Option<crate::attr::Spanned<i64>>| match bound {
            Some(bound) => {
                let value = int_literal(bound.value);
                quote!(#some(#value))
            }
            None => none.clone(),
        };
        let (min, max) = (bound(&range.min), bound(&range.max));
        let report = report(rule, found_int.clone());
        integer_rules.push(quote! {
            if let #some(kind) = #krate::rules::range::check(number, #min, #max) {
                #report
            }
        });
    }

    let mut string_rules = Vec::new();
    if let Some(length) = &attrs.length {
        let rule = generator.rule(&length.rule, Some(field), report::LENGTH);
        let bound = |bound: &Option<crate::attr::Spanned<usize>>| match bound {
            Some(bound) => {
                let value = Literal::usize_unsuffixed(bound.value);
                quote!(#some(#value))
            }
            None => none.clone(),
        };
        let (min, max) = (bound(&length.min), bound(&length.max));
        let report = report(rule, found_text.clone());
        string_rules.push(quote! {
            if let #some(kind) = #krate::rules::length::check(text, #min, #max) {
                #report
            }
        });
    }
    if let Some(chars) = &attrs.chars {
        let rule = generator.rule(&chars.rule, Some(field), report::FORBIDDEN_CHARACTER);
        let forbid = chars.forbid.as_str();
        let report = report(rule, found_text.clone());
        string_rules.push(quote! {
            if let #some(kind) = #krate::rules::chars::check(text, #forbid) {
                #report
            }
        });
    }
    if let Some(fixed) = &attrs.fixed {
        let rule = generator.rule(&fixed.rule, Some(field), report::FIXED_VALUE);
        let expected = fixed.value.as_str();
        let report = report(rule, found_text.clone());
        string_rules.push(quote! {
            if let #some(kind) = #krate::rules::fixed::check(text, #expected) {
                #report
            }
        });
    }
    if let Some(format) = &attrs.format {
        let kind = quote::format_ident!("{}", format.format.variant_name());
        // The runtime decides the rule: one format can break several (datetime is strict or
        // lenient, http_url invalid or insecure).
        let report = report(quote!(rule), found_text.clone());
        string_rules.push(quote! {
            if let #some((rule, kind)) =
                #krate::rules::check_format(#krate::violation::FormatKind::#kind, text)
            {
                #report
            }
        });
    }

    let mut blocks = Vec::new();
    if !integer_rules.is_empty() {
        blocks.push(quote! {
            if let #some(number) = value.as_int() {
                #(#integer_rules)*
            }
        });
    }
    if !string_rules.is_empty() {
        blocks.push(quote! {
            if let #some(text) = value.as_str() {
                #(#string_rules)*
            }
        });
    }
    quote!(#(#blocks)*)
}
