//! [`JsonString`]: a string field whose content is a JSON document of its own.
//!
//! The page documents `resultRetry`, `policyJson`, `busiPolicy`, `turns` and `policy` as strings
//! holding JSON arrays. A `JsonString<Vec<Turn>>` deserializes from such a string, keeps the
//! exact text (so it serializes back to the same string) and the parsed, typed document. It also
//! accepts a real JSON array, which some servers send, remembering the form so the validator
//! can warn about it.

use crate::rule::registry;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::contract::{FieldInfo, FieldRef, Shape, report_type_mismatch};
use crate::json::{Node, Quoting, SyntaxProblem, Value};
use crate::paths::Presence;
use crate::rule::Rule;
use crate::scope::Scope;
use crate::violation::{EmbeddedProblem, Violation, ViolationKind};

/// How the document arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Form {
    /// As documented: a string holding JSON text.
    String,
    /// As a JSON array in place of the string.
    Array,
    /// A string holding a document written with single quotes, which the contract reports
    /// and reads.
    SingleQuoted,
    /// A string holding one object where an array of them is documented, which the contract
    /// reports (for the fields that allow it) and reads as the array's only item.
    LoneObject,
}

/// A string holding a JSON document of type `T`, kept both as text and parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonString<T> {
    raw: Option<String>,
    /// How a document that arrived as a string was written, when not as documented.
    quirk: Option<Form>,
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
        match (&self.raw, self.quirk) {
            (None, _) => Form::Array,
            (Some(_), Some(quirk)) => quirk,
            (Some(_), None) => Form::String,
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
            quirk: None,
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
        let (value, quirk) = read(text)?;
        Ok(JsonString {
            raw: Some(text.to_owned()),
            quirk,
            value,
        })
    }
}

/// Reads a document as `T`: strictly, else in a form the contract reads but reports (single
/// quotes; a lone object, in a checked payload), saying which. The error is the strict one.
fn read<T: DeserializeOwned>(text: &str) -> Result<(T, Option<Form>), serde_json::Error> {
    let strict = match serde_json::from_str(text) {
        Ok(value) => return Ok((value, None)),
        Err(error) => error,
    };
    let quirk =
        |form: Form, value: Option<Result<T, _>>| value?.ok().map(|value| (value, Some(form)));
    quirk(Form::SingleQuoted, lenient(text))
        .or_else(|| quirk(Form::LoneObject, lone_object(text)))
        .ok_or(strict)
}

/// A document written with single quotes (which the contract reports, and reads), as `T`.
fn lenient<T: DeserializeOwned>(text: &str) -> Option<Result<T, serde_json::Error>> {
    if !text.contains('\'') {
        return None;
    }
    let arena = crate::json::Arena::new();
    let embedded = crate::json::parse_embedded(text, &arena);
    if embedded.quoting != Quoting::SingleQuotes {
        return None;
    }
    let document = embedded.document.ok()?;
    Some(serde_json::from_value(to_value(&document)?))
}

