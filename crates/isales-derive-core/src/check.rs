//! Checks that need more than one attribute key: one `check_*` function per rule, each run on
//! the whole IR and each recording every offence it finds (never the first only).
//!
//! [`check`] runs them all; the errors join those of attribute parsing in the [`Ctxt`], and
//! the derive emits code only when there are none. Type-based checks look at the last path
//! segment of a field's type ([`ValueKind`]) and stay silent when it tells nothing.

use isales_spec::{Literal, Step};
use quote::ToTokens;

use crate::ast::{Container, Field, Role, ValueKind};
use crate::attr::{Doc, When};
use crate::ctxt::Ctxt;

/// Runs every check.
pub fn check(cx: &Ctxt, container: &Container<'_>) {
    check_single_extra(cx, container);
    check_extra_and_skip_stand_alone(cx, container);
    check_wire_names_unique(cx, container);
    check_conditions_name_fields(cx, container);
    check_paths_start_at_fields(cx, container);
    check_forms_name_fields(cx, container);
    check_value_rules_fit_types(cx, container);
    check_bounds_ordered(cx, container);
    check_presence_conditions_need_optional(cx, container);
    check_docs_have_tables(cx, container);
    check_deserialize_fits(cx, container);
}

/// `deserialize` builds the contract's own reader: it needs the `extra` field the reader keeps
/// undocumented members in, and the reader's trait is private to the runtime crate, so only
/// the runtime's own models (`crate = "crate"`) can ask for it.
fn check_deserialize_fits(cx: &Ctxt, container: &Container<'_>) {
    let Some(lit) = &container.attrs.deserialize else {
        return;
    };
    let local = container
        .attrs
        .krate
        .as_ref()
        .is_some_and(|path| path.is_ident("crate"));
    if !local {
        cx.error_spanned_by(
            lit,
            "`deserialize` builds the contract's own models' reader, inside `isales_contract` \
             (`crate = \"crate\"`); on your own types derive serde's `Deserialize`",
        );
    }
    if !container
        .fields
        .iter()
        .any(|field| field.role == Role::Extra)
    {
        cx.error_spanned_by(
            lit,
            "`deserialize` keeps undocumented members in the `#[contract(extra)]` field; add one",
        );
    }
}

/// At most one field is `extra`.
///
/// The catch-all keeps the members no table documents; two of them would each claim every
/// undocumented member (serde fills only one flattened map), and the validator would report
/// each undocumented member twice.
fn check_single_extra(cx: &Ctxt, container: &Container<'_>) {
    for field in container
        .fields
        .iter()
        .filter(|field| field.role == Role::Extra)
        .skip(1)
    {
        if let Some(key) = &field.attrs.extra {
            cx.error_spanned_by(
                key,
                "only one field can be `extra`: it collects every undocumented member",
            );
        }
    }
}

/// `extra` and `skip` carry no other keys.
///
/// `extra` is not a wire field and `skip` opts out of validation, so a rule on either would be
/// silently ignored; saying so is kinder than ignoring it. `extra` with `skip` is one of the
/// two meanings too many.
fn check_extra_and_skip_stand_alone(cx: &Ctxt, container: &Container<'_>) {
    for field in &container.fields {
        let role = match (&field.attrs.extra, &field.attrs.skip) {
            (Some(_), _) => "extra",
            (None, Some(_)) => "skip",
            (None, None) => continue,
        };
        for key in &field.attrs.keys {
            if *key != crate::symbol::Symbol(role) {
                cx.error_spanned_by(
                    key,
                    format!(
                        "`{}` has no effect on a `{role}` field, which is not validated",
                        key.to_token_stream()
                    ),
                );
            }
        }
    }
}

