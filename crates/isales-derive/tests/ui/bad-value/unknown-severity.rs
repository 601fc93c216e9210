use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(range(min = 1, severity = "fatal"))]
    quantity: Option<i64>,
}

fn main() {}
