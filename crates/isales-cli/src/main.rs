//! The `isales-contract` command; everything it does lives in the `isales_cli` library.

use std::process::ExitCode;

fn main() -> ExitCode {
    let env = isales_cli::Env::from_process();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Not locked for the whole run: `mock` logs from its worker threads.
    let mut err = std::io::stderr();
    isales_cli::run(std::env::args_os(), env, &mut out, &mut err).into()
}
