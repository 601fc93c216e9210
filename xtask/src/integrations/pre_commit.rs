//! The hook of `.pre-commit-hooks.yaml` in pre-commit's own hands: pre-commit from PyPI in a
//! virtual environment under `target/` ([`crate::install`]), and `pre-commit try-repo` of this
//! repository in a scratch git repository holding captures, as a user would try the hook
//! before adding it to their `.pre-commit-config.yaml`. pre-commit clones the repository,
//! builds the hook with `cargo install --bins --path .` (the root package's binary) and runs
//! it on the files given that match the hook's `files` pattern.

use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::YamlLoader;

use crate::install::{Pin, PythonEnv};

/// pre-commit, pinned so that reruns compare like with like.
pub(crate) const PRE_COMMIT: Pin = Pin {
    name: "pre-commit",
    version: "4.7.0",
};

/// The hook this repository offers, as `.pre-commit-hooks.yaml` declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hook {
    pub id: String,
    pub language: String,
    pub entry: String,
    pub files: String,
}

/// Reads the hooks of a `.pre-commit-hooks.yaml`.
pub(crate) fn hooks(text: &str) -> Result<Vec<Hook>, String> {
    let documents =
        YamlLoader::load_from_str(text).map_err(|error| format!("not YAML: {error}"))?;
    let list = documents
        .first()
        .and_then(|document| document.as_vec())
        .ok_or("not a list of hooks")?;
    list.iter()
        .map(|hook| {
            let field = |name: &str| {
                hook[name]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("a hook without `{name}`"))
            };
            Ok(Hook {
                id: field("id")?,
                language: field("language")?,
                entry: field("entry")?,
                files: field("files")?,
            })
        })
        .collect()
}

/// One try of the hook: the files given, and what pre-commit should make of them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Case {
    pub name: &'static str,
    pub files: &'static [&'static str],
    /// pre-commit's exit code: 0 passed or skipped, 1 failed.
    pub code: i32,
    /// A word pre-commit prints on the hook's line: `Passed`, `Failed` or `Skipped`.
    pub verdict: &'static str,
}

/// The tries: valid captures pass, a broken one fails, and a broken JSON file outside a
/// `captures` directory is not the hook's business.
pub(crate) const CASES: [Case; 3] = [
    Case {
        name: "valid captures",
        files: &["captures/valid.json", "captures/traffic/answers.ndjson"],
        code: 0,
        verdict: "Passed",
    },
    Case {
        name: "a broken capture",
        files: &["captures/valid.json", "captures/invalid.json"],
        code: 1,
        verdict: "Failed",
    },
    Case {
        name: "JSON outside captures/",
        files: &["config/broken.json"],
        code: 0,
        verdict: "Skipped",
    },
];

/// What one try gave.
#[derive(Debug)]
pub(crate) struct Tried {
    pub case: Case,
    pub code: Option<i32>,
    pub output: String,
}

impl Tried {
    pub(crate) fn as_expected(&self) -> bool {
        self.code == Some(self.case.code) && self.output.contains(self.case.verdict)
    }
}

/// Lays out the scratch repository in `dir`: captures that pass, one that fails, and a JSON
/// file elsewhere that fails too (the hook must not see it), all staged.
fn scratch_repository(dir: &Path, examples: &Path, valid_lines: &str) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|error| format!("cannot empty {}: {error}", dir.display()))?;
    }
    for sub in ["captures/traffic", "config"] {
        std::fs::create_dir_all(dir.join(sub))
            .map_err(|error| format!("cannot create {sub}: {error}"))?;
    }
    let copy = |from: &str, to: &str| {
        std::fs::copy(examples.join(from), dir.join(to))
            .map(drop)
            .map_err(|error| format!("cannot copy {from}: {error}"))
    };
    copy("valid.json", "captures/valid.json")?;
    copy("invalid.json", "captures/invalid.json")?;
    super::write(&dir.join("captures/traffic/answers.ndjson"), valid_lines)?;
    super::write(
        &dir.join("config/broken.json"),
        "{\"not\": \"a campaign\"}\n",
    )?;
    git(dir, &["init", "--quiet"])?;
    git(dir, &["add", "--all"])?;
    Ok(())
}

