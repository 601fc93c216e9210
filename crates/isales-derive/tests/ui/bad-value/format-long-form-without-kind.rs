use isales_derive::Contract;

#[derive(Contract)]
struct Hook {
    #[contract(format(rule = "hook-url", severity = "warning"))]
    url: Option<String>,
}

fn main() {}
