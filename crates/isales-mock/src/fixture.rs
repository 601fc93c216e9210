//! Fixtures: recorded answers served instead of generated ones (`--from`). A directory (every
//! `.json`, `.ndjson`, `.jsonl` and `.har` file below it, in path order), an NDJSON file (one
//! answer per line), a HAR capture (the response body of every entry that is a `GET` of the
//! interface's route, read as the command reads a capture) or one JSON file.
//!
//! Every fixture is validated with `isales-contract` when loaded, in its file's coordinates,
//! and every problem comes back at once with file, line and column, so a broken fixture is
//! found before a client meets it. A request gets the fixture whose `returnObject.id` is its
//! campaign id, else the fixtures in turn.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use isales_contract::{Placement, Position, Severity, Validator};
use isales_generator::Form;
use isales_generator::form::Dimensions;
use isales_har::Entry;

use crate::answer::{Answer, Served, campaign_id_of};

/// The fixtures a server serves.
#[derive(Debug)]
pub struct Fixtures {
    answers: Vec<Arc<Answer>>,
    /// `(campaign id, index)` sorted by id; the first fixture of an id wins.
    by_id: Vec<(i64, usize)>,
    next: AtomicUsize,
}

/// One thing wrong with the fixtures: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `file:line:column`, or the file alone.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// What loading found: the fixtures, and the problems of those that fail the contract or
/// could not be read.
#[derive(Debug)]
pub struct Loaded {
    /// Every fixture read, the failing ones included.
    pub fixtures: Fixtures,
    /// Every problem, in file and line order.
    pub problems: Vec<Problem>,
}

/// A fixture read, before it is checked.
struct Raw {
    file: PathBuf,
    line: usize,
    body: Vec<u8>,
}

impl Fixtures {
    /// Reads and validates the fixtures at `path`.
    ///
    /// # Errors
    /// When `path` cannot be read or holds no fixture at all.
    pub fn load(path: &Path) -> Result<Loaded, String> {
        let mut files = Vec::new();
        if path.is_dir() {
            walk(path, &mut files).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files.sort();
        } else {
            files.push(path.to_path_buf());
        }
        let spec = isales_spec::load_embedded().map_err(|errors| errors.to_string())?;
        let dimensions = Dimensions::new(&spec).map_err(|error| error.to_string())?;
        let validator = Validator::default();
        let mut answers = Vec::new();
        let mut problems = Vec::new();
        for file in &files {
            let bytes = std::fs::read(file)
                .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
            let raws = read_file(file, &bytes, &validator, &mut problems);
            for raw in raws {
                answers.push(Arc::new(describe(&raw, &dimensions)));
            }
        }
        if answers.is_empty() {
            let mut message = format!("{} holds no fixture", path.display());
            if !problems.is_empty() {
                let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
                message = format!("{message}:\n  {}", listed.join("\n  "));
            }
            return Err(message);
        }
        let mut by_id: Vec<(i64, usize)> = answers
            .iter()
            .enumerate()
            .filter_map(|(index, answer)| Some((campaign_id_of(&answer.body)?, index)))
            .collect();
        by_id.sort_by_key(|(id, index)| (*id, *index));
        by_id.dedup_by_key(|(id, _)| *id);
        Ok(Loaded {
            fixtures: Fixtures {
                answers,
                by_id,
                next: AtomicUsize::new(0),
            },
            problems,
        })
    }

    /// How many fixtures there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether there are none (never, once loaded).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// The fixture of a campaign: the one whose `returnObject.id` is `campaign_id`, else the
    /// next one in turn.
    #[must_use]
    pub fn pick(&self, campaign_id: i64) -> Option<Arc<Answer>> {
        let index = match self.by_id.binary_search_by_key(&campaign_id, |(id, _)| *id) {
            Ok(found) => self.by_id.get(found).map(|(_, index)| *index),
            Err(_) => {
                let turn = self.next.fetch_add(1, Ordering::Relaxed);
                turn.checked_rem(self.answers.len())
            }
        }?;
        self.answers.get(index).cloned()
    }
}