fn git(dir: &Path, arguments: &[&str]) -> Result<(), String> {
    let output = Command::new("git")
        .args(arguments)
        .current_dir(dir)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "git {} failed: {}",
            arguments.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Installs pre-commit under `work` and tries the hook `hook_id` of the repository at
/// `repository` on every case; `valid_lines` is an NDJSON capture that passes.
pub(crate) fn try_hook(
    repository: &Path,
    hook_id: &str,
    work: &Path,
    valid_lines: &str,
) -> Result<(String, Vec<Tried>), String> {
    let python =
        PythonEnv::ensure(&work.join("venv"), &[PRE_COMMIT]).map_err(|error| error.to_string())?;
    let version = python.version(PRE_COMMIT.name).unwrap_or_default();
    let scratch = work.join("scratch");
    scratch_repository(&scratch, &repository.join("examples"), valid_lines)?;
    let home: PathBuf = work.join("home");
    let target: PathBuf = work.join("cargo-target");
    let mut tried = Vec::new();
    for case in CASES {
        let mut command = Command::new(python.program("pre-commit"));
        command
            .arg("try-repo")
            .arg(repository)
            .arg(hook_id)
            .arg("--verbose")
            .arg("--color=never")
            .arg("--files")
            .args(case.files)
            .current_dir(&scratch)
            .env("PRE_COMMIT_HOME", &home)
            // try-repo installs the hook afresh in a store of its own each time, with a
            // CARGO_HOME of its own; a shared target directory lets the second and third
            // builds reuse the first one's dependencies.
            .env("CARGO_TARGET_DIR", &target)
            .env("GIT_AUTHOR_NAME", "integrations")
            .env("GIT_AUTHOR_EMAIL", "integrations@example.invalid")
            .env("GIT_COMMITTER_NAME", "integrations")
            .env("GIT_COMMITTER_EMAIL", "integrations@example.invalid");
        let output = command
            .output()
            .map_err(|error| format!("cannot run pre-commit: {error}"))?;
        tried.push(Tried {
            case,
            code: output.status.code(),
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        });
    }
    Ok((version, tried))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours() -> Vec<Hook> {
        let path = crate::codegen::project_root().join(".pre-commit-hooks.yaml");
        hooks(&std::fs::read_to_string(path).expect("readable")).expect("hooks")
    }

    #[test]
    fn the_hook_is_the_root_package_built_by_cargo() {
        let hooks = ours();
        assert_eq!(hooks.len(), 1);
        let hook = &hooks[0];
        assert_eq!(hook.language, "rust");
        let binary = hook.entry.split_whitespace().next().unwrap_or_default();
        let manifest = std::fs::read_to_string(crate::codegen::project_root().join("Cargo.toml"))
            .expect("the root manifest");
        let declared = format!("[[bin]]\nname = \"{binary}\"");
        assert!(
            manifest.contains(&declared),
            "the root package builds `{binary}`"
        );
        assert!(hook.entry.ends_with(" validate"), "{}", hook.entry);
    }

    #[test]
    fn the_files_pattern_takes_captures_only() {
        let hooks = ours();
        // pre-commit searches with Python's `re`; this pattern means the same to `regex`.
        let pattern = regex::Regex::new(&hooks[0].files).expect("a regular expression");
        for path in [
            "captures/a.json",
            "captures/day/1.ndjson",
            "service/tests/captures/b.jsonl",
            "captures/c.har",
        ] {
            assert!(pattern.is_match(path), "{path} is checked");
        }
        for path in [
            "package.json",
            "captures.json",
            "mycaptures/a.json",
            "captures/notes.md",
            "captures/a.json.bak",
        ] {
            assert!(!pattern.is_match(path), "{path} is not checked");
        }
        let matched: Vec<&str> = CASES
            .iter()
            .flat_map(|case| case.files.iter().copied())
            .filter(|file| pattern.is_match(file))
            .collect();
        assert!(!matched.contains(&"config/broken.json"), "{matched:?}");
    }
}
