use isales_derive::Contract;

#[derive(Contract)]
struct Hook {
    #[contract(format(kind = "https_url", rule = "hook-url"))]
    url: Option<String>,
}

fn main() {}
