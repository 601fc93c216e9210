//! [`Ctxt`]: the error collector every stage reports into (serde's `internals/ctxt.rs`).
//!
//! Attribute parsing and the cross-field checks never stop at the first mistake: they record
//! it here, with the span of the offending tokens, and carry on, so one compilation shows every
//! mistake in the user's attributes. [`Ctxt::check`] combines them into one [`syn::Error`]
//! (`syn::Error::combine`), which becomes one `compile_error!` per mistake. Dropping a `Ctxt`
//! that was not checked panics: errors cannot be lost by forgetting to look.

use std::cell::RefCell;
use std::fmt::Display;
use std::thread;

use proc_macro2::Span;
use quote::ToTokens;

/// Collects errors; must be consumed with [`Ctxt::check`].
#[derive(Debug)]
pub struct Ctxt {
    // `None` once checked, so that dropping an unchecked context can be detected.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Default for Ctxt {
    fn default() -> Self {
        Ctxt::new()
    }
}

impl Ctxt {
    /// An empty collector.
    #[must_use]
    pub fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records an error spanning the tokens of `tokens`.
    pub fn error_spanned_by<A: ToTokens, T: Display>(&self, tokens: A, message: T) {
        self.push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error at one span.
    pub fn error_at<T: Display>(&self, span: Span, message: T) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error syn produced.
    pub fn syn_error(&self, error: syn::Error) {
        self.push(error);
    }

    /// How many errors were recorded so far: a parser compares counts to leave out a
    /// follow-up error ("`range(..)` needs `min`") when the list already had its own.
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.errors.borrow().as_ref().map_or(0, Vec::len)
    }

    fn push(&self, error: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(error);
        }
    }

    /// Consumes the collector: `Ok` when nothing was recorded, otherwise every error combined.
    ///
    /// # Errors
    /// All the errors recorded, in the order they were recorded.
    pub fn check(self) -> syn::Result<()> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !thread::panicking() && self.errors.borrow().is_some() {
            panic!("isales-derive-core: a Ctxt was dropped without `check()`; errors were lost");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combines_every_error_in_order() {
        let cx = Ctxt::new();
        assert_eq!(cx.error_count(), 0);
        cx.error_at(Span::call_site(), "first");
        cx.error_spanned_by(quote::quote!(a b), "second");
        assert_eq!(cx.error_count(), 2);
        let messages: Vec<String> = cx
            .check()
            .expect_err("two errors")
            .into_iter()
            .map(|error| error.to_string())
            .collect();
        assert_eq!(messages, ["first", "second"]);
        assert!(Ctxt::new().check().is_ok());
    }

    #[test]
    fn dropping_unchecked_panics() {
        let outcome = std::panic::catch_unwind(|| {
            let _cx = Ctxt::new();
        });
        assert!(outcome.is_err(), "the drop bomb did not go off");
    }
}
