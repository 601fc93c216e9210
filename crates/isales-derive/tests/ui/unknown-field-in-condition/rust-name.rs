use isales_derive::Contract;

#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
struct Campaign {
    device_type: Option<i64>,
    #[contract(required_if = "device_type in [1, 3]")]
    ivr_param: Option<i64>,
}

fn main() {}
