use isales_derive::Contract;

// A path that steps below a string: nothing is there to require.
#[derive(serde::Deserialize, Contract)]
#[contract(required_if(fields = ["contact.name.first"], rule = "first-name"))]
struct Order {
    contact: Option<Contact>,
}

#[derive(serde::Deserialize, Contract)]
struct Contact {
    name: Option<String>,
}

fn main() {}
