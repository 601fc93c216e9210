//! `cargo xtask gen-payloads`: the benchmark corpus.
//!
//! The generator lives in `crates/isales-bench` (it needs the testkit and the validator, which
//! the xtask must not depend on: the xtask regenerates the validator's models and has to build
//! when they are stale). This task builds it in release mode, since debug generation of a
//! gigabyte takes minutes, and runs it with the arguments as given, in the current directory.

use std::process::{Command, ExitCode};

/// Runs `gen-payloads` with `arguments`; its exit status is the task's.
pub(crate) fn gen_payloads(arguments: &[String]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "isales-bench",
            "--bin",
            "gen-payloads",
            "--",
        ])
        .args(arguments)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(
            status
                .code()
                .map_or(1, |code| u8::try_from(code).unwrap_or(1)),
        ),
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            ExitCode::FAILURE
        }
    }
}
