//! The part of GitHub's expression language our `action.yml` uses, evaluated the way the
//! runner would: `${{ context.path }}` in strings, and `if:` conditions made of status
//! functions (`always()`, `success()`, `failure()`, `cancelled()`) and comparisons of a context
//! value with a quoted string, joined by `&&`. Anything else is an error, so an action that
//! starts using more of the language fails the task instead of being run wrongly.

use std::collections::BTreeMap;

/// What expressions can read.
#[derive(Debug, Default, Clone)]
pub(crate) struct Contexts {
    /// `inputs.NAME`: the values given, or the action's defaults.
    pub inputs: BTreeMap<String, String>,
    /// `steps.ID.outputs.NAME`.
    pub steps: BTreeMap<String, BTreeMap<String, String>>,
    /// `github.NAME` (`action_path`, `workspace`).
    pub github: BTreeMap<String, String>,
    /// `runner.NAME` (`os`, `temp`, `tool_cache`).
    pub runner: BTreeMap<String, String>,
}

impl Contexts {
    /// The value at a context path such as `inputs.paths` or `steps.check.outputs.code`; a
    /// step output never written is empty, as on GitHub, but an unknown context or input is
    /// an error.
    pub(crate) fn value(&self, path: &str) -> Result<String, String> {
        let parts: Vec<&str> = path.split('.').collect();
        let unknown = || Err(format!("`{path}` is not a context value this runner knows"));
        match parts.as_slice() {
            ["inputs", name] => self
                .inputs
                .get(*name)
                .cloned()
                .ok_or_else(|| format!("the action has no input `{name}`")),
            ["steps", id, "outputs", name] => Ok(self
                .steps
                .get(*id)
                .and_then(|outputs| outputs.get(*name))
                .cloned()
                .unwrap_or_default()),
            ["github", name] => self.github.get(*name).cloned().map_or_else(unknown, Ok),
            ["runner", name] => self.runner.get(*name).cloned().map_or_else(unknown, Ok),
            _ => unknown(),
        }
    }

    /// `text` with every `${{ expression }}` replaced by its value.
    pub(crate) fn substitute(&self, text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 3..];
            let end = after
                .find("}}")
                .ok_or_else(|| format!("`${{{{` without `}}}}` in `{text}`"))?;
            out.push_str(&self.value(after[..end].trim())?);
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Whether a step with the condition `condition` (none: `success()`) runs, given whether
    /// an earlier step failed.
    pub(crate) fn condition(&self, condition: Option<&str>, failed: bool) -> Result<bool, String> {
        let Some(condition) = condition else {
            return Ok(!failed);
        };
        let condition = condition.trim();
        let condition = condition
            .strip_prefix("${{")
            .and_then(|inner| inner.strip_suffix("}}"))
            .unwrap_or(condition);
        if condition.contains("||") {
            return Err(format!("`{condition}`: this runner evaluates `&&` only"));
        }
        let mut status_function = false;
        let mut holds = true;
        for term in condition.split("&&").map(str::trim) {
            let value = match term {
                "always()" => {
                    status_function = true;
                    true
                }
                "success()" => {
                    status_function = true;
                    !failed
                }
                "failure()" => {
                    status_function = true;
                    failed
                }
                "cancelled()" => {
                    status_function = true;
                    false
                }
                _ => self.comparison(term)?,
            };
            holds &= value;
        }
        // Without a status function GitHub adds `success()`.
        Ok(holds && (status_function || !failed))
    }

    /// `path == 'text'`, `path != 'text'`, or a bare path (true when not empty).
    fn comparison(&self, term: &str) -> Result<bool, String> {
        for (operator, equal) in [("==", true), ("!=", false)] {
            if let Some((left, right)) = term.split_once(operator) {
                let literal = right
                    .trim()
                    .strip_prefix('\'')
                    .and_then(|text| text.strip_suffix('\''))
                    .ok_or_else(|| format!("`{term}`: compare with a quoted string"))?;
                return Ok((self.value(left.trim())? == literal) == equal);
            }
        }
        Ok(!self.value(term)?.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contexts() -> Contexts {
        let mut contexts = Contexts::default();
        contexts
            .inputs
            .insert("upload".to_owned(), "true".to_owned());
        contexts.inputs.insert("empty".to_owned(), String::new());
        contexts.steps.insert(
            "check".to_owned(),
            BTreeMap::from([("code".to_owned(), "1".to_owned())]),
        );
        contexts
            .github
            .insert("action_path".to_owned(), "/a".to_owned());
        contexts
    }

    #[test]
    fn strings_get_their_values() {
        let contexts = contexts();
        assert_eq!(
            contexts.substitute("x ${{ inputs.upload }} ${{github.action_path}}/y ${{ steps.check.outputs.code }}${{ steps.other.outputs.code }}"),
            Ok("x true /a/y 1".to_owned())
        );
        assert!(contexts.substitute("${{ inputs.nope }}").is_err());
        assert!(contexts.substitute("${{ secrets.TOKEN }}").is_err());
        assert!(contexts.substitute("${{ inputs.upload").is_err());
    }

    #[test]
    fn conditions_follow_the_runner() {
        let contexts = contexts();
        let cases = [
            (None, false, true),
            (None, true, false),
            (Some("always()"), true, true),
            (Some("${{ always() }}"), true, true),
            (Some("failure()"), true, true),
            (Some("failure()"), false, false),
            (Some("inputs.upload == 'true'"), false, true),
            (Some("inputs.upload == 'true'"), true, false),
            (Some("always() && inputs.upload == 'true'"), true, true),
            (Some("always() && inputs.upload != 'true'"), true, false),
            (
                Some("always() && steps.check.outputs.code == '1'"),
                true,
                true,
            ),
            (Some("inputs.empty"), false, false),
            (Some("cancelled()"), false, false),
        ];
        for (condition, failed, expected) in cases {
            assert_eq!(
                contexts.condition(condition, failed),
                Ok(expected),
                "{condition:?} after a failure: {failed}"
            );
        }
        assert!(contexts.condition(Some("always() || x"), false).is_err());
        assert!(
            contexts
                .condition(Some("inputs.upload == true"), false)
                .is_err()
        );
    }
}
