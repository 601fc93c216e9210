//! The `extra` field on typed values: every member it kept is undocumented, and the spelling
//! it remembers for a documented field may be an alias. (On the located path the member loop
//! sees both directly; see [`members`](super::members).)

use proc_macro2::TokenStream;
use quote::quote;

use super::{Gen, report};
use crate::defaults::Constraint;

/// Reports what the `extra` field kept, in `validate_in`.
pub(crate) fn typed(generator: &Gen<'_, '_>) -> TokenStream {
    let Some(extra) = generator.container.extra() else {
        return TokenStream::new();
    };
    let krate = &generator.krate;
    let member = extra.member;
    let undocumented_field = generator.structure_rule("undocumented_field", "UNDOCUMENTED_FIELD");
    let aliases = generator.container.wire_fields().filter_map(|field| {
        let alias = field.attrs.alias.as_ref()?;
        let documented = field.wire.as_str();
        let used = alias.name.value.as_str();
        let rule = generator.rule(&alias.rule, Some(field), Constraint::Alias);
        let doc = report::field_doc(krate, generator.table, field);
        Some(quote! {
            if #krate::Unlisted::spelling_of(&self.#member, #documented)
                == ::core::option::Option::Some(#used)
            {
                scope.report_field(
                    #used,
                    #krate::Violation::new(
                        #rule,
                        #krate::ViolationKind::Alias { used: #used, documented: #documented },
                    )
                    .with_doc(#doc),
                    ::core::option::Option::None,
                );
            }
        })
    });
    quote! {
        for name in #krate::Unlisted::undocumented(&self.#member) {
            scope.report_field(
                name,
                #krate::Violation::new(
                    #undocumented_field,
                    #krate::ViolationKind::UndocumentedField { name: name.to_owned() },
                )
                .with_doc(<Self as #krate::Contract>::DOC),
                ::core::option::Option::None,
            );
        }
        #(#aliases)*
    }
}
