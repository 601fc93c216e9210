//! Checks that keep the published crates publishable, run as tests: which crates are
//! published (a new crate has to choose), the metadata crates.io asks for, dependencies that
//! a packaged manifest can keep (a version beside each path, no dependency on an unpublished
//! crate, no dev-dependency cycle that would leave no crate to publish first), files embedded
//! with `include_str!`/`include_bytes!` from inside the crate's own directory (a package holds
//! nothing else), and cargo's own packaging of them all, in dependency order.
//!
//! The packaging test runs `cargo package --no-verify`: it takes under a second and no
//! network (`--offline`), and it is where cargo refuses a manifest it could not publish. It
//! does not verify, that is build each package from its archive: that compiles every crate
//! and its dependencies once more (minutes, and a second build directory), so the test suite
//! checks statically what verifying would find that is ours to break (embedded files from
//! outside the crate), and the release checklist in README.md runs the full command.

#[cfg(test)]
mod tests {
    use std::path::{Component, Path, PathBuf};
    use std::process::Command;

    use serde_json::Value;

    use crate::codegen::project_root;
    use crate::tidy::tests::report;

    /// The crates published to crates.io, in dependency order.
    const PUBLISHED: &[&str] = &[
        "isales-vocabulary",
        "isales-json",
        "isales-spec",
        "isales-derive-core",
        "isales-derive",
        "isales-schema",
        "isales-contract",
        "isales-har",
        "isales-generator",
        "isales-mock",
        "isales-cli",
    ];

    /// The workspace's crates that are never published.
    const UNPUBLISHED: &[&str] = &[
        "downstream",
        "isales-bench",
        "isales-contract-hook",
        "isales-fuzz",
        "isales-tests",
        "xtask",
    ];

    fn cargo() -> Command {
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command.current_dir(project_root());
        command
    }

