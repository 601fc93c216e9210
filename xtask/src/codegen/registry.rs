//! The rule registry: one `Rule` constant per rule of the spec and the `RuleId` enum, written
//! to `crates/isales-vocabulary/src/registry.rs`. Hand-written code names the contract's rules
//! through it, so a rule's id, level and provenance are spelt in the spec alone and a misspelt
//! rule is a compile error.

use isales_spec::{Severity, Spec};
use proc_macro2::Literal;
use quote::{format_ident, quote};

use super::catalog::{doc_ref, provenance_ident};
use super::{CodegenError, Mode, Outcome, ensure_file_contents, project_root};

/// Where the output goes, relative to the workspace root.
pub(crate) const OUTPUT: &str = "crates/isales-vocabulary/src/registry.rs";

/// Regenerates (or checks) the registry.
pub(crate) fn generate(mode: Mode) -> Result<Outcome, CodegenError> {
    let spec = isales_spec::load_embedded().map_err(CodegenError::Spec)?;
    ensure_file_contents(&project_root().join(OUTPUT), &render(&spec), mode)
}

/// `ivr-param-required` → `IVR_PARAM_REQUIRED`.
pub(crate) fn const_name(id: &str) -> String {
    id.replace('-', "_").to_ascii_uppercase()
}

/// `ivr-param-required` → `IvrParamRequired`.
pub(crate) fn variant_name(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The registry file for a spec.
pub(crate) fn render(spec: &Spec) -> String {
    let consts = spec.rules.iter().map(|rule| {
        let id = rule.id.as_str();
        let name = format_ident!("{}", const_name(id));
        let severity = format_ident!(
            "{}",
            match rule.severity {
                Severity::Error => "Error",
                Severity::Warning => "Warning",
            }
        );
        let provenance = provenance_ident(rule.provenance);
        let summary = rule.summary.as_str();
        let docs = rule.docs.iter().map(doc_ref);
        let doc = format!(
            " `{id}` ({}, {}): {summary}",
            rule.severity.as_str(),
            rule.provenance.as_str()
        );
        quote! {
            #[doc = #doc]
            pub const #name: Rule = Rule {
                id: #id,
                severity: Severity::#severity,
                provenance: Provenance::#provenance,
                summary: #summary,
                docs: &[#(#docs),*],
            };
        }
    });
    let variants = spec.rules.iter().map(|rule| {
        let variant = format_ident!("{}", variant_name(&rule.id));
        let doc = format!(" `{}`: {}", rule.id, rule.summary);
        quote! { #[doc = #doc] #variant, }
    });
    let all = spec.rules.iter().map(|rule| {
        let variant = format_ident!("{}", variant_name(&rule.id));
        quote! { RuleId::#variant, }
    });
    let to_rule = spec.rules.iter().map(|rule| {
        let variant = format_ident!("{}", variant_name(&rule.id));
        let name = format_ident!("{}", const_name(&rule.id));
        quote! { RuleId::#variant => #name, }
    });
    let const_names = spec.rules.iter().map(|rule| {
        let variant = format_ident!("{}", variant_name(&rule.id));
        let name = const_name(&rule.id);
        quote! { RuleId::#variant => #name, }
    });
    let names = spec.rules.iter().map(|rule| {
        let variant = format_ident!("{}", variant_name(&rule.id));
        let name = variant_name(&rule.id);
        quote! { RuleId::#variant => #name, }
    });
    let from_id = spec.rules.iter().map(|rule| {
        let variant = format_ident!("{}", variant_name(&rule.id));
        let id = rule.id.as_str();
        quote! { #id => Some(RuleId::#variant), }
    });
    let count = Literal::usize_unsuffixed(spec.rules.len());
    let success = spec.interface.success_code.as_str();
    let route = spec.interface.path.as_str();
    let method = spec.interface.method.as_str();
    let file = quote! {
        use crate::{DocRef, Provenance, Rule, Severity};

        /// The result code of a successful answer (`resultCode` and `returnCode`); every other
        /// code is a failure of Table 21.
        pub const SUCCESS_CODE: &str = #success;

        /// The interface's path, with `{name}` for each URL parameter (Table 1).
        pub const ROUTE: &str = #route;

        /// The interface's HTTP method.
        pub const METHOD: &str = #method;

        #(#consts)*

        /// A rule of the contract, by name; [`RuleId::rule`] is its constant.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            #(#variants)*
        }

        impl RuleId {
            /// Every rule of the contract, in spec order.
            pub const ALL: [RuleId; #count] = [#(#all)*];

            /// The rule's constant: id, default level, provenance, summary, documentation.
            #[must_use]
            pub const fn rule(self) -> Rule {
                match self {
                    #(#to_rule)*
                }
            }

            /// The rule's stable id.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                self.rule().id
            }

            /// The name of the rule's constant in this module (`IVR_PARAM_REQUIRED`), for code
            /// that writes code naming it.
            #[must_use]
            pub const fn const_name(self) -> &'static str {
                match self {
                    #(#const_names)*
                }
            }

            /// The rule's name in UpperCamelCase (`IvrParamRequired`): the variant's name, and
            /// what SARIF calls a rule's `name`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    #(#names)*
                }
            }

            /// The rule whose id is `id`, if the contract has one.
            #[must_use]
            pub fn from_id(id: &str) -> Option<RuleId> {
                match id {
                    #(#from_id)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for RuleId {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    let syntax = match syn::parse2::<syn::File>(file) {
        Ok(syntax) => syntax,
        Err(error) => panic!("the registry generator produced invalid Rust: {error}"),
    };
    format!(
        "//! Generated by `cargo xtask codegen registry`, do not edit by hand.\n\
         //! Source: `crates/isales-spec/query-campaign-details.toml`.\n\
         //!\n\
         //! Every rule of the contract: a constant each, and [`RuleId`] to name one as data.\n\n{}",
        prettyplease::unparse(&syntax)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_fresh() {
        if let Err(error) = generate(Mode::Check) {
            panic!("{error}");
        }
    }

    #[test]
    fn names_follow_rust_conventions() {
        assert_eq!(const_name("ivr-param-required"), "IVR_PARAM_REQUIRED");
        assert_eq!(variant_name("ivr-param-required"), "IvrParamRequired");
    }
}
