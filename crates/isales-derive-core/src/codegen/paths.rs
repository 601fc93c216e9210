//! The struct's `required_if` paths that go below it (`turns[].turnType`,
//! `skillParam.outBoundType`): each becomes a `paths::Requirement` constant handed to the
//! runtime's typed navigator in `validate_in` and to its located navigator in `check_object`.
//!
//! The condition is this object's and is compiled here; the navigators only walk. On typed
//! values, `json_string` fields hold text: `validate_in` parses them once and hands the parsed
//! values to the navigator through `paths::WithParsed`.

use isales_spec::{FieldPath, Step};
use proc_macro2::TokenStream;
use quote::quote;

use super::Gen;
use super::condition::compile;
use crate::defaults::Constraint;

/// Whether any requirement goes below the struct.
pub(crate) fn any(generator: &Gen<'_, '_>) -> bool {
    generator
        .container
        .attrs
        .required_if
        .iter()
        .flat_map(|requirement| &requirement.fields)
        .any(|path| !path.value.is_sibling())
}

/// The checks, each guarded by its condition; `check` calls one navigator with a requirement.
fn checks(generator: &Gen<'_, '_>, check: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    let krate = &generator.krate;
    let blocks = generator
        .container
        .attrs
        .required_if
        .iter()
        .filter_map(|requirement| {
            let calls: Vec<TokenStream> = requirement
                .fields
                .iter()
                .filter(|path| !path.value.is_sibling())
                .map(|path| {
                    let steps = steps(generator, &path.value);
                    let rule = generator.rule(&requirement.rule, None, Constraint::RequiredIf);
                    let when = match &requirement.when {
                        Some(when) => {
                            let when = when.condition.to_string();
                            quote!(::core::option::Option::Some(#when))
                        }
                        None => quote!(::core::option::Option::None),
                    };
                    let doc = generator.requirement_doc(requirement, &path.value);
                    check(quote! {
                        &#krate::paths::Requirement {
                            path: &[#(#steps),*],
                            rule: #rule,
                            when: #when,
                            doc: #doc,
                        }
                    })
                })
                .collect();
            if calls.is_empty() {
                return None;
            }
            Some(match &requirement.when {
                Some(when) => {
                    let condition = compile(&when.condition, &generator.access());
                    quote! {
                        if #condition {
                            #(#calls)*
                        }
                    }
                }
                None => quote!(#(#calls)*),
            })
        });
    quote!(#(#blocks)*)
}

/// The runtime steps of a path. The `[]` after the struct's own field takes a lone object as
/// the only item when that field says so (`lone_object`); deeper steps do not know the types
/// they pass through.
fn steps(generator: &Gen<'_, '_>, path: &FieldPath) -> Vec<TokenStream> {
    let krate = &generator.krate;
    let lone_head = generator
        .container
        .wire_field(path.head())
        .is_some_and(|field| field.attrs.lone_object.is_some());
    path.steps()
        .iter()
        .enumerate()
        .map(|(index, step)| match step {
            Step::Field(name) => quote!(#krate::paths::Step::Field(#name)),
            Step::Items if index == 1 && lone_head => {
                quote!(#krate::paths::Step::ItemsOrLone)
            }
            Step::Items => quote!(#krate::paths::Step::Items),
        })
        .collect()
}

/// `validate_in`: the typed navigator, over `self` and the parsed `json_string` fields.
pub(crate) fn typed(generator: &Gen<'_, '_>) -> TokenStream {
    if !any(generator) {
        return TokenStream::new();
    }
    let krate = &generator.krate;
    let checks = checks(
        generator,
        |requirement| quote!(#krate::paths::check_typed(fields, #requirement, scope);),
    );
    let parsed: Vec<TokenStream> = generator
        .json_string_fields()
        .map(|(field, _)| {
            let wire = field.wire.as_str();
            let local = super::json_string::local(field);
            quote! {
                (#wire, match &#local {
                    ::core::option::Option::Some((_, ::core::result::Result::Ok(document))) => {
                        #krate::Shape::field_ref(document)
                    }
                    ::core::option::Option::Some((_, ::core::result::Result::Err(_))) => {
                        #krate::FieldRef::Other
                    }
                    ::core::option::Option::None => #krate::FieldRef::Absent,
                })
            }
        })
        .collect();
    if parsed.is_empty() {
        return quote! {
            {
                let fields: &dyn #krate::Fields = self;
                #checks
            }
        };
    }
    quote! {
        {
            let parsed = [#(#parsed),*];
            let fields = #krate::paths::WithParsed { fields: self, parsed: &parsed };
            let fields: &dyn #krate::Fields = &fields;
            #checks
        }
    }
}

/// `check_object`: the located navigator, after `check_fields` (`fields` is the `NodeFields`).
pub(crate) fn located(generator: &Gen<'_, '_>) -> TokenStream {
    if !any(generator) {
        return TokenStream::new();
    }
    let krate = &generator.krate;
    let checks = checks(
        generator,
        |requirement| quote!(#krate::paths::check_located(node, ALIASES, #requirement, scope);),
    );
    quote! {
        let fields: &dyn #krate::Fields = &fields;
        #checks
    }
}
