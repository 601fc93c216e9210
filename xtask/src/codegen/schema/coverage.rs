//! How far the generated schema goes for each rule: where its assertions sit, and the
//! `inSchema` vocabulary of the root's `x-rule-catalog` that reports it.
//!
//! Draft 2020-12 makes `contentSchema` an annotation, so an assertion reaches a different set
//! of validators depending on where it sits:
//! - in a definition reached from the root through objects only (a [`Place::Standard`]), any
//!   draft 2020-12 validator applies it;
//! - in a definition reached only through a field that holds a JSON document in a string, or
//!   below the `contentSchema` of such a field (a [`Place::Content`]), only a validator whose
//!   `contentSchema` asserts applies it (`isales-schema`'s keyword, the benchmarks' ajv
//!   plug-in).
//!
//! The generator records every assertion and annotation with its place as it writes them
//! ([`Coverage`]); the classification ([`InSchema`]) follows from those records, so a rule
//! added to the spec classifies itself. Only what the generator does not write at all (a
//! builtin rule with no keywords, or the part of one that no keyword can state) comes with a
//! reason written by hand ([`Beyond`]), next to where the generator wires builtin rules.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

/// Where an assertion sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
    /// Where any draft 2020-12 validator applies it.
    Standard,
    /// Inside the JSON documents held in strings whose items the named definition describes:
    /// only a validator with an asserting `contentSchema` applies it.
    Content(String),
}

/// A part of a rule the schema does not write, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Beyond {
    /// No JSON Schema keyword can state it.
    NotExpressible(&'static str),
    /// JSON Schema could state it; the generator does not write it.
    NotWritten(&'static str),
}

/// What the schema does with one rule, gathered while it is generated.
#[derive(Debug, Default)]
pub(super) struct Coverage {
    /// Carried as an `x-warnings` annotation somewhere.
    annotated: bool,
    /// Asserted somewhere any validator applies it.
    standard: bool,
    /// When `standard` comes from some uses of the rule only: those uses, in words.
    standard_parts: Vec<String>,
    /// Definitions whose embedded documents carry an assertion of the rule.
    content: BTreeSet<String>,
    /// The part of the rule the schema does not write.
    beyond: Option<Beyond>,
}

/// A rule's `inSchema` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InSchema {
    /// Any draft 2020-12 validator asserts it wherever it applies.
    Asserted,
    /// Only a validator with an asserting `contentSchema` asserts it.
    AssertedWithContent,
    /// Any validator asserts a part of it, named in `partly`.
    PartlyAsserted,
    /// Warning level: the constraint travels as an `x-warnings` annotation.
    Annotation,
    /// No JSON Schema keyword can state it.
    NotExpressible,
    /// JSON Schema could state it, the schema does not.
    Unwritten,
}

impl InSchema {
    /// Every value, in the order the description lists them.
    pub(super) const ALL: [InSchema; 6] = [
        InSchema::Asserted,
        InSchema::AssertedWithContent,
        InSchema::PartlyAsserted,
        InSchema::Annotation,
        InSchema::NotExpressible,
        InSchema::Unwritten,
    ];

    /// The spelling in the catalog.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            InSchema::Asserted => "asserted",
            InSchema::AssertedWithContent => "asserted-with-content",
            InSchema::PartlyAsserted => "partly-asserted",
            InSchema::Annotation => "annotation",
            InSchema::NotExpressible => "not-expressible",
            InSchema::Unwritten => "not-in-schema",
        }
    }

    /// What the value means, for the schema's description.
    pub(super) fn meaning(self) -> &'static str {
        match self {
            InSchema::Asserted => {
                "any draft 2020-12 validator asserts the rule wherever it applies"
            }
            InSchema::AssertedWithContent => {
                "the rule applies inside the JSON documents held in strings (the definitions in \
                 `withContent`), so only a validator whose `contentSchema` asserts checks it; a \
                 standard validator checks it only when a real array stands in for the string \
                 (which `array-instead-of-string` warns about)"
            }
            InSchema::PartlyAsserted => {
                "any draft 2020-12 validator asserts the part named in `partly` and misses the \
                 part named in `notAsserted`"
            }
            InSchema::Annotation => {
                "warning level: the constraint travels as an `x-warnings` annotation and no \
                 validator asserts it"
            }
            InSchema::NotExpressible => {
                "no JSON Schema keyword can state the rule; `notExpressible` says why"
            }
            InSchema::Unwritten => {
                "JSON Schema could state the rule but this schema does not; `notInSchema` says \
                 how"
            }
        }
    }
}

impl Coverage {
    /// An assertion at `place`.
    pub(super) fn assert_at(&mut self, place: &Place) {
        match place {
            Place::Standard => self.standard = true,
            Place::Content(def) => {
                self.content.insert(def.clone());
            }
        }
    }

    /// An assertion any validator applies, covering only `part` of the rule's uses.
    pub(super) fn assert_part(&mut self, part: String) {
        self.standard = true;
        if !self.standard_parts.contains(&part) {
            self.standard_parts.push(part);
        }
    }

    /// An `x-warnings` annotation.
    pub(super) fn annotate(&mut self) {
        self.annotated = true;
    }

