//! The request log: one line per request on standard error (method, path, status, what was
//! served, milliseconds), as text or as JSON lines, written whole under the lock so lines
//! from concurrent requests never interleave.

use std::io::Write as _;
use std::time::Duration;

use serde_json::{Value, json};

use crate::answer::Served;

/// How request lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// `GET /path 200 form=... 0.4ms`.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
    /// No request lines (start-up and shutdown messages still go to standard error).
    Off,
}

/// One request, as logged.
#[derive(Debug)]
pub struct Entry<'a> {
    /// The method.
    pub method: &'a str,
    /// The path and query as sent.
    pub path: &'a str,
    /// The status answered.
    pub status: u16,
    /// What the answer was, for the route's answers.
    pub served: Option<&'a Served>,
    /// A note: why a request was refused or what was wrong with it.
    pub note: Option<&'a str>,
    /// Whether the body was cut short.
    pub dropped: bool,
    /// Time from the request to the answer's headers.
    pub elapsed: Duration,
}

/// Writes entries in one format.
#[derive(Debug, Clone, Copy)]
pub struct Logger {
    format: LogFormat,
}

impl Logger {
    /// A logger writing `format` to standard error.
    #[must_use]
    pub fn new(format: LogFormat) -> Self {
        Logger { format }
    }

    /// Logs one request.
    pub fn log(&self, entry: &Entry<'_>) {
        let line = match self.format {
            LogFormat::Off => return,
            LogFormat::Text => text_line(entry),
            LogFormat::Json => json_line(entry).to_string(),
        };
        let mut err = std::io::stderr().lock();
        // A closed standard error loses the log, never the answer.
        let _ = err.write_all(line.as_bytes());
        let _ = err.write_all(b"\n");
    }
}

/// What was served, as `key=value` words.
fn served_words(served: &Served) -> Vec<String> {
    let mut words = Vec::new();
    if let Some(fixture) = &served.fixture {
        words.push(format!("fixture={}", printable(fixture)));
    }
    if let Some(form) = &served.form {
        words.push(format!("form={form}"));
    }
    if !served.violations.is_empty() {
        words.push(format!("rules={}", served.violations.join(",")));
    }
    if !served.quirks.is_empty() {
        words.push(format!("quirks={}", served.quirks.join(",")));
    }
    if let Some(code) = &served.error_code {
        words.push(format!("error-code={}", printable(code)));
    }
    if !served.request_rules.is_empty() {
        words.push(format!("request={}", served.request_rules.join(",")));
    }
    words
}

fn text_line(entry: &Entry<'_>) -> String {
    let mut words = vec![
        entry.method.to_owned(),
        printable(entry.path),
        entry.status.to_string(),
    ];
    if let Some(served) = entry.served {
        words.extend(served_words(served));
    }
    if entry.dropped {
        words.push("dropped".to_owned());
    }
    if let Some(note) = entry.note {
        words.push(format!("({})", printable(note)));
    }
    words.push(format!("{:.1}ms", entry.elapsed.as_secs_f64() * 1000.0));
    words.join(" ")
}

fn json_line(entry: &Entry<'_>) -> Value {
    let served = entry.served.map(|served| {
        json!({
            "seed": served.seed,
            "index": served.index,
            "form": served.form,
            "rules": served.violations,
            "quirks": served.quirks,
            "errorCode": served.error_code,
            "fixture": served.fixture,
            "requestRules": served.request_rules,
        })
    });
    json!({
        "method": entry.method,
        "path": entry.path,
        "status": entry.status,
        "served": served,
        "note": entry.note,
        "dropped": entry.dropped,
        "ms": entry.elapsed.as_secs_f64() * 1000.0,
    })
}

/// Text with control characters escaped, so one request stays one line on a terminal.
fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_says_what_was_served() {
        let served = Served {
            form: Some("device-type=5".to_owned()),
            violations: vec!["a", "b"],
            ..Served::default()
        };
        let entry = Entry {
            method: "GET",
            path: "/x\n?y",
            status: 200,
            served: Some(&served),
            note: None,
            dropped: true,
            elapsed: Duration::from_micros(1500),
        };
        assert_eq!(
            text_line(&entry),
            "GET /x\\n?y 200 form=device-type=5 rules=a,b dropped 1.5ms"
        );
        let json = json_line(&entry);
        assert_eq!(json["served"]["rules"], json!(["a", "b"]));
        assert_eq!(json["status"], 200);
    }
}
