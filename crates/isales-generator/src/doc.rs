//! [`Doc`]: JSON as mutation operators need to write it.
//!
//! `serde_json::Value` cannot hold what several operators must produce: a key twice in one
//! object, a number written `2.0` or `1e400`, an embedded document in single quotes, or text
//! that is not JSON at all. A `Doc` can, and [`Doc::to_text`] writes it exactly.
//!
//! Documents embedded in strings (the spec's `embedded` rows: `resultRetry`, `policy`, ...)
//! are kept parsed, as [`Doc::Embedded`], and written back into their string on output, so an
//! operator can change a member deep inside `policyJson/0/policy/1` as easily as one at the
//! top. JSON pointers ([`Doc::pointer_mut`], [`Doc::objects`]) run through embedded documents
//! without a segment of their own, the way the validator reports them.

use isales_spec::{Field, Spec, Table, TableNo};
use serde_json::Value;

/// How the strings of a document are quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// JSON: double quotes.
    Double,
    /// The pseudo-JSON of sibling pages: single quotes.
    Single,
}

/// A JSON document that may break JSON's rules where an operator wants it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written (`2`, `2.0`, `1e400`).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Doc>),
    /// An object; keys may repeat.
    Object(Object),
    /// A string whose content is a document of its own.
    Embedded(Embedded),
    /// Text written as it is (broken JSON).
    Raw(String),
}

/// An object: its members in order, and the table documenting it, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// The spec table the object is described by.
    pub table: Option<TableNo>,
    /// Members in order, duplicates allowed.
    pub members: Vec<Member>,
}

/// One member of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The key.
    pub key: String,
    /// The value.
    pub value: Doc,
}

/// A document held in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedded {
    /// The document.
    pub document: Box<Doc>,
    /// How its strings are quoted.
    pub quoting: Quoting,
}

impl Object {
    /// The first member with this key.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Doc> {
        self.members
            .iter()
            .find(|member| member.key == key)
            .map(|member| &member.value)
    }

    /// The first member with this key, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Doc> {
        self.members
            .iter_mut()
            .find(|member| member.key == key)
            .map(|member| &mut member.value)
    }

    /// Whether a member with this key is there and not `null`.
    #[must_use]
    pub fn is_present(&self, key: &str) -> bool {
        self.get(key).is_some_and(|value| *value != Doc::Null)
    }

    /// Sets the first member with this key, or appends one.
    pub fn set(&mut self, key: &str, value: Doc) {
        match self.get_mut(key) {
            Some(slot) => *slot = value,
            None => self.members.push(Member {
                key: key.to_owned(),
                value,
            }),
        }
    }

    /// Removes every member with this key; returns whether there was one.
    pub fn remove(&mut self, key: &str) -> bool {
        let before = self.members.len();
        self.members.retain(|member| member.key != key);
        self.members.len() != before
    }
}

impl Doc {
    /// Reads a value whose shape `table` documents (`None`: undocumented), recognising the
    /// strings the spec marks as embedded documents. A string that should hold a document but
    /// does not parse stays a string.
    #[must_use]
    pub fn from_value(spec: &Spec, table: Option<&Table>, value: &Value) -> Doc {
        match value {
            Value::Null => Doc::Null,
            Value::Bool(value) => Doc::Bool(*value),
            Value::Number(number) => Doc::Number(number.to_string()),
            Value::String(text) => Doc::String(text.clone()),
            Value::Array(items) => Doc::Array(
                items
                    .iter()
                    .map(|item| Doc::from_value(spec, table, item))
                    .collect(),
            ),
            Value::Object(members) => Doc::Object(Object {
                table: table.map(|table| table.number),
                members: members
                    .iter()
                    .map(|(key, value)| Member {
                        key: key.clone(),
                        value: member_value(spec, table.and_then(|table| table.field(key)), value),
                    })
                    .collect(),
            }),
        }
    }

