//! Code generation: the checked IR to the impls of `Fields`, `Shape` and `Contract`, emitted
//! into `const _: () = { .. };` with `#[automatically_derived]` and fully qualified paths.
//!
//! This module assembles the impls; each kind of rule has its own file:
//! [`presence`] (required, required_if, absent_unless), [`value`] (one_of, range, length, chars,
//! fixed, format), [`forms`] (one_of_forms), [`paths`] (requirements below the object),
//! [`members`] (the located member walk: duplicates, undocumented keys, aliases, field types),
//! [`extra`] (the catch-all on typed values), [`json_string`] (embedded documents held as
//! text), with [`condition`] compiling conditions and [`report`] naming rules and rows.
//! [`schema`] writes the same rules once more, as JSON Schema (`SchemaRules`).
//!
//! Rules about one object's fields go into `check_fields`, which both paths call, so a rule is
//! written once and cannot mean two things.

mod blank;
mod condition;
mod extra;
mod forms;
mod json_string;
mod members;
mod paths;
mod presence;
mod report;
mod schema;
mod value;
mod wire;

use isales_spec::FieldPath;
use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{Container, Field};
use crate::attr::{PathRequirement, RuleAttrs};
use crate::defaults::{Constraint, Vocabulary};

/// What every generator needs: the IR, the runtime crate's path, the struct's table, and
/// whose rules it reports by default.
pub(crate) struct Gen<'c, 'a> {
    pub(crate) container: &'c Container<'a>,
    pub(crate) krate: TokenStream,
    pub(crate) table: Option<u8>,
    pub(crate) vocabulary: Vocabulary,
}

