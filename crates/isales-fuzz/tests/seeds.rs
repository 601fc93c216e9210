//! Every fuzz target over its seeds and past crashes, on stable Rust: CI's smoke run of the
//! fuzzers. Seeds are the payload corpus (`tests/corpus`) and `fuzz/seeds/<target>/`;
//! crashes found by fuzzing are kept in `fuzz/regressions/<target>/` and replayed here forever.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn inputs(target: &str, with_corpus: bool) -> Vec<(PathBuf, Vec<u8>)> {
    let root = root();
    let mut paths = Vec::new();
    if with_corpus {
        files_under(&root.join("tests/corpus"), &mut paths);
    }
    files_under(&root.join("fuzz/seeds").join(target), &mut paths);
    files_under(&root.join("fuzz/regressions").join(target), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter(|path| {
            path.extension()
                .is_none_or(|ext| ext != "md" && ext != "toml" && ext != "snap")
        })
        .map(|path| {
            let bytes =
                std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            (path, bytes)
        })
        .collect()
}

fn run(target: &str, with_corpus: bool, body: fn(&[u8])) {
    let inputs = inputs(target, with_corpus);
    assert!(!inputs.is_empty(), "no seeds for `{target}`");
    for (path, bytes) in &inputs {
        let outcome = std::panic::catch_unwind(|| body(bytes));
        assert!(
            outcome.is_ok(),
            "target `{target}` broke an invariant on {}",
            path.display()
        );
    }
}

#[test]
fn validate_over_its_seeds() {
    run("validate", true, isales_fuzz::validate);
}

#[test]
fn embedded_over_its_seeds() {
    run("embedded", false, isales_fuzz::embedded);
}

#[test]
fn ndjson_over_its_seeds() {
    run("ndjson", false, isales_fuzz::ndjson);
}

#[test]
fn har_over_its_seeds() {
    run("har", false, isales_fuzz::har);
}

#[test]
fn config_over_its_seeds() {
    run("config", false, isales_fuzz::config);
}

#[test]
fn human_over_its_seeds() {
    run("human", false, isales_fuzz::human);
}

#[test]
fn json_over_its_seeds() {
    run("json", true, isales_fuzz::json);
}

/// The generator's payloads, which seed fuzzing runs too (`isales-contract generate --out
/// fuzz/corpus/validate ...`, see RELIABILITY.md): valid answers of every form, one broken
/// per rule, and the quirks, through the `validate` and `ndjson` targets' invariants.
#[test]
fn generated_payloads_keep_every_invariant() {
    use isales_generator::{Generator, Quirk, Recipe, RecipeError, Size};

    let generator = Generator::embedded(Size::SMALL);
    let mut recipes = vec![Recipe::default()];
    recipes.extend(isales_contract::RuleId::ALL.into_iter().map(|rule| Recipe {
        violate: vec![rule],
        ..Recipe::default()
    }));
    recipes.extend(Quirk::ALL.into_iter().map(|quirk| Recipe {
        quirks: vec![quirk],
        ..Recipe::default()
    }));
    let mut lines = Vec::new();
    for (index, recipe) in recipes.iter().enumerate() {
        let payload = match generator.payload(recipe, 17, index as u64) {
            Ok(payload) => payload,
            Err(RecipeError::RequestOnly { .. }) => continue,
            Err(error) => panic!("{recipe:?}: {error}"),
        };
        let outcome = std::panic::catch_unwind(|| isales_fuzz::validate(&payload.bytes));
        assert!(
            outcome.is_ok(),
            "target `validate` broke an invariant on {recipe:?}"
        );
        lines.extend_from_slice(&payload.bytes);
        lines.push(b'\n');
    }
    let outcome = std::panic::catch_unwind(|| isales_fuzz::ndjson(&lines));
    assert!(outcome.is_ok(), "target `ndjson` broke an invariant");
}
