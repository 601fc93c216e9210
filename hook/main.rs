//! `isales-contract-hook`: the `isales-contract` command under the name pre-commit installs
//! from this repository (`.pre-commit-hooks.yaml`); everything it does is `isales_cli`'s.

use std::process::ExitCode;

/// The command's allocator, for the command's speed (see `crates/isales-cli/src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    isales_cli::run_process().into()
}
