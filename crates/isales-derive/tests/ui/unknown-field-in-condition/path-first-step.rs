use isales_contract::JsonString;
use isales_derive::Contract;

#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
#[contract(required_if(when = "chooseType == 0", fields = ["turn[].turnType"]))]
struct CallPolicy {
    choose_type: Option<i64>,
    turns: Option<JsonString<Vec<Turn>>>,
}

#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
struct Turn {
    turn_type: Option<i64>,
}

fn main() {}