    /// Writes the document compactly, escaping only what JSON requires.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut Writer::plain(&mut out), Quoting::Double);
        out
    }

    /// Writes the document in a [`Style`]: the same JSON value, spelled differently.
    #[must_use]
    pub fn to_text_styled(&self, style: Style) -> String {
        let mut out = String::new();
        let mut writer = Writer {
            out: &mut out,
            style: Some((style, style.seed | 1)),
        };
        writer.space();
        self.write(&mut writer, Quoting::Double);
        writer.space();
        out
    }

    fn write(&self, writer: &mut Writer<'_>, quoting: Quoting) {
        match self {
            Doc::Null => writer.out.push_str("null"),
            Doc::Bool(value) => writer.out.push_str(if *value { "true" } else { "false" }),
            Doc::Number(raw) | Doc::Raw(raw) => writer.out.push_str(raw),
            Doc::String(text) => writer.string(text, quoting),
            Doc::Array(items) => {
                writer.out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        writer.out.push(',');
                    }
                    writer.space();
                    item.write(writer, quoting);
                    writer.space();
                }
                writer.out.push(']');
            }
            Doc::Object(object) => {
                writer.out.push('{');
                for (index, member) in object.members.iter().enumerate() {
                    if index > 0 {
                        writer.out.push(',');
                    }
                    writer.space();
                    writer.string(&member.key, quoting);
                    writer.space();
                    writer.out.push(':');
                    writer.space();
                    member.value.write(writer, quoting);
                    writer.space();
                }
                writer.out.push('}');
            }
            Doc::Embedded(embedded) => {
                let mut inner = String::new();
                let mut inner_writer = Writer {
                    out: &mut inner,
                    style: writer.style,
                };
                embedded.document.write(&mut inner_writer, embedded.quoting);
                let style = inner_writer.style;
                writer.style = style;
                writer.string(&inner, quoting);
            }
        }
    }

    /// The value at a JSON pointer (`""` is the whole document), stepping into embedded
    /// documents where the pointer goes on below them.
    pub fn pointer_mut(&mut self, pointer: &str) -> Option<&mut Doc> {
        let mut current = self;
        if pointer.is_empty() {
            return Some(current);
        }
        for segment in pointer.strip_prefix('/')?.split('/') {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            if let Doc::Embedded(embedded) = current {
                current = &mut embedded.document;
            }
            current = match current {
                Doc::Object(object) => object.get_mut(&segment)?,
                Doc::Array(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// The object at a JSON pointer.
    pub fn object_mut(&mut self, pointer: &str) -> Option<&mut Object> {
        match self.pointer_mut(pointer)? {
            Doc::Object(object) => Some(object),
            Doc::Embedded(embedded) => match embedded.document.as_mut() {
                Doc::Object(object) => Some(object),
                _ => None,
            },
            _ => None,
        }
    }

    /// Every object of the document with its pointer, in document order (parents first),
    /// inside embedded documents too.
    #[must_use]
    pub fn objects(&self) -> Vec<(String, &Object)> {
        let mut found = Vec::new();
        self.collect_objects(&mut String::new(), &mut found);
        found
    }

    fn collect_objects<'d>(&'d self, pointer: &mut String, found: &mut Vec<(String, &'d Object)>) {
        match self {
            Doc::Object(object) => {
                found.push((pointer.clone(), object));
                for member in &object.members {
                    let restore = pointer.len();
                    push_segment(pointer, &member.key);
                    member.value.collect_objects(pointer, found);
                    pointer.truncate(restore);
                }
            }
            Doc::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let restore = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                    item.collect_objects(pointer, found);
                    pointer.truncate(restore);
                }
            }
            Doc::Embedded(embedded) => embedded.document.collect_objects(pointer, found),
            _ => {}
        }
    }

    /// The items of an array, or of the array an embedded document holds.
    #[must_use]
    pub fn items(&self) -> Option<&[Doc]> {
        match self {
            Doc::Array(items) => Some(items),
            Doc::Embedded(embedded) => embedded.document.items(),
            _ => None,
        }
    }

    /// The integer, when the number is written as a plain 64-bit integer that typed clients
    /// read as one (not `-0`, which serde_json reads as the float -0.0).
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Doc::Number(raw) => integer(raw),
            _ => None,
        }
    }

    /// The text of a plain string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Doc::String(text) => Some(text),
            _ => None,
        }
    }

    /// Whether the document, written, contains a quoted string or key.
    #[must_use]
    pub fn has_quotes(&self) -> bool {
        match self {
            Doc::String(_) | Doc::Embedded(_) => true,
            Doc::Array(items) => items.iter().any(Doc::has_quotes),
            Doc::Object(object) => !object.members.is_empty(),
            Doc::Null | Doc::Bool(_) | Doc::Number(_) | Doc::Raw(_) => false,
        }
    }
}