/// No two fields (or aliases) answer to one wire name.
///
/// The validator finds a field by its wire name; a second field or alias with the same name
/// would never be seen, and the payload could not say which one it meant.
fn check_wire_names_unique(cx: &Ctxt, container: &Container<'_>) {
    let mut names: Vec<(&str, &Field<'_>)> = Vec::new();
    for field in container.member_fields() {
        let mut spellings = vec![(field.wire.as_str(), None)];
        if let Some(alias) = &field.attrs.alias {
            spellings.push((alias.name.value.as_str(), Some(&alias.name.tokens)));
        }
        for (name, alias_tokens) in spellings {
            if let Some((_, other)) = names.iter().find(|(seen, _)| *seen == name) {
                let message = format!(
                    "wire name `{name}` is already used by field `{}`",
                    other.member
                );
                match alias_tokens {
                    Some(tokens) => cx.error_spanned_by(tokens, message),
                    None => cx.error_spanned_by(field.member, message),
                }
            } else {
                names.push((name, field));
            }
        }
    }
}

/// Conditions name wire fields of this struct, and compare them with literals of their type.
///
/// Conditions read sibling fields only (`deviceType in [1, 3]`), by the names payloads use. A
/// name that is not a validated field of the struct (a typo, the Rust name instead of the wire
/// name, a skipped field) would always be absent, so the condition would silently never hold
/// (or always, for `!=`). For the same reason, comparing an integer field with a string
/// literal, or a string field with an integer, is rejected: types never coerce.
fn check_conditions_name_fields(cx: &Ctxt, container: &Container<'_>) {
    let mut conditions: Vec<&When> = Vec::new();
    for requirement in &container.attrs.required_if {
        conditions.extend(&requirement.when);
    }
    for forms in &container.attrs.one_of_forms {
        conditions.push(&forms.when);
    }
    for field in &container.fields {
        conditions.extend(field.attrs.required_if.iter().map(|c| &c.when));
        conditions.extend(field.attrs.absent_unless.iter().map(|c| &c.when));
    }
    for when in conditions {
        for (name, _, literals) in when.condition.comparisons() {
            let Some(field) = container.wire_field(name) else {
                cx.error_spanned_by(&when.lit, not_a_field(container, name, "the condition"));
                continue;
            };
            for literal in literals {
                let mismatch = match (field.kind, literal) {
                    (ValueKind::Integer, Literal::Str(_))
                    | (ValueKind::String, Literal::Int(_)) => {
                        Some("types never coerce in conditions")
                    }
                    (ValueKind::Bool | ValueKind::Float | ValueKind::Array, _) => {
                        Some("conditions compare integers and strings")
                    }
                    _ => None,
                };
                if let (Some(why), Some(kind)) = (mismatch, field.kind.article()) {
                    cx.error_spanned_by(
                        &when.lit,
                        format!("`{name}` is {kind}, so it never equals {literal}: {why}"),
                    );
                }
            }
        }
    }
}

/// The paths of the struct's `required_if` start at one of its fields, and step only into
/// fields that can hold objects.
///
/// The first step is a sibling field by wire name; later steps belong to nested types the
/// derive cannot see, so they are checked at run time only by presence. A first step into an
/// integer or a plain string (without `json_string`) could never find an object below it.
fn check_paths_start_at_fields(cx: &Ctxt, container: &Container<'_>) {
    for requirement in &container.attrs.required_if {
        for path in &requirement.fields {
            let head = path.value.head();
            let Some(field) = container.wire_field(head) else {
                cx.error_spanned_by(
                    &path.tokens,
                    not_a_field(container, head, "the path's first step"),
                );
                continue;
            };
            if path.value.is_sibling() {
                continue;
            }
            let into_items = matches!(path.value.steps().get(1), Some(Step::Items));
            let scalar = match field.kind {
                ValueKind::Integer | ValueKind::Bool | ValueKind::Float => field.kind.article(),
                ValueKind::String if field.attrs.json_string.is_none() => {
                    Some("a string without `json_string`")
                }
                _ => None,
            };
            if let Some(scalar) = scalar {
                let below = if into_items { "items" } else { "fields" };
                cx.error_spanned_by(
                    &path.tokens,
                    format!("`{head}` is {scalar}; it has no {below} for the path to step into"),
                );
            } else if field.kind == ValueKind::Array && !into_items {
                cx.error_spanned_by(
                    &path.tokens,
                    format!(
                        "`{head}` is an array; step into its items with `{head}[]`: `{}`",
                        path.value
                            .to_string()
                            .replacen(head, &format!("{head}[]"), 1)
                    ),
                );
            }
        }
    }
}

/// The forms of `one_of_forms` list sibling wire fields.
///
/// A form is complete when all its fields are present in this object; a name that is not a
/// field would never be present, so its form could never be complete.
fn check_forms_name_fields(cx: &Ctxt, container: &Container<'_>) {
    for forms in &container.attrs.one_of_forms {
        for name in forms.forms.iter().flatten() {
            if container.wire_field(&name.value).is_none() {
                cx.error_spanned_by(
                    &name.tokens,
                    not_a_field(container, &name.value, "the form"),
                );
            }
        }
    }
}

/// Integer rules go on integer fields and string rules on string fields.
///
/// `range` and `one_of` read the value as an integer, `length`, `chars`, `format`, `fixed` and
/// `json_string` as a string; on a field of another kind (a string, an integer, a boolean, a
/// float, an array of them) they could never fire. The check knows only the obvious types
/// (`String`, `i64`, `bool`, `f64`, `Vec<..>` behind an `Option`) and trusts the rest.
fn check_value_rules_fit_types(cx: &Ctxt, container: &Container<'_>) {
    for field in container.wire_fields() {
        let attrs = &field.attrs;
        let integer_rules = [
            attrs.range.as_ref().map(|rule| &rule.key),
            attrs.one_of.as_ref().map(|rule| &rule.key),
        ];
        let string_rules = [
            attrs.length.as_ref().map(|rule| &rule.key),
            attrs.chars.as_ref().map(|rule| &rule.key),
            attrs.format.as_ref().map(|rule| &rule.key),
            attrs.fixed.as_ref().map(|rule| &rule.key),
        ];
        let ty = field.ty.to_token_stream().to_string().replace(' ', "");
        let kind = field.kind;
        let others = [ValueKind::Bool, ValueKind::Float, ValueKind::Array];
        if kind == ValueKind::String || others.contains(&kind) {
            for key in integer_rules.into_iter().flatten() {
                cx.error_spanned_by(
                    key,
                    format!(
                        "`{}` checks integers, but `{}` is `{ty}`",
                        key.to_token_stream(),
                        field.member
                    ),
                );
            }
        }
        if kind == ValueKind::Integer || others.contains(&kind) {
            for key in string_rules.into_iter().flatten() {
                cx.error_spanned_by(
                    key,
                    format!(
                        "`{}` checks strings, but `{}` is `{ty}`",
                        key.to_token_stream(),
                        field.member
                    ),
                );
            }
        }
        if let Some(json) = &attrs.json_string
            && field.kind != ValueKind::String
        {
            cx.error_spanned_by(
                    &json.key,
                    format!(
                        "`json_string` goes on a `String` or `Option<String>` field, but `{}` is `{ty}`; a `JsonString<T>` field needs no attribute",
                        field.member
                    ),
                );
        }
    }
}

/// `min` is not above `max`.
///
/// Bounds are inclusive; `min > max` admits no value at all, which is always a typo.
fn check_bounds_ordered(cx: &Ctxt, container: &Container<'_>) {
    for field in container.wire_fields() {
        if let Some(range) = &field.attrs.range
            && let (Some(min), Some(max)) = (&range.min, &range.max)
            && min.value > max.value
        {
            cx.error_spanned_by(
                &min.tokens,
                format!(
                    "`min` {} is above `max` {}: no value fits",
                    min.value, max.value
                ),
            );
        }
        if let Some(length) = &field.attrs.length
            && let (Some(min), Some(max)) = (&length.min, &length.max)
            && min.value > max.value
        {
            cx.error_spanned_by(
                &min.tokens,
                format!(
                    "`min` {} is above `max` {}: no length fits",
                    min.value, max.value
                ),
            );
        }
    }
}

/// Presence rules (`required`, `required_if`, `absent_unless`, and sibling fields of the
/// struct's `required_if`) are on fields a typed value can lack.
///
/// Both paths must agree on the verdict. A field that is not an `Option` is always there in a
/// typed value: without `#[serde(default)]` it is already required (a `required_if` would
/// report a missing value twice on JSON, and never on typed values); with a serde default,
/// JSON may lack it while the typed value holds the default, so any presence rule would fail
/// the JSON and pass the value deserialized from it. `absent_unless` could never be satisfied
/// by a typed value either way. Make the field an `Option` to give it a presence rule.
/// (`required` on a field without a serde default only renames the rule it already has.)
fn check_presence_conditions_need_optional(cx: &Ctxt, container: &Container<'_>) {
    let why = |field: &Field<'_>| {
        if field.implicitly_required(&container.attrs) {
            format!(
                "`{}` is not an `Option`, so it is always required",
                field.member
            )
        } else {
            format!(
                "`{}` is not an `Option` and serde gives it a default, so typed values always have it",
                field.member
            )
        }
    };
    for field in container.wire_fields().filter(|field| !field.optional) {
        let defaulted = !field.implicitly_required(&container.attrs);
        let required = field
            .attrs
            .required
            .as_ref()
            .filter(|_| defaulted)
            .map(|required| &required.key);
        let keys = field
            .attrs
            .required_if
            .iter()
            .chain(&field.attrs.absent_unless)
            .map(|conditional| &conditional.key)
            .chain(required);
        for key in keys {
            cx.error_spanned_by(
                key,
                format!(
                    "{}; make it `Option<..>` to give it `{}`",
                    why(field),
                    key.to_token_stream()
                ),
            );
        }
    }
    for requirement in &container.attrs.required_if {
        for path in requirement
            .fields
            .iter()
            .filter(|path| path.value.is_sibling())
        {
            if let Some(field) = container.wire_field(path.value.head())
                && !field.optional
            {
                cx.error_spanned_by(
                    &path.tokens,
                    format!(
                        "{}; make it `Option<..>` to require it conditionally",
                        why(field)
                    ),
                );
            }
        }
    }
}

