//! The payload corpus as the test targets read it: every file under `corpus/valid` and
//! `corpus/invalid`, and `corpus/manifest.toml`, which says what each file must be reported as
//! and which rules no response payload can break.
//!
//! Shared by `corpus.rs` and `schema_crosscheck.rs` (each includes it with `#[path]`), so both
//! see the same files and the same expectations. Reading fails loudly: a malformed manifest is
//! a broken test, not an empty corpus.
#![allow(
    dead_code,
    reason = "each test target that includes this module uses a part of it"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The corpus directory.
pub(crate) fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The two directories payloads live in.
pub(crate) const KINDS: [&str; 2] = ["valid", "invalid"];

/// One payload file.
#[derive(Debug)]
pub(crate) struct CorpusFile {
    /// `valid/<name>.json` or `invalid/<name>.json`.
    pub(crate) name: String,
    /// The bytes, exactly as stored.
    pub(crate) bytes: Vec<u8>,
}

impl CorpusFile {
    /// Whether the file is under `valid/`.
    pub(crate) fn is_valid(&self) -> bool {
        self.name.starts_with("valid/")
    }
}

/// Every payload file, sorted by name. Anything else in the payload directories (a file that
/// is not `.json`, a subdirectory) is a mistake and panics.
pub(crate) fn files() -> Vec<CorpusFile> {
    let mut found = Vec::new();
    for kind in KINDS {
        let entries = std::fs::read_dir(dir().join(kind))
            .unwrap_or_else(|error| panic!("cannot list corpus/{kind}: {error}"));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|error| panic!("cannot list corpus/{kind}: {error}"))
                .path();
            let file_name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_else(|| panic!("unreadable file name {}", path.display()));
            assert!(
                path.is_file() && file_name.ends_with(".json"),
                "corpus/{kind} holds {file_name}, which is not a .json payload file"
            );
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            found.push(CorpusFile {
                name: format!("{kind}/{file_name}"),
                bytes,
            });
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// What the manifest says about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    /// Rule ids in report order, with multiplicity.
    pub(crate) rules: Vec<String>,
    /// What the file is.
    pub(crate) note: String,
}

/// A rule, or some uses of it, that judges the request rather than the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotAResponseRule {
    /// The rule id.
    pub(crate) rule: String,
    /// Which rows.
    pub(crate) uses: String,
    /// Why no response payload can break it there.
    pub(crate) reason: String,
    /// Whether other uses of the rule are broken by invalid files.
    pub(crate) partial: bool,
}

/// The whole manifest.
#[derive(Debug)]
pub(crate) struct Manifest {
    /// By file name (`valid/...`, `invalid/...`).
    pub(crate) files: BTreeMap<String, Expected>,
    /// Rules no response payload can break.
    pub(crate) not_a_response_rule: Vec<NotAResponseRule>,
}

fn string(table: &toml::Table, key: &str, context: &str) -> String {
    match table.get(key) {
        Some(toml::Value::String(text)) => text.clone(),
        other => panic!("{context}: `{key}` must be a string, found {other:?}"),
    }
}

fn only_keys(table: &toml::Table, keys: &[&str], context: &str) {
    for key in table.keys() {
        assert!(
            keys.contains(&key.as_str()),
            "{context}: unknown key `{key}` (expected one of {keys:?})"
        );
    }
}

/// Reads `corpus/manifest.toml`.
pub(crate) fn manifest() -> Manifest {
    let path = dir().join("manifest.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let root: toml::Table = toml::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not TOML: {error}", path.display()));
    only_keys(&root, &["file", "not_a_response_rule"], "manifest");

    let mut files = BTreeMap::new();
    let entries = match root.get("file") {
        Some(toml::Value::Table(entries)) => entries,
        other => panic!("manifest: `file` must be a table of files, found {other:?}"),
    };
    for (name, entry) in entries {
        let context = format!("manifest, file {name}");
        let toml::Value::Table(entry) = entry else {
            panic!("{context}: not a table");
        };
        only_keys(entry, &["rules", "note"], &context);
        let rules = match entry.get("rules") {
            Some(toml::Value::Array(rules)) => rules
                .iter()
                .map(|rule| match rule {
                    toml::Value::String(rule) => rule.clone(),
                    other => panic!("{context}: rule ids are strings, found {other:?}"),
                })
                .collect(),
            other => panic!("{context}: `rules` must be an array, found {other:?}"),
        };
        let note = string(entry, "note", &context);
        assert!(!note.trim().is_empty(), "{context}: the note is empty");
        files.insert(name.clone(), Expected { rules, note });
    }

    let mut not_a_response_rule = Vec::new();
    if let Some(listed) = root.get("not_a_response_rule") {
        let toml::Value::Array(listed) = listed else {
            panic!("manifest: `not_a_response_rule` must be an array of tables");
        };
        for entry in listed {
            let toml::Value::Table(entry) = entry else {
                panic!("manifest: `not_a_response_rule` entries are tables");
            };
            let context = "manifest, not_a_response_rule";
            only_keys(entry, &["rule", "uses", "reason", "partial"], context);
            let partial = match entry.get("partial") {
                None => false,
                Some(toml::Value::Boolean(partial)) => *partial,
                Some(other) => panic!("{context}: `partial` must be a boolean, found {other:?}"),
            };
            not_a_response_rule.push(NotAResponseRule {
                rule: string(entry, "rule", context),
                uses: string(entry, "uses", context),
                reason: string(entry, "reason", context),
                partial,
            });
        }
    }
    Manifest {
        files,
        not_a_response_rule,
    }
}