/// Every fixture file below `dir`.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if matches!(
            extension(&path).as_str(),
            "json" | "ndjson" | "jsonl" | "har"
        ) {
            files.push(path);
        }
    }
    Ok(())
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The fixtures of one file, each validated; problems added to `problems`.
fn read_file(
    file: &Path,
    bytes: &[u8],
    validator: &Validator,
    problems: &mut Vec<Problem>,
) -> Vec<Raw> {
    let shown = file.display().to_string();
    let mut raws = Vec::new();
    let mut check = |body: &[u8], placement: &Placement<'_>, line: usize, raws: &mut Vec<Raw>| {
        let report = validator.validate_in(body, placement);
        for violation in report
            .violations
            .iter()
            .filter(|v| v.level() == Severity::Error)
        {
            let at = match violation.position() {
                Some(p) => format!("{shown}:{}:{}", p.line, p.column),
                None => format!("{shown}:{line}"),
            };
            problems.push(Problem {
                at,
                message: format!("[{}] {violation}", violation.rule()),
            });
        }
        raws.push(Raw {
            file: file.to_path_buf(),
            line,
            body: body.to_vec(),
        });
    };
    match extension(file).as_str() {
        "ndjson" | "jsonl" => {
            let mut offset = 0;
            for (number, line) in bytes.split(|b| *b == b'\n').enumerate() {
                let start = offset;
                offset += line.len() + 1;
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let position = Position {
                    offset: start,
                    line: number + 1,
                    column: 1,
                };
                check(line, &Placement::At(position), number + 1, &mut raws);
            }
        }
        "har" => {
            let unread = har(file, bytes, &mut |body, placement, line| {
                check(body, placement, line, &mut raws);
            });
            problems.extend(unread);
        }
        _ => check(bytes, &Placement::Whole, 1, &mut raws),
    }
    if raws.is_empty() && !problems.iter().any(|p| p.at.starts_with(&shown)) {
        problems.push(Problem {
            at: shown,
            message: "no answer in this file".to_owned(),
        });
    }
    raws
}