/// Every `doc(..)` resolves to a table.
///
/// Fields and the struct's constraints may leave out `table` and share the struct's
/// `doc(table = ..)`; when the struct has none, the reference would cite no table.
fn check_docs_have_tables(cx: &Ctxt, container: &Container<'_>) {
    let container_table = container.attrs.doc.as_ref().and_then(|doc| doc.table);
    let need_table = |doc: &Doc, what: &str| {
        if doc.table.is_none() && container_table.is_none() {
            cx.error_spanned_by(
                &doc.key,
                format!("`doc` {what} needs `table = ..`, or a `doc(table = ..)` on the struct"),
            );
        }
    };
    if let Some(doc) = &container.attrs.doc
        && doc.table.is_none()
    {
        cx.error_spanned_by(&doc.key, "`doc` on the struct needs `table = ..`");
    }
    for requirement in &container.attrs.required_if {
        if let Some(doc) = &requirement.doc {
            need_table(doc, "in `required_if`");
        }
    }
    for forms in &container.attrs.one_of_forms {
        if let Some(doc) = &forms.doc {
            need_table(doc, "in `one_of_forms`");
        }
    }
    for field in &container.fields {
        if let Some(doc) = &field.attrs.doc {
            need_table(doc, "on a field");
        }
    }
}

