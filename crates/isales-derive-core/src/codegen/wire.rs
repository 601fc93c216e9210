//! `#[contract(deserialize = "a skillParam object (Table 7)")]`: the contract's own models
//! read their JSON through one visitor for all of them (`models::de`), which keeps explicit
//! nulls, alias spellings, `""` read as not set and undocumented members for round trips.
//! What that visitor needs of a struct (its member names, aliases among them, which field each
//! fills, which are mandatory, how each is read) is all in the struct's fields and attributes;
//! this writes it, with the `Deserialize` impl that calls the visitor.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Gen;
use crate::ast::Role;

/// The `Deserialize` and `WireObject` impls, when the container asks for them.
pub(crate) fn impls(generator: &Gen<'_, '_>) -> TokenStream {
    let container = generator.container;
    let Some(expecting) = &container.attrs.deserialize else {
        return quote!();
    };
    let Some(extra) = container
        .fields
        .iter()
        .find(|field| field.role == Role::Extra)
    else {
        // The checks refuse `deserialize` without an `extra` field.
        return quote!();
    };
    let krate = &generator.krate;
    let ident = container.ident;
    let extra = extra.member;
    let fields: Vec<_> = container.wire_fields().collect();
    let mut names: Vec<&str> = Vec::new();
    let mut targets: Vec<Literal> = Vec::new();
    let mut required: Vec<Literal> = Vec::new();
    let mut reads = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let index_lit = Literal::usize_unsuffixed(index);
        let member = field.member;
        names.push(&field.wire);
        targets.push(index_lit.clone());
        if !field.optional {
            required.push(index_lit.clone());
        }
        reads.push(if field.attrs.empty_as_absent.is_some() {
            quote!(#index_lit => #krate::models::de::read_blank_as_absent(&mut self.#member, map),)
        } else {
            quote!(#index_lit => #krate::models::de::Slot::read(&mut self.#member, map),)
        });
    }
    for (index, field) in fields.iter().enumerate() {
        if let Some(alias) = &field.attrs.alias {
            names.push(&alias.name.value);
            targets.push(Literal::usize_unsuffixed(index));
        }
    }
    let members = container.fields.iter().map(|field| field.member);
    let index_arms = names.iter().enumerate().map(|(index, name)| {
        let index = Literal::usize_unsuffixed(index);
        quote!(#name => ::core::option::Option::Some(#index),)
    });
    quote! {
        #[automatically_derived]
        impl<'de> #krate::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #krate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                #krate::models::de::deserialize(deserializer)
            }
        }

        #[automatically_derived]
        impl #krate::models::de::WireObject for #ident {
            const EXPECTING: &'static str = #expecting;
            const NAMES: &'static [&'static str] = &[#(#names),*];
            const TARGETS: &'static [usize] = &[#(#targets),*];
            const REQUIRED: &'static [usize] = &[#(#required),*];

            fn empty() -> Self {
                Self {
                    #(#members: ::core::default::Default::default(),)*
                }
            }

            fn index_of(name: &str) -> ::core::option::Option<usize> {
                match name {
                    #(#index_arms)*
                    _ => ::core::option::Option::None,
                }
            }

            fn read_field<'de, A: #krate::serde::de::MapAccess<'de>>(
                &mut self,
                field: usize,
                map: &mut A,
            ) -> ::core::result::Result<#krate::models::de::Arrival, A::Error> {
                match field {
                    #(#reads)*
                    _ => ::core::result::Result::Err(#krate::serde::de::Error::custom("no such field")),
                }
            }

            fn extra_mut(&mut self) -> &mut #krate::models::Extra {
                &mut self.#extra
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    fn expanded(input: proc_macro2::TokenStream) -> String {
        crate::expand(input).to_string().replace(' ', "")
    }

    #[test]
    fn the_reader_knows_names_aliases_and_mandatory_fields() {
        let out = expanded(quote! {
            #[contract(crate = "crate", deserialize = "a thing object (Table 9)")]
            struct Thing {
                #[serde(rename = "callCount")]
                count: i64,
                #[serde(rename = "minCallTime")]
                #[contract(alias = "minAvgCallTime", empty_as_absent)]
                min: Option<String>,
                #[contract(extra)]
                extra: crate::models::Extra,
            }
        });
        assert!(
            out.contains(r#"constEXPECTING:&'staticstr="athingobject(Table9)""#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"constNAMES:&'static[&'staticstr]=&["callCount","minCallTime","minAvgCallTime"]"#
            ),
            "{out}"
        );
        assert!(
            out.contains("constTARGETS:&'static[usize]=&[0,1,1]"),
            "{out}"
        );
        assert!(out.contains("constREQUIRED:&'static[usize]=&[0]"), "{out}");
        assert!(
            out.contains("1=>crate::__private::models::de::read_blank_as_absent(&mutself.min,map)"),
            "{out}"
        );
        assert!(out.contains("&mutself.extra"), "{out}");
    }

    #[test]
    fn the_reader_is_the_runtime_crates_own_and_needs_an_extra_field() {
        let out = crate::expand(quote! {
            #[contract(deserialize = "a thing object")]
            struct Thing {
                count: i64,
            }
        })
        .to_string();
        assert!(out.contains("inside `isales_contract`"), "{out}");
        assert!(out.contains("add one"), "{out}");
    }
}
