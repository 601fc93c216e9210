//! Where the tasks that run our release binaries find them: the cargo the xtask was started
//! with, the target directory (`CARGO_TARGET_DIR` or the repository's `target/`) and its
//! release directory, the release build of the binaries they run, and paths shown without
//! the repository root before them.

use std::path::PathBuf;
use std::process::Command;

/// The cargo that runs the xtask, so a build uses the same toolchain.
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Builds `packages` in release mode (their binaries only with `bins_only`), quietly and
/// `--locked`.
pub(crate) fn release_build(packages: &[&str], bins_only: bool) -> Result<(), String> {
    let mut command = cargo();
    command.args(["build", "--quiet", "--release", "--locked"]);
    for package in packages {
        command.args(["--package", package]);
    }
    if bins_only {
        command.arg("--bins");
    }
    let status = command
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the release build failed ({status})"))
    }
}

/// The workspace's target directory.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || crate::codegen::project_root().join("target"),
        PathBuf::from,
    )
}

/// Where release builds put their binaries.
pub(crate) fn release_dir() -> PathBuf {
    target_dir().join("release")
}

/// `text` with the repository root's path taken off the paths in it, so that a document
/// written from it reads the same on every machine.
pub(crate) fn relative(text: &str) -> String {
    let root = format!("{}/", crate::codegen::project_root().display());
    text.replace(&root, "")
}
