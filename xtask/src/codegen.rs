//! `cargo xtask codegen`: the generators that derive committed files from the spec, and the one
//! helper they all end in, [`ensure_file_contents`].
//!
//! Each generator is a module with a pure function from the checked [`isales_spec::Spec`] to the
//! file's text and a `generate(mode)` that loads the embedded spec and hands the text to
//! [`ensure_file_contents`]. Adding one (the Rust models will be `codegen/models.rs`) means a
//! module, a [`Generator`] variant, its name, and a freshness `#[test]` in that module.
//!
//! Generated outputs are committed. In [`Mode::Check`] nothing is written: a stale file is an
//! error that names the file, shows a unified diff from the committed text to the expected one,
//! and gives the command that fixes it. CI runs the check; so does `cargo test`, through the
//! per-generator tests.

mod catalog;
mod models;
mod openapi;
mod registry;
mod rules_doc;
mod schema;
mod sorted_json;
mod wiring;

use std::fmt;
use std::path::{Path, PathBuf};

/// Whether generators write their outputs or only compare them with the committed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Write outputs whose contents changed; leave the others untouched.
    Write,
    /// Write nothing; a stale or missing output is an error.
    Check,
}

/// The generators `cargo xtask codegen` knows, by the name the command line uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Generator {
    /// The JSON Schema, `crates/isales-schema/query-campaign-details.schema.json`.
    Schema,
    /// The Rust models, `crates/isales-contract/src/models/generated.rs`.
    Models,
    /// The rule registry, `crates/isales-vocabulary/src/registry.rs`.
    Registry,
    /// The rule catalog, `crates/isales-contract/src/rules/catalog.rs`.
    Catalog,
    /// The rules reference for readers, `docs/rules.md`.
    RulesDoc,
    /// What the validator's hand-written checks read, `crates/isales-vocabulary/src/wiring.rs`.
    Wiring,
    /// The OpenAPI 3.1 document, `crates/isales-schema/query-campaign-details.openapi.json`.
    OpenApi,
    /// The OpenAPI 3.0 document, for tools that read no 3.1,
    /// `crates/isales-schema/query-campaign-details.openapi-3.0.json`.
    OpenApi30,
}

impl Generator {
    /// Every generator, in the order `all` runs them.
    pub(crate) const ALL: [Generator; 8] = [
        Generator::Registry,
        Generator::Wiring,
        Generator::Schema,
        Generator::OpenApi,
        Generator::OpenApi30,
        Generator::Models,
        Generator::Catalog,
        Generator::RulesDoc,
    ];

    /// The name on the command line.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Generator::Schema => "schema",
            Generator::Models => "models",
            Generator::Registry => "registry",
            Generator::Catalog => "catalog",
            Generator::RulesDoc => "rules-doc",
            Generator::Wiring => "wiring",
            Generator::OpenApi => "openapi",
            Generator::OpenApi30 => "openapi-3.0",
        }
    }

    /// The file the generator writes, relative to the repository root.
    pub(crate) fn output(self) -> &'static str {
        match self {
            Generator::Schema => schema::OUTPUT,
            Generator::Models => models::OUTPUT,
            Generator::Registry => registry::OUTPUT,
            Generator::Catalog => catalog::OUTPUT,
            Generator::RulesDoc => rules_doc::OUTPUT,
            Generator::Wiring => wiring::OUTPUT,
            Generator::OpenApi => openapi::OUTPUT_3_1,
            Generator::OpenApi30 => openapi::OUTPUT_3_0,
        }
    }

    /// Runs the generator.
    pub(crate) fn run(self, mode: Mode) -> Result<Outcome, CodegenError> {
        match self {
            Generator::Schema => schema::generate(mode),
            Generator::Models => models::generate(mode),
            Generator::Registry => registry::generate(mode),
            Generator::Catalog => catalog::generate(mode),
            Generator::RulesDoc => rules_doc::generate(mode),
            Generator::Wiring => wiring::generate(mode),
            Generator::OpenApi => openapi::generate_3_1(mode),
            Generator::OpenApi30 => openapi::generate_3_0(mode),
        }
    }
}

/// The command that regenerates every output; stale-file errors quote it.
pub(crate) const RERUN: &str = "cargo xtask codegen";

/// What [`ensure_file_contents`] did with a file that was already right or has been fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The committed file already had the expected contents.
    UpToDate(String),
    /// The file was (re)written.
    Written(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::UpToDate(path) => write!(f, "{path} is up to date"),
            Outcome::Written(path) => write!(f, "wrote {path}"),
        }
    }
}

