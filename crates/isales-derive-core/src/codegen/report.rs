//! How generated code names what it reports: `Rule` values with their defaults resolved at
//! compile time, documentation references, and the `FieldInfo` of a field.
//!
//! A constraint's `rule` comes from its own parentheses first, then from the field's
//! `rule = ..`, then from the constraint's default. A rule of the contract's registry is named
//! by its constant (`registry::IVR_PARAM_REQUIRED`): its level and provenance are the spec's,
//! and an attribute states a provenance only to mark one requirement as our reading. Any other
//! rule is the deriving crate's own: its `severity` and `provenance` come from the attributes,
//! then from the constraint's defaults; severity, when no one sets it, follows provenance
//! (documented rules are errors, inferred ones warnings) unless the constraint has its own
//! default level (`absent_unless` and `alias` warn).

use isales_vocabulary::RuleId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ast::Field;
use crate::attr::{Provenance, RuleAttrs, Severity};
use crate::defaults::Constraint;
pub(crate) use crate::defaults::Defaults;
#[cfg(test)]
use crate::defaults::*;

/// A constraint's rule with its defaults resolved, as the derive knows it at compile time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The rule id.
    pub(crate) id: String,
    /// The default level.
    pub(crate) severity: Severity,
    /// Documented or inferred: the rule's, or this requirement's when it is our reading of a
    /// documented rule.
    pub(crate) provenance: Provenance,
    /// The rule's entry in the contract's registry, when the id is one of the contract's.
    pub(crate) registered: Option<RuleId>,
}

/// The rule a constraint reports: its own keys, then the field's, then the defaults.
///
/// A rule of the contract's registry takes its level and provenance from the registry (that
/// is, from the spec); an attribute only states a provenance to mark one requirement of a
/// documented rule as our reading. Any other id is a rule of the deriving crate's own, with
/// the level and provenance its attributes or the constraint's defaults give.
pub(crate) fn resolve(own: &RuleAttrs, field: Option<&RuleAttrs>, defaults: Defaults) -> Resolved {
    let id = own
        .rule
        .clone()
        .or_else(|| field.and_then(|attrs| attrs.rule.clone()))
        .unwrap_or_else(|| defaults.id.to_owned());
    let provenance = own
        .provenance
        .or_else(|| field.and_then(|attrs| attrs.provenance));
    let severity = own
        .severity
        .or_else(|| field.and_then(|attrs| attrs.severity));
    if let Some(registered) = RuleId::from_id(&id) {
        let rule = registered.rule();
        return Resolved {
            id,
            severity: severity.unwrap_or(rule.severity),
            provenance: provenance.unwrap_or(rule.provenance),
            registered: Some(registered),
        };
    }
    let provenance = provenance.unwrap_or(defaults.provenance);
    let severity = severity.or(defaults.severity).unwrap_or(match provenance {
        Provenance::Documented => Severity::Error,
        Provenance::Inferred => Severity::Warning,
    });
    Resolved {
        id,
        severity,
        provenance,
        registered: None,
    }
}

/// The `Rule` value of a constraint.
#[cfg(test)]
pub(crate) fn rule(
    krate: &TokenStream,
    own: &RuleAttrs,
    field: Option<&RuleAttrs>,
    defaults: Defaults,
) -> TokenStream {
    rule_value(krate, &resolve(own, field, defaults))
}

