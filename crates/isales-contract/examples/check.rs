//! Validates the JSON files named on the command line and prints each report.
#![allow(clippy::print_stdout)]

fn main() {
    for path in std::env::args().skip(1) {
        match std::fs::read(&path) {
            Ok(bytes) => println!("{path}: {}", isales_contract::validate(&bytes)),
            Err(error) => println!("{path}: cannot read: {error}"),
        }
    }
}
