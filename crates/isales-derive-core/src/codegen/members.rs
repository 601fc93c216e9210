//! `check_object`'s walk over the members of a located object, in source order.
//!
//! Each member is first recognised: a documented key or an alias of one (by index into the
//! struct's member fields), or unknown. A key seen before, or the alias of a field already
//! seen (and vice versa), is a `duplicate-key` at that member and is not checked again; serde
//! would silently keep the last one. An alias also reports `alias`. A present, non-`null` value
//! gets its field type's `Shape::check_node` (or `JsonString<T>`'s for `json_string` fields);
//! `null` is left to the presence rules. An unknown key is `undocumented-field`, once per key;
//! `UnknownKeys` remembers them in linear time however many there are.
//!
//! The value of a field marked `personal` is recorded with `Scope::personal` (repeated keys
//! too), for masked output.
//!
//! The walk also fills `slots`, each member's value by number, for `NodeFields::get_slot`:
//! the first member spelled as documented, else the first spelled as the alias, which is what
//! looking the name up would find. `slot_of` gives the number of a documented name, so that
//! `NodeFields` answers a field asked for by name (by a hand-written check) from `slots` too.
//!
//! What the walk found is also said on the way back (`paths::Presence`, `present`): the
//! members numbered as `slots`, spelled as documented and not `null`, that an object below a
//! path's first step holds. The fields paths start at keep what the walk below them found
//! (`below`, see `paths::present_heads`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Gen, report};
use crate::ast::Role;
use crate::defaults::Constraint;

