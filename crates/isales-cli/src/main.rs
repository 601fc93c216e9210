//! The `isales-contract` command; everything it does lives in the `isales_cli` library.

use std::process::ExitCode;

/// mimalloc rather than the system allocator: the command allocates small values on every
/// core at once (payloads made by `generate` and `mock`, reports of `validate`), where it
/// costs far less than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let env = isales_cli::Env::from_process();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Not locked for the whole run: `mock` logs from its worker threads.
    let mut err = std::io::stderr();
    isales_cli::run(std::env::args_os(), env, &mut out, &mut err).into()
}