    /// `cargo metadata` of the workspace's own packages.
    fn packages() -> Vec<Value> {
        let output = cargo()
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--offline",
            ])
            .output()
            .expect("cargo metadata runs");
        assert!(
            output.status.success(),
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
        metadata["packages"]
            .as_array()
            .expect("a list of packages")
            .clone()
    }

    fn name(package: &Value) -> &str {
        package["name"].as_str().unwrap_or_default()
    }

    fn is_published(package: &Value) -> bool {
        // `publish = false` is an empty list of registries; no `publish` key is null.
        package["publish"].is_null()
    }

    fn manifest_dir(package: &Value) -> PathBuf {
        Path::new(package["manifest_path"].as_str().unwrap_or_default())
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    #[test]
    fn every_crate_is_published_or_not_on_purpose() {
        let mut published: Vec<&str> = Vec::new();
        let mut unpublished: Vec<&str> = Vec::new();
        let packages = packages();
        for package in &packages {
            if is_published(package) {
                published.push(name(package));
            } else {
                unpublished.push(name(package));
            }
        }
        published.sort_unstable();
        unpublished.sort_unstable();
        let mut expected: Vec<&str> = PUBLISHED.to_vec();
        expected.sort_unstable();
        assert_eq!(
            published, expected,
            "the published crates (a new crate says `publish = false` or joins PUBLISHED)"
        );
        assert_eq!(unpublished, UNPUBLISHED, "the unpublished crates");
    }

    #[test]
    fn published_crates_have_the_metadata_crates_io_shows() {
        let rust_version = env!("CARGO_PKG_RUST_VERSION");
        let mut offenders = Vec::new();
        for package in packages().iter().filter(|package| is_published(package)) {
            let name = name(package);
            let mut missing = |field: &str, problem: bool| {
                if problem {
                    offenders.push(format!("{name}: {field}"));
                }
            };
            for field in ["description", "license", "repository"] {
                missing(
                    field,
                    package[field]
                        .as_str()
                        .is_none_or(|text| text.trim().is_empty()),
                );
            }
            let keywords = package["keywords"].as_array().map_or(0, Vec::len);
            missing("keywords (one to five)", !(1..=5).contains(&keywords));
            let categories = package["categories"].as_array().map_or(0, Vec::len);
            missing("categories (one to five)", !(1..=5).contains(&categories));
            missing(
                &format!("rust-version (the workspace's, {rust_version})"),
                package["rust_version"].as_str() != Some(rust_version),
            );
            let readme = package["readme"]
                .as_str()
                .map(|readme| manifest_dir(package).join(readme));
            missing(
                "readme (a file in the crate's directory)",
                readme.is_none_or(|readme| {
                    !readme.is_file() || !readme.starts_with(manifest_dir(package))
                }),
            );
        }
        report(
            "published crates without the metadata crates.io shows",
            &offenders,
        );
    }

    #[test]
    fn published_crates_depend_only_on_what_a_package_can_name() {
        let packages = packages();
        let find = |name: &str| packages.iter().find(|package| self::name(package) == name);
        let mut offenders = Vec::new();
        for package in packages.iter().filter(|package| is_published(package)) {
            let name = name(package);
            for dependency in package["dependencies"].as_array().into_iter().flatten() {
                // Only the workspace's own crates are path dependencies.
                if dependency["path"].is_null() {
                    continue;
                }
                let target = dependency["name"].as_str().unwrap_or_default();
                let versioned = dependency["req"].as_str() != Some("*");
                let is_dev = dependency["kind"].as_str() == Some("dev");
                let target_published = find(target).is_some_and(is_published);
                if !is_dev {
                    if !versioned {
                        offenders.push(format!("{name} -> {target}: no version beside the path"));
                    }
                    if !target_published {
                        offenders.push(format!("{name} -> {target}: an unpublished crate"));
                    }
                } else if versioned {
                    // Packaging keeps a dev-dependency with a version: it must be published,
                    // and published first, so it cannot depend on this crate.
                    if !target_published {
                        offenders.push(format!(
                            "{name} -> {target} (dev): an unpublished crate with a version \
                             (give it a path alone, which packaging drops)"
                        ));
                    }
                    if depends_on(&packages, target, name) {
                        offenders.push(format!(
                            "{name} -> {target} (dev): {target} depends on {name}, so the \
                             dev-dependency needs a path alone, which packaging drops"
                        ));
                    }
                }
            }
        }
        report(
            "dependencies of published crates that a package cannot keep",
            &offenders,
        );
    }

    /// Whether `from` depends on `to` through the workspace's path dependencies (normal and
    /// build, not dev).
    fn depends_on(packages: &[Value], from: &str, to: &str) -> bool {
        let mut seen = Vec::new();
        let mut pending = vec![from.to_owned()];
        while let Some(current) = pending.pop() {
            if current == to {
                return true;
            }
            if seen.contains(&current) {
                continue;
            }
            let Some(package) = packages.iter().find(|package| name(package) == current) else {
                continue;
            };
            for dependency in package["dependencies"].as_array().into_iter().flatten() {
                if !dependency["path"].is_null() && dependency["kind"].as_str() != Some("dev") {
                    pending.push(dependency["name"].as_str().unwrap_or_default().to_owned());
                }
            }
            seen.push(current);
        }
        false
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }

    /// `path` with `.` and `..` resolved without touching the file system.
    fn normalise(path: &Path) -> PathBuf {
        let mut out = PathBuf::new();
        for component in path.components() {
            match component {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    }

    /// The file an `include_str!`/`include_bytes!` argument names, seen from `file` of the
    /// crate at `crate_dir`: a string literal (relative to the file) or
    /// `concat!(env!("CARGO_MANIFEST_DIR"), "...")`; `None` for anything else.
    fn included(argument: &str, file: &Path, crate_dir: &Path) -> Option<PathBuf> {
        let literal = |text: &str| -> Option<String> {
            let text = text.trim().strip_prefix('"')?;
            Some(text[..text.find('"')?].to_owned())
        };
        let argument = argument.trim();
        if argument.starts_with('"') {
            return Some(normalise(&file.parent()?.join(literal(argument)?)));
        }
        let rest = argument
            .strip_prefix("concat!(")?
            .trim_start()
            .strip_prefix("env!(\"CARGO_MANIFEST_DIR\")")?
            .trim_start()
            .strip_prefix(',')?;
        let relative = literal(rest)?;
        Some(normalise(&crate_dir.join(relative.trim_start_matches('/'))))
    }

    #[test]
    fn published_crates_embed_only_files_of_their_own_directory() {
        let mut offenders = Vec::new();
        let mut checked = 0;
        for package in packages().iter().filter(|package| is_published(package)) {
            let crate_dir = manifest_dir(package);
            // What a dependent compiles and what packaging verifies: the library, binaries,
            // proc macro and build script, each from the directory of its root file. Tests
            // and examples are the repository's (they may read its shared corpus) and are
            // built from it.
            let mut files = Vec::new();
            let mut roots: Vec<PathBuf> = Vec::new();
            for target in package["targets"].as_array().into_iter().flatten() {
                let built = target["kind"].as_array().into_iter().flatten().any(|kind| {
                    matches!(
                        kind.as_str(),
                        Some("lib" | "rlib" | "proc-macro" | "bin" | "custom-build")
                    )
                });
                let root = Path::new(target["src_path"].as_str().unwrap_or_default());
                if let (true, Some(dir)) = (built, root.parent())
                    && !roots.iter().any(|seen| dir.starts_with(seen))
                {
                    roots.push(dir.to_path_buf());
                }
            }
            for root in &roots {
                rust_files(root, &mut files);
            }
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                let shown = file.strip_prefix(project_root()).unwrap_or(&file).display();
                for (number, line) in text.lines().enumerate() {
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    for macro_name in ["include_str!(", "include_bytes!("] {
                        let Some(at) = line.find(macro_name) else {
                            continue;
                        };
                        checked += 1;
                        let argument = &line[at + macro_name.len()..];
                        match included(argument, &file, &crate_dir) {
                            Some(path) if path.starts_with(&crate_dir) && path.is_file() => {}
                            Some(path) => offenders.push(format!(
                                "{shown}:{}: {} is not a file of {}",
                                number + 1,
                                path.display(),
                                crate_dir.display()
                            )),
                            None => offenders.push(format!(
                                "{shown}:{}: a path this check cannot read (write a string \
                                 literal on the macro's line)",
                                number + 1
                            )),
                        }
                    }
                }
            }
        }
        assert!(
            checked >= 2,
            "the spec and the schema are embedded: found {checked}"
        );
        report(
            "files embedded from outside the crate (a package holds only its directory)",
            &offenders,
        );
    }

    #[test]
    fn the_published_crates_package_in_dependency_order() {
        let target_dir = project_root()
            .join("target")
            .join("xtask-tests")
            .join("package");
        let mut command = cargo();
        command.args([
            "package",
            "--no-verify",
            "--offline",
            "--allow-dirty",
            "--quiet",
        ]);
        command.arg("--target-dir").arg(&target_dir);
        for name in PUBLISHED {
            command.args(["-p", name]);
        }
        let output = command.output().expect("cargo package runs");
        assert!(
            output.status.success(),
            "cargo package failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for name in PUBLISHED {
            let archive = target_dir
                .join("package")
                .join(format!("{name}-{}.crate", env!("CARGO_PKG_VERSION")));
            assert!(archive.is_file(), "no {}", archive.display());
        }
    }
}