/// The `ALIASES` constant `NodeFields` and the located navigator read.
pub(crate) fn aliases(generator: &Gen<'_, '_>) -> TokenStream {
    let pairs = generator.container.wire_fields().filter_map(|field| {
        let alias = field.attrs.alias.as_ref()?;
        let documented = field.wire.as_str();
        let used = alias.name.value.as_str();
        Some(quote!((#documented, #used)))
    });
    quote! {
        const ALIASES: &[(&str, &str)] = &[#(#pairs),*];
    }
}

/// `slot_of`, which `NodeFields` reads a field by name with: the number of the member
/// documented as `name` (the numbers the walk fills `slots` by), without going over the
/// object's members again.
pub(crate) fn slot_of(generator: &Gen<'_, '_>) -> TokenStream {
    let some = quote!(::core::option::Option::Some);
    let arms = generator
        .container
        .member_fields()
        .enumerate()
        .map(|(index, field)| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let wire = field.wire.as_str();
            quote!(#wire => #some(#index),)
        });
    quote! {
        fn slot_of(name: &str) -> ::core::option::Option<usize> {
            match name {
                #(#arms)*
                _ => ::core::option::Option::None,
            }
        }
    }
}

/// The loop over the members of `node`.
pub(crate) fn walk(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let some = quote!(::core::option::Option::Some);
    let duplicate_key = generator.structure_rule("duplicate_key", "DUPLICATE_KEY");
    let undocumented_field = generator.structure_rule("undocumented_field", "UNDOCUMENTED_FIELD");
    // An unknown key, repeated or not, cites the object's table: no row documents it.
    let unknown = quote! {
        if !unknown.insert(key) {
            scope.report_field(
                key,
                #krate::Violation::new(
                    #duplicate_key,
                    #krate::ViolationKind::DuplicateKey { key: key.to_owned() },
                )
                .with_doc(<Self as #krate::Contract>::DOC),
                #some(member.key_span()),
            );
        } else {
            scope.report_field(
                key,
                #krate::Violation::new(
                    #undocumented_field,
                    #krate::ViolationKind::UndocumentedField { name: key.to_owned() },
                )
                .with_doc(<Self as #krate::Contract>::DOC),
                #some(member.key_span()),
            );
        }
    };

    let members: Vec<_> = generator.container.member_fields().collect();
    if members.is_empty() {
        return quote! {
            let present: u64 = 0;
            let slots: [::core::option::Option<&#krate::json::Node<'_>>; 0] = [];
            let mut unknown = #krate::contract::structure::UnknownKeys::for_members(node.as_object().map_or(0, <[_]>::len));
            for member in node.as_object().unwrap_or_default() {
                let key: &str = &member.key;
                #unknown
            }
        };
    }
    let count = proc_macro2::Literal::usize_unsuffixed(members.len());
    let recognise = members.iter().enumerate().map(|(index, field)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let wire = field.wire.as_str();
        match &field.attrs.alias {
            Some(alias) => {
                let alias = alias.name.value.as_str();
                quote! {
                    #wire => (#index, #wire, false),
                    #alias => (#index, #wire, true),
                }
            }
            None => quote!(#wire => (#index, #wire, false),),
        }
    });
    // With aliases, a documented spelling after the alias takes the slot over.
    let has_aliases = members.iter().any(|field| field.attrs.alias.is_some());
    let bit = quote!(#krate::paths::Presence::bit(index));
    let (binding, by_alias, take_over, remember, documented) = if has_aliases {
        (
            quote!(alias),
            quote!(let mut by_alias = [false; #count];),
            quote! {
                if by_alias[index] && !alias {
                    slots[index] = #some(&member.value);
                    by_alias[index] = false;
                    if !member.value.is_null() {
                        present |= #bit;
                    }
                }
            },
            quote!(by_alias[index] = alias;),
            // The spelling a path's navigator looks for.
            quote!(if !alias && !member.value.is_null() {
                present |= #bit;
            }),
        )
    } else {
        (
            quote!(_),
            TokenStream::new(),
            TokenStream::new(),
            TokenStream::new(),
            quote!(if !member.value.is_null() {
                present |= #bit;
            }),
        )
    };
    let heads = super::paths::present_heads(generator);
    let below = if heads.is_empty() {
        TokenStream::new()
    } else {
        let length = proc_macro2::Literal::usize_unsuffixed(heads.len());
        quote!(let mut below = [#krate::paths::Presence::UNKNOWN; #length];)
    };
    let alias_reports = members.iter().filter_map(|field| {
        let alias = field.attrs.alias.as_ref()?;
        let used = alias.name.value.as_str();
        let documented = field.wire.as_str();
        let rule = generator.rule(&alias.rule, Some(field), Constraint::Alias);
        let doc = report::field_doc(krate, generator.table, field);
        Some(quote! {
            if key == #used {
                scope.report_field(
                    key,
                    #krate::Violation::new(
                        #rule,
                        #krate::ViolationKind::Alias { used: #used, documented: #documented },
                    )
                    .with_doc(#doc),
                    #some(member.key_span()),
                );
            }
        })
    });
    // A documented key repeated cites its own row.
    let duplicate_docs = members.iter().enumerate().map(|(index, field)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let doc = report::field_doc(krate, generator.table, field);
        quote!(#index => #doc,)
    });
    let type_checks: Vec<TokenStream> = members
        .iter()
        .enumerate()
        .filter_map(|(index, field)| {
            if field.role == Role::Skip {
                return None;
            }
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let info = report::field_info(generator, field);
            let ty = field.ty;
            let shape = match &field.attrs.json_string {
                Some(json) => {
                    let document = &json.ty;
                    quote!(#krate::JsonString<#document>)
                }
                None => quote!(#ty),
            };
            // `""` in a field whose empty string means "not set" has no value to check;
            // `check_fields` reports it.
            let blank = field
                .attrs
                .empty_as_absent
                .as_ref()
                .map(|_| quote!(if member.value.is_empty_string() {} else));
            let check = match heads.iter().position(|head| *head == field.wire) {
                Some(position) => {
                    let position = proc_macro2::Literal::usize_unsuffixed(position);
                    quote! {
                        below[#position] = <#shape as #krate::Shape>::check_node_present(
                            &member.value,
                            &mut scope.field(wire),
                            &#info,
                        );
                    }
                }
                None => quote! {
                    <#shape as #krate::Shape>::check_node(
                        &member.value,
                        &mut scope.field(wire),
                        &#info,
                    )
                },
            };
            Some(quote! {
                #index => #blank {
                    #check
                }
            })
        })
        .collect();
    // The value of a personal field is recorded wherever it appears, repeated keys included,
    // so that masked output never quotes it.
    let personal: Vec<bool> = members
        .iter()
        .map(|field| field.attrs.personal.is_some())
        .collect();
    let mark_personal = if personal.contains(&true) {
        quote! {
            const PERSONAL: [bool; #count] = [#(#personal),*];
            if PERSONAL[index] {
                scope.personal(member.value.span());
            }
        }
    } else {
        TokenStream::new()
    };
    let checks = if type_checks.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            if member.value.is_null() {
                continue;
            }
            match index {
                #(#type_checks)*
                _ => {}
            }
        }
    };
    quote! {
        let mut seen = [false; #count];
        let mut slots: [::core::option::Option<&#krate::json::Node<'_>>; #count] = [::core::option::Option::None; #count];
        let mut present: u64 = 0;
        #below
        #by_alias
        let mut unknown = #krate::contract::structure::UnknownKeys::for_members(node.as_object().map_or(0, <[_]>::len));
        for member in node.as_object().unwrap_or_default() {
            let key: &str = &member.key;
            let (index, wire, #binding): (usize, &'static str, bool) = match key {
                #(#recognise)*
                _ => {
                    #unknown
                    continue;
                }
            };
            #mark_personal
            if seen[index] {
                #take_over
                let doc: ::core::option::Option<#krate::DocRef> = match index {
                    #(#duplicate_docs)*
                    _ => ::core::option::Option::None,
                };
                scope.report_field(
                    key,
                    #krate::Violation::new(
                        #duplicate_key,
                        #krate::ViolationKind::DuplicateKey { key: wire.to_owned() },
                    )
                    .with_doc(doc),
                    #some(member.key_span()),
                );
                continue;
            }
            seen[index] = true;
            slots[index] = #some(&member.value);
            #remember
            #documented
            #(#alias_reports)*
            #checks
        }
    }
}
