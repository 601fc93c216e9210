use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(range(min = 100, max = 1))]
    quantity: Option<i64>,
}

fn main() {}
