use std::collections::BTreeMap;

use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    quantity: Option<i64>,
    #[contract(extra)]
    rest: BTreeMap<String, serde_json::Value>,
    #[contract(extra)]
    more: BTreeMap<String, serde_json::Value>,
}

fn main() {}
