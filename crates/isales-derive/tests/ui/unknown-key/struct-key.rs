use isales_derive::Contract;

#[derive(Contract)]
#[contract(colour = "red")]
struct Order {
    quantity: Option<i64>,
}

fn main() {}
