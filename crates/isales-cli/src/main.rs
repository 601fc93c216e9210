//! The `isales-contract` command; everything it does lives in the `isales_cli` library.

use std::io::IsTerminal;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: the command allocates small values on every
/// core at once (payloads made by `generate` and `mock`, reports of `validate`), where it
/// costs far less than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let env = isales_cli::Env::from_process();
    let stdout = std::io::stdout();
    // A report going to a file or a pipe is written a megabyte at a time (a capture's report
    // is tens of megabytes, written by one thread while the others wait); a terminal gets
    // what is ready sooner.
    let capacity = if stdout.is_terminal() {
        8 << 10
    } else {
        1 << 20
    };
    let mut out = std::io::BufWriter::with_capacity(capacity, stdout.lock());
    // Not locked for the whole run: `mock` logs from its worker threads.
    let mut err = std::io::stderr();
    isales_cli::run(std::env::args_os(), env, &mut out, &mut err).into()
}
