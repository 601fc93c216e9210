//! Tidy checks over the repository's sources, run as tests (rust-analyzer's `tidy.rs`): every
//! Rust module opens with a `//!` saying what it owns, no test hides a panic behind the
//! should-panic attribute (tests assert behaviour), and no catch-all module (`utils.rs`,
//! `helpers.rs`) exists. Each test lists every offender at once.
//!
//! Excluded: `target/`, fuzzing's working directories, and the derive's UI test inputs under
//! `tests/ui/`, whose line numbers are part of their committed `.stderr`.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::codegen::project_root;

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                let skipped = matches!(name.as_ref(), "target" | "corpus" | "artifacts" | ".git")
                    || path.ends_with("tests/ui");
                if !skipped {
                    rust_files(&path, out);
                }
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }

    fn sources() -> Vec<PathBuf> {
        let root = project_root();
        let mut files = Vec::new();
        for dir in ["crates", "xtask", "tests", "fuzz/fuzz_targets"] {
            rust_files(&root.join(dir), &mut files);
        }
        files.sort();
        assert!(
            files.len() > 50,
            "the walk found only {} files",
            files.len()
        );
        files
    }

    fn relative(path: &Path) -> String {
        path.strip_prefix(project_root())
            .unwrap_or(path)
            .display()
            .to_string()
    }

    fn report(what: &str, offenders: &[String]) {
        assert!(
            offenders.is_empty(),
            "{what} ({}):\n  {}",
            offenders.len(),
            offenders.join("\n  ")
        );
    }

    #[test]
    fn every_module_says_what_it_owns() {
        let offenders: Vec<String> = sources()
            .into_iter()
            .filter(|path| {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let first = text
                    .lines()
                    .find(|line| !line.trim().is_empty())
                    .unwrap_or("");
                !first.starts_with("//!")
            })
            .map(|path| relative(&path))
            .collect();
        report(
            "modules without a `//!` doc comment saying what they own",
            &offenders,
        );
    }

    #[test]
    fn no_test_expects_a_panic() {
        let attribute = ["#[should", "_panic"].concat();
        let offenders: Vec<String> = sources()
            .into_iter()
            .filter(|path| {
                std::fs::read_to_string(path).is_ok_and(|text| text.contains(&attribute))
            })
            .map(|path| relative(&path))
            .collect();
        report(
            "tests expecting a panic instead of asserting a result",
            &offenders,
        );
    }

    #[test]
    fn no_catch_all_modules() {
        let offenders: Vec<String> = sources()
            .into_iter()
            .filter(|path| {
                let stem = path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned());
                matches!(
                    stem.as_deref(),
                    Some("utils" | "util" | "helpers" | "helper" | "misc")
                )
            })
            .map(|path| relative(&path))
            .collect();
        report(
            "catch-all modules (name them for what they own)",
            &offenders,
        );
    }
}
