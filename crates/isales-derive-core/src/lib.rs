//! The logic of `#[derive(Contract)]`, on `proc_macro2` so that it can be tested as ordinary
//! code (unit tests on the IR, snapshots of the expansion); `isales-derive` only forwards to
//! [`expand`]. The attribute language is documented there.
//!
//! The derive is a pipeline, as in serde_derive:
//! [`attr`] parses `#[contract(...)]` into plain structs, [`ast`] builds the IR with the syn
//! nodes it came from, [`check`] enforces the rules that span several keys, and
//! `codegen` emits the impls. Every stage reports into one [`Ctxt`](ctxt::Ctxt)
//! and never stops at the first mistake; [`expand`] turns all of them into `compile_error!`s.
#![deny(missing_docs)]

pub mod ast;
pub mod attr;
pub mod case;
pub mod check;
pub mod coded;
mod codegen;
pub mod ctxt;
pub mod defaults;
mod enumeration;
pub mod symbol;

#[cfg(test)]
mod tests;

use proc_macro2::TokenStream;
use quote::quote;

/// Expands `#[derive(Contract)]` on `input` (the item, attributes included): the impls, or one
/// `compile_error!` per mistake found in the attributes. A struct is an object with rules; an
/// enum of unit variants is a field type with listed values (`enumeration`).
#[must_use]
pub fn expand(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    if let syn::Data::Enum(data) = &input.data {
        return enumeration::expand(&input, data);
    }
    let cx = ctxt::Ctxt::new();
    let container = ast::Container::from_ast(&cx, &input);
    if let Some(container) = &container {
        check::check(&cx, container);
    }
    match (cx.check(), container) {
        (Err(errors), _) => errors.to_compile_error(),
        (Ok(()), Some(container)) => codegen::expand(&container),
        // `from_ast` gives no IR only after reporting why.
        (Ok(()), None) => quote!(::core::compile_error!(
            "isales-derive: no IR and no error; this is a bug in isales-derive-core"
        )),
    }
}