/// A number's text as a 64-bit integer, as the validator reads integers.
pub(crate) fn integer(raw: &str) -> Option<i64> {
    if raw == "-0" {
        return None;
    }
    raw.parse().ok()
}

fn member_value(spec: &Spec, field: Option<&Field>, value: &Value) -> Doc {
    let Some(field) = field else {
        return Doc::from_value(spec, None, value);
    };
    let target = field.target_table().and_then(|number| spec.table(number));
    match (field.embedded, value) {
        (Some(_), Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(document) => Doc::Embedded(Embedded {
                document: Box::new(Doc::from_value(spec, target, &document)),
                quoting: Quoting::Double,
            }),
            Err(_) => Doc::String(text.clone()),
        },
        _ => Doc::from_value(spec, target, value),
    }
}

/// Appends `/segment` to a JSON pointer, escaped as RFC 6901 says.
pub fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
}

/// `pointer` + `/segment`.
#[must_use]
pub fn child_pointer(pointer: &str, segment: &str) -> String {
    let mut child = pointer.to_owned();
    push_segment(&mut child, segment);
    child
}

/// How to spell a document: where to put insignificant whitespace, and which characters of
/// strings and keys to escape although JSON does not require it (`\u0041`, `\/`, surrogate
/// pairs). Every style of a document is the same JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Seeds the choices.
    pub seed: u64,
    /// Percent of the places between tokens that get whitespace.
    pub spaces: u8,
    /// Percent of the characters of strings that are escaped.
    pub escapes: u8,
}

struct Writer<'o> {
    out: &'o mut String,
    /// The style and the state of its choices.
    style: Option<(Style, u64)>,
}