/// Why a generator failed.
#[derive(Debug)]
pub(crate) enum CodegenError {
    /// The spec file has mistakes; nothing was generated.
    Spec(isales_spec::SpecErrors),
    /// Something a generator reads besides the spec is unusable (an example payload, the
    /// payload generator); nothing was generated.
    Input(String),
    /// A file could not be read or written.
    Io {
        /// The file, relative to the repository root.
        path: String,
        /// What went wrong.
        error: std::io::Error,
    },
    /// [`Mode::Check`] found a committed output that differs from what the spec gives.
    Stale {
        /// The file, relative to the repository root.
        path: String,
        /// Unified diff from the committed text to the expected text.
        diff: String,
    },
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Spec(errors) => write!(f, "cannot generate from the spec: {errors}"),
            CodegenError::Input(problem) => write!(f, "cannot generate: {problem}"),
            CodegenError::Io { path, error } => write!(f, "{path}: {error}"),
            CodegenError::Stale { path, diff } => write!(
                f,
                "{path} is stale: it does not match the spec.\n\
                 Run `{RERUN}` and commit the result.\n\
                 Diff from the committed file to the expected one:\n{diff}"
            ),
        }
    }
}

impl std::error::Error for CodegenError {}

/// The repository root (the parent of `xtask/`).
pub(crate) fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Makes the file at `path` hold `contents` (newlines normalised to `\n`).
///
/// In [`Mode::Write`] the file is written only when its contents differ, so its modification
/// time stays put otherwise. In [`Mode::Check`] nothing is written and a difference is a
/// [`CodegenError::Stale`] with a unified line diff; a missing file counts as empty.
pub(crate) fn ensure_file_contents(
    path: &Path,
    contents: &str,
    mode: Mode,
) -> Result<Outcome, CodegenError> {
    let display = display_path(path);
    let expected = normalize_newlines(contents);
    let current = match std::fs::read_to_string(path) {
        Ok(text) => Some(normalize_newlines(&text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(CodegenError::Io {
                path: display,
                error,
            });
        }
    };
    if current.as_deref() == Some(expected.as_str()) {
        return Ok(Outcome::UpToDate(display));
    }
    match mode {
        Mode::Check => {
            let committed = current.unwrap_or_default();
            let diff = similar::TextDiff::from_lines(committed.as_str(), expected.as_str())
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("{display} (committed)"),
                    &format!("{display} (expected)"),
                )
                .to_string();
            Err(CodegenError::Stale {
                path: display,
                diff,
            })
        }
        Mode::Write => {
            let io_error = |error| CodegenError::Io {
                path: display.clone(),
                error,
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_error)?;
            }
            std::fs::write(path, expected.as_bytes()).map_err(io_error)?;
            Ok(Outcome::Written(display))
        }
    }
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// `path` relative to the repository root when it is inside it, with `/` separators.
fn display_path(path: &Path) -> String {
    let root = project_root();
    let relative = path.strip_prefix(&root).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory under the target directory, emptied first.
    fn scratch(name: &str) -> PathBuf {
        let dir = project_root().join("target").join("xtask-tests").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch directory");
        dir
    }

    #[test]
    fn check_mode_reports_a_diff_and_the_command_and_writes_nothing() {
        let path = scratch("check").join("out.json");
        std::fs::write(&path, "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n").expect("write");
        let error = ensure_file_contents(&path, "{\n  \"a\": 1,\n  \"b\": 3\n}\n", Mode::Check)
            .expect_err("stale");
        let message = error.to_string();
        assert!(message.contains("out.json is stale"), "{message}");
        assert!(message.contains("-  \"b\": 2\n+  \"b\": 3\n"), "{message}");
        assert!(
            !message.contains("-  \"a\": 1"),
            "CRLF is not a difference: {message}"
        );
        assert!(message.contains("Run `cargo xtask codegen`"), "{message}");
        let on_disk = std::fs::read_to_string(&path).expect("read");
        assert!(on_disk.contains("\"b\": 2"), "check mode must not write");
    }

    #[test]
    fn check_mode_accepts_equal_contents_up_to_newlines() {
        let path = scratch("equal").join("out.json");
        std::fs::write(&path, "{}\r\n").expect("write");
        let outcome = ensure_file_contents(&path, "{}\n", Mode::Check).expect("up to date");
        assert!(matches!(outcome, Outcome::UpToDate(_)), "{outcome:?}");
    }

    #[test]
    fn check_mode_treats_a_missing_file_as_stale() {
        let path = scratch("missing").join("out.json");
        let error = ensure_file_contents(&path, "{}\n", Mode::Check).expect_err("missing");
        assert!(error.to_string().contains("+{}"), "{error}");
        assert!(!path.exists());
    }

    #[test]
    fn write_mode_writes_only_when_contents_change() {
        let path = scratch("write").join("nested").join("out.json");
        let first = ensure_file_contents(&path, "{}\r\n", Mode::Write).expect("write");
        assert!(matches!(first, Outcome::Written(_)), "{first:?}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "{}\n");
        let second = ensure_file_contents(&path, "{}\n", Mode::Write).expect("rewrite");
        assert!(matches!(second, Outcome::UpToDate(_)), "{second:?}");
    }
}
