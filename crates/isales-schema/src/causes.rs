//! Finding the errors that explain a validation error.
//!
//! The schema writes an optional object as `anyOf: [{"$ref": ...}, {"type": "null"}]` (what
//! code generators in other languages read as "nullable"), and a JSON-in-a-string field as an
//! `anyOf` of its string, array and null forms. A violation deep inside such a value is then
//! reported as one `anyOf` error at the outermost optional object ("not valid under any of the
//! schemas"), and the actual violation sits in that error's context, branch by branch.
//!
//! [`causes`] walks that context: from each branch it keeps the errors except the branch's
//! "wrong type" error at the `anyOf`'s own location (that branch was meant for another type,
//! such as the `null` branch of a present object), and recurses. What remains says where and
//! what the problem is.

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;

/// One reason a value failed: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// JSON pointer of the offending value in the validated instance (`""` for the root).
    pub instance_path: String,
    /// What is wrong, as the validator words it.
    pub message: String,
}

/// The errors that explain `error`: itself, or for an `anyOf`/`oneOf` that no branch matched,
/// the causes inside the branches that apply (see the module documentation).
#[must_use]
pub fn causes(error: &ValidationError<'_>) -> Vec<Cause> {
    let mut found = Vec::new();
    collect(error, &mut found);
    found
}

fn collect(error: &ValidationError<'_>, found: &mut Vec<Cause>) {
    let context = match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            context
        }
        _ => {
            found.push(cause(error));
            return;
        }
    };
    let location = error.instance_path();
    let before = found.len();
    for branch_error in context.iter().flatten() {
        let other_type = matches!(branch_error.kind(), ValidationErrorKind::Type { .. })
            && branch_error.instance_path() == location;
        if !other_type {
            collect(branch_error, found);
        }
    }
    if found.len() == before {
        found.push(cause(error));
    }
}

fn cause(error: &ValidationError<'_>) -> Cause {
    Cause {
        instance_path: error.instance_path().to_string(),
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn all_causes(
        schema: &serde_json::Value,
        instance: &serde_json::Value,
    ) -> Vec<(String, String)> {
        let validator = match jsonschema::validator_for(schema) {
            Ok(validator) => validator,
            Err(error) => panic!("{error}"),
        };
        validator
            .iter_errors(instance)
            .flat_map(|error| causes(&error))
            .map(|cause| (cause.instance_path, cause.message))
            .collect()
    }

    #[test]
    fn looks_through_nullable_objects_to_the_violation() {
        let schema = json!({
            "$defs": {"T": {"type": "object", "properties": {"n": {"type": "integer"}, "m": {"enum": [1]}}}},
            "properties": {"t": {"anyOf": [{"$ref": "#/$defs/T"}, {"type": "null"}]}},
        });
        let mut found = all_causes(&schema, &json!({"t": {"n": "1", "m": 2}}));
        found.sort();
        let paths: Vec<&str> = found.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            ["/t/m", "/t/n"],
            "a type error below the anyOf is a cause"
        );
    }

    #[test]
    fn a_value_of_no_branch_type_is_its_own_cause() {
        let schema = json!({"anyOf": [{"type": "object"}, {"type": "null"}]});
        let found = all_causes(&schema, &json!(5));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "");
        assert!(found[0].1.contains("anyOf"), "{found:?}");
    }

    #[test]
    fn other_errors_are_their_own_cause() {
        let found = all_causes(&json!({"required": ["a"]}), &json!({}));
        assert_eq!(
            found,
            [(String::new(), "\"a\" is a required property".to_owned())]
        );
    }
}
