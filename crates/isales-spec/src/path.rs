//! Field paths: how a rule names a field below the object it is attached to.
//!
//! `ivrParam` is a sibling field; `policy[].retryDay` is the `retryDay` of every item of the
//! array held by `policy` (a real array or a JSON document embedded in a string);
//! `skillParam.outBoundType` steps into a nested object. A path requires its last field wherever
//! its containers exist: a missing or `null` container has nothing below it to check, so a rule
//! that wants the container itself names it too (`["policy", "policy[].retryDay"]`).

use std::fmt;
use std::str::FromStr;

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A member of the current object, by wire name.
    Field(String),
    /// Every item of the array the previous step produced.
    Items,
}

/// A path from an object to a field below it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldPath {
    steps: Vec<Step>,
}

impl FieldPath {
    /// The steps, in order; never empty and always starting and ending with a field.
    #[must_use]
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The first field name.
    #[must_use]
    pub fn head(&self) -> &str {
        match self.steps.first() {
            Some(Step::Field(name)) => name,
            _ => "",
        }
    }

    /// The last field name (the one that must be present).
    #[must_use]
    pub fn leaf(&self) -> &str {
        match self.steps.last() {
            Some(Step::Field(name)) => name,
            _ => "",
        }
    }

    /// Whether the path is a single sibling field.
    #[must_use]
    pub fn is_sibling(&self) -> bool {
        self.steps.len() == 1
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, step) in self.steps.iter().enumerate() {
            match step {
                Step::Field(name) if index == 0 => f.write_str(name)?,
                Step::Field(name) => write!(f, ".{name}")?,
                Step::Items => f.write_str("[]")?,
            }
        }
        Ok(())
    }
}

/// Why a path did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

impl FromStr for FieldPath {
    type Err = PathError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |message: String| PathError { message };
        let mut steps = Vec::new();
        let mut rest = text;
        let mut expect_field = true;
        while !rest.is_empty() {
            if expect_field {
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                let name = &rest[..end];
                let valid = name
                    .chars()
                    .next()
                    .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
                    && name
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
                if !valid {
                    return Err(error(format!(
                        "`{text}`: `{name}` is not a field name (letters, digits, `_`)"
                    )));
                }
                steps.push(Step::Field(name.to_owned()));
                rest = &rest[end..];
                expect_field = false;
            } else if let Some(after) = rest.strip_prefix("[]") {
                steps.push(Step::Items);
                rest = after;
                match rest.strip_prefix('.') {
                    Some(after_dot) => {
                        rest = after_dot;
                        expect_field = true;
                    }
                    None if rest.is_empty() => {}
                    None => return Err(error(format!("`{text}`: expected `.` after `[]`"))),
                }
            } else if let Some(after) = rest.strip_prefix('.') {
                rest = after;
                expect_field = true;
            } else {
                return Err(error(format!(
                    "`{text}`: expected `.` or `[]` before `{rest}`"
                )));
            }
        }
        if expect_field {
            return Err(error(format!(
                "`{text}`: a path must end with a field name"
            )));
        }
        if matches!(steps.last(), Some(Step::Items)) {
            return Err(error(format!(
                "`{text}`: a path must end with a field name, not `[]`"
            )));
        }
        Ok(FieldPath { steps })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for text in [
            "ivrParam",
            "policy[].retryDay",
            "skillParam.predictParam.predictMethod",
        ] {
            let path: FieldPath = text.parse().expect(text);
            assert_eq!(path.to_string(), text);
        }
        let path: FieldPath = "turns[].turnType".parse().expect("path");
        assert_eq!(
            path.steps(),
            [
                Step::Field("turns".into()),
                Step::Items,
                Step::Field("turnType".into())
            ]
        );
        assert_eq!(
            (path.head(), path.leaf(), path.is_sibling()),
            ("turns", "turnType", false)
        );
    }

    #[test]
    fn rejects_malformed_paths() {
        for text in [
            "", "a.", "a[]", "a[].", ".a", "a..b", "a[0].b", "1a", "a-b", "a[]b",
        ] {
            assert!(
                text.parse::<FieldPath>().is_err(),
                "`{text}` should not parse"
            );
        }
    }
}
