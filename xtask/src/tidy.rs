//! Tidy checks over the repository's sources, run as tests (rust-analyzer's `tidy.rs`): every
//! Rust module opens with a `//!` saying what it owns, no test hides a panic behind the
//! should-panic attribute (tests assert behaviour), no catch-all module (`utils.rs`,
//! `helpers.rs`) exists, and no hand-written code outside tests spells a rule id of the
//! contract as a string (it names the rule through the generated registry, so a misspelt
//! rule does not compile). Each test lists every offender at once.
//!
//! Excluded: `target/`, fuzzing's working directories, and the derive's UI test inputs under
//! `tests/ui/`, whose line numbers are part of their committed `.stderr`.

#[cfg(test)]
pub(crate) mod tests {
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
        for dir in ["crates", "xtask", "tests", "hook", "fuzz/fuzz_targets"] {
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

    /// Fails with every offender of a repository-wide check, one per line.
    pub(crate) fn report(what: &str, offenders: &[String]) {
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

    /// Generated files, whose rule ids come from the spec.
    const GENERATED: &[&str] = &[
        "crates/isales-vocabulary/src/registry.rs",
        "crates/isales-vocabulary/src/wiring.rs",
        "crates/isales-contract/src/rules/catalog.rs",
        "crates/isales-contract/src/models/generated.rs",
    ];

    /// Strings that are a rule's id by coincidence, not a reference to the rule: the spec's
    /// spelling of the `time-of-day` format, which the rule checking it shares.
    const NOT_RULE_NAMES: &[(&str, &str)] =
        &[("crates/isales-vocabulary/src/format.rs", "time-of-day")];

    /// Whether a file is test code as a whole: under a `tests/` or `benches/` directory, the
    /// fuzz targets, or a crate's `tests.rs` module.
    fn is_test_file(relative: &str) -> bool {
        relative.starts_with("tests/")
            || relative.contains("/tests/")
            || relative.contains("/benches/")
            || relative.starts_with("fuzz/")
            || relative.ends_with("/tests.rs")
    }

    #[test]
    fn rule_ids_are_spelt_only_in_the_spec_and_what_it_generates() {
        let spec = isales_spec::load_embedded().unwrap_or_else(|errors| panic!("{errors}"));
        let ids: Vec<String> = spec
            .rules
            .iter()
            .map(|rule| format!("\"{}\"", rule.id))
            .collect();
        let mut offenders = Vec::new();
        for path in sources() {
            let name = relative(&path).replace('\\', "/");
            if GENERATED.contains(&name.as_str()) || is_test_file(&name) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // A file's unit tests sit in one `#[cfg(test)]` module at its end.
            for (number, line) in text
                .lines()
                .take_while(|line| line.trim() != "#[cfg(test)]")
                .enumerate()
            {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for id in ids.iter().filter(|id| line.contains(id.as_str())) {
                    let bare = id.trim_matches('"');
                    if !NOT_RULE_NAMES.contains(&(name.as_str(), bare)) {
                        offenders.push(format!("{name}:{}: {id}", number + 1));
                    }
                }
            }
        }
        report(
            "rule ids spelt as strings in hand-written code (name the rule through \
             `registry::X` or `RuleId`)",
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
