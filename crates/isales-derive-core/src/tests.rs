//! Snapshots of expansions: the prettyplease-formatted output of [`expand`](crate::expand) for
//! representative structs, with the input as the snapshot description (jsonschema-macros-core
//! `src/tests.rs`), and the `compile_error!`s of an input with mistakes.
//!
//! A change to the generated code shows up here as a readable diff; review it, then accept it
//! with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

use proc_macro2::TokenStream;
use quote::quote;

/// `expand(input)`, formatted; the formatted input goes into the snapshot's description.
fn expand_snapshot(name: &str, input: TokenStream) {
    let description = unparse(input.clone());
    let expanded = unparse(crate::expand(input));
    insta::with_settings!({ description => description, omit_expression => true }, {
        insta::assert_snapshot!(name, expanded);
    });
}

fn unparse(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(error) => panic!("not a file ({error}): {tokens}"),
    }
}

#[test]
fn representative_struct() {
    expand_snapshot(
        "representative_struct",
        quote! {
            #[derive(Deserialize, Contract)]
            #[serde(rename_all = "camelCase")]
            #[contract(doc(table = 16))]
            #[contract(required_if(
                when = "chooseType == 0",
                fields = ["turns[].turnType"],
                rule = "turn-fields",
                doc(table = 17, param = "5.14.4.1"),
            ))]
            #[contract(required_if(when = "callType == 1", fields = ["chooseType", "turns"]))]
            #[contract(one_of_forms(
                when = "policyType == 0",
                forms = [["retryDay", "retryTimes"], ["resultRetry"]],
                rule = "retry-policy-form",
            ))]
            #[contract(check = crate::rules::consistency::check)]
            pub struct CallPolicy {
                #[contract(doc(param = "5.14.1"), one_of = [0, 1])]
                pub call_type: Option<i64>,
                #[contract(one_of(values = [0, 1], severity = "warning", provenance = "inferred"))]
                pub choose_type: Option<i64>,
                #[contract(json_string = "Vec<Turn>")]
                pub turns: Option<String>,
                #[contract(required_if = "callType in [1, -2]", one_of = [0, 1])]
                pub policy_type: Option<i64>,
                #[contract(range(min = 1, max = 30))]
                pub retry_day: Option<i64>,
                pub retry_times: Option<i64>,
                pub result_retry: Option<JsonString<Vec<ResultRetry>>>,
                #[serde(rename = "mimAvgCallTime")]
                #[contract(alias = "minAvgCallTime", range(min = 0))]
                pub min_avg_call_time: Option<i64>,
                #[contract(format = "datetime", absent_unless = "policyType != 1")]
                pub str_begin_time: Option<String>,
                #[contract(personal, format = "dial_string", doc(table = 4, param = "5.6"))]
                pub caller_no: Option<String>,
                #[contract(length(max = 200), chars(forbid = "\"[]=;<>"), rule = "description")]
                pub description: Option<String>,
                #[contract(fixed = "application/json; charset=UTF-8")]
                pub content_type: String,
                pub name: String,
                #[contract(skip)]
                pub opaque: Opaque,
                #[serde(flatten)]
                #[contract(extra)]
                pub extra: BTreeMap<String, Value>,
            }
        },
    );
}

#[test]
fn plain_struct_with_a_crate_path() {
    expand_snapshot(
        "plain_struct_with_a_crate_path",
        quote! {
            #[derive(Contract)]
            #[contract(crate = "crate")]
            struct Pair<T> {
                left: i64,
                right: Option<T>,
            }
        },
    );
}

#[test]
fn every_mistake_becomes_a_compile_error() {
    expand_snapshot(
        "every_mistake_becomes_a_compile_error",
        quote! {
            #[derive(Contract)]
            #[contract(range(min = 1), required_if(when = "x == 1", fields = ["nope"]))]
            struct Broken {
                #[contract(colour = "red", range(min = 9, max = 1))]
                a: Option<i64>,
                #[contract(required_if = "a = 1", length(max = 3))]
                b: Option<i64>,
            }
        },
    );
}