thread_local! {
    /// Whether the thread is deserializing a payload that already met its contract
    /// ([`for_checked_payload`]).
    static CHECKED_PAYLOAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` (a serde deserialization) knowing that the payload met its contract: a lone
/// object is then read as its array, which the contract allows only for the fields it names
/// (`lone_object`). Outside it, as for any serde user, a lone object where an array is
/// documented does not deserialize, since a `JsonString` does not know its field's rules.
pub(crate) fn for_checked_payload<R>(read: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            CHECKED_PAYLOAD.with(|flag| flag.set(self.0));
        }
    }
    let _reset = Reset(CHECKED_PAYLOAD.with(|flag| flag.replace(true)));
    read()
}

/// One object where the contract allows it for an array of them (a `lone_object` field, which
/// the contract reports and reads as the array's only item), read as that array, when the
/// payload met its contract ([`for_checked_payload`]).
fn lone_object<T: DeserializeOwned>(text: &str) -> Option<Result<T, serde_json::Error>> {
    if !CHECKED_PAYLOAD.with(std::cell::Cell::get) || !text.trim_start().starts_with('{') {
        return None;
    }
    let value = serde_json::from_str::<serde_json::Value>(text).ok()?;
    Some(serde_json::from_value(serde_json::Value::Array(vec![
        value,
    ])))
}

/// A located tree as a `serde_json::Value` (the last of duplicate keys wins, as in serde);
/// `None` for a number serde_json cannot hold.
fn to_value(node: &crate::json::Node<'_>) -> Option<serde_json::Value> {
    use crate::json::Value as Json;
    Some(match node.value {
        Json::Null => serde_json::Value::Null,
        Json::Bool(value) => serde_json::Value::Bool(value),
        Json::Number(number) => serde_json::from_str(number.raw).ok()?,
        Json::String(string) => serde_json::Value::String(string.text().to_owned()),
        Json::Array(items) => items.iter().map(to_value).collect::<Option<_>>()?,
        Json::Object(members) => members
            .iter()
            .map(|member| Some((member.key.to_owned(), to_value(&member.value)?)))
            .collect::<Option<_>>()?,
    })
}

/// How an embedded document's deserialization error starts: serde then adds the position of
/// the string that holds it.
const EMBEDDED_ERROR: &str = "embedded JSON document at `";

/// What separates the pointer from serde's message.
const EMBEDDED_ERROR_END: &str = "`: ";

/// Reads `text` as a `T` for a payload being deserialized: on failure, the JSON pointer inside
/// the document serde was reading and serde's message without its position inside the
/// string (which would count lines and columns of the decoded string, not of the payload).
fn parse_for_payload<T: DeserializeOwned>(text: &str) -> Result<JsonString<T>, String> {
    JsonString::parse(text).map_err(|error| {
        // Only a document that fails is read again, tracking the path serde takes through it.
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let pointer = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(error) => crate::typed::pointer_of(error.path()),
            // Only the text after the document is wrong.
            Ok(_) => String::new(),
        };
        format!(
            "{EMBEDDED_ERROR}{pointer}{EMBEDDED_ERROR_END}{}",
            crate::typed::message_of(&error)
        )
    })
}

/// Splits an error [`parse_for_payload`] wrote (as serde passed it on) into the pointer inside
/// the document and the message.
pub(crate) fn split_embedded_error(error: &serde_json::Error) -> Option<(String, String)> {
    let message = crate::typed::message_of(error);
    let rest = message.strip_prefix(EMBEDDED_ERROR)?;
    let (pointer, message) = rest.split_once(EMBEDDED_ERROR_END)?;
    Some((pointer.to_owned(), message.to_owned()))
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
                parse_for_payload(text).map_err(E::custom)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let value = T::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(JsonString {
                    raw: None,
                    quirk: None,
                    value,
                })
            }
        }

        deserializer.deserialize_any(JsonStringVisitor(PhantomData))
    }
}

#[diagnostic::do_not_recommend]
impl<T: Shape> Shape for JsonString<T> {
    const EXPECTED: &'static str = "string";

    fn field_ref(&self) -> FieldRef<'_> {
        self.value.field_ref()
    }

    fn validate_in(&self, scope: &mut Scope<'_>) {
        // The forms the contract reads but reports, so the typed path never calls clean what
        // the located path reports.
        let quirk = match self.form() {
            Form::String => None,
            Form::Array => Some((
                scope.structure().array_instead_of_string,
                ViolationKind::ArrayInsteadOfString,
            )),
            Form::SingleQuoted => Some((
                scope.structure().single_quoted_json,
                ViolationKind::SingleQuotedJson,
            )),
            Form::LoneObject => Some((
                registry::OBJECT_INSTEAD_OF_ARRAY,
                ViolationKind::ObjectInsteadOfArray,
            )),
        };
        if let Some((rule, kind)) = quirk {
            scope.report(Violation::new(rule, kind), None);
        }
        self.value.validate_in(scope);
    }

    fn is_blank(&self) -> bool {
        self.raw.as_deref() == Some("")
    }

    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        Self::check_node_present(node, scope, info);
    }

    /// What the document shows, or the array where the string holding it is documented.
    fn check_node_present(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) -> Presence {
        match &node.value {
            Value::String(_) => check_embedded::<T>(node, scope, info),
            Value::Array(_) => {
                let violation = Violation::new(
                    scope.structure().array_instead_of_string,
                    ViolationKind::ArrayInsteadOfString,
                )
                .with_doc(info.doc);
                scope.report(violation, Some(node.span()));
                T::check_node_present(node, scope, info)
            }
            _ => {
                report_type_mismatch(Self::EXPECTED, node, scope, info);
                Presence::UNKNOWN
            }
        }
    }
}