impl Writer<'_> {
    fn plain(out: &mut String) -> Writer<'_> {
        Writer { out, style: None }
    }

    /// Whether to take a choice made `percent` percent of the time (xorshift64).
    fn roll(&mut self, percent: fn(&Style) -> u8) -> Option<u64> {
        let (style, state) = self.style.as_mut()?;
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        (*state % 100 < u64::from(percent(style))).then_some(*state >> 8)
    }

    fn space(&mut self) {
        if let Some(choice) = self.roll(|style| style.spaces) {
            self.out
                .push_str([" ", "\n", "\t", "\r\n", "  "][(choice % 5) as usize]);
        }
    }

    fn string(&mut self, text: &str, quoting: Quoting) {
        let quote = match quoting {
            Quoting::Double => '"',
            Quoting::Single => '\'',
        };
        self.out.push(quote);
        if self.style.is_none() {
            // Plain writing copies the runs between the characters JSON requires escaped.
            let mut rest = text;
            while let Some(at) = rest.find(|ch: char| ch == quote || ch == '\\' || ch < ' ') {
                self.out.push_str(&rest[..at]);
                let ch = rest[at..].chars().next().unwrap_or(quote);
                self.escape(ch, quote);
                rest = &rest[at + ch.len_utf8()..];
            }
            self.out.push_str(rest);
            self.out.push(quote);
            return;
        }
        for ch in text.chars() {
            match ch {
                ch if ch == quote || ch == '\\' || ch < ' ' => self.escape(ch, quote),
                '/' if self.roll(|style| style.escapes).is_some() => self.out.push_str("\\/"),
                ch if self.roll(|style| style.escapes).is_some() => self.unicode_escape(ch),
                ch => self.out.push(ch),
            }
        }
        self.out.push(quote);
    }

    /// A character JSON (or the quote) requires escaped, escaped as the styled path does.
    fn escape(&mut self, ch: char, quote: char) {
        match ch {
            '\\' => self.out.push_str("\\\\"),
            '\n' => self.out.push_str("\\n"),
            '\r' => self.out.push_str("\\r"),
            '\t' => self.out.push_str("\\t"),
            ch if ch == quote => {
                self.out.push('\\');
                self.out.push(ch);
            }
            ch => self.unicode_escape(ch),
        }
    }

    fn unicode_escape(&mut self, ch: char) {
        let mut units = [0_u16; 2];
        for unit in ch.encode_utf16(&mut units) {
            self.out.push_str(&format!("\\u{unit:04x}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        isales_spec::load_embedded().expect("the embedded spec loads")
    }

    #[test]
    fn writes_what_serde_json_reads_back() {
        let value = serde_json::json!({
            "a": [1, -2, "x\"y\\z\n\u{1}é😀", null, true, {"b": {}}],
            "c": "it's",
        });
        let text = Doc::from_value(&spec(), None, &value).to_text();
        let back: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn every_style_writes_the_same_value() {
        let spec = spec();
        let value = serde_json::json!({
            "a/b": [1, -2, "x\"y\\z\n\u{1}é😀/", null, true, {"b": {}}],
            "turns": r#"[{"turnType": "it's \"x\" 😀/"}]"#,
        });
        let doc = Doc::from_value(&spec, spec.table(TableNo(16)), &value);
        for seed in 0..32 {
            let style = Style {
                seed,
                spaces: 50,
                escapes: 50,
            };
            let text = doc.to_text_styled(style);
            let back: Value = serde_json::from_str(&text).expect("JSON");
            // The embedded document is re-spelled too: compare documents, not texts.
            let reread = Doc::from_value(&spec, spec.table(TableNo(16)), &back);
            assert_eq!(reread, doc, "{text}");
            assert_ne!(text, doc.to_text());
        }
    }

    #[test]
    fn keeps_duplicate_keys_and_raw_numbers() {
        let doc = Doc::Object(Object {
            table: None,
            members: vec![
                Member {
                    key: "a".into(),
                    value: Doc::Number("2.0".into()),
                },
                Member {
                    key: "a".into(),
                    value: Doc::Number("1e400".into()),
                },
            ],
        });
        assert_eq!(doc.to_text(), r#"{"a":2.0,"a":1e400}"#);
    }

    #[test]
    fn embedded_documents_are_parsed_and_written_back_into_their_string() {
        let spec = spec();
        let value = serde_json::json!({
            "policyType": 1,
            "policyJson": r#"[{"type": 0, "policy": "[{\"retryDay\": 2, \"retryTimes\": 1}]"}]"#,
        });
        let retry_policy = spec.table(TableNo(14)).expect("Table 14");
        let mut doc = Doc::from_value(&spec, Some(retry_policy), &value);
        let pointers: Vec<String> = doc.objects().into_iter().map(|(p, _)| p).collect();
        assert_eq!(pointers, ["", "/policyJson/0", "/policyJson/0/policy/0"]);
        let tables: Vec<Option<TableNo>> = doc.objects().iter().map(|(_, o)| o.table).collect();
        assert_eq!(
            tables,
            [Some(TableNo(14)), Some(TableNo(19)), Some(TableNo(20))]
        );
        let setting = doc
            .object_mut("/policyJson/0/policy/0")
            .expect("the policy item");
        setting.set("retryDay", Doc::Number("3".into()));
        let written: Value = serde_json::from_str(&doc.to_text()).expect("JSON");
        let items: Value =
            serde_json::from_str(written["policyJson"].as_str().expect("a string")).expect("JSON");
        let policy: Value =
            serde_json::from_str(items[0]["policy"].as_str().expect("a string")).expect("JSON");
        assert_eq!(
            policy,
            serde_json::json!([{"retryDay": 3, "retryTimes": 1}])
        );
    }

    #[test]
    fn single_quoted_documents_escape_only_single_quotes() {
        let spec = spec();
        let value = serde_json::json!({"turns": r#"[{"turnType": "it's \"x\""}]"#});
        let mut doc = Doc::from_value(&spec, spec.table(TableNo(16)), &value);
        let Some(Doc::Embedded(turns)) = doc.pointer_mut("/turns") else {
            panic!("turns is embedded");
        };
        turns.quoting = Quoting::Single;
        let written: Value = serde_json::from_str(&doc.to_text()).expect("JSON");
        assert_eq!(written["turns"], r#"[{'turnType':'it\'s "x"'}]"#);
    }

    #[test]
    fn pointers_escape_and_unescape_segments() {
        let value = serde_json::json!({"a/b": {"c~d": [0, {"e": 1}]}});
        let mut doc = Doc::from_value(&spec(), None, &value);
        let pointers: Vec<String> = doc.objects().into_iter().map(|(p, _)| p).collect();
        assert_eq!(pointers, ["", "/a~1b", "/a~1b/c~0d/1"]);
        assert_eq!(
            doc.pointer_mut("/a~1b/c~0d/1/e").and_then(|d| d.as_i64()),
            Some(1)
        );
        assert_eq!(doc.pointer_mut("/a~1b/c~0d/2"), None);
    }
}
