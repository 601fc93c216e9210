//! openapi-spec-validator, asked twice per document: its command line, which reads every file
//! with a YAML reader (JSON is a subset of YAML 1.2, but PyYAML implements 1.1 and refuses
//! some characters JSON allows unescaped), and its library on the document read as JSON, which
//! judges the document alone. The two answers are reported side by side.

use std::path::Path;

/// The Python program that validates the JSON document named by its argument.
const VALIDATE_JSON: &str = "\
import json, sys
from openapi_spec_validator import validate
with open(sys.argv[1], encoding='utf-8') as file:
    document = json.load(file)
try:
    validate(document)
except Exception as error:
    print(f'{type(error).__name__}: {error}')
    sys.exit(1)
print('valid')
";

/// The arguments of the command line on `document`.
pub(crate) fn cli_arguments(document: &Path) -> Vec<String> {
    vec![document.display().to_string()]
}

/// The arguments of the environment's `python` validating `document` read as JSON.
pub(crate) fn json_arguments(document: &Path) -> Vec<String> {
    vec![
        "-c".to_owned(),
        VALIDATE_JSON.to_owned(),
        document.display().to_string(),
    ]
}

/// Whether a document passed, and the first thing said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub passed: bool,
    pub said: String,
}

/// The verdict from an exit status and what was printed: its first non-blank line, with
/// `document`'s path shortened to its file name.
pub(crate) fn verdict(code: Option<i32>, output: &str, document: &Path) -> Verdict {
    let said = output
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    let said = match document.file_name() {
        Some(name) => said.replace(&document.display().to_string(), &name.to_string_lossy()),
        None => said.to_owned(),
    };
    Verdict {
        passed: code == Some(0),
        said,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_tells_with_the_file_name_alone() {
        let document = Path::new("/r/crates/a.openapi.json");
        assert_eq!(
            verdict(Some(0), "/r/crates/a.openapi.json: OK\n", document),
            Verdict {
                passed: true,
                said: "a.openapi.json: OK".to_owned(),
            }
        );
        let refused = verdict(
            Some(1),
            "\n/r/crates/a.openapi.json: unacceptable character #x007f\nmore\n",
            document,
        );
        assert!(!refused.passed);
        assert_eq!(
            refused.said,
            "a.openapi.json: unacceptable character #x007f"
        );
        assert!(!verdict(None, "", document).passed);
    }

    #[test]
    fn both_ways_name_the_document() {
        let document = Path::new("a.json");
        assert_eq!(cli_arguments(document), ["a.json"]);
        let arguments = json_arguments(document);
        assert_eq!(arguments.first().map(String::as_str), Some("-c"));
        assert!(arguments[1].contains("json.load"));
        assert_eq!(arguments.last().map(String::as_str), Some("a.json"));
    }
}