/// What the wire carries: a string holding the JSON document (`contentSchema`, asserted while
/// `embedded-json` is an error) or, while `array-instead-of-string` is only a warning, the
/// document itself as an array; the same `anyOf` as the schema generated from the spec.
#[cfg(feature = "schemars")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for JsonString<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("JsonString_of_{}", T::schema_name()).into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        format!("isales_contract::JsonString<{}>", T::schema_id()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use crate::rule::Severity;
        use crate::schema::{build, constrain};

        let document = generator.subschema_for::<T>().to_value();
        let mut string = serde_json::Map::new();
        string.insert("type".into(), build::string("string"));
        string.insert("contentMediaType".into(), build::string("application/json"));
        constrain(
            &mut string,
            registry::EMBEDDED_JSON,
            build::object([("contentSchema", document.clone())]),
        );
        let mut branches = vec![serde_json::Value::Object(string)];
        if registry::ARRAY_INSTEAD_OF_STRING.severity == Severity::Warning {
            let mut array = match document {
                serde_json::Value::Object(array) => array,
                _ => serde_json::Map::new(),
            };
            constrain(
                &mut array,
                registry::ARRAY_INSTEAD_OF_STRING,
                build::object([]),
            );
            branches.push(serde_json::Value::Object(array));
        }
        let mut schema = serde_json::Map::new();
        schema.insert("anyOf".into(), serde_json::Value::Array(branches));
        schema.into()
    }
}

/// Parses the document a string node holds and checks it, with positions where it stands;
/// what it shows ([`Presence`]).
fn check_embedded<T: Shape>(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) -> Presence {
    let Some(embedded) = node.embedded() else {
        return Presence::UNKNOWN;
    };
    if embedded.quoting == Quoting::SingleQuotes {
        let violation = Violation::new(
            scope.structure().single_quoted_json,
            ViolationKind::SingleQuotedJson,
        )
        .with_doc(info.doc);
        scope.report(violation, Some(node.span()));
    }
    scope.embedded(node.span(), |inner| match &embedded.document {
        Err(error) => {
            let at = crate::json::Span::new(error.offset, error.offset);
            let violation = Violation::new(
                syntax_rule(inner, &error.problem),
                ViolationKind::EmbeddedJson {
                    problem: EmbeddedProblem::Syntax {
                        syntax: error.problem.clone(),
                    },
                },
            )
            .with_doc(info.doc);
            inner.report(violation, Some(at));
            Presence::UNKNOWN
        }
        Ok(document) if document.as_object().is_some() && info.lone_object.is_some() => {
            if let Some(rule) = info.lone_object {
                let violation =
                    Violation::new(rule, ViolationKind::ObjectInsteadOfArray).with_doc(info.doc);
                inner.report(violation, Some(document.span()));
            }
            T::check_lone_item_present(document, inner, info)
        }
        Ok(document) if document.as_array().is_none() => {
            let violation = Violation::new(
                inner.structure().embedded_json,
                ViolationKind::EmbeddedJson {
                    problem: EmbeddedProblem::NotAnArray {
                        found: document.json_type(),
                    },
                },
            )
            .with_doc(info.doc);
            inner.report(violation, Some(document.span()));
            Presence::UNKNOWN
        }
        Ok(document) => T::check_node_present(document, inner, info),
    })
}

/// The rule an embedded document that does not parse breaks: `nesting-limit` when it nests
/// too deep (the depth bound covers embedded documents too), `embedded-json` otherwise (the
/// scope's rules of structure).
fn syntax_rule(scope: &Scope<'_>, problem: &SyntaxProblem) -> Rule {
    match problem {
        SyntaxProblem::TooDeep { .. } => scope.structure().nesting_limit,
        _ => scope.structure().embedded_json,
    }
}

