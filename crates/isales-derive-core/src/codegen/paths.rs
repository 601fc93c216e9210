//! The struct's `required_if` paths that go below it (`turns[].turnType`,
//! `skillParam.outBoundType`): each becomes a `paths::Requirement` constant handed to the
//! runtime's typed navigator in `validate_in` and to its located navigator in `check_object`.
//!
//! The condition is this object's and is compiled here; the navigators only walk. On typed
//! values, `json_string` fields hold text: `validate_in` parses them once and hands the parsed
//! values to the navigator through `paths::WithParsed`.
//!
//! In `check_object` a group of paths of the form `a[].b` or `a.b` is first answered from what
//! the walk over `a` found (`paths::Presence`): when it shows every leaf of the group in every
//! item, the navigator, which would report nothing, is not run. The leaves' numbers in the
//! type below come from that type (`paths::Descend::SLOTS`), at compile time; a generic
//! struct (whose constants cannot name its parameters) and a field with an alias (whose walk
//! may check another spelling than the navigator finds) always run the navigator.
//!
//! The steps after the first belong to types the derive cannot see, so it checks them through
//! the types, at compile time ([`compile_time`]): every struct says what a path can step into
//! (`paths::Descend`, and `paths::Member<N>`, the type of its field number `N`; [`descend`]),
//! and each path becomes a chain of type aliases, one per step, where a field step's index
//! among the object's fields is a constant that fails to evaluate, with a message naming the
//! step and a close name, when the object has no such field.

use isales_spec::{FieldPath, Step};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

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

/// One path below the struct: its `Requirement` and what it shares with the ones checked with
/// it.
struct PathCheck {
    /// The requirement's condition, as written (`None`: always).
    when: Option<String>,
    /// The compiled condition.
    condition: Option<TokenStream>,
    /// The path's steps up to its leaf, as written.
    prefix: String,
    /// The `paths::Requirement` expression.
    requirement: TokenStream,
    /// The path.
    path: FieldPath,
}

/// The fields whose walk says what it found below them (`check_node_present`), for the paths
/// that start at them: in the order of [`present_heads`], which the walk's `below` array
/// follows.
pub(crate) fn present_heads(generator: &Gen<'_, '_>) -> Vec<String> {
    let container = generator.container;
    if !container.generics.params.is_empty() {
        return Vec::new();
    }
    let mut heads: Vec<String> = Vec::new();
    for path in container
        .attrs
        .required_if
        .iter()
        .flat_map(|requirement| &requirement.fields)
        .map(|path| &path.value)
        .filter(|path| shortcut(path).is_some())
    {
        let head = path.head();
        let plain = container
            .wire_field(head)
            .is_some_and(|field| field.attrs.alias.is_none());
        if plain && !heads.iter().any(|known| known == head) {
            heads.push(head.to_owned());
        }
    }
    heads
}

/// A path the walk's presence can answer, `a[].b` (`true`) or `a.b` (`false`), and its leaf.
fn shortcut(path: &FieldPath) -> Option<(bool, &str)> {
    match path.steps() {
        [Step::Field(_), Step::Items, Step::Field(leaf)] => Some((true, leaf)),
        [Step::Field(_), Step::Field(leaf)] => Some((false, leaf)),
        _ => None,
    }
}

