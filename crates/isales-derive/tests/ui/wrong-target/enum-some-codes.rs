use isales_derive::Contract;

// Integer codes are the discriminants: every variant has one, or none does (strings).
#[derive(Contract)]
enum Level {
    Low = 1,
    Medium,
    High = 3,
}

fn main() {}