/// Typed path, for a string field whose content is documented as a `T` but did not deserialize
/// into one (`error`): reports why, as the located path would, without positions.
///
/// The typed value holds such a field only as text (`#[contract(json_string = "..")]` on a
/// `String`), so the fast path parses it with serde and validates the result; this is the slow
/// path for the content serde rejects. Broken JSON and a document that is not an array are
/// `embedded-json`; single quotes are `single-quoted-json`; a document of the wrong shape gets
/// the located checks of `T`, reported at pointers below `scope`, so both paths agree on the
/// verdict. Content nested deeper than the parser follows is `nesting-limit`, as on the located
/// path. Content serde rejects for a reason those checks do not see is `embedded-json`
/// with serde's message.
pub fn check_unparsed<T: Shape>(
    text: &str,
    error: &serde_json::Error,
    scope: &mut Scope<'_>,
    info: &FieldInfo,
) {
    let arena = crate::json::Arena::new();
    let embedded = crate::json::parse_embedded(text, &arena);
    let problem = match &embedded.document {
        Err(syntax) => Some((
            syntax_rule(scope, &syntax.problem),
            EmbeddedProblem::Syntax {
                syntax: syntax.problem.clone(),
            },
        )),
        Ok(document) if document.as_array().is_none() => Some((
            scope.structure().embedded_json,
            EmbeddedProblem::NotAnArray {
                found: document.json_type(),
            },
        )),
        Ok(_) => None,
    };
    if let Some((rule, problem)) = problem {
        let kind = ViolationKind::EmbeddedJson { problem };
        scope.report(Violation::new(rule, kind).with_doc(info.doc), None);
        return;
    }
    let Ok(document) = &embedded.document else {
        return;
    };
    let mut reported = false;
    if embedded.quoting == Quoting::SingleQuotes {
        let violation = Violation::new(
            scope.structure().single_quoted_json,
            ViolationKind::SingleQuotedJson,
        )
        .with_doc(info.doc);
        scope.report(violation, None);
        reported = true;
    }
    let mut inner = crate::scope::Collector::new();
    T::check_node(
        document,
        &mut inner.root().with_structure(scope.structure()),
        info,
    );
    for violation in inner.into_violations() {
        let relative = violation.pointer.clone();
        report_below(scope, &relative, violation);
        reported = true;
    }
    if !reported {
        let kind = ViolationKind::Custom {
            message: format!("the string does not hold the documented document: {error}"),
        };
        scope.report(
            Violation::new(scope.structure().embedded_json, kind).with_doc(info.doc),
            None,
        );
    }
}

