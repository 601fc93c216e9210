//! `one_of_forms`: when its condition holds, at least one of the alternative sets of fields
//! must be complete; otherwise one `IncompleteForms` violation at the object, listing every
//! field of the alternatives that is missing.
//!
//! The forms are known at compile time, so "is any form complete" is unrolled into one boolean
//! expression and the list of fields to look at for `missing` is deduplicated here.

use proc_macro2::TokenStream;
use quote::quote;

use super::condition::compile;
use super::{Gen, report};
use crate::defaults::Constraint;

/// Every `one_of_forms` of the struct, in `check_fields`.
pub(crate) fn check(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let access = generator.access();
    let checks = generator.container.attrs.one_of_forms.iter().map(|forms| {
        let rule = generator.rule(&forms.rule, None, Constraint::OneOfForms);
        let doc = match &forms.doc {
            // The row a `param` names is one of the struct's fields when the condition is on
            // it (`policyType` of a retry policy); its wire name completes the reference.
            Some(doc) => report::doc_ref(
                krate,
                doc.table.or(generator.table),
                doc.param.as_deref(),
                doc.param.as_deref().and_then(|param| {
                    generator
                        .container
                        .wire_fields()
                        .find(|field| {
                            field
                                .attrs
                                .doc
                                .as_ref()
                                .and_then(|own| own.param.as_deref())
                                == Some(param)
                        })
                        .map(|field| field.wire.as_str())
                }),
                doc.off_page.as_deref(),
            ),
            None => quote!(::core::option::Option::None),
        };
        let complete = forms.forms.iter().map(|form| {
            let present = form.iter().map(|name| {
                let value = access.get(&name.value);
                quote!(#value.is_present())
            });
            if form.len() == 1 {
                quote!(#(#present)*)
            } else {
                quote!((#(#present)&&*))
            }
        });
        let mut names: Vec<&str> = Vec::new();
        for name in forms.forms.iter().flatten() {
            if !names.contains(&name.value.as_str()) {
                names.push(&name.value);
            }
        }
        let listed = forms.forms.iter().map(|form| {
            let form = form.iter().map(|name| name.value.as_str());
            quote!(&[#(#form),*])
        });
        let condition = compile(&forms.when.condition, &access);
        let when = forms.when.condition.to_string();
        quote! {
            if #condition && !(#(#complete)||*) {
                let mut missing = ::std::vec::Vec::new();
                for name in [#(#names),*] {
                    if !fields.get(name).is_present() {
                        missing.push(name);
                    }
                }
                scope.report(
                    #krate::Violation::new(
                        #rule,
                        #krate::ViolationKind::IncompleteForms {
                            forms: &[#(#listed),*],
                            when: #when,
                            missing,
                        },
                    )
                    .with_doc(#doc),
                    fields.own_span(),
                );
            }
        }
    });
    quote!(#(#checks)*)
}
