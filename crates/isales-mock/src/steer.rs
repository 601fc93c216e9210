//! Steering: what one request asks the mock to serve, read from its `Prefer` headers and its
//! query string, with every unknown key or value collected into one answer that lists the
//! valid ones.
//!
//! The syntax is Prism's: `Prefer: key=value, key2=value2`, a value holding `,` or `=` in
//! double quotes (`form="device-type=previewed"`; an unquoted value may hold `=` too, since a
//! key ends at the first one), a key given several times adding up, and `drop` alone. The
//! query string takes the same keys (`?form=device-type=previewed&violate=...&drop`),
//! percent-decoded. Both sources add up; the messages of the generator's own errors
//! ([`FormError`](isales_generator::FormError), the quirk and rule lists) say what is valid.

use std::fmt;
use std::time::Duration;

use isales_contract::RuleId;
use isales_generator::{FormFilter, Generator, Quirk};
use isales_spec::TableKind;
use serde_json::{Value, json};

/// The longest `delay` a request may ask for.
pub const MAX_DELAY: Duration = Duration::from_secs(60);

/// The keys a request may steer with.
pub const KEYS: [&str; 7] = [
    "form",
    "violate",
    "quirk",
    "error-code",
    "status",
    "delay",
    "drop",
];

/// What a request asks for; the default is a valid campaign of the form its ids give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Steering {
    /// `form=DIMENSION=VALUE`: the dimensions fixed.
    pub form: FormFilter,
    /// `violate=RULE`: the rules the answer breaks, each once.
    pub violate: Vec<RuleId>,
    /// `quirk=NAME`: the deviations it carries.
    pub quirks: Vec<Quirk>,
    /// `error-code=CODE`: the failure envelope of a Table 21 code instead of a campaign.
    pub error_code: Option<String>,
    /// `status=NNN`: the HTTP status of the answer (200 unless given).
    pub status: Option<u16>,
    /// `delay=MS`: how long to wait before answering.
    pub delay: Option<Duration>,
    /// `drop`: send the headers and part of the body, then close the connection.
    pub drop: bool,
}

impl Steering {
    /// Whether the answer's content is the default one (no form, violation, quirk or code
    /// asked for); status, delay and drop change only how it is sent.
    #[must_use]
    pub fn is_plain(&self) -> bool {
        self.form.is_empty()
            && self.violate.is_empty()
            && self.quirks.is_empty()
            && self.error_code.is_none()
    }
}

/// Where a steering key was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A `Prefer` header.
    Prefer,
    /// The query string.
    Query,
}

impl Origin {
    fn name(self) -> &'static str {
        match self {
            Origin::Prefer => "Prefer",
            Origin::Query => "query",
        }
    }
}

/// One key or value the mock does not take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it was read.
    pub origin: Origin,
    /// The key as given.
    pub key: String,
    /// The value as given, if any.
    pub value: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The values the key takes (or the keys, for an unknown key).
    pub valid: Vec<String>,
}

impl Problem {
    /// The problem as a member of the 400 answer's `problems`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        json!({
            "in": self.origin.name(),
            "key": self.key,
            "value": self.value,
            "message": self.message,
            "valid": self.valid,
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.origin.name(), self.key, self.message)
    }
}

/// Reads steering from requests, with the lists of valid values computed once.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Every rule a response can break.
    breakable: Vec<RuleId>,
    /// Every code of Table 21.
    codes: Vec<String>,
}

impl Reader {
    /// The lists of `generator`'s spec.
    #[must_use]
    pub fn new(generator: &Generator) -> Self {
        let spec = generator.spec();
        let request_only = |rule: RuleId| {
            let docs = rule.rule().docs;
            !docs.is_empty()
                && docs.iter().all(|doc| {
                    spec.tables
                        .iter()
                        .find(|table| table.number.0 == doc.table)
                        .is_some_and(|table| {
                            matches!(table.kind, TableKind::UrlParams | TableKind::Headers)
                        })
                })
        };
        Reader {
            breakable: RuleId::ALL
                .into_iter()
                .filter(|rule| !request_only(*rule))
                .collect(),
            codes: spec
                .error_codes()
                .iter()
                .map(|code| code.code.clone())
                .collect(),
        }
    }

    /// Every rule an answer can be asked to break (`violate=`), in the registry's order.
    #[must_use]
    pub fn breakable(&self) -> &[RuleId] {
        &self.breakable
    }

