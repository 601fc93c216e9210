use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(range(minimum = 1))]
    quantity: Option<i64>,
}

fn main() {}
