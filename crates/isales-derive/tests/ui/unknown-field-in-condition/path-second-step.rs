use isales_derive::Contract;

// A typo in the second step of a path: `Contact` has `phone`, not `phnoe`.
#[derive(serde::Deserialize, Contract)]
#[contract(required_if(when = "mode == 1", fields = ["contact.phnoe"]))]
struct Order {
    mode: Option<i64>,
    contact: Option<Contact>,
}

#[derive(serde::Deserialize, Contract)]
struct Contact {
    name: Option<String>,
    phone: Option<String>,
}

fn main() {}