/// The navigator's `call` for `group`, run only when what the walk found below the group's
/// first field does not show every leaf (see [`present_heads`]).
fn unless_present(generator: &Gen<'_, '_>, group: &[PathCheck], call: TokenStream) -> TokenStream {
    let krate = &generator.krate;
    let Some(first) = group.first() else {
        return call;
    };
    let head = first.path.head();
    let Some(position) = present_heads(generator)
        .iter()
        .position(|known| known == head)
    else {
        return call;
    };
    let Some((items, _)) = shortcut(&first.path) else {
        return call;
    };
    let Some(index) = generator
        .container
        .wire_fields()
        .position(|field| field.wire == head)
    else {
        return call;
    };
    let leaves: Vec<&str> = group
        .iter()
        .filter_map(|path| shortcut(&path.path).map(|(_, leaf)| leaf))
        .collect();
    let ident = generator.container.ident;
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let position = proc_macro2::Literal::usize_unsuffixed(position);
    let field = quote!(<#ident as #krate::paths::Member<#index>>::Type);
    let object = if items {
        quote!(<<#field as #krate::paths::Descend>::Items as #krate::paths::Descend>::Object)
    } else {
        quote!(<#field as #krate::paths::Descend>::Object)
    };
    quote! {
        if !below[#position].covers(const {
            #krate::paths::slot_bits(<#object as #krate::paths::Descend>::SLOTS, &[#(#leaves),*])
        }) {
            #call
        }
    }
}

/// The checks, each guarded by its condition. Consecutive paths (in declaration order) under
/// the same condition that differ only at their leaf (`policy[].retryDay`,
/// `policy[].retryTimes`) form a group, whose condition is tested once; `check` calls one
/// navigator with the group's requirements.
fn checks(
    generator: &Gen<'_, '_>,
    check: impl Fn(&[PathCheck], &[TokenStream]) -> TokenStream,
) -> TokenStream {
    let krate = &generator.krate;
    let paths: Vec<PathCheck> = generator
        .container
        .attrs
        .required_if
        .iter()
        .flat_map(|requirement| {
            requirement
                .fields
                .iter()
                .filter(|path| !path.value.is_sibling())
                .map(move |path| (requirement, path))
        })
        .map(|(requirement, path)| {
            let steps = steps(generator, &path.value);
            let prefix = steps
                .split_last()
                .map(|(_, prefix)| quote!(#(#prefix),*).to_string())
                .unwrap_or_default();
            let rule = generator.rule(&requirement.rule, None, Constraint::RequiredIf);
            let when = match &requirement.when {
                Some(when) => {
                    let when = when.condition.to_string();
                    quote!(::core::option::Option::Some(#when))
                }
                None => quote!(::core::option::Option::None),
            };
            let doc = generator.requirement_doc(requirement, &path.value);
            PathCheck {
                when: requirement
                    .when
                    .as_ref()
                    .map(|when| when.condition.to_string()),
                condition: requirement
                    .when
                    .as_ref()
                    .map(|when| compile(&when.condition, &generator.access())),
                prefix,
                requirement: quote! {
                    #krate::paths::Requirement {
                        path: &[#(#steps),*],
                        rule: #rule,
                        when: #when,
                        doc: #doc,
                    }
                },
                path: path.value.clone(),
            }
        })
        .collect();
    let blocks = paths
        .chunk_by(|a, b| a.when == b.when && a.prefix == b.prefix)
        .map(|group| {
            let requirements: Vec<TokenStream> =
                group.iter().map(|path| path.requirement.clone()).collect();
            let calls = check(group, &requirements);
            match group.first().and_then(|path| path.condition.as_ref()) {
                Some(condition) => quote! {
                    if #condition {
                        #calls
                    }
                },
                None => calls,
            }
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
        |_, requirements| quote!(#(#krate::paths::check_typed(fields, &#requirements, scope);)*),
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
    let checks = checks(generator, |group, requirements| {
        unless_present(
            generator,
            group,
            quote!(#krate::paths::check_located(node, ALIASES, &[#(#requirements),*], scope);),
        )
    });
    quote! {
        let fields: &dyn #krate::Fields = &fields;
        #checks
    }
}

/// `paths::Descend` and `paths::Member<N>` for the struct: an object, its validated fields by
/// wire name and the type of each (the document's `JsonString` for a `json_string` field).
pub(crate) fn descend(generator: &Gen<'_, '_>) -> TokenStream {
    let krate = &generator.krate;
    let container = generator.container;
    let ident = container.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = container.generics.split_for_impl();
    let fields: Vec<_> = container.wire_fields().collect();
    let names = fields.iter().map(|field| field.wire.as_str());
    let slots = container.member_fields().map(|field| field.wire.as_str());
    let members = fields.iter().enumerate().map(|(index, field)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let ty = step_type(generator, field);
        quote! {
            #[automatically_derived]
            impl #impl_generics #krate::paths::Member<#index> for #ident #ty_generics #where_clause {
                type Type = #ty;
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::paths::Descend for #ident #ty_generics #where_clause {
            type Items = #krate::paths::NoItems<Self>;
            type Object = Self;
            const WHAT: &'static str = "an object";
            const NAME: &'static str = #name;
            const FIELDS: &'static [&'static str] = &[#(#names),*];
            const SLOTS: &'static [&'static str] = &[#(#slots),*];
            const IS_OBJECT: bool = true;
        }

        #(#members)*
    }
}

/// The type a path steps through at a field: the document's for a `json_string` field.
fn step_type(generator: &Gen<'_, '_>, field: &crate::ast::Field<'_>) -> TokenStream {
    let krate = &generator.krate;
    match &field.attrs.json_string {
        Some(json) => {
            let document = &json.ty;
            quote!(#krate::JsonString<#document>)
        }
        None => {
            let ty = field.ty;
            quote!(#ty)
        }
    }
}

/// The compile-time checks of the paths below the struct, one `const` per path, spanned at
/// the path's string so that a failing step is reported there. A generic struct's field types
/// name its parameters, which a constant cannot: its paths are checked to their first step
/// only (by the derive itself).
pub(crate) fn compile_time(generator: &Gen<'_, '_>) -> TokenStream {
    let container = generator.container;
    if !container.generics.params.is_empty() {
        return TokenStream::new();
    }
    let krate = &generator.krate;
    let mut checks = Vec::new();
    for path in container
        .attrs
        .required_if
        .iter()
        .flat_map(|requirement| &requirement.fields)
        .filter(|path| !path.value.is_sibling())
    {
        let Some(field) = container.wire_field(path.value.head()) else {
            continue;
        };
        let span = path
            .tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |token| token.span());
        let steps = path.value.steps();
        let text = path.value.to_string();
        let first = step_type(generator, field);
        let alias = |index: usize| format_ident!("__Step{}", index, span = span);
        let mut aliases = vec![{
            let name = alias(0);
            quote_spanned!(span=> type #name = #first;)
        }];
        for (index, step) in steps.iter().enumerate().skip(1) {
            let (name, previous) = (alias(index), alias(index - 1));
            aliases.push(match step {
                Step::Items => quote_spanned! {span=>
                    type #name = <#previous as #krate::paths::Descend>::Items;
                },
                Step::Field(step_name) => {
                    let container_text = render(&steps[..index]);
                    let (without_items, with_items) = match steps[index - 1] {
                        Step::Items => {
                            let mut without = steps.to_vec();
                            without.remove(index - 1);
                            (render(&without), String::new())
                        }
                        Step::Field(_) => {
                            let mut with = steps.to_vec();
                            with.insert(index, Step::Items);
                            (String::new(), render(&with))
                        }
                    };
                    quote_spanned! {span=>
                        type #name = <
                            <#previous as #krate::paths::Descend>::Object
                            as #krate::paths::Member<{
                                match #krate::paths::lookup::<
                                    <#previous as #krate::paths::Descend>::Object,
                                >(&#krate::paths::StepText {
                                    path: #text,
                                    name: #step_name,
                                    container: #container_text,
                                    without_items: #without_items,
                                    with_items: #with_items,
                                }) {
                                    #krate::paths::Lookup { index: ::core::option::Option::Some(index), .. } => index,
                                    lookup => ::core::panic!("{}", lookup.message()),
                                }
                            }>
                        >::Type;
                    }
                }
            });
        }
        let last = alias(steps.len() - 1);
        checks.push(quote_spanned! {span=>
            const _: () = {
                #(#aliases)*
                let _: ::core::marker::PhantomData<#last> = ::core::marker::PhantomData;
            };
        });
    }
    quote!(#(#checks)*)
}

/// A path's steps as the attribute writes them (`a[].b`).
fn render(steps: &[Step]) -> String {
    let mut text = String::new();
    for (index, step) in steps.iter().enumerate() {
        match step {
            Step::Field(name) if index == 0 => text.push_str(name),
            Step::Field(name) => {
                text.push('.');
                text.push_str(name);
            }
            Step::Items => text.push_str("[]"),
        }
    }
    text
}
