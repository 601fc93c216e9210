use isales_derive::Contract;

// An enum is a field type of listed values: its variants are values, not data.
#[derive(Contract)]
enum Status {
    Started,
    Paused(String),
}

fn main() {}
