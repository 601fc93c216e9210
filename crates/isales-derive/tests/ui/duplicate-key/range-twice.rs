use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(range(min = 1))]
    #[contract(range(max = 99))]
    quantity: Option<i64>,
}

fn main() {}