    /// The part of the rule the schema does not write.
    pub(super) fn beyond(&mut self, beyond: Beyond) {
        self.beyond = Some(beyond);
    }

    /// Whether a part of the rule is beyond what the schema writes.
    pub(super) fn has_beyond(&self) -> bool {
        self.beyond.is_some()
    }

    /// Whether some of the rule's assertions sit inside embedded documents.
    pub(super) fn has_content(&self) -> bool {
        !self.content.is_empty()
    }

    /// The classification.
    pub(super) fn in_schema(&self) -> InSchema {
        let content = !self.content.is_empty();
        let beyond = self.beyond.is_some();
        match (self.standard, content) {
            (true, false) if !beyond => InSchema::Asserted,
            (true, _) => InSchema::PartlyAsserted,
            (false, true) => InSchema::AssertedWithContent,
            (false, false) if self.annotated => InSchema::Annotation,
            (false, false) => match self.beyond {
                Some(Beyond::NotWritten(_)) => InSchema::Unwritten,
                Some(Beyond::NotExpressible(_)) | None => InSchema::NotExpressible,
            },
        }
    }

    /// The catalog entry's `inSchema` and the members that explain it: `withContent` (the
    /// definitions whose embedded documents carry the rule), `partly` and `notAsserted` (for
    /// `partly-asserted`), `notExpressible` or `notInSchema` (the part the schema does not
    /// write, and why).
    pub(super) fn entry(&self, entry: &mut Map<String, Value>) {
        let in_schema = self.in_schema();
        entry.insert("inSchema".into(), json!(in_schema.as_str()));
        if !self.content.is_empty() {
            entry.insert("withContent".into(), json!(self.content));
        }
        if in_schema == InSchema::PartlyAsserted {
            let partly = if !self.standard_parts.is_empty() {
                self.standard_parts.join("; ")
            } else if !self.content.is_empty() {
                "wherever the rule applies outside the JSON documents held in strings".to_owned()
            } else {
                "wherever the rule applies to the parsed instance".to_owned()
            };
            let mut missed = Vec::new();
            if !self.content.is_empty() {
                missed.push(format!(
                    "inside the JSON documents held in strings ({}), which only a validator \
                     with an asserting `contentSchema` checks",
                    self.content
                        .iter()
                        .map(|def| format!("`{def}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            match self.beyond {
                Some(Beyond::NotExpressible(reason)) => {
                    missed.push(format!("beyond any schema: {reason}"));
                }
                Some(Beyond::NotWritten(reason)) => {
                    missed.push(format!("not written in this schema: {reason}"));
                }
                None => {}
            }
            entry.insert("partly".into(), json!(partly));
            entry.insert("notAsserted".into(), json!(missed.join("; ")));
        }
        match self.beyond {
            Some(Beyond::NotExpressible(reason)) => {
                entry.insert("notExpressible".into(), json!(reason));
            }
            Some(Beyond::NotWritten(reason)) => {
                entry.insert("notInSchema".into(), json!(reason));
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classified(build: impl FnOnce(&mut Coverage)) -> (InSchema, Value) {
        let mut coverage = Coverage::default();
        build(&mut coverage);
        let mut entry = Map::new();
        coverage.entry(&mut entry);
        (coverage.in_schema(), Value::Object(entry))
    }

    #[test]
    fn places_decide_the_classification() {
        let content = Place::Content("Turn".into());
        assert_eq!(
            classified(|c| c.assert_at(&Place::Standard)).1,
            json!({"inSchema": "asserted"})
        );
        assert_eq!(
            classified(|c| c.assert_at(&content)).1,
            json!({"inSchema": "asserted-with-content", "withContent": ["Turn"]})
        );
        let (in_schema, entry) = classified(|c| {
            c.assert_at(&Place::Standard);
            c.assert_at(&content);
        });
        assert_eq!(in_schema, InSchema::PartlyAsserted);
        assert_eq!(
            entry["partly"],
            "wherever the rule applies outside the JSON documents held in strings"
        );
        assert!(
            entry["notAsserted"].as_str().is_some_and(
                |text| text.starts_with("inside the JSON documents held in strings (`Turn`)")
            ),
            "{entry}"
        );
        assert!(entry.get("notExpressible").is_none());
    }

    #[test]
    fn what_the_schema_does_not_write_is_said_with_its_reason() {
        let (in_schema, entry) = classified(|c| {
            c.assert_part("both spellings".into());
            c.beyond(Beyond::NotExpressible(
                "parsed instances have no duplicates",
            ));
        });
        assert_eq!(in_schema, InSchema::PartlyAsserted);
        assert_eq!(entry["partly"], "both spellings");
        assert_eq!(
            entry["notAsserted"],
            "beyond any schema: parsed instances have no duplicates"
        );
        assert_eq!(
            entry["notExpressible"],
            "parsed instances have no duplicates"
        );
        assert_eq!(
            classified(|c| c.beyond(Beyond::NotWritten("an if/then could"))).1,
            json!({"inSchema": "not-in-schema", "notInSchema": "an if/then could"})
        );
        assert_eq!(classified(Coverage::annotate).0, InSchema::Annotation);
        assert_eq!(classified(|_| {}).0, InSchema::NotExpressible);
    }
}