/// The `Rule` value of a resolved rule: the registry's constant (with this requirement's
/// level or provenance where the attributes differ), or a rule of the crate's own.
pub(crate) fn rule_value(krate: &TokenStream, resolved: &Resolved) -> TokenStream {
    let severity = match resolved.severity {
        Severity::Error => quote!(#krate::Severity::Error),
        Severity::Warning => quote!(#krate::Severity::Warning),
    };
    let provenance = match resolved.provenance {
        Provenance::Documented => quote!(#krate::Provenance::Documented),
        Provenance::Inferred => quote!(#krate::Provenance::Inferred),
    };
    if let Some(registered) = resolved.registered {
        let name = format_ident!("{}", registered.const_name());
        let rule = registered.rule();
        return match (
            rule.severity == resolved.severity,
            rule.provenance == resolved.provenance,
        ) {
            (true, true) => quote!(#krate::registry::#name),
            (true, false) => quote! {
                #krate::Rule { provenance: #provenance, ..#krate::registry::#name }
            },
            (false, true) => quote! {
                #krate::Rule { severity: #severity, ..#krate::registry::#name }
            },
            (false, false) => quote! {
                #krate::Rule { severity: #severity, provenance: #provenance, ..#krate::registry::#name }
            },
        };
    }
    let id = resolved.id.as_str();
    quote!(#krate::Rule::new(#id, #severity, #provenance))
}

/// An `Option<DocRef>` expression: the table (own, or the struct's), the parameter and row name.
pub(crate) fn doc_ref(
    krate: &TokenStream,
    table: Option<u8>,
    param: Option<&str>,
    name: Option<&str>,
    off_page: Option<&str>,
) -> TokenStream {
    let Some(table) = table else {
        return quote!(::core::option::Option::None);
    };
    let some = quote!(::core::option::Option::Some);
    let table = proc_macro2::Literal::u8_unsuffixed(table);
    match (param, name, off_page) {
        (None, None, None) => quote!(#some(#krate::DocRef::table(#table))),
        (Some(param), Some(name), None) => {
            quote!(#some(#krate::DocRef::row(#table, #param, #name)))
        }
        (None, Some(name), Some(source)) => {
            quote!(#some(#krate::DocRef::off_page(#table, #name, #source)))
        }
        (param, name, off_page) => {
            let param = option_str(param);
            let name = option_str(name);
            let off_page = option_str(off_page);
            quote!(#some(#krate::DocRef {
                table: #table,
                param: #param,
                name: #name,
                off_page: #off_page,
            }))
        }
    }
}

fn option_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

/// The documentation row of a field: its `doc(..)`, the table defaulting to the struct's.
pub(crate) fn field_doc(
    krate: &TokenStream,
    container_table: Option<u8>,
    field: &Field<'_>,
) -> TokenStream {
    match &field.attrs.doc {
        Some(doc) => doc_ref(
            krate,
            doc.table.or(container_table),
            doc.param.as_deref(),
            Some(&field.wire),
            doc.off_page.as_deref(),
        ),
        None => quote!(::core::option::Option::None),
    }
}

/// The `FieldInfo` a field's type checks report with: an inline constant, so that `&info`
/// is a reference to a static. Its documentation row is built with a `const fn`, which a
/// plain `&FieldInfo { .. }` is not promoted through: every check of every value built it on
/// the stack, though only a violation reads it.
pub(crate) fn field_info(generator: &super::Gen<'_, '_>, field: &Field<'_>) -> TokenStream {
    let krate = &generator.krate;
    let doc = field_doc(krate, generator.table, field);
    let personal = field.attrs.personal.is_some();
    let lone_object = match &field.attrs.lone_object {
        Some(flag) => {
            let rule = generator.rule(&flag.rule, Some(field), Constraint::LoneObject);
            quote!(::core::option::Option::Some(#rule))
        }
        None => quote!(::core::option::Option::None),
    };
    quote!(const { #krate::FieldInfo { doc: #doc, personal: #personal, lone_object: #lone_object } })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(own: RuleAttrs, field: Option<RuleAttrs>, defaults: Defaults) -> String {
        rule(&quote!(k), &own, field.as_ref(), defaults)
            .to_string()
            .replace(" ", "")
    }

    #[test]
    fn own_then_field_then_defaults() {
        let field = RuleAttrs {
            rule: Some("stock-length".into()),
            severity: None,
            provenance: Some(Provenance::Inferred),
        };
        assert_eq!(
            resolved(RuleAttrs::default(), Some(field.clone()), LENGTH),
            r#"k::Rule::new("stock-length",k::Severity::Warning,k::Provenance::Inferred)"#,
            "severity follows the inherited provenance"
        );
        let own = RuleAttrs {
            rule: Some("own".into()),
            severity: Some(Severity::Error),
            provenance: None,
        };
        assert_eq!(
            resolved(own, Some(field), LENGTH),
            r#"k::Rule::new("own",k::Severity::Error,k::Provenance::Inferred)"#
        );
    }

    #[test]
    fn a_rule_of_the_registry_is_named_by_its_constant() {
        assert_eq!(
            resolved(RuleAttrs::default(), None, OUT_OF_RANGE),
            "k::registry::OUT_OF_RANGE"
        );
        let named = RuleAttrs {
            rule: Some("name-length".into()),
            ..RuleAttrs::default()
        };
        assert_eq!(
            resolved(named, None, LENGTH),
            "k::registry::NAME_LENGTH",
            "level and provenance come from the registry, not the constraint's defaults"
        );
        // A requirement of a documented rule that is our reading keeps the rule and says so.
        let inferred = RuleAttrs {
            provenance: Some(Provenance::Inferred),
            ..RuleAttrs::default()
        };
        assert_eq!(
            resolved(inferred, None, REQUIRED_FIELD),
            "k::Rule{provenance:k::Provenance::Inferred,..k::registry::REQUIRED_FIELD}"
        );
    }

    #[test]
    fn some_constraints_warn_by_default() {
        assert_eq!(
            resolved(RuleAttrs::default(), None, UNEXPECTED_FIELD),
            r#"k::Rule::new("unexpected-field",k::Severity::Warning,k::Provenance::Inferred)"#
        );
        let documented = RuleAttrs {
            provenance: Some(Provenance::Documented),
            ..RuleAttrs::default()
        };
        assert_eq!(
            resolved(documented, None, ALIAS),
            r#"k::Rule::new("alias",k::Severity::Warning,k::Provenance::Documented)"#
        );
    }

    #[test]
    fn doc_refs_cite_what_is_known() {
        let doc = |table, param, name| {
            doc_ref(&quote!(k), table, param, name, None)
                .to_string()
                .replace(' ', "")
        };
        assert_eq!(
            doc(None, Some("5"), Some("x")),
            "::core::option::Option::None"
        );
        assert_eq!(
            doc(Some(4), None, None),
            "::core::option::Option::Some(k::DocRef::table(4))"
        );
        assert_eq!(
            doc(Some(7), Some("5.11.4"), Some("predictParam")),
            r#"::core::option::Option::Some(k::DocRef::row(7,"5.11.4","predictParam"))"#
        );
        assert_eq!(
            doc(Some(7), None, Some("x")),
            r#"::core::option::Option::Some(k::DocRef{table:7,param:::core::option::Option::None,name:::core::option::Option::Some("x"),off_page:::core::option::Option::None,})"#
        );
        assert_eq!(
            doc_ref(
                &quote!(k),
                Some(4),
                None,
                Some("id"),
                Some("seen in an example")
            )
            .to_string()
            .replace(' ', ""),
            r#"::core::option::Option::Some(k::DocRef::off_page(4,"id","seeninanexample"))"#
        );
    }
}