/// "`name` is not a field of `S`", with a suggestion and the fields there are.
fn not_a_field(container: &Container<'_>, name: &str, what: &str) -> String {
    let wires: Vec<&str> = container
        .wire_fields()
        .map(|field| field.wire.as_str())
        .collect();
    let mut message = format!(
        "{what} names `{name}`, which is not a validated field of `{}`",
        container.ident
    );
    let rust_name = container
        .wire_fields()
        .find(|field| field.member == name && field.wire != name);
    let skipped = container
        .fields
        .iter()
        .find(|field| field.role != Role::Wire && (field.wire == name || field.member == name));
    if let Some(field) = rust_name {
        message.push_str(&format!(
            "; conditions and paths use wire names: did you mean `{}`?",
            field.wire
        ));
    } else if let Some(field) = skipped {
        let role = if field.role == Role::Extra {
            "extra"
        } else {
            "skip"
        };
        message.push_str(&format!("; it is marked `{role}`"));
    } else if let Some(close) = wires.iter().find(|wire| similar(wire, name)) {
        message.push_str(&format!("; did you mean `{close}`?"));
    }
    if wires.is_empty() {
        message.push_str(" (it has none)");
    } else {
        let listed: Vec<String> = wires.iter().map(|wire| format!("`{wire}`")).collect();
        message.push_str(&format!("\nfields: {}", listed.join(", ")));
    }
    message
}

