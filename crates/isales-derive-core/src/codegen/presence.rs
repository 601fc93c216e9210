//! Presence rules: `required` (and the requirement of a field that is not an `Option`),
//! `required_if`, `absent_unless`, and the struct's `required_if` on sibling fields.
//!
//! They run in `check_fields`, so the typed and the located path share them. A missing field is
//! reported at its own pointer with the span of its `null`, or of the object when the member is
//! not there at all; an unexpected field at its value.

use proc_macro2::TokenStream;
use quote::quote;

use super::Gen;
use super::condition::compile;
use crate::ast::Field;
use crate::defaults::Constraint;

/// The presence rules of one field, inside the field's block (`value` and `doc` are bound).
pub(crate) fn field(generator: &Gen<'_, '_>, field: &Field<'_>) -> TokenStream {
    let krate = &generator.krate;
    let wire = field.wire.as_str();
    let attrs = &field.attrs;
    let mut rules = Vec::new();
    let required = match &attrs.required {
        Some(required) => Some(generator.rule(&required.rule, Some(field), Constraint::Required)),
        None if field.implicitly_required(&generator.container.attrs) => {
            Some(generator.rule(&Default::default(), None, Constraint::Required))
        }
        None => None,
    };
    if let Some(rule) = required {
        let report = missing(krate, wire, None, &rule, &quote!(doc));
        rules.push(quote! {
            if !value.is_present() {
                #report
            }
        });
    }
    for conditional in &attrs.required_if {
        let rule = generator.rule(&conditional.rule, Some(field), Constraint::RequiredIf);
        let condition = compile(&conditional.when.condition, &generator.access());
        let when = conditional.when.condition.to_string();
        let report = missing(krate, wire, Some(&when), &rule, &quote!(doc));
        rules.push(quote! {
            if !value.is_present() && #condition {
                #report
            }
        });
    }
    if let Some(conditional) = &attrs.absent_unless {
        let rule = generator.rule(&conditional.rule, Some(field), Constraint::AbsentUnless);
        let condition = compile(&conditional.when.condition, &generator.access());
        let unless = conditional.when.condition.to_string();
        rules.push(quote! {
            if value.is_present() && !(#condition) {
                scope.report_field(
                    #wire,
                    #krate::Violation::new(
                        #rule,
                        #krate::ViolationKind::Unexpected { field: #wire, unless: #unless },
                    )
                    .with_doc(doc),
                    fields.span_of(#wire),
                );
            }
        });
    }
    quote!(#(#rules)*)
}

/// The struct's `required_if` requirements on sibling fields, in `check_fields`.
pub(crate) fn sibling_requirements(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let access = generator.access();
    let mut blocks = Vec::new();
    for requirement in &generator.container.attrs.required_if {
        let siblings: Vec<TokenStream> = requirement
            .fields
            .iter()
            .filter(|path| path.value.is_sibling())
            .map(|path| {
                let wire = path.value.head();
                let rule = generator.rule(&requirement.rule, None, Constraint::RequiredIf);
                let doc = generator.requirement_doc(requirement, &path.value);
                let when = requirement
                    .when
                    .as_ref()
                    .map(|when| when.condition.to_string());
                let report = missing(krate, wire, when.as_deref(), &rule, &doc);
                let value = access.get(wire);
                quote! {
                    if !#value.is_present() {
                        #report
                    }
                }
            })
            .collect();
        if siblings.is_empty() {
            continue;
        }
        blocks.push(match &requirement.when {
            Some(when) => {
                let condition = compile(&when.condition, &access);
                quote! {
                    if #condition {
                        #(#siblings)*
                    }
                }
            }
            None => quote!(#(#siblings)*),
        });
    }
    quote!(#(#blocks)*)
}

/// Reports `wire` missing (at its `null`, or at the object when the member is not there).
fn missing(
    krate: &TokenStream,
    wire: &str,
    when: Option<&str>,
    rule: &TokenStream,
    doc: &TokenStream,
) -> TokenStream {
    let when = match when {
        Some(when) => quote!(::core::option::Option::Some(#when)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        scope.report_field(
            #wire,
            #krate::Violation::new(
                #rule,
                #krate::ViolationKind::Missing { field: #wire, when: #when },
            )
            .with_doc(#doc),
            fields.span_of(#wire).or(fields.own_span()),
        );
    }
}
