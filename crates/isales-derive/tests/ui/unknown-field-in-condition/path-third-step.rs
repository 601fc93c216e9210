use isales_contract::JsonString;
use isales_derive::Contract;

// A typo two types down, through an array and a JSON document held in a string.
#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
#[contract(required_if(fields = ["parcels[].items[].skuCode"]))]
struct Shipment {
    parcels: Option<Vec<Parcel>>,
}

#[derive(serde::Deserialize, Contract)]
struct Parcel {
    items: Option<JsonString<Vec<Item>>>,
}

#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
struct Item {
    sku_cod: Option<String>,
    quantity: Option<u32>,
}

fn main() {}
