use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(format = "date")]
    pickup: Option<String>,
}

fn main() {}
