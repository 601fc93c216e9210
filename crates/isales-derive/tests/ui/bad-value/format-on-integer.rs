use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(format = "time_of_day")]
    pickup: i64,
}

fn main() {}
