use isales_derive::Contract;

#[derive(Contract)]
enum Status {
    Started,
    Suspended,
}

fn main() {}