/// The response bodies of a HAR capture's entries of the interface, each handed to `found`
/// with its entry's line; returns what could not be read. The capture is read as the
/// command's `validate` reads it (`isales-har`): entries that are not a `GET` of the route
/// are passed over, bodies are decoded alike, and positions are the file's.
fn har(
    file: &Path,
    bytes: &[u8],
    found: &mut dyn FnMut(&[u8], &Placement<'_>, usize),
) -> Vec<Problem> {
    let shown = file.display().to_string();
    let mut problems = Vec::new();
    let streamed = isales_har::stream_entries(bytes, usize::MAX, |raw| {
        let line = raw.base.line;
        let problem = |message: String| Problem {
            at: format!("{shown}:{line}"),
            message,
        };
        match Entry::read(raw) {
            Err(error) => problems.push(problem(error.to_string())),
            Ok(entry) if entry.facts.interface_url().is_err() => {}
            Ok(entry) => match entry.body() {
                Ok(placed) => found(&placed.bytes, &placed.placement, line),
                Err(error) => problems.push(problem(error.to_string())),
            },
        }
        Ok(())
    });
    if let Err(error) = streamed {
        problems.push(Problem {
            at: shown,
            message: error.to_string(),
        });
    }
    problems
}

/// A fixture as an answer, with what it is.
fn describe(raw: &Raw, dimensions: &Dimensions) -> Answer {
    let value: Option<serde_json::Value> = serde_json::from_slice(&raw.body).ok();
    let form = value
        .as_ref()
        .map(|value| Form::of(dimensions, value))
        .filter(|form| *form != Form::default())
        .map(|form| form.to_string());
    let code = value
        .as_ref()
        .and_then(|value| value.get("resultCode")?.as_str().map(str::to_owned))
        .filter(|code| code != isales_contract::registry::SUCCESS_CODE);
    Answer {
        body: Bytes::from(raw.body.clone()),
        served: Served {
            form,
            error_code: code,
            fixture: Some(format!("{}:{}", raw.file.display(), raw.line)),
            ..Served::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::*;

    /// The command's `validate` reads the entries of a capture: only a `GET` of the route,
    /// and a base64 body in any case, wrapped as capture tools wrap it.
    #[test]
    fn a_har_loads_the_entries_validate_checks() {
        let payload = isales_generator::generate(7, 3).to_string();
        let encoded = base64::engine::general_purpose::STANDARD.encode(&payload);
        let wrapped: Vec<&str> = encoded
            .as_bytes()
            .chunks(76)
            .map(|line| std::str::from_utf8(line).unwrap_or_default())
            .collect();
        let route = "http://h/rest/isales/v1/openapi/campaigns/1/2";
        let entry = |method: &str, url: Option<&str>, content: serde_json::Value| {
            let mut request = serde_json::json!({"method": method, "headers": []});
            if let Some(url) = url {
                request["url"] = url.into();
            }
            serde_json::json!({"request": request, "response": {"status": 200, "content": content}})
        };
        let har = serde_json::json!({"log": {"version": "1.2", "entries": [
            entry("POST", Some(route), serde_json::json!({"text": "not this one"})),
            entry("GET", None, serde_json::json!({"text": "nor this one"})),
            entry("GET", Some("http://h/other/1/2"), serde_json::json!({"text": "[]"})),
            entry("GET", Some(route), serde_json::json!({"encoding": "Base64", "text": wrapped.join("\r\n")})),
        ]}});
        let text = serde_json::to_string_pretty(&har).unwrap_or_default();
        let mut problems = Vec::new();
        let raws = read_file(
            Path::new("capture.har"),
            text.as_bytes(),
            &Validator::default(),
            &mut problems,
        );
        assert_eq!(problems, []);
        assert_eq!(raws.len(), 1);
        assert_eq!(String::from_utf8_lossy(&raws[0].body), payload);
        let line = text
            .lines()
            .position(|line| line.contains("Base64"))
            .unwrap_or_default();
        // The entry's `{` is a few lines above its encoding.
        assert!((1..line).contains(&raws[0].line), "{} {line}", raws[0].line);
        assert!(
            text.lines()
                .nth(raws[0].line - 1)
                .unwrap_or_default()
                .trim()
                == "{"
        );
    }

    #[test]
    fn what_cannot_be_read_in_a_har_is_a_problem_at_its_place() {
        let route = "http://h/rest/isales/v1/openapi/campaigns/1/2";
        let text = format!(
            "{{\"log\": {{\"entries\": [\n\
             {{\"request\": {{\"method\": \"GET\", \"url\": \"{route}\"}}, \"response\": {{}}}},\n\
             {{\"request\": {{\"method\": \"GET\", \"url\": \"{route}\"}},\n  \
               \"response\": {{\"content\": {{\"text\": \"e30\", \"encoding\": \"base64\"}}}}}},\n\
             {{\"request\": {{\"method\": \"GET\", \"url\": \"{route}\"}},\n  \
               \"response\": {{\"content\": {{\"text\": \"{{}}\", \"encoding\": \"gzip\"}}}}}}\n\
             ]}}}}"
        );
        let mut problems = Vec::new();
        let raws = read_file(
            Path::new("c.har"),
            text.as_bytes(),
            &Validator::default(),
            &mut problems,
        );
        assert!(raws.is_empty());
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|problem| (problem.at.as_str(), problem.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, "c.har:2");
        assert!(found[0].1.contains("no response.content.text"), "{found:?}");
        assert_eq!(found[1].0, "c.har:3");
        assert!(found[1].1.contains("marked base64"), "{found:?}");
        assert_eq!(found[2].0, "c.har:5");
        assert!(found[2].1.ends_with("does not know: gzip"), "{found:?}");
        let mut problems = Vec::new();
        read_file(
            Path::new("c.har"),
            b"{\"log\": []}",
            &Validator::default(),
            &mut problems,
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].at, "c.har");
        assert!(
            problems[0].message.starts_with("not a valid HAR file"),
            "{problems:?}"
        );
    }
}