    /// Every failure code (`error-code=`).
    #[must_use]
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The steering of a request: its `Prefer` header values, then its query string.
    ///
    /// # Errors
    /// Every key or value the mock does not take, at once.
    pub fn read<'a>(
        &self,
        generator: &Generator,
        prefer: impl IntoIterator<Item = &'a str>,
        query: Option<&str>,
    ) -> Result<Steering, Vec<Problem>> {
        let mut steering = Steering::default();
        let mut problems = Vec::new();
        for header in prefer {
            for (key, value) in prefer_items(header) {
                self.apply(
                    generator,
                    &mut steering,
                    Origin::Prefer,
                    &key,
                    value,
                    &mut problems,
                );
            }
        }
        for (key, value) in query_items(query.unwrap_or("")) {
            self.apply(
                generator,
                &mut steering,
                Origin::Query,
                &key,
                value,
                &mut problems,
            );
        }
        if steering.error_code.is_some()
            && (!steering.form.is_empty()
                || !steering.violate.is_empty()
                || !steering.quirks.is_empty())
        {
            problems.push(Problem {
                origin: Origin::Prefer,
                key: "error-code".to_owned(),
                value: steering.error_code.clone(),
                message: "a failure envelope has no campaign: error-code goes without form, \
                          violate and quirk"
                    .to_owned(),
                valid: Vec::new(),
            });
        }
        if problems.is_empty() {
            Ok(steering)
        } else {
            Err(problems)
        }
    }

    fn apply(
        &self,
        generator: &Generator,
        steering: &mut Steering,
        origin: Origin,
        key: &str,
        value: Option<String>,
        problems: &mut Vec<Problem>,
    ) {
        let mut problem = |message: String, valid: Vec<String>| {
            problems.push(Problem {
                origin,
                key: key.to_owned(),
                value: value.clone(),
                message,
                valid,
            });
        };
        if !KEYS.contains(&key) {
            problem(
                format!("no steering key `{key}`"),
                KEYS.iter().map(|&k| k.to_owned()).collect(),
            );
            return;
        }
        if key == "drop" {
            match value.as_deref() {
                None | Some("" | "true" | "1") => steering.drop = true,
                Some("false" | "0") => steering.drop = false,
                Some(other) => problem(
                    format!("drop takes no value (or true/false), not `{other}`"),
                    vec!["true".to_owned(), "false".to_owned()],
                ),
            }
            return;
        }
        let Some(text) = value.as_deref().filter(|text| !text.is_empty()) else {
            problem(format!("{key} needs a value: {key}=..."), Vec::new());
            return;
        };
        match key {
            "form" => {
                if let Err(error) = steering.form.set(generator.dimensions(), text) {
                    let valid = match &error {
                        isales_generator::FormError::UnknownValue { valid, .. } => valid.clone(),
                        _ => isales_generator::Dimension::ALL
                            .iter()
                            .map(|dimension| format!("{}=...", dimension.name()))
                            .collect(),
                    };
                    problem(error.to_string(), valid);
                }
            }
            "violate" => match RuleId::from_id(text) {
                Some(rule) if self.breakable.contains(&rule) => {
                    if !steering.violate.contains(&rule) {
                        steering.violate.push(rule);
                    }
                }
                Some(rule) => problem(
                    isales_generator::RecipeError::RequestOnly { rule }.to_string(),
                    self.breakable_names(),
                ),
                None => problem(
                    isales_contract::UnknownRule::new(text).to_string(),
                    self.breakable_names(),
                ),
            },
            "quirk" => match Quirk::from_name(text) {
                Some(quirk) => {
                    if !steering.quirks.contains(&quirk) {
                        steering.quirks.push(quirk);
                    }
                }
                None => problem(
                    format!("no quirk `{text}`"),
                    Quirk::ALL.iter().map(|q| q.name().to_owned()).collect(),
                ),
            },
            "error-code" => {
                if self.codes.iter().any(|code| code == text) {
                    steering.error_code = Some(text.to_owned());
                } else {
                    let error = isales_generator::RecipeError::UnknownErrorCode {
                        code: text.to_owned(),
                        valid: self.codes.clone(),
                    };
                    problem(error.to_string(), self.codes.clone());
                }
            }
            "status" => match text.parse::<u16>() {
                Ok(status) if (200..=599).contains(&status) => steering.status = Some(status),
                _ => problem(
                    format!("status takes an HTTP status from 200 to 599, not `{text}`"),
                    vec!["200..599".to_owned()],
                ),
            },
            _ => match text.parse::<u64>() {
                Ok(ms) if Duration::from_millis(ms) <= MAX_DELAY => {
                    steering.delay = Some(Duration::from_millis(ms));
                }
                _ => problem(
                    format!(
                        "delay takes milliseconds from 0 to {}, not `{text}`",
                        MAX_DELAY.as_millis()
                    ),
                    vec![format!("0..{}", MAX_DELAY.as_millis())],
                ),
            },
        }
    }

    fn breakable_names(&self) -> Vec<String> {
        self.breakable
            .iter()
            .map(|rule| rule.as_str().to_owned())
            .collect()
    }
}