impl<'a> Gen<'_, 'a> {
    /// The generator of a checked container.
    pub(crate) fn new<'c>(container: &'c Container<'a>) -> Gen<'c, 'a> {
        Gen {
            container,
            krate: container.krate(),
            table: container.attrs.doc.as_ref().and_then(|doc| doc.table),
            vocabulary: container.vocabulary(),
        }
    }

    /// What `constraint` reports when nothing names its rule. A format on a model of the
    /// contract has no single default (the runtime picks its rules); asked here, it is the
    /// neutral one.
    pub(crate) fn defaults(&self, constraint: Constraint) -> report::Defaults {
        constraint
            .defaults(self.vocabulary)
            .unwrap_or_else(|| constraint.neutral())
    }

    /// The `Rule` value of a constraint: its own keys, then the field's, then the default.
    fn rule(
        &self,
        own: &RuleAttrs,
        field: Option<&Field<'_>>,
        constraint: Constraint,
    ) -> TokenStream {
        let field = field.map(|field| &field.attrs.defaults);
        report::rule_value(&self.krate, &self.resolve(own, field, constraint))
    }

    /// A constraint's rule, resolved: its own keys, then `field`'s (the field-level `rule`,
    /// `severity`, `provenance`), then the default.
    pub(crate) fn resolve(
        &self,
        own: &RuleAttrs,
        field: Option<&RuleAttrs>,
        constraint: Constraint,
    ) -> report::Resolved {
        report::resolve(own, field, self.defaults(constraint))
    }

    /// The rules of JSON structure the type reports under, as a `&'static` expression.
    pub(crate) fn structure(&self) -> TokenStream {
        let krate = &self.krate;
        match self.vocabulary {
            Vocabulary::Contract => quote!(&#krate::contract::structure::CONTRACT),
            Vocabulary::Neutral => quote!(&#krate::contract::structure::NEUTRAL),
        }
    }

    /// One rule of JSON structure (`duplicate_key`, ..): the registry's constant on the
    /// contract's models, the neutral one on others.
    fn structure_rule(&self, name: &str, registered: &str) -> TokenStream {
        let krate = &self.krate;
        match self.vocabulary {
            Vocabulary::Contract => {
                let name = quote::format_ident!("{registered}");
                quote!(#krate::registry::#name)
            }
            Vocabulary::Neutral => {
                let name = quote::format_ident!("{name}");
                quote!(#krate::contract::structure::NEUTRAL.#name)
            }
        }
    }

    /// The documentation row of one path of the struct's `required_if`: its own `doc`, naming
    /// the required field; else, for a sibling field, that field's `doc`.
    fn requirement_doc(&self, requirement: &PathRequirement, path: &FieldPath) -> TokenStream {
        match &requirement.doc {
            Some(doc) => report::doc_ref(
                &self.krate,
                doc.table.or(self.table),
                doc.param.as_deref(),
                Some(path.leaf()),
                doc.off_page.as_deref(),
            ),
            None => match self.container.wire_field(path.head()) {
                Some(field) if path.is_sibling() => {
                    report::field_doc(&self.krate, self.table, field)
                }
                _ => quote!(::core::option::Option::None),
            },
        }
    }

    /// How `check_fields` and the navigators read the struct's fields (through `fields`).
    fn access(&self) -> condition::FieldAccess {
        condition::FieldAccess {
            fields: quote!(fields),
            slots: self
                .container
                .member_fields()
                .map(|field| field.wire.clone())
                .collect(),
        }
    }

    /// The `json_string` fields with their document types.
    fn json_string_fields(&self) -> impl Iterator<Item = (&Field<'a>, &syn::Type)> {
        self.container
            .wire_fields()
            .filter_map(|field| Some((field, &field.attrs.json_string.as_ref()?.ty)))
    }
}

/// The `Rule` value of a rule named by `own`, else `defaults` (for code outside a struct's
/// generator: the enums').
pub(crate) fn rule_tokens(
    krate: &TokenStream,
    own: &RuleAttrs,
    defaults: report::Defaults,
) -> TokenStream {
    report::rule_value(krate, &report::resolve(own, None, defaults))
}

/// The impls for a checked container.
pub(crate) fn expand(container: &Container<'_>) -> TokenStream {
    let generator = Gen::new(container);
    let krate = &generator.krate;
    let ident = container.ident;
    let (impl_generics, ty_generics, where_clause) = container.generics.split_for_impl();

    let get_arms = container.wire_fields().map(|field| {
        let wire = field.wire.as_str();
        let member = field.member;
        let ty = field.ty;
        // Every use of a field's `Shape` names its type, so that a type without one is one
        // error, at the type.
        if field.attrs.empty_as_absent.is_some() {
            quote!(#wire => #krate::contract::blank_as_absent(<#ty as #krate::Shape>::field_ref(&self.#member)),)
        } else {
            quote!(#wire => <#ty as #krate::Shape>::field_ref(&self.#member),)
        }
    });
    let blank = blank::typed(&generator);
    let blank_names = blank::names(&generator);
    let doc = match &container.attrs.doc {
        Some(doc) => report::doc_ref(
            krate,
            doc.table,
            doc.param.as_deref(),
            None,
            doc.off_page.as_deref(),
        ),
        None => quote!(::core::option::Option::None),
    };

    let access = generator.access();
    let field_blocks = container.wire_fields().filter_map(|field| {
        let blank = blank::report(&generator, field);
        let presence = presence::field(&generator, field);
        let values = value::field(&generator, field);
        if blank.is_empty() && presence.is_empty() && values.is_empty() {
            return None;
        }
        let value = access.get(&field.wire);
        let doc = report::field_doc(krate, generator.table, field);
        Some(quote! {
            {
                let value = #value;
                let doc: ::core::option::Option<#krate::DocRef> = #doc;
                #blank
                #presence
                #values
            }
        })
    });
    let siblings = presence::sibling_requirements(&generator);
    let forms = forms::check(&generator);
    let checks = container
        .attrs
        .checks
        .iter()
        .map(|check| quote!(#check(fields as &dyn #krate::Fields, scope);));

    let parse_json = json_string::parse(&generator);
    let typed_paths = paths::typed(&generator);
    let typed_extra = extra::typed(&generator);
    let validate_json = json_string::validate(&generator);
    // Strings, booleans, floats and most integers have nothing below them: their
    // `validate_in` does nothing, and the typed path is the hot one.
    let recursion = container
        .wire_fields()
        .filter(|field| field.attrs.json_string.is_none() && !field.nothing_below)
        .map(|field| {
            let wire = field.wire.as_str();
            let member = field.member;
            let ty = field.ty;
            quote!(<#ty as #krate::Shape>::validate_in(&self.#member, &mut scope.field(#wire));)
        });

    let table_number = match generator.table {
        Some(table) => {
            let table = proc_macro2::Literal::u8_unsuffixed(table);
            quote!(::core::option::Option::Some(#table))
        }
        None => quote!(::core::option::Option::None),
    };
    let aliases = members::aliases(&generator);
    let slot_of = members::slot_of(&generator);
    let walk = members::walk(&generator);
    let located_paths = paths::located(&generator);
    let schema_rules = schema::impl_schema_rules(&generator);
    let descend = paths::descend(&generator);
    let path_checks = paths::compile_time(&generator);
    let structure = generator.structure();
    let wire = wire::impls(&generator);

    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::Fields for #ident #ty_generics #where_clause {
                fn get(&self, name: &str) -> #krate::FieldRef<'_> {
                    match name {
                        #(#get_arms)*
                        _ => #krate::FieldRef::Absent,
                    }
                }

                #blank
            }

            #[automatically_derived]
            #[diagnostic::do_not_recommend]
            impl #impl_generics #krate::Shape for #ident #ty_generics #where_clause {
                const EXPECTED: &'static str = "object";

                fn field_ref(&self) -> #krate::FieldRef<'_> {
                    #krate::FieldRef::Object(self)
                }

                fn validate_in(&self, scope: &mut #krate::Scope<'_>) {
                    <Self as #krate::Contract>::validate_in(self, scope);
                }

                fn check_node(
                    node: &#krate::json::Node<'_>,
                    scope: &mut #krate::Scope<'_>,
                    info: &#krate::FieldInfo,
                ) {
                    <Self as #krate::Shape>::check_node_present(node, scope, info);
                }

                fn check_node_present(
                    node: &#krate::json::Node<'_>,
                    scope: &mut #krate::Scope<'_>,
                    info: &#krate::FieldInfo,
                ) -> #krate::paths::Presence {
                    if node.as_object().is_some() {
                        <Self as #krate::Contract>::check_object(node, scope)
                    } else {
                        #krate::contract::report_type_mismatch(
                            <Self as #krate::Shape>::EXPECTED,
                            node,
                            scope,
                            info,
                        );
                        #krate::paths::Presence::UNKNOWN
                    }
                }
            }

            #[automatically_derived]
            impl #impl_generics #krate::Contract for #ident #ty_generics #where_clause {
                const DOC: ::core::option::Option<#krate::DocRef> = #doc;
                const STRUCTURE: &'static #krate::contract::structure::Rules = #structure;

                fn check_fields<F: #krate::Fields>(fields: &F, scope: &mut #krate::Scope<'_>) {
                    #(#field_blocks)*
                    #siblings
                    #forms
                    #(#checks)*
                }

                fn validate_in(&self, scope: &mut #krate::Scope<'_>) {
                    let scope = &mut scope.with_structure(<Self as #krate::Contract>::STRUCTURE);
                    <Self as #krate::Contract>::check_fields(self, scope);
                    #parse_json
                    #typed_paths
                    #typed_extra
                    #validate_json
                    #(#recursion)*
                }

                fn check_object(
                    node: &#krate::json::Node<'_>,
                    scope: &mut #krate::Scope<'_>,
                ) -> #krate::paths::Presence {
                    let scope = &mut scope.with_structure(<Self as #krate::Contract>::STRUCTURE);
                    #aliases
                    #slot_of
                    #walk
                    let fields = #krate::NodeFields {
                        node,
                        aliases: ALIASES,
                        slots: &slots,
                        slot_of,
                        blank_as_absent: &[#(#blank_names),*],
                        table: #table_number,
                    };
                    <Self as #krate::Contract>::check_fields(&fields, scope);
                    #located_paths
                    #krate::paths::Presence::from_bits(present)
                }
            }

            #schema_rules

            #descend

            #path_checks

            #wire
        };
    }
}