/// Whether two names differ by case, separators or at most two edits.
pub(crate) fn similar(known: &str, written: &str) -> bool {
    let squash = |name: &str| -> String {
        name.chars()
            .filter(|ch| *ch != '_' && *ch != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    if squash(known) == squash(written) {
        return true;
    }
    written.chars().count() >= 4 && edit_distance(known, written) <= 2
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::{DeriveInput, parse_quote};

    /// The errors of parsing and checking `input`.
    fn errors(input: &DeriveInput) -> Vec<String> {
        let cx = Ctxt::new();
        if let Some(container) = Container::from_ast(&cx, input) {
            check(&cx, &container);
        }
        match cx.check() {
            Ok(()) => Vec::new(),
            Err(error) => error.into_iter().map(|error| error.to_string()).collect(),
        }
    }

    fn assert_errors(input: &DeriveInput, fragments: &[&str]) {
        let errors = errors(input);
        assert_eq!(errors.len(), fragments.len(), "{errors:#?}");
        for (error, fragment) in errors.iter().zip(fragments) {
            assert!(error.contains(fragment), "{error:?} lacks {fragment:?}");
        }
    }

    #[test]
    fn a_sound_struct_passes() {
        let input: DeriveInput = parse_quote! {
            #[serde(rename_all = "camelCase")]
            #[contract(doc(table = 16))]
            #[contract(required_if(when = "chooseType == 0", fields = ["turns[].turnType", "chooseType"]))]
            #[contract(one_of_forms(when = "callType == 1", forms = [["chooseType"], ["turns"]]))]
            struct CallPolicy {
                #[contract(doc(param = "5.14.1"), one_of = [0, 1], range(min = 0, max = 1))]
                call_type: Option<i64>,
                #[contract(required_if = "callType == 1")]
                choose_type: Option<i64>,
                #[contract(json_string = "Vec<Turn>", length(max = 2000))]
                turns: Option<String>,
                #[contract(extra)]
                extra: Extra,
            }
        };
        assert_errors(&input, &[]);
    }

    #[test]
    fn extra_is_single_and_alone() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[contract(extra, personal)]
                a: Extra,
                #[contract(extra)]
                b: Extra,
                #[contract(skip, range(min = 1))]
                c: i64,
            }
        };
        assert_errors(
            &input,
            &[
                "only one field can be `extra`",
                "`personal` has no effect on a `extra` field",
                "`range` has no effect on a `skip` field",
            ],
        );
    }

    #[test]
    fn wire_names_and_aliases_are_unique() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[contract(alias = "b")]
                a: Option<i64>,
                #[serde(rename = "a")]
                b: Option<i64>,
            }
        };
        assert_errors(&input, &["wire name `a` is already used by field `a`"]);
        let input: DeriveInput = parse_quote! {
            struct S {
                a: Option<i64>,
                #[contract(alias = "a")]
                b: Option<i64>,
            }
        };
        assert_errors(&input, &["wire name `a` is already used by field `a`"]);
    }

    #[test]
    fn conditions_name_wire_fields_of_their_type() {
        let input: DeriveInput = parse_quote! {
            #[serde(rename_all = "camelCase")]
            struct S {
                device_type: Option<i64>,
                name: Option<String>,
                #[contract(skip)]
                hidden: Option<i64>,
                #[contract(required_if = "device_type == 1")]
                a: Option<i64>,
                #[contract(required_if = "devicType == 1")]
                b: Option<i64>,
                #[contract(absent_unless = "hidden == 1")]
                c: Option<i64>,
                #[contract(required_if = "deviceType == \"1\" or name == 2")]
                d: Option<i64>,
                #[contract(required_if = "zzz == 1")]
                e: Option<i64>,
            }
        };
        assert_errors(
            &input,
            &[
                "the condition names `device_type`, which is not a validated field of `S`; conditions and paths use wire names: did you mean `deviceType`?\nfields: `deviceType`, `name`, `a`",
                "did you mean `deviceType`?",
                "names `hidden`, which is not a validated field of `S`; it is marked `skip`",
                "`deviceType` is an integer, so it never equals \"1\"",
                "`name` is a string, so it never equals 2",
                "the condition names `zzz`, which is not a validated field of `S`\nfields:",
            ],
        );
    }

    #[test]
    fn paths_and_forms_start_at_fields() {
        let input: DeriveInput = parse_quote! {
            #[contract(required_if(fields = ["turnz[].turnType", "count.x", "text[].y", "items[].z"]))]
            #[contract(one_of_forms(when = "count == 1", forms = [["count"], ["nope"]]))]
            struct S {
                count: Option<i64>,
                text: Option<String>,
                items: Option<Vec<Item>>,
            }
        };
        assert_errors(
            &input,
            &[
                "the path's first step names `turnz`, which is not a validated field of `S`",
                "`count` is an integer; it has no fields for the path to step into",
                "`text` is a string without `json_string`; it has no items for the path to step into",
                "the form names `nope`, which is not a validated field of `S`",
            ],
        );
    }

    #[test]
    fn value_rules_fit_the_field_type() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[contract(range(min = 1), one_of = [1])]
                name: Option<String>,
                #[contract(length(max = 3), chars(forbid = "x"), format = "locale", fixed = "v", json_string = "Vec<X>")]
                count: i64,
                #[contract(range(min = 1), length(max = 3))]
                custom: Option<Status>,
            }
        };
        assert_errors(
            &input,
            &[
                "`range` checks integers, but `name` is `Option<String>`",
                "`one_of` checks integers",
                "`length` checks strings, but `count` is `i64`",
                "`chars` checks strings",
                "`format` checks strings",
                "`fixed` checks strings",
                "`json_string` goes on a `String` or `Option<String>` field, but `count` is `i64`",
            ],
        );
    }

    #[test]
    fn booleans_floats_and_arrays_take_neither_kind_of_value_rule() {
        let input: DeriveInput = parse_quote! {
            #[contract(required_if(fields = ["flag.x", "tags.code"]))]
            struct S {
                #[contract(range(min = 1))]
                flag: Option<bool>,
                #[contract(length(max = 3))]
                ratio: Option<f64>,
                #[contract(one_of = [1], format = "locale")]
                tags: Option<Vec<Tag>>,
                #[contract(required_if = "flag == 1")]
                a: Option<i64>,
            }
        };
        assert_errors(
            &input,
            &[
                "`flag` is a boolean, so it never equals 1: conditions compare integers and strings",
                "`flag` is a boolean; it has no fields for the path to step into",
                "`tags` is an array; step into its items with `tags[]`: `tags[].code`",
                "`range` checks integers, but `flag` is `Option<bool>`",
                "`length` checks strings, but `ratio` is `Option<f64>`",
                "`one_of` checks integers, but `tags` is `Option<Vec<Tag>>`",
                "`format` checks strings, but `tags` is `Option<Vec<Tag>>`",
            ],
        );
    }

    #[test]
    fn bounds_are_ordered() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[contract(range(min = 10, max = -5))]
                a: Option<i64>,
                #[contract(length(min = 3, max = 2))]
                b: Option<String>,
                #[contract(range(min = 5, max = 5), length(min = 0, max = 0))]
                c: Option<i64>,
            }
        };
        assert_errors(
            &input,
            &[
                "`length` checks strings, but `c` is `Option<i64>`",
                "`min` 10 is above `max` -5: no value fits",
                "`min` 3 is above `max` 2: no length fits",
            ],
        );
    }

    #[test]
    fn presence_conditions_need_an_optional_field() {
        let input: DeriveInput = parse_quote! {
            #[contract(required_if(when = "b == 1", fields = ["a", "c"]))]
            struct S {
                #[contract(required_if = "b == 1", absent_unless = "b == 2", required)]
                a: i64,
                b: Option<i64>,
                #[serde(default)]
                #[contract(required_if = "b == 3", required)]
                c: i64,
                #[contract(required, required_if = "b == 4")]
                d: Option<i64>,
            }
        };
        assert_errors(
            &input,
            &[
                "`a` is not an `Option`, so it is always required; make it `Option<..>` to give it `required_if`",
                "to give it `absent_unless`",
                "`c` is not an `Option` and serde gives it a default, so typed values always have it; make it `Option<..>` to give it `required_if`",
                "`c` is not an `Option` and serde gives it a default, so typed values always have it; make it `Option<..>` to give it `required`",
                "`a` is not an `Option`, so it is always required; make it `Option<..>` to require it conditionally",
                "`c` is not an `Option` and serde gives it a default, so typed values always have it; make it `Option<..>` to require it conditionally",
            ],
        );
    }

    #[test]
    fn docs_resolve_to_a_table() {
        let input: DeriveInput = parse_quote! {
            #[contract(doc(param = "5"))]
            #[contract(required_if(fields = ["a"], doc(param = "5.1")))]
            struct S {
                #[contract(doc(param = "5.1"))]
                a: Option<i64>,
            }
        };
        assert_errors(
            &input,
            &[
                "`doc` on the struct needs `table = ..`",
                "`doc` in `required_if` needs `table = ..`",
                "`doc` on a field needs `table = ..`",
            ],
        );
    }

    #[test]
    fn similar_names_are_suggested() {
        assert!(similar("deviceType", "device_type"));
        assert!(similar("deviceType", "DeviceType"));
        assert!(similar("deviceType", "devicType"));
        assert!(!similar("deviceType", "status"));
        assert!(!similar("ab", "xy"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
