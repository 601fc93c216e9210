use isales_derive::Contract;

#[derive(Contract)]
struct Pair(i64, i64);

fn main() {}
