use isales_derive::Contract;

// `.` on an array: the path must step into its items with `[]`.
#[derive(serde::Deserialize, Contract)]
#[contract(required_if(fields = ["contact.phones.number"]))]
struct Order {
    contact: Option<Contact>,
}

#[derive(serde::Deserialize, Contract)]
struct Contact {
    phones: Vec<Phone>,
}

#[derive(serde::Deserialize, Contract)]
struct Phone {
    number: Option<String>,
}

fn main() {}