/// The items of one `Prefer` header value: `key`, `key=value` or `key="quoted, value"`,
/// separated by commas outside quotes. Parameters after `;` (RFC 7240) are kept in the value.
fn prefer_items(header: &str) -> Vec<(String, Option<String>)> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    let mut was_quoted = false;
    let mut push = |current: &mut String, was_quoted: &mut bool| {
        let item = std::mem::take(current);
        let quoted_value = std::mem::take(was_quoted);
        let trimmed = item.trim();
        if trimmed.is_empty() {
            return;
        }
        match trimmed.split_once('=') {
            Some((key, value)) => {
                let value = if quoted_value {
                    value.to_owned()
                } else {
                    value.trim().to_owned()
                };
                items.push((key.trim().to_owned(), Some(value)));
            }
            None => items.push((trimmed.to_owned(), None)),
        }
    };
    for character in header.chars() {
        if escaped {
            current.push(character);
            escaped = false;
        } else if quoted {
            match character {
                '\\' => escaped = true,
                '"' => quoted = false,
                other => current.push(other),
            }
        } else {
            match character {
                '"' => {
                    quoted = true;
                    was_quoted = true;
                }
                ',' => push(&mut current, &mut was_quoted),
                other => current.push(other),
            }
        }
    }
    push(&mut current, &mut was_quoted);
    items
}

/// The `key[=value]` pairs of a query string, percent-decoded (`+` is a space).
fn query_items(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (percent_decode(key), Some(percent_decode(value))),
            None => (percent_decode(pair), None),
        })
        .collect()
}

/// `%XX` escapes and `+` decoded; invalid escapes kept as written, invalid UTF-8 replaced.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                if let (Some(high), Some(low)) = (hex(index + 1), hex(index + 2)) {
                    out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                    index += 3;
                    continue;
                }
                out.push(byte);
            }
            other => out.push(other),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<(String, Option<String>)> {
        prefer_items(text)
    }

    fn pair(key: &str, value: Option<&str>) -> (String, Option<String>) {
        (key.to_owned(), value.map(str::to_owned))
    }

    #[test]
    fn prefer_values_split_outside_quotes() {
        assert_eq!(
            items(r#"form="device-type=previewed", violate=x ,drop, quirk="a,\"b""#),
            [
                pair("form", Some("device-type=previewed")),
                pair("violate", Some("x")),
                pair("drop", None),
                pair("quirk", Some("a,\"b")),
            ]
        );
        assert_eq!(
            items("form=device-type=previewed"),
            [pair("form", Some("device-type=previewed"))]
        );
        assert!(items(" , ,").is_empty());
    }

    #[test]
    fn queries_are_percent_decoded() {
        assert_eq!(
            query_items("form=device-type%3Dpreviewed&drop&x=a+b%zz"),
            [
                pair("form", Some("device-type=previewed")),
                pair("drop", None),
                pair("x", Some("a b%zz")),
            ]
        );
        assert_eq!(percent_decode("%E4%B8%AD"), "中");
        assert_eq!(percent_decode("%"), "%");
    }

    #[test]
    fn every_problem_is_reported_with_the_valid_values() {
        let generator = Generator::embedded(isales_generator::Size::SMALL);
        let reader = Reader::new(&generator);
        let problems = reader
            .read(
                &generator,
                ["colour=blue, quirk=nope"],
                Some("delay=99999999&status=42&error-code=1&form=device-type=9"),
            )
            .expect_err("problems");
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            ["colour", "quirk", "delay", "status", "error-code", "form"]
        );
        assert!(problems[0].valid.contains(&"violate".to_owned()));
        assert!(problems[1].valid.contains(&"campaign-id".to_owned()));
        assert!(problems[4].valid.contains(&"0200007".to_owned()));
        let steering = reader
            .read(
                &generator,
                ["form=\"device-type=previewed\", drop", "delay=5"],
                Some("status=503&error-code=0200007"),
            )
            .map_err(|p| p.iter().map(ToString::to_string).collect::<Vec<_>>());
        // error-code excludes form.
        assert!(steering.is_err());
        let steering = reader
            .read(&generator, ["drop", "delay=5"], Some("status=503"))
            .expect("valid");
        assert!(steering.drop && steering.is_plain());
        assert_eq!(steering.status, Some(503));
        assert_eq!(steering.delay, Some(Duration::from_millis(5)));
        assert!(!reader.breakable().is_empty() && reader.breakable().len() < RuleId::ALL.len());
    }
}
