//! Value rules of one field: `one_of` and `range` on integers, `length`, `chars`, `fixed` and
//! `format` on strings, each calling the runtime's rule function and reporting what it returns
//! with the field's documentation row and the value found (masked later when `personal`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Gen;
use super::condition::int_literal;
use crate::ast::Field;
use crate::attr::{Provenance, Severity};
use crate::defaults::Constraint;
use crate::defaults::Vocabulary;

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
        let rule = generator.rule(&one_of.rule, Some(field), Constraint::OneOf);
        let values = one_of.values.iter().map(|value| int_literal(*value));
        let report = report(rule, found_int.clone());
        integer_rules.push(quote! {
            if let #some(kind) = #krate::rules::one_of::check(number, &[#(#values),*]) {
                #report
            }
        });
    }
    if let Some(range) = &attrs.range {
        let rule = generator.rule(&range.rule, Some(field), Constraint::Range);
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
        let rule = generator.rule(&length.rule, Some(field), Constraint::Length);
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
        let rule = generator.rule(&chars.rule, Some(field), Constraint::Chars);
        let forbid = chars.forbid.as_str();
        let report = report(rule, found_text.clone());
        string_rules.push(quote! {
            if let #some(kind) = #krate::rules::chars::check(text, #forbid) {
                #report
            }
        });
    }
    if let Some(fixed) = &attrs.fixed {
        let rule = generator.rule(&fixed.rule, Some(field), Constraint::Fixed);
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
        let format_kind = quote!(#krate::violation::FormatKind::#kind);
        if runtime_picks_format_rules(generator, field) {
            // One format can break several rules of the contract (a datetime is malformed or
            // only lenient, an http URL invalid or only insecure): the runtime picks, and the
            // attributes may still set the level or provenance of whichever it picks.
            let severity = format.rule.severity.or(attrs.defaults.severity);
            let provenance = format.rule.provenance.or(attrs.defaults.provenance);
            let adjust = match (severity, provenance) {
                (None, None) => TokenStream::new(),
                (severity, provenance) => {
                    let severity = severity.map(|severity| {
                        let severity = quote::format_ident!("{}", severity_variant(severity));
                        quote!(severity: #krate::Severity::#severity,)
                    });
                    let provenance = provenance.map(|provenance| {
                        let provenance = quote::format_ident!("{}", provenance_variant(provenance));
                        quote!(provenance: #krate::Provenance::#provenance,)
                    });
                    quote!(let rule = #krate::Rule { #severity #provenance ..rule };)
                }
            };
            let report = report(quote!(rule), found_text.clone());
            string_rules.push(quote! {
                if let #some((rule, kind)) = #krate::rules::check_format(#format_kind, text) {
                    #adjust
                    #report
                }
            });
        } else {
            let rule = generator.rule(&format.rule, Some(field), Constraint::Format);
            let report = report(rule, found_text.clone());
            string_rules.push(quote! {
                if let #some(kind) = #krate::rules::check_format_strictly(#format_kind, text) {
                    #report
                }
            });
        }
    }

    let mut blocks = Vec::new();
    if !integer_rules.is_empty() {
        // A number outside a narrower integer type (300 for a `u8`) is reported by the type
        // check, as serde would refuse it; the field's own rules judge values of its type.
        let fits = match field.integer.as_deref() {
            Some(name @ ("i8" | "i16" | "i32" | "u8" | "u16" | "u32" | "u64" | "usize")) => {
                let primitive = quote::format_ident!("{name}");
                quote!(.filter(|number| ::core::primitive::#primitive::try_from(*number).is_ok()))
            }
            _ => TokenStream::new(),
        };
        blocks.push(quote! {
            if let #some(number) = value.as_int() #fits {
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

/// Whether a field's format reports the rules the runtime picks for it (on a model of the
/// contract, when no `rule` names one), rather than one rule, the resolved one.
pub(crate) fn runtime_picks_format_rules(generator: &Gen<'_, '_>, field: &Field<'_>) -> bool {
    let named = field
        .attrs
        .format
        .as_ref()
        .is_some_and(|format| format.rule.rule.is_some())
        || field.attrs.defaults.rule.is_some();
    generator.vocabulary == Vocabulary::Contract && !named
}

fn severity_variant(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    }
}

fn provenance_variant(provenance: Provenance) -> &'static str {
    match provenance {
        Provenance::Documented => "Documented",
        Provenance::Inferred => "Inferred",
    }
}
