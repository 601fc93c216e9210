//! `isales-contract-hook`: the `isales-contract` command under the name pre-commit installs
//! from this repository (`.pre-commit-hooks.yaml`); everything it does is `isales_cli`'s.

use std::process::ExitCode;

fn main() -> ExitCode {
    let env = isales_cli::Env::from_process();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = std::io::stderr();
    isales_cli::run(std::env::args_os(), env, &mut out, &mut err).into()
}
