//! Embedded documents read where they stand against the same documents decoded and parsed on
//! their own, on generated documents written with every escape form JSON has, embedded one and
//! two string literals deep, broken on purpose or not.
//!
//! The comparison is the `json` fuzz target's ([`isales_fuzz::json`]): the same tree or the
//! same error, every span and error offset of the in-place reading equal to the decoded
//! reading's offsets mapped back through the escapes. `PROPTEST_CASES` raises the number of
//! cases.

use proptest::prelude::*;

/// A JSON value to write.
#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    Number(String),
    Text(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Characters strings are made of: the ones every escape form exists for, a single quote,
/// characters of two, three and four bytes, and plain letters.
fn text() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('/'),
        Just('\''),
        Just('\n'),
        Just('\t'),
        Just('\u{8}'),
        Just('\u{c}'),
        Just('\r'),
        Just('\u{1}'),
        Just('é'),
        Just('€'),
        Just('😀'),
        Just(' '),
        proptest::char::range('a', 'z'),
    ];
    proptest::collection::vec(ch, 0..6).prop_map(|chars| chars.into_iter().collect())
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_owned()),
        Just("-0".to_owned()),
        Just("2.50".to_owned()),
        Just("1e400".to_owned()),
        Just("-12E-3".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
    ]
}

fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number().prop_map(Json::Number),
        text().prop_map(Json::Text),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            proptest::collection::vec((text(), inner), 0..4).prop_map(Json::Object),
        ]
    })
}

/// Writes JSON text, each choice (how a character is escaped, which whitespace goes between
/// tokens, which quote a string takes) read from `dice` in turn.
struct Writer<'d> {
    dice: &'d [u8],
    next: usize,
    /// Whether strings may take single quotes (pseudo-JSON, read leniently).
    single_quotes: bool,
    out: String,
}

impl Writer<'_> {
    fn roll(&mut self, sides: u8) -> u8 {
        let value = self
            .dice
            .get(self.next % self.dice.len().max(1))
            .copied()
            .unwrap_or(0);
        self.next += 1;
        value % sides
    }

    fn space(&mut self) {
        match self.roll(6) {
            0 => self.out.push(' '),
            1 => self.out.push_str("\n  "),
            2 => self.out.push('\t'),
            3 => self.out.push_str("\r\n"),
            _ => {}
        }
    }

    fn value(&mut self, value: &Json) {
        self.space();
        match value {
            Json::Null => self.out.push_str("null"),
            Json::Bool(value) => self.out.push_str(if *value { "true" } else { "false" }),
            Json::Number(raw) => self.out.push_str(raw),
            Json::Text(text) => self.string(text),
            Json::Array(items) => {
                self.out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.value(item);
                }
                self.space();
                self.out.push(']');
            }
            Json::Object(members) => {
                self.out.push('{');
                for (index, (key, item)) in members.iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.space();
                    self.string(key);
                    self.space();
                    self.out.push(':');
                    self.value(item);
                }
                self.space();
                self.out.push('}');
            }
        }
        self.space();
    }

    /// A string literal of `text`, every character written one of the ways JSON allows.
    fn string(&mut self, text: &str) {
        let quote = if self.single_quotes && self.roll(4) == 0 {
            '\''
        } else {
            '"'
        };
        self.out.push(quote);
        for ch in text.chars() {
            self.character(ch, quote);
        }
        self.out.push(quote);
    }

    fn character(&mut self, ch: char, quote: char) {
        let short = match ch {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '/' => Some("\\/"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\'' if quote == '\'' => Some("\\'"),
            _ => None,
        };
        let must_escape = ch == quote || ch == '\\' || u32::from(ch) < 0x20;
        match self.roll(4) {
            // As itself, where a literal may hold it.
            0..=1 if !must_escape => self.out.push(ch),
            // The short escape, where there is one.
            0..=2 if short.is_some() => self.out.push_str(short.unwrap_or_default()),
            // `\u`, in lower or upper case hexadecimal, a surrogate pair beyond the BMP.
            _ => {
                let upper = self.roll(2) == 0;
                let mut units = [0; 2];
                for unit in ch.encode_utf16(&mut units) {
                    if upper {
                        self.out.push_str(&format!("\\u{unit:04X}"));
                    } else {
                        self.out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
        }
    }
}

fn write(value: &Json, dice: &[u8], single_quotes: bool) -> String {
    let mut writer = Writer {
        dice,
        next: 0,
        single_quotes,
        out: String::new(),
    };
    writer.value(value);
    writer.out
}

/// Breaks a text the ways documents in strings break: an escape JSON does not have, half a
/// surrogate pair, a stray quote or backslash, a character cut out.
fn break_text(text: &str, dice: &[u8]) -> String {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let mut out = text.to_owned();
    for pair in dice.chunks(2).take(2) {
        let (&which, &what) = (pair.first().unwrap_or(&0), pair.get(1).unwrap_or(&0));
        let Some(&at) = boundaries.get(usize::from(which) % boundaries.len()) else {
            continue;
        };
        if at > out.len() || !out.is_char_boundary(at) {
            continue;
        }
        let insert = [
            "\\",
            "\"",
            "'",
            "\\x",
            "\\u12",
            "\\ud800",
            "\\udc00",
            "\\ud83d\\u0041",
            "\u{1}",
            "]",
        ];
        if let Some(piece) = insert.get(usize::from(what) % (insert.len() + 1)) {
            out.insert_str(at, piece);
        } else if let Some(ch) = out.get(at..).and_then(|rest| rest.chars().next()) {
            out.replace_range(at..at + ch.len_utf8(), "");
        }
    }
    out
}

/// A document holding `inner`'s text in a string, written with the writer's escapes.
fn holding(inner: &str, dice: &[u8], single_quotes: bool) -> String {
    write(
        &Json::Array(vec![Json::Object(vec![
            ("type".to_owned(), Json::Number("0".to_owned())),
            ("policy".to_owned(), Json::Text(inner.to_owned())),
        ])]),
        dice,
        single_quotes,
    )
}

/// 256 cases, unless `PROPTEST_CASES` says otherwise.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn documents_read_in_place_are_the_decoded_ones(
        value in json(),
        dice in proptest::collection::vec(any::<u8>(), 1..64),
        breaks in proptest::collection::vec(any::<u8>(), 0..4),
        single_quotes in any::<bool>(),
        two_deep in any::<bool>(),
    ) {
        // The innermost document, perhaps pseudo-JSON, perhaps broken.
        let mut document = write(&value, &dice, single_quotes);
        if !breaks.is_empty() {
            document = break_text(&document, &breaks);
        }
        // One or two literals deep, in a payload that is otherwise plain JSON.
        if two_deep {
            document = holding(&document, &dice[dice.len() / 2..], single_quotes);
        }
        let payload = write(
            &Json::Object(vec![("policyJson".to_owned(), Json::Text(document))]),
            &dice[..dice.len() / 3 + 1],
            false,
        );
        isales_fuzz::json(payload.as_bytes());
    }
}
