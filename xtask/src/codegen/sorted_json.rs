//! Deterministic JSON text for generated files.
//!
//! `serde_json`'s own printer keeps the map's order, and that order depends on a feature flag
//! (`preserve_order`) that any crate in the build can switch on through feature unification. The
//! writer here sorts object keys by their bytes at every level whatever the map type does, so a
//! generated file only changes when its content does.
//!
//! Layout: two-space indentation, one key per line, and a trailing newline. An array of scalars
//! (`"type": ["integer", "null"]`) and an object of scalars (`"not": {"type": "null"}`) stay
//! on one line when that line fits in [`WIDTH`] columns; everything else is one member per
//! line, so a changed value in a larger structure shows as one changed line in a diff.

use serde_json::{Map, Value};

/// The widest line an inline array may produce.
const WIDTH: usize = 100;

/// `value` as pretty JSON text with sorted keys and a trailing newline.
pub(crate) fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0, 0);
    out.push('\n');
    out
}

/// Writes `value` whose first character lands at `column` on a line indented `depth` levels.
fn write_value(out: &mut String, value: &Value, depth: usize, column: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            if let Some(inline) = inline_object(map)
                && column + inline.chars().count() < WIDTH
            {
                out.push_str(&inline);
                return;
            }
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable();
            out.push('{');
            for (index, key) in keys.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push('\n');
                indent(out, depth + 1);
                let start = out.len();
                write_string(out, key);
                out.push_str(": ");
                let key_width = out[start..].chars().count();
                if let Some(item) = map.get(key.as_str()) {
                    write_value(out, item, depth + 1, (depth + 1) * 2 + key_width);
                }
            }
            out.push('\n');
            indent(out, depth);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            // `<` rather than `<=`: the `,` that may follow needs a column too.
            if let Some(inline) = inline_array(items)
                && column + inline.chars().count() < WIDTH
            {
                out.push_str(&inline);
                return;
            }
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push('\n');
                indent(out, depth + 1);
                write_value(out, item, depth + 1, (depth + 1) * 2);
            }
            out.push('\n');
            indent(out, depth);
            out.push(']');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        scalar => write_scalar(out, scalar),
    }
}

/// `{"a": 1, "b": [2]}` when every member is a scalar or an array of scalars.
fn inline_object(map: &Map<String, Value>) -> Option<String> {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_unstable();
    let mut text = String::from("{");
    for (index, key) in keys.iter().enumerate() {
        let member = match map.get(key.as_str())? {
            Value::Object(_) => return None,
            Value::Array(items) => inline_array(items)?,
            scalar => {
                let mut member = String::new();
                write_scalar(&mut member, scalar);
                member
            }
        };
        if index > 0 {
            text.push_str(", ");
        }
        write_string(&mut text, key);
        text.push_str(": ");
        text.push_str(&member);
    }
    text.push('}');
    Some(text)
}

/// `[a, b]` when every item is a scalar.
fn inline_array(items: &[Value]) -> Option<String> {
    let mut text = String::from("[");
    for (index, item) in items.iter().enumerate() {
        if matches!(item, Value::Object(_) | Value::Array(_)) {
            return None;
        }
        if index > 0 {
            text.push_str(", ");
        }
        write_scalar(&mut text, item);
    }
    text.push(']');
    Some(text)
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::String(text) => write_string(out, text),
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped, everything
/// else (non-ASCII included) written as is.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            control if u32::from(control) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", u32::from(control)));
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_at_every_level_and_ends_with_a_newline() {
        let value = json!({"b": {"y": 1, "x": [true, null], "w": {"v": 2}}, "a": "q\"\\\n\u{1}é", "$c": {}});
        let expected = "{\n  \"$c\": {},\n  \"a\": \"q\\\"\\\\\\n\\u0001é\",\n  \"b\": {\n    \"w\": {\"v\": 2},\n    \"x\": [true, null],\n    \"y\": 1\n  }\n}\n";
        assert_eq!(to_string(&value), expected);
    }

    #[test]
    fn inlines_flat_values_that_fit_and_breaks_the_rest() {
        let long: Vec<String> = (0..30).map(|n| format!("item{n}")).collect();
        let value = json!({
            "flat": [{"k": 1, "a": [true]}],
            "deep": {"k": {"z": 1}},
            "long": long,
            "empty": [],
        });
        let text = to_string(&value);
        assert!(text.contains("\"empty\": [],\n"), "{text}");
        assert!(
            text.contains("\"flat\": [\n    {\"a\": [true], \"k\": 1}\n  ]"),
            "{text}"
        );
        assert!(
            text.contains("\"deep\": {\n    \"k\": {\"z\": 1}\n  }"),
            "{text}"
        );
        assert!(text.contains("\"long\": [\n    \"item0\",\n"), "{text}");
        assert!(
            text.lines().all(|line| line.chars().count() <= WIDTH),
            "{text}"
        );
    }

    #[test]
    fn parses_back_to_the_same_value() {
        let value = json!({"z": [1, {"b": [], "a": [1.5, -2, "x"]}], "a": null});
        let parsed: Value = serde_json::from_str(&to_string(&value)).expect("valid JSON");
        assert_eq!(parsed, value);
    }
}
