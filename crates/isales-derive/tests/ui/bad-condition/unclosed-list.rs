use isales_derive::Contract;

#[derive(Contract)]
#[allow(non_snake_case)]
struct Campaign {
    deviceType: Option<i64>,
    #[contract(required_if = "deviceType in [1, 3")]
    ivrParam: Option<i64>,
}

fn main() {}
