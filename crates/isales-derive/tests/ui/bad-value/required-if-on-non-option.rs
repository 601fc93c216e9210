use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    mode: Option<i64>,
    #[contract(required_if = "mode == 1")]
    quantity: i64,
}

fn main() {}
