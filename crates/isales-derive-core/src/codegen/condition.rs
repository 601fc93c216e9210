//! Conditions compiled to plain Rust over a `&dyn Fields`: no parsing at run time.
//!
//! `deviceType in [1, 3]` becomes
//! `::core::matches!(fields.get_slot(4, "deviceType").as_int(), Some(1 | 3))`. An absent field's
//! `as_int()` and `as_str()` are `None`, which equals no literal: exactly the meaning
//! `isales_spec::condition` gives absence, with `!=` and `not in` as plain negations.

use isales_spec::{Comparison, Condition, Literal};
use proc_macro2::TokenStream;
use quote::quote;

/// How generated code reads a field: `fields.get_slot(index, "name")` (and `is_blank_slot`) for
/// the struct's own members, whose index the derive knows (so the located path finds the
/// member without comparing names), `fields.get("name")` for any other name.
pub(crate) struct FieldAccess {
    /// An expression of a type that implements `Fields`.
    pub(crate) fields: TokenStream,
    /// The wire names of the struct's members, in the order `check_object` numbers them.
    pub(crate) slots: Vec<String>,
}

impl FieldAccess {
    /// The expression reading field `wire` (a `FieldRef`).
    pub(crate) fn get(&self, wire: &str) -> TokenStream {
        let fields = &self.fields;
        match self.slot(wire) {
            Some(index) => quote!(#fields.get_slot(#index, #wire)),
            None => quote!(#fields.get(#wire)),
        }
    }

    /// The expression telling whether field `wire` holds `""` (a `bool`).
    pub(crate) fn is_blank(&self, wire: &str) -> TokenStream {
        let fields = &self.fields;
        match self.slot(wire) {
            Some(index) => quote!(#fields.is_blank_slot(#index, #wire)),
            None => quote!(#fields.is_blank(#wire)),
        }
    }

    fn slot(&self, wire: &str) -> Option<proc_macro2::Literal> {
        let index = self.slots.iter().position(|slot| slot == wire)?;
        Some(proc_macro2::Literal::usize_unsuffixed(index))
    }
}

/// The expression that evaluates `condition`, reading fields through `fields`.
pub(crate) fn compile(condition: &Condition, fields: &FieldAccess) -> TokenStream {
    match condition {
        Condition::Compare { field, op, values } => compare(field, *op, values, fields),
        Condition::All(parts) => {
            let parts = parts.iter().map(|part| match part {
                Condition::Any(_) => {
                    let inner = compile(part, fields);
                    quote!((#inner))
                }
                _ => compile(part, fields),
            });
            quote!(#(#parts)&&*)
        }
        Condition::Any(parts) => {
            let parts = parts.iter().map(|part| match part {
                Condition::All(_) => {
                    let inner = compile(part, fields);
                    quote!((#inner))
                }
                _ => compile(part, fields),
            });
            quote!(#(#parts)||*)
        }
        Condition::Not(part) => {
            let inner = compile(part, fields);
            quote!(!(#inner))
        }
    }
}

/// One comparison; `!=` and `not in` are the negations of `==` and `in`.
fn compare(field: &str, op: Comparison, values: &[Literal], fields: &FieldAccess) -> TokenStream {
    let some = quote!(::core::option::Option::Some);
    let get = fields.get(field);
    let ints: Vec<TokenStream> = values
        .iter()
        .filter_map(|value| match value {
            Literal::Int(number) => Some(int_literal(*number)),
            Literal::Str(_) => None,
        })
        .collect();
    let strs: Vec<&str> = values
        .iter()
        .filter_map(|value| match value {
            Literal::Str(text) => Some(text.as_str()),
            Literal::Int(_) => None,
        })
        .collect();
    let negate = matches!(op, Comparison::Ne | Comparison::NotIn);
    match (ints.as_slice(), strs.as_slice()) {
        ([one], []) if negate => quote!(#get.as_int() != #some(#one)),
        ([one], []) => quote!(#get.as_int() == #some(#one)),
        ([], [one]) if negate => quote!(#get.as_str() != #some(#one)),
        ([], [one]) => quote!(#get.as_str() == #some(#one)),
        (ints, []) => negated(
            negate,
            quote!(::core::matches!(#get.as_int(), #some(#(#ints)|*))),
        ),
        ([], strs) => negated(
            negate,
            quote!(::core::matches!(#get.as_str(), #some(#(#strs)|*))),
        ),
        (ints, strs) => negated(
            negate,
            quote!({
                let value = #get;
                ::core::matches!(value.as_int(), #some(#(#ints)|*))
                    || ::core::matches!(value.as_str(), #some(#(#strs)|*))
            }),
        ),
    }
}

fn negated(negate: bool, test: TokenStream) -> TokenStream {
    if negate { quote!(!#test) } else { test }
}

/// An integer literal; negative values as `-` and the magnitude, so `i64::MIN` is written too.
pub(crate) fn int_literal(number: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(number.unsigned_abs());
    if number < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(text: &str) -> String {
        let condition: Condition = text.parse().expect("test conditions parse");
        let access = FieldAccess {
            fields: quote!(fields),
            slots: vec!["deviceType".to_owned()],
        };
        let expression = compile(&condition, &access);
        let expression: syn::Expr = syn::parse2(expression).expect("compiles to an expression");
        quote!(#expression)
            .to_string()
            .replace(":: core :: option :: Option :: ", "")
            .replace(":: core :: ", "")
    }

    #[test]
    fn comparisons_read_fields_by_wire_name() {
        let cases = [
            (
                "outBoundType == 2",
                r#"fields . get ("outBoundType") . as_int () == Some (2)"#,
            ),
            (
                "busiResultPolicy != 0",
                r#"fields . get ("busiResultPolicy") . as_int () != Some (0)"#,
            ),
            (
                "deviceType in [1, 3]",
                r#"matches ! (fields . get_slot (0 , "deviceType") . as_int () , Some (1 | 3))"#,
            ),
            (
                "deviceType not in [2, 5, 6]",
                r#"! matches ! (fields . get_slot (0 , "deviceType") . as_int () , Some (2 | 5 | 6))"#,
            ),
            (
                "dataType == \"SI\"",
                r#"fields . get ("dataType") . as_str () == Some ("SI")"#,
            ),
            (
                "dataType in [\"SI\", \"MO\"]",
                r#"matches ! (fields . get ("dataType") . as_str () , Some ("SI" | "MO"))"#,
            ),
            (
                "a == -9223372036854775808",
                r#"fields . get ("a") . as_int () == Some (- 9223372036854775808)"#,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(compiled(text), expected, "{text}");
        }
    }

    #[test]
    fn connectives_keep_their_precedence() {
        assert_eq!(
            compiled("a == 1 and (b == 2 or c == 3)"),
            r#"fields . get ("a") . as_int () == Some (1) && (fields . get ("b") . as_int () == Some (2) || fields . get ("c") . as_int () == Some (3))"#
        );
        assert_eq!(
            compiled("a == 1 or b == 2 and c == 3"),
            r#"fields . get ("a") . as_int () == Some (1) || (fields . get ("b") . as_int () == Some (2) && fields . get ("c") . as_int () == Some (3))"#
        );
        assert_eq!(
            compiled("not (a == 1 or b != 2)"),
            r#"! (fields . get ("a") . as_int () == Some (1) || fields . get ("b") . as_int () != Some (2))"#
        );
    }

    #[test]
    fn mixed_lists_test_both_types() {
        assert_eq!(
            compiled("a not in [1, \"x\"]"),
            r#"! { let value = fields . get ("a") ; matches ! (value . as_int () , Some (1)) || matches ! (value . as_str () , Some ("x")) }"#
        );
    }
}
