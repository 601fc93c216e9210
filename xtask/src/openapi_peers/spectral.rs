//! Spectral, the OpenAPI linter: the ruleset file it is given (the `spectral:oas` rules, as a
//! generated `.spectral.yaml`), its command line, and its JSON output read back into counts per
//! severity and per rule.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

/// The rulesets the generated ruleset extends.
pub(crate) const EXTENDS: [&str; 1] = ["spectral:oas"];

/// The text of a `.spectral.yaml` extending `rulesets` (JSON strings are YAML's too).
pub(crate) fn ruleset(rulesets: &[&str]) -> String {
    let quoted: Vec<String> = rulesets
        .iter()
        .map(|name| Value::from(*name).to_string())
        .collect();
    format!("extends: [{}]\n", quoted.join(", "))
}

/// The arguments of `spectral` linting `document` with `ruleset`, its JSON going to `output`.
pub(crate) fn arguments(document: &Path, ruleset: &Path, output: &Path) -> Vec<String> {
    vec![
        "lint".to_owned(),
        "--ruleset".to_owned(),
        ruleset.display().to_string(),
        "--format".to_owned(),
        "json".to_owned(),
        "--output".to_owned(),
        output.display().to_string(),
        document.display().to_string(),
    ]
}

/// Spectral's severities, in its numbering (0 to 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub(crate) const ALL: [Self; 4] = [Self::Error, Self::Warning, Self::Information, Self::Hint];

    fn from_number(number: u64) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|severity| *severity as u64 == number)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Information => "information",
            Self::Hint => "hint",
        }
    }
}

/// What Spectral found in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lint {
    /// Results per severity and rule (Spectral's `code`).
    pub rules: BTreeMap<(Severity, String), usize>,
}

impl Lint {
    /// Results of `severity`.
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.rules
            .iter()
            .filter(|((of, _), _)| *of == severity)
            .map(|(_, count)| count)
            .sum()
    }

    /// The rules with results of `severity`, each with its count: `info-contact (1)`.
    pub(crate) fn rules_of(&self, severity: Severity) -> Vec<String> {
        self.rules
            .iter()
            .filter(|((of, _), _)| *of == severity)
            .map(|((_, rule), count)| format!("{rule} ({count})"))
            .collect()
    }
}

/// Reads Spectral's `--format json` output: an array of results with `code` and `severity`.
pub(crate) fn parse(output: &str) -> Result<Lint, String> {
    let results: Value = serde_json::from_str(output)
        .map_err(|error| format!("Spectral's output is not JSON: {error}"))?;
    let results = results
        .as_array()
        .ok_or("Spectral's output is not an array of results")?;
    let mut lint = Lint::default();
    for result in results {
        let code = result["code"]
            .as_str()
            .ok_or("a result of Spectral's has no `code`")?;
        let severity = result["severity"]
            .as_u64()
            .and_then(Severity::from_number)
            .ok_or_else(|| format!("the result `{code}` has no severity from 0 to 3"))?;
        *lint.rules.entry((severity, code.to_owned())).or_default() += 1;
    }
    Ok(lint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ruleset_extends_the_openapi_rules() {
        assert_eq!(ruleset(&EXTENDS), "extends: [\"spectral:oas\"]\n");
        assert_eq!(
            ruleset(&["spectral:oas", "spectral:asyncapi"]),
            "extends: [\"spectral:oas\", \"spectral:asyncapi\"]\n"
        );
    }

    #[test]
    fn results_are_counted_per_severity_and_rule() {
        let output = r#"[
            {"code": "info-contact", "path": ["info"], "severity": 1, "message": "m"},
            {"code": "operation-description", "path": [], "severity": 1},
            {"code": "info-contact", "path": [], "severity": 1},
            {"code": "oas3-schema", "path": [], "severity": 0},
            {"code": "oas3-api-servers", "path": [], "severity": 3}
        ]"#;
        let lint = parse(output).expect("results");
        assert_eq!(lint.count(Severity::Error), 1);
        assert_eq!(lint.count(Severity::Warning), 3);
        assert_eq!(lint.count(Severity::Information), 0);
        assert_eq!(lint.count(Severity::Hint), 1);
        assert_eq!(
            lint.rules_of(Severity::Warning),
            ["info-contact (2)", "operation-description (1)"]
        );
        assert_eq!(parse("[]"), Ok(Lint::default()));
    }

    #[test]
    fn other_output_is_refused() {
        for (text, fragment) in [
            ("No results with a severity of 'error' found!", "not JSON"),
            ("{}", "not an array"),
            (r#"[{"severity": 1}]"#, "no `code`"),
            (r#"[{"code": "x", "severity": 7}]"#, "`x` has no severity"),
        ] {
            let error = parse(text).expect_err(text);
            assert!(error.contains(fragment), "`{text}` gave `{error}`");
        }
    }
}
