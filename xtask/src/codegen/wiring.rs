//! The builtin rules' wiring: what each hand-written check of the validator reads, written to
//! `crates/isales-vocabulary/src/wiring.rs` from the first rule of each check's
//! `[rule.reads]`. The validator's rule modules, the payload generator's hooks and the mutation
//! operators all take the rows' names and documentation rows from it, so the spec says once
//! which rows a check reads and none of them spells a row of its own.

use isales_spec::{Check, ReadRow, Spec};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::catalog::doc_ref;
use super::registry::variant_name;
use super::{CodegenError, Mode, Outcome, ensure_file_contents, project_root};

/// Where the output goes, relative to the workspace root.
pub(crate) const OUTPUT: &str = "crates/isales-vocabulary/src/wiring.rs";

/// Regenerates (or checks) the wiring.
pub(crate) fn generate(mode: Mode) -> Result<Outcome, CodegenError> {
    let spec = isales_spec::load_embedded().map_err(CodegenError::Spec)?;
    ensure_file_contents(&project_root().join(OUTPUT), &render(&spec), mode)
}

/// A row as a `Read` constant. Its slot is the row's place among its table's fields, the
/// order the models generator declares them in (`models::object`).
fn read(spec: &Spec, row: &ReadRow) -> TokenStream {
    let table = Literal::u8_unsuffixed(row.table.0);
    let name = row.path.leaf();
    let path = row.path.to_string();
    let doc = doc_ref(&row.doc);
    let slot = spec
        .table(row.table)
        .filter(|_| row.path.is_sibling())
        .and_then(|table| table.fields.iter().position(|field| field.name == name));
    let slot = match slot {
        Some(slot) => {
            let slot = Literal::usize_unsuffixed(slot);
            quote!(Some(#slot))
        }
        None => quote!(None),
    };
    quote! { Read { table: #table, path: #path, name: #name, doc: #doc, slot: #slot } }
}

/// One check's module: its rules, its tables, and a constant per role (the row itself when the
/// role is one row, else an array of them, table by table).
fn check(spec: &Spec, check: &Check) -> TokenStream {
    let module = format_ident!("{}", check.name);
    let rule_ids: Vec<String> = check.rules.iter().map(|id| format!("`{id}`")).collect();
    let module_doc = format!(
        " The `{}` check (the validator's `rules::{}`), which decides {}.",
        check.name,
        check.name,
        rule_ids.join(", ")
    );
    let rules = check.rules.iter().map(|id| {
        let variant = format_ident!("{}", variant_name(id));
        quote! { RuleId::#variant }
    });
    let rule_count = Literal::usize_unsuffixed(check.rules.len());
    let tables = check
        .tables
        .iter()
        .map(|table| Literal::u8_unsuffixed(table.0));
    let table_count = Literal::usize_unsuffixed(check.tables.len());
    let roles = check.roles.iter().map(|role| {
        let name = format_ident!("{}", role.name.to_ascii_uppercase());
        let paths: Vec<String> = role
            .rows
            .iter()
            .filter(|row| row.table == check.tables[0])
            .map(|row| format!("`{}`", row.path))
            .collect();
        let doc = format!(" `{}`: {}.", role.name, paths.join(", "));
        match &role.rows[..] {
            [row] => {
                let value = read(spec, row);
                quote! { #[doc = #doc] pub const #name: Read = #value; }
            }
            rows => {
                let count = Literal::usize_unsuffixed(rows.len());
                let values = rows.iter().map(|row| read(spec, row));
                quote! { #[doc = #doc] pub const #name: [Read; #count] = [#(#values),*]; }
            }
        }
    });
    quote! {
        #[doc = #module_doc]
        pub mod #module {
            use crate::{DocRef, Read, RuleId};

            /// The rules it decides, in spec order.
            pub const RULES: [RuleId; #rule_count] = [#(#rules),*];

            /// The tables whose objects it runs on.
            pub const TABLES: [u8; #table_count] = [#(#tables),*];

            #(#roles)*
        }
    }
}

/// The wiring file for a spec.
pub(crate) fn render(spec: &Spec) -> String {
    let modules = spec.checks.iter().map(|one| check(spec, one));
    // The roles' own constants, not copies of their values: the test of the numbers holds
    // the very constants the checks read.
    let every: Vec<TokenStream> = spec
        .checks
        .iter()
        .flat_map(|check| {
            let module = format_ident!("{}", check.name);
            check.roles.iter().flat_map(move |role| {
                let name = format_ident!("{}", role.name.to_ascii_uppercase());
                let module = module.clone();
                let single = role.rows.len() == 1;
                (0..role.rows.len()).map(move |index| {
                    if single {
                        quote!(#module::#name)
                    } else {
                        let index = Literal::usize_unsuffixed(index);
                        quote!(#module::#name[#index])
                    }
                })
            })
        })
        .collect();
    let count = Literal::usize_unsuffixed(every.len());
    let file = quote! {
        use crate::Read;

        /// Every row every check reads, check by check and role by role (for tests that hold
        /// the rows to the models).
        pub const READS: [Read; #count] = [#(#every),*];

        #(#modules)*
    };
    let syntax = match syn::parse2::<syn::File>(file) {
        Ok(syntax) => syntax,
        Err(error) => panic!("the wiring generator produced invalid Rust: {error}"),
    };
    format!(
        "//! Generated by `cargo xtask codegen wiring`, do not edit by hand.\n\
         //! Source: `crates/isales-spec/query-campaign-details.toml`.\n\
         //!\n\
         //! What each hand-written check of the validator reads, as the `[rule.reads]` of its\n\
         //! first rule says: a module per check, with the rules it decides, the tables it runs on\n\
         //! and a [`Read`] constant per role (an array, table by table, when the role\n\
         //! has several rows).\n\n{}",
        prettyplease::unparse(&syntax)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiring_is_fresh() {
        if let Err(error) = generate(Mode::Check) {
            panic!("{error}");
        }
    }

    #[test]
    fn a_role_of_one_row_is_that_row_and_a_role_of_several_an_array() {
        let spec = isales_spec::load_embedded().expect("the spec loads");
        let text = render(&spec);
        assert!(text.contains("pub const BEGIN: Read = Read {"), "{text}");
        assert!(text.contains("pub const WORKDAY: [Read; 6] = ["), "{text}");
        assert!(text.contains("pub const MIN: [Read; 3] = ["), "{text}");
    }
}
