//! Our validator's JSON report on the mock's responses, summarised per rule: how many
//! payloads broke it, how many times, at which level, and the pointer it was broken at most
//! often. The rule ids are the report's; this module knows none of them.

use std::collections::BTreeMap;

use serde_json::Value;

/// One rule the payloads broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleCount {
    pub rule: String,
    /// `error` or `warning`, as the report says.
    pub level: String,
    /// Payloads with at least one violation of the rule.
    pub payloads: usize,
    /// Violations of the rule, over all payloads.
    pub occurrences: usize,
    /// The pointer the rule was broken at most often (the first in order on a tie).
    pub pointer: String,
}

/// The report, summarised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Findings {
    /// Payloads checked.
    pub checked: usize,
    /// Payloads per verdict (`pass`, `fail`, ...).
    pub verdicts: BTreeMap<String, usize>,
    /// Payloads without any violation, not even a warning.
    pub clean: usize,
    /// The rules broken, errors first, then by payloads broken (most first), then by id.
    pub rules: Vec<RuleCount>,
}

impl Findings {
    /// Payloads with `verdict`.
    pub(crate) fn with_verdict(&self, verdict: &str) -> usize {
        self.verdicts.get(verdict).copied().unwrap_or(0)
    }
}

#[derive(Default)]
struct Tally {
    level: String,
    payloads: usize,
    occurrences: usize,
    pointers: BTreeMap<String, usize>,
}

/// Summarises the text of `isales-contract validate --format json`.
pub(crate) fn summarise(report: &str) -> Result<Findings, String> {
    let report: Value = serde_json::from_str(report)
        .map_err(|error| format!("our JSON report is not JSON: {error}"))?;
    let payloads = report["payloads"]
        .as_array()
        .ok_or("our JSON report has no `payloads` array")?;
    let mut findings = Findings {
        checked: payloads.len(),
        ..Findings::default()
    };
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for payload in payloads {
        let verdict = payload["verdict"]
            .as_str()
            .ok_or("a payload of our JSON report has no verdict")?;
        *findings.verdicts.entry(verdict.to_owned()).or_default() += 1;
        let mut broken: Vec<&str> = Vec::new();
        if payload["violations"]
            .as_array()
            .is_none_or(|violations| violations.is_empty())
        {
            findings.clean += 1;
        }
        for violation in payload["violations"].as_array().into_iter().flatten() {
            let rule = violation["rule"]
                .as_str()
                .ok_or("a violation of our JSON report has no rule")?;
            let tally = tallies.entry(rule.to_owned()).or_default();
            violation["level"]
                .as_str()
                .unwrap_or_default()
                .clone_into(&mut tally.level);
            tally.occurrences += 1;
            let pointer = violation["pointer"].as_str().unwrap_or_default();
            *tally.pointers.entry(pointer.to_owned()).or_default() += 1;
            if !broken.contains(&rule) {
                broken.push(rule);
                tally.payloads += 1;
            }
        }
    }
    findings.rules = tallies
        .into_iter()
        .map(|(rule, tally)| {
            let pointer = tally
                .pointers
                .iter()
                .fold(
                    None::<(&String, usize)>,
                    |best, (pointer, &count)| match best {
                        Some((_, most)) if most >= count => best,
                        _ => Some((pointer, count)),
                    },
                )
                .map(|(pointer, _)| pointer.clone())
                .unwrap_or_default();
            RuleCount {
                rule,
                level: tally.level,
                payloads: tally.payloads,
                occurrences: tally.occurrences,
                pointer,
            }
        })
        .collect();
    findings.rules.sort_by(|a, b| {
        (a.level != "error", std::cmp::Reverse(a.payloads), &a.rule).cmp(&(
            b.level != "error",
            std::cmp::Reverse(b.payloads),
            &b.rule,
        ))
    });
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violation(rule: &str, level: &str, pointer: &str) -> String {
        format!(r#"{{"rule":"{rule}","level":"{level}","pointer":"{pointer}","kind":"k"}}"#)
    }

    #[test]
    fn rules_are_counted_per_payload_and_per_violation() {
        let report = format!(
            r#"{{"version": 1, "payloads": [
            {{"source":"m.ndjson","line":1,"verdict":"fail","violations":[{},{},{}]}},
            {{"source":"m.ndjson","line":2,"verdict":"pass","violations":[{}]}},
            {{"source":"m.ndjson","line":3,"verdict":"fail","violations":[{}]}}
            ], "summary":{{"checked":3}}}}"#,
            violation("type-mismatch", "error", "/a"),
            violation("type-mismatch", "error", "/b"),
            violation("unknown-error-code", "warning", "/resultCode"),
            violation("unknown-error-code", "warning", "/resultCode"),
            violation("type-mismatch", "error", "/b"),
        );
        let findings = summarise(&report).expect("a report");
        assert_eq!(findings.checked, 3);
        assert_eq!(findings.with_verdict("fail"), 2);
        assert_eq!(findings.with_verdict("pass"), 1);
        assert_eq!(findings.with_verdict("unchecked"), 0);
        assert_eq!(findings.clean, 0);
        assert_eq!(
            findings.rules,
            vec![
                RuleCount {
                    rule: "type-mismatch".to_owned(),
                    level: "error".to_owned(),
                    payloads: 2,
                    occurrences: 3,
                    pointer: "/b".to_owned(),
                },
                RuleCount {
                    rule: "unknown-error-code".to_owned(),
                    level: "warning".to_owned(),
                    payloads: 2,
                    occurrences: 2,
                    pointer: "/resultCode".to_owned(),
                },
            ]
        );
    }

    #[test]
    fn errors_come_before_warnings_whatever_their_counts() {
        let report = format!(
            r#"{{"payloads": [{{"verdict":"fail","violations":[{},{}]}},
            {{"verdict":"pass","violations":[{}]}}]}}"#,
            violation("w", "warning", "/x"),
            violation("e", "error", "/y"),
            violation("w", "warning", "/x"),
        );
        let rules: Vec<String> = summarise(&report)
            .expect("a report")
            .rules
            .into_iter()
            .map(|count| count.rule)
            .collect();
        assert_eq!(rules, ["e", "w"]);
    }

    #[test]
    fn a_report_of_another_shape_is_refused() {
        for (text, fragment) in [
            ("2 payloads checked", "not JSON"),
            ("{}", "no `payloads` array"),
            (r#"{"payloads":[{"violations":[]}]}"#, "no verdict"),
            (
                r#"{"payloads":[{"verdict":"fail","violations":[{}]}]}"#,
                "no rule",
            ),
        ] {
            let error = summarise(text).expect_err(text);
            assert!(error.contains(fragment), "`{text}` gave `{error}`");
        }
    }
}
