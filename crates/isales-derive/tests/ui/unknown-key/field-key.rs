use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(rnage(min = 1, max = 99))]
    quantity: Option<i64>,
}

fn main() {}
