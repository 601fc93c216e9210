//! What the command-line tests share: the workspace root, the binary run in a directory with
//! nothing inherited from the test's environment that would change what it prints, and what
//! it printed.

#![allow(dead_code, reason = "each test binary uses some of these")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The workspace root: commands run there so reports name `examples/...` like the README.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The binary under test.
pub(crate) fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_isales-contract"))
}

/// The command in `dir`, as a CI job runs it: `CI` set, and no color setting or GitHub step
/// summary inherited from the test's environment.
pub(crate) fn command(dir: &Path) -> Command {
    let mut command = Command::new(binary());
    command
        .current_dir(dir)
        .env("CI", "true")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

/// What a run printed, and how it ended.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `command` to its end.
pub(crate) fn output(command: &mut Command) -> Run {
    let output = command.output().expect("the binary runs");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// The command with `args`, in `dir`.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    output(command(dir).args(args))
}

/// The command with `args`, at the workspace root.
pub(crate) fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

/// Snapshot settings that hide a temporary directory's path, as given and canonical.
pub(crate) fn temp_filters(dir: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex_escape(&dir.display().to_string()), "[TMP]");
    if let Ok(canonical) = dir.canonicalize() {
        settings.add_filter(&regex_escape(&canonical.display().to_string()), "[TMP]");
    }
    settings
}

/// `text` as a regular expression that matches it literally.
pub(crate) fn regex_escape(text: &str) -> String {
    let mut escaped = String::new();
    for character in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(character) {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}
