use isales_derive::Contract;

#[derive(Contract)]
struct Order {
    #[contract(one_of_forms(when = "quantity == 1", forms = [["a"], ["b"]]))]
    quantity: Option<i64>,
}

fn main() {}
