//! Compile-time errors of `#[derive(Contract)]`, as the user sees them: one mistake per file,
//! grouped in kebab-case folders by kind, with the compiler's output committed next to each
//! file; `several-mistakes/` proves one compilation reports them all; `pass/` compiles every
//! key of the attribute language and validates with it.
//!
//! The `.stderr` files depend on the compiler version. After a toolchain change, regenerate
//! them deliberately with `TRYBUILD=overwrite cargo test -p isales-derive --test ui` and read
//! the diff.

/// The folders of failing cases; a folder not listed here would be silently skipped, so
/// `every_folder_is_listed` keeps the list and the directory in step.
const FAILING: &[&str] = &[
    "unknown-key",
    "duplicate-key",
    "bad-condition",
    "unknown-field-in-condition",
    "wrong-target",
    "bad-value",
    "several-mistakes",
];

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    for folder in FAILING {
        cases.compile_fail(format!("tests/ui/{folder}/*.rs"));
    }
    cases.pass("tests/ui/pass/*.rs");
}

#[test]
fn every_folder_is_listed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut folders: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/ui exists")
        .map(|entry| {
            entry
                .expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    folders.sort();
    let mut listed: Vec<String> = FAILING.iter().map(|folder| (*folder).to_owned()).collect();
    listed.push("pass".to_owned());
    listed.sort();
    assert_eq!(folders, listed);
}
