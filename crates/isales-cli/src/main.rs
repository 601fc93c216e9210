//! The `isales-contract` command; everything it does lives in the `isales_cli` library.

use std::process::ExitCode;

/// mimalloc rather than the system allocator: the command allocates small values on every
/// core at once (payloads made by `generate` and `mock`, reports of `validate`), where it
/// costs far less than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    isales_cli::run_process().into()
}