/// Reports `violation` at `pointer` (RFC 6901, relative to `scope`), without a position.
fn report_below(scope: &mut Scope<'_>, pointer: &str, violation: Violation) {
    let Some(rest) = pointer.strip_prefix('/') else {
        scope.report(violation, None);
        return;
    };
    let (segment, tail) = match rest.find('/') {
        Some(end) => (&rest[..end], &rest[end..]),
        None => (rest, ""),
    };
    let segment = segment.replace("~1", "/").replace("~0", "~");
    report_below(&mut scope.field(&segment), tail, violation);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{Contract, Fields};
    use crate::scope::Collector;

    /// Items of a document: `{"n": <integer>}` with `n` mandatory.
    #[derive(Debug, serde::Deserialize)]
    struct Item {
        n: i64,
    }

    impl Fields for Item {
        fn get(&self, name: &str) -> FieldRef<'_> {
            match name {
                "n" => FieldRef::Int(self.n),
                _ => FieldRef::Absent,
            }
        }
    }

    impl Shape for Item {
        const EXPECTED: &'static str = "object";
        fn field_ref(&self) -> FieldRef<'_> {
            FieldRef::Object(self)
        }
        fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
            if node.as_object().is_some() {
                Self::check_object(node, scope);
            } else {
                report_type_mismatch(Self::EXPECTED, node, scope, info);
            }
        }
    }

    impl Contract for Item {
        const DOC: Option<crate::rule::DocRef> = None;
        fn check_fields<F: Fields>(fields: &F, scope: &mut Scope<'_>) {
            if !fields.get("n").is_present() {
                let kind = ViolationKind::Missing {
                    field: "n",
                    when: None,
                };
                scope.report_field(
                    "n",
                    Violation::new(crate::registry::REQUIRED_FIELD, kind),
                    fields.span_of("n").or(fields.own_span()),
                );
            }
        }
        fn validate_in(&self, scope: &mut Scope<'_>) {
            Self::check_fields(self, scope);
        }
        fn check_object(node: &Node<'_>, scope: &mut Scope<'_>) -> Presence {
            if let Some(member) = node.member("n") {
                i64::check_node(&member.value, &mut scope.field("n"), &INFO);
            }
            Self::check_fields(node, scope);
            Presence::UNKNOWN
        }
    }

    const INFO: FieldInfo = FieldInfo {
        doc: None,
        personal: false,
        lone_object: None,
    };

    /// (rule, pointer, span) of what `check_unparsed` reports for `text` at `/field`.
    fn unparsed(text: &str) -> Vec<(&'static str, String, bool)> {
        let error = match serde_json::from_str::<Vec<Item>>(text) {
            Ok(parsed) => panic!("`{text}` deserialized into {parsed:?}"),
            Err(error) => error,
        };
        let mut collector = Collector::new();
        check_unparsed::<Vec<Item>>(text, &error, &mut collector.root().field("field"), &INFO);
        collector
            .into_violations()
            .into_iter()
            .map(|violation| (violation.rule, violation.pointer, violation.span.is_some()))
            .collect()
    }

    /// (rule, pointer, source text from the violation's span start) of what the located path
    /// reports for a payload `{"field": <string>}`.
    fn located(source: &str) -> Vec<(&'static str, String, String)> {
        let arena = crate::json::Arena::new();
        let root = crate::json::parse(source.as_bytes(), &arena).expect("test payload parses");
        let member = root.member("field").expect("field");
        let mut collector = Collector::new();
        {
            let mut scope = collector.root();
            <JsonString<Vec<Item>> as Shape>::check_node(
                &member.value,
                &mut scope.field("field"),
                &INFO,
            );
        }
        collector
            .into_violations()
            .into_iter()
            .map(|violation| {
                let start = violation.span.expect("located violations have spans").start;
                (
                    violation.rule,
                    violation.pointer,
                    source[start..].to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn an_embedded_document_nested_too_deep_breaks_the_nesting_limit() {
        let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
        let source = format!(r#"{{"field": "{deep}"}}"#);
        let found = located(&source);
        assert_eq!(found.len(), 1, "{found:?}");
        let (rule, pointer, at) = &found[0];
        assert_eq!((*rule, pointer.as_str()), ("nesting-limit", "/field"));
        assert!(at.starts_with("[]"), "points at the 129th bracket: {at}");
        // Other syntax problems stay `embedded-json`.
        let found = located(r#"{"field": "[{\"n\": 1"}"#);
        assert_eq!(
            found.iter().map(|(rule, ..)| *rule).collect::<Vec<_>>(),
            ["embedded-json"]
        );
    }

    #[test]
    fn explains_content_serde_rejects_like_the_located_path() {
        let at = |rule: &'static str, pointer: &str| (rule, pointer.to_owned(), false);
        assert_eq!(
            unparsed("[{\"n\": 1"),
            [at("embedded-json", "/field")],
            "syntax"
        );
        assert_eq!(
            unparsed("{\"n\": 1}"),
            [at("embedded-json", "/field")],
            "not an array"
        );
        assert_eq!(
            unparsed("[{\"n\": 1}, {\"m\": 2}, {\"n\": \"x\"}]"),
            [
                at("required-field", "/field/1/n"),
                at("type-mismatch", "/field/2/n"),
            ],
            "wrong shape"
        );
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(unparsed(&deep), [at("nesting-limit", "/field")], "too deep");
        assert_eq!(
            unparsed("[{'n': 1}]"),
            [at("single-quoted-json", "/field")],
            "single quotes"
        );
        assert_eq!(
            unparsed("[{\"n\": 1, \"n\": 2}, {\"n\": 1.5e400}]"),
            [at("integer-format", "/field/1/n")],
            "located checks of the item"
        );
        // serde rejects the duplicate; this hand-written Item's located checks do not see it.
        let error = serde_json::from_str::<Vec<Item>>("[{\"n\": 1, \"n\": 2}]")
            .expect_err("serde rejects duplicate fields");
        let mut collector = Collector::new();
        check_unparsed::<Vec<Item>>(
            "[{\"n\": 1, \"n\": 2}]",
            &error,
            &mut collector.root(),
            &INFO,
        );
        let violations = collector.into_violations();
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].rule, "embedded-json");
        assert!(
            violations[0].message().contains("duplicate field `n`"),
            "{}",
            violations[0].message()
        );
    }

    #[cfg(feature = "schemars")]
    #[test]
    fn the_schema_takes_the_string_and_tolerates_the_array() {
        #[derive(schemars::JsonSchema)]
        struct Item {
            #[allow(dead_code)]
            code: i64,
        }

        let schema = schemars::generate::SchemaSettings::draft2020_12()
            .into_generator()
            .into_root_schema_for::<JsonString<Vec<Item>>>();
        let items = serde_json::json!({"type": "array", "items": {"$ref": "#/$defs/Item"}});
        assert_eq!(
            schema.get("anyOf"),
            Some(&serde_json::json!([
                {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": items,
                    "x-rules": ["embedded-json"],
                },
                {
                    "type": "array",
                    "items": {"$ref": "#/$defs/Item"},
                    "x-warnings": [{"rule": "array-instead-of-string"}],
                },
            ]))
        );
        assert!(schema.pointer("/$defs/Item").is_some());
    }
}
