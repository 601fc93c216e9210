use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(range(min = 1, max = 9))]
    code: Option<String>,
}

fn main() {}
