use isales_derive::Contract;

// A type without validation (no `Shape`): one error, at the field's type, naming the way out.
#[derive(Contract)]
struct Event {
    name: String,
    at: std::time::SystemTime,
}

fn main() {}
