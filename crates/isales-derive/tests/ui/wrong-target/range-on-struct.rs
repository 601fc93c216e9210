use isales_derive::Contract;

#[derive(Contract)]
#[contract(range(min = 1))]
struct Order {
    quantity: Option<i64>,
}

fn main() {}
