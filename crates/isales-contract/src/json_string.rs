//! [`JsonString`]: a string field whose content is a JSON document of its own.
//!
//! The page documents `resultRetry`, `policyJson`, `busiPolicy`, `turns` and `policy` as strings
//! holding JSON arrays. A `JsonString<Vec<Turn>>` deserializes from such a string, keeps the
//! exact text (so it serializes back to the same string) and the parsed, typed document. It also
//! accepts a real JSON array, which some servers send, remembering the form so the validator
//! can warn about it.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::contract::{FieldInfo, FieldRef, Shape, report_type_mismatch, structure};
use crate::json::{Node, Origin, Quoting, Value};
use crate::scope::Scope;
use crate::violation::{EmbeddedProblem, Violation, ViolationKind};

/// How the document arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// As documented: a string holding JSON text.
    String,
    /// As a JSON array in place of the string.
    Array,
}

/// A string holding a JSON document of type `T`, kept both as text and parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonString<T> {
    raw: Option<String>,
    value: T,
}

impl<T> JsonString<T> {
    /// The parsed document.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The parsed document, by value.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The text as it arrived, when it arrived as a string.
    pub fn raw(&self) -> Option<&str> {
        self.raw.as_deref()
    }

    /// How the document arrived.
    pub fn form(&self) -> Form {
        if self.raw.is_some() {
            Form::String
        } else {
            Form::Array
        }
    }
}

impl<T: Serialize> JsonString<T> {
    /// Wraps a document, writing its JSON text.
    ///
    /// # Errors
    /// When `T`'s serialization fails (a map with non-string keys, for instance).
    pub fn new(value: T) -> Result<Self, serde_json::Error> {
        let raw = serde_json::to_string(&value)?;
        Ok(JsonString {
            raw: Some(raw),
            value,
        })
    }
}

impl<T: DeserializeOwned> JsonString<T> {
    /// Parses JSON text.
    ///
    /// # Errors
    /// When the text is not JSON of type `T`.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let value = serde_json::from_str(text)?;
        Ok(JsonString {
            raw: Some(text.to_owned()),
            value,
        })
    }
}

impl<T> std::ops::Deref for JsonString<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for JsonString<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.raw {
            Some(raw) => serializer.serialize_str(raw),
            None => self.value.serialize(serializer),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for JsonString<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct JsonStringVisitor<T>(PhantomData<T>);

        impl<'de, T: DeserializeOwned> Visitor<'de> for JsonStringVisitor<T> {
            type Value = JsonString<T>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a string holding a JSON document, or the document as an array")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                JsonString::parse(text)
                    .map_err(|error| E::custom(format!("embedded JSON: {error}")))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let value = T::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(JsonString { raw: None, value })
            }
        }

        deserializer.deserialize_any(JsonStringVisitor(PhantomData))
    }
}

impl<T: Shape> Shape for JsonString<T> {
    const EXPECTED: &'static str = "string";

    fn field_ref(&self) -> FieldRef<'_> {
        self.value.field_ref()
    }

    fn validate_in(&self, scope: &mut Scope<'_>) {
        if self.raw.is_none() {
            scope.report(
                Violation::new(
                    structure::ARRAY_INSTEAD_OF_STRING,
                    ViolationKind::ArrayInsteadOfString,
                ),
                None,
            );
        }
        self.value.validate_in(scope);
    }

    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        match &node.value {
            Value::String(_) => check_embedded::<T>(node, scope, info),
            Value::Array(_) => {
                let violation = Violation::new(
                    structure::ARRAY_INSTEAD_OF_STRING,
                    ViolationKind::ArrayInsteadOfString,
                )
                .with_doc(info.doc);
                scope.report(violation, Some(node.span));
                T::check_node(node, scope, info);
            }
            _ => report_type_mismatch(Self::EXPECTED, node, scope, info),
        }
    }
}

/// Parses the document a string node holds and checks it, with positions inside the string.
fn check_embedded<T: Shape>(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
    let (Some(embedded), Some(text)) = (node.embedded(), node.as_str()) else {
        return;
    };
    if embedded.quoting == Quoting::SingleQuotes {
        let violation = Violation::new(
            structure::SINGLE_QUOTED_JSON,
            ViolationKind::SingleQuotedJson,
        )
        .with_doc(info.doc);
        scope.report(violation, Some(node.span));
    }
    let origin = Origin::Embedded {
        parent: scope.origin(),
        parent_text: scope.text(),
        token: node.span,
    };
    let mut inner = scope.embedded(&origin, text);
    match &embedded.document {
        Err(error) => {
            let at = crate::json::Span::new(error.offset, error.offset);
            let violation = Violation::new(
                structure::EMBEDDED_JSON,
                ViolationKind::EmbeddedJson {
                    problem: EmbeddedProblem::Syntax {
                        syntax: error.problem.clone(),
                    },
                },
            )
            .with_doc(info.doc);
            inner.report(violation, Some(at));
        }
        Ok(document) if document.as_array().is_none() => {
            let violation = Violation::new(
                structure::EMBEDDED_JSON,
                ViolationKind::EmbeddedJson {
                    problem: EmbeddedProblem::NotAnArray {
                        found: document.json_type(),
                    },
                },
            )
            .with_doc(info.doc);
            inner.report(violation, Some(document.span));
        }
        Ok(document) => T::check_node(document, &mut inner, info),
    }
}
