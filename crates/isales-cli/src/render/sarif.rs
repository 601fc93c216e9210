//! The SARIF 2.1.0 format, for code-scanning tools (GitHub code scanning, IDE viewers).
//!
//! Built by hand with `serde_json` rather than with the `serde-sarif` crate: the output needs
//! a dozen of SARIF's hundreds of properties, and results are written as they come (the
//! document is streamed like the JSON format), each serialized straight from the violation by
//! small borrowed structs, where a typed builder's `Vec<Result>` would hold every result at
//! once. A test validates the output against the
//! official 2.1.0 schema, vendored at `tests/fixtures/sarif-schema-2.1.0.json`, which keeps the
//! hand-built document honest.
//!
//! `tool.driver.rules` lists the whole catalog, in catalog order, so `ruleIndex` and the ids
//! are stable across runs; each result points at the artifact, line and column, and carries the
//! JSON pointer as a logical location, in its property bag and in its message (code scanning
//! shows a result's message, not its logical locations or properties).
//!
//! # Where results are
//!
//! An input named by a relative path, or by an absolute path under the working directory, is
//! a relative URI reference against `%SRCROOT%`, which `run.originalUriBaseIds` gives as the
//! working directory: its `/`-separated segments percent-encoded, a colon of the first segment
//! too (`a:b/x.json` is `a%3Ab/x.json`, not a URI of scheme `a`). Other absolute paths are
//! `file:` URIs (`/tmp/x.har` is `file:///tmp/x.har`, `C:\x\y.json` `file:///C:/x/y.json`,
//! `\\host\share\x.json` `file://host/share/x.json`). Standard input is the URI `stdin`
//! against the base `STDIN`, which `originalUriBaseIds` describes and gives no URI: it names
//! no file, and a viewer that looks for one finds none instead of a file called `<stdin>`.
//!
//! # Fingerprints
//!
//! Each result has `partialFingerprints` under a key of its own, `isalesContract/v1` (keys such
//! as `primaryLocationLineHash` are GitHub's, computed from the file's lines when a tool gives
//! none): a hash of the rule, the input's path relative to the working directory (with `..`
//! segments where it is outside; an absolute path only on another Windows drive), the HAR
//! part and the JSON pointer, then `:N`, its occurrence among the run's results with the same
//! hash (the third payload of an NDJSON file breaking the same rule at the same pointer is
//! `:3`). No line, column or absolute path goes in, so a result keeps its fingerprint when
//! lines are added above it, and when the capture directory moves and the command is run from
//! inside it or with relative paths.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use isales_contract::rules::{self, RuleInfo};
use isales_contract::{DocRef, RuleId, Severity, Violation};
use serde::Serialize;
use serde_json::{Value, json};

use super::{ItemRenderer, Render, Summary};
use crate::baseline::Mark;
use crate::payload::{Finding, Part, Payload, Status, Text};

/// The `$schema` written into the document.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of our fingerprints in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "isalesContract/v1";

/// The base id of relative URIs: the working directory of the run.
pub const SRCROOT: &str = "%SRCROOT%";

/// The base id of standard input's URI, which names no file.
pub const STDIN_BASE: &str = "STDIN";

/// The name the command gives standard input.
const STDIN_NAME: &str = "<stdin>";

/// The SARIF format.
#[derive(Debug)]
pub struct Sarif {
    items: Items,
    written: usize,
    notifications: Vec<Value>,
    nothing_checked: bool,
    config_file: Option<String>,
    /// How many results so far had each fingerprint hash.
    occurrences: HashMap<u64, u32>,
}

impl Sarif {
    /// The format for a run in `cwd`: relative paths are relative to it, and absolute paths
    /// under it are made so.
    #[must_use]
    pub fn new(cwd: &Path) -> Self {
        let items = Items {
            indexes: Arc::new(
                rules::catalog()
                    .iter()
                    .enumerate()
                    .map(|(index, info)| (info.rule.id, index))
                    .collect(),
            ),
            cwd: std::path::absolute(cwd)
                .unwrap_or_else(|_| cwd.to_owned())
                .display()
                .to_string()
                .into(),
        };
        Sarif {
            items,
            written: 0,
            notifications: Vec::new(),
            nothing_checked: false,
            config_file: None,
            occurrences: HashMap::new(),
        }
    }
}

/// How a platform writes paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `/` separates, and starts an absolute path.
    Unix,
    /// `\` and `/` separate; `C:\`, `\\host\share` and `\` start absolute paths.
    Windows,
}

impl PathStyle {
    /// This platform's.
    pub const NATIVE: PathStyle = if cfg!(windows) {
        PathStyle::Windows
    } else {
        PathStyle::Unix
    };

    fn is_separator(self, character: char) -> bool {
        character == '/' || (self == PathStyle::Windows && character == '\\')
    }
}

/// Where a path starts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Root {
    /// Nowhere: a relative path.
    Relative,
    /// At the root of the file system (Unix) or of the current drive (Windows).
    Slash,
    /// At a Windows drive, `C:`: its letter as written.
    Drive(char),
    /// At a Windows UNC host, `\\host`.
    Host(String),
}

/// The segments of a path, without empty and `.` ones.
fn segments(path: &str, style: PathStyle) -> Vec<&str> {
    path.split(|character| style.is_separator(character))
        .filter(|segment| !segment.is_empty() && *segment != ".")
        .collect()
}

/// A path as its root and its segments, without empty and `.` segments.
fn split(path: &str, style: PathStyle) -> (Root, Vec<&str>) {
    let segments = |rest| segments(rest, style);
    let bytes = path.as_bytes();
    let separator = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|byte| style.is_separator(char::from(*byte)))
    };
    if style == PathStyle::Windows {
        if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && separator(2) {
            return (Root::Drive(char::from(bytes[0])), segments(&path[2..]));
        }
        if separator(0) && separator(1) {
            let mut parts = segments(&path[2..]);
            if !parts.is_empty() {
                let host = parts.remove(0).to_owned();
                return (Root::Host(host), parts);
            }
        }
    }
    if separator(0) {
        (Root::Slash, segments(path))
    } else {
        (Root::Relative, segments(path))
    }
}

/// Where an input is, for SARIF: its artifact URI, the base that URI is relative to, and the
/// path its results' fingerprints hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The artifact's URI reference.
    pub uri: String,
    /// The `uriBaseId` it is relative to, if it is relative.
    pub base: Option<&'static str>,
    /// The input's path relative to the working directory, `/`-separated.
    pub key: String,
}

/// Appends one path segment, percent-encoded: everything but RFC 3986's unreserved
/// characters, sub-delimiters and `@`, and `:` unless `colon` (the first segment of a
/// relative reference, where it would read as a scheme).
fn push_segment(out: &mut String, segment: &str, colon: bool) {
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@".contains(&byte)
            || (colon && byte == b':')
        {
            out.push(char::from(byte));
        } else {
            // Writing into a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

fn relative_uri(segments: &[&str]) -> String {
    let mut uri = String::new();
    for (index, segment) in segments.iter().enumerate() {
        if index > 0 {
            uri.push('/');
        }
        push_segment(&mut uri, segment, index > 0);
    }
    uri
}

fn file_uri(root: &Root, segments: &[&str]) -> String {
    let mut uri = match root {
        Root::Host(host) => {
            let mut uri = "file://".to_owned();
            push_segment(&mut uri, host, false);
            uri
        }
        Root::Drive(letter) => format!("file:///{letter}:"),
        Root::Slash | Root::Relative => "file://".to_owned(),
    };
    for segment in segments {
        uri.push('/');
        push_segment(&mut uri, segment, true);
    }
    if segments.is_empty() {
        uri.push('/');
    }
    uri
}

/// Whether two segments name the same entry: exactly on Unix, ignoring ASCII case on Windows.
fn same(a: &str, b: &str, style: PathStyle) -> bool {
    match style {
        PathStyle::Unix => a == b,
        PathStyle::Windows => a.eq_ignore_ascii_case(b),
    }
}

fn same_root(a: &Root, b: &Root, style: PathStyle) -> bool {
    match (a, b) {
        (Root::Drive(a), Root::Drive(b)) => a.eq_ignore_ascii_case(b),
        (Root::Host(a), Root::Host(b)) => same(a, b, style),
        (a, b) => a == b,
    }
}

/// Where the input named `name` is, for a run in `cwd`, both written in `style`.
#[must_use]
pub fn place(name: &str, cwd: &str, style: PathStyle) -> Place {
    if name == STDIN_NAME {
        return Place {
            uri: "stdin".to_owned(),
            base: Some(STDIN_BASE),
            key: STDIN_NAME.to_owned(),
        };
    }
    let (root, segments) = split(name, style);
    if root == Root::Relative {
        return Place {
            uri: relative_uri(&segments),
            base: Some(SRCROOT),
            key: segments.join("/"),
        };
    }
    let uri = file_uri(&root, &segments);
    let (cwd_root, cwd_segments) = split(cwd, style);
    if cwd_root == Root::Relative || !same_root(&root, &cwd_root, style) {
        let key = uri.strip_prefix("file://").unwrap_or(&uri).to_owned();
        return Place {
            uri,
            base: None,
            key,
        };
    }
    let common = segments
        .iter()
        .zip(&cwd_segments)
        .take_while(|(a, b)| same(a, b, style))
        .count();
    let inside = &segments[common..];
    let mut key: Vec<&str> = vec![".."; cwd_segments.len() - common];
    key.extend(inside);
    let key = key.join("/");
    if common == cwd_segments.len() && !inside.is_empty() {
        Place {
            uri: relative_uri(inside),
            base: Some(SRCROOT),
            key,
        }
    } else {
        Place {
            uri,
            base: None,
            key,
        }
    }
}

/// `run.originalUriBaseIds`: `%SRCROOT%`, the working directory's `file:` URI (ending in
/// `/`), and `STDIN`, described.
#[must_use]
pub fn uri_bases(cwd: &str, style: PathStyle) -> Value {
    let (root, segments) = split(cwd, style);
    let mut srcroot = file_uri(&root, &segments);
    if !srcroot.ends_with('/') {
        srcroot.push('/');
    }
    json!({
        SRCROOT: {
            "uri": srcroot,
            "description": {"text": "The working directory of the run: inputs named by a relative path, or by an absolute path under it, are relative to it."},
        },
        STDIN_BASE: {
            "description": {"text": "The standard input of the run: results under it come from data piped to the command, which names no file."},
        },
    })
}

/// 64-bit FNV-1a over the parts, each followed by 0xFF (which UTF-8 never holds): small, and
/// the same on every platform and in every version, which a fingerprint needs and the
/// standard library's hashers do not promise.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The hash a result's fingerprint starts with: rule, path, HAR part and pointer.
fn fingerprint_hash(key: &str, finding: &Finding<'_>) -> u64 {
    fnv1a(&[
        FINGERPRINT_KEY.as_bytes(),
        finding.violation.rule().as_bytes(),
        key.as_bytes(),
        finding.part.map_or("", Part::as_str).as_bytes(),
        finding.violation.pointer().as_bytes(),
    ])
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn descriptor(info: &RuleInfo) -> Value {
    let docs: Vec<String> = info.docs().iter().map(ToString::to_string).collect();
    let mut help = format!(
        "{}\n\nDocumentation: {}.",
        info.explanation,
        docs.join("; ")
    );
    if !info.applies_to.is_empty() {
        let parts: Vec<String> = if info.is_mixed() {
            info.applies_to.iter().map(ToString::to_string).collect()
        } else {
            info.applies_to
                .iter()
                .map(|part| part.text.to_owned())
                .collect()
        };
        help.push_str(&format!(" Applies to: {}.", parts.join("; ")));
    }
    if let Some(example) = info.example {
        help.push_str(&format!(
            "\n\n{}: {example}",
            crate::explain::example_heading(example)
        ));
    }
    json!({
        "id": info.rule.id,
        "name": RuleId::from_id(info.rule.id).map_or(info.rule.id, RuleId::name),
        "shortDescription": {"text": info.summary()},
        "fullDescription": {"text": info.explanation},
        "help": {"text": help},
        "defaultConfiguration": {"level": level(info.rule.severity)},
        "properties": {
            "provenance": info.rule.provenance.as_str(),
            "partlyInferred": info.is_mixed(),
            "doc": info.doc().map(|doc| doc.to_string()),
            "docs": docs,
            "kind": info.kind,
            "tags": [info.rule.provenance.as_str()],
        },
    })
}

/// The `tool` object: the driver and every rule of the catalog.
#[must_use]
pub fn tool() -> Value {
    let rules: Vec<Value> = rules::catalog().iter().map(descriptor).collect();
    json!({
        "driver": {
            "name": "isales-contract",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }
    })
}

/// A result's or a notification's `location`. Members are declared in alphabetical order,
/// the order `serde_json`'s maps write them in, so typed and `json!`-built parts of the
/// document read alike.
#[derive(Serialize)]
struct Location<'a> {
    #[serde(rename = "logicalLocations", skip_serializing_if = "Option::is_none")]
    logical: Option<[Logical<'a>; 1]>,
    #[serde(rename = "physicalLocation")]
    physical: Physical<'a>,
}

#[derive(Serialize)]
struct Logical<'a> {
    #[serde(rename = "fullyQualifiedName")]
    name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Physical<'a> {
    #[serde(rename = "artifactLocation")]
    artifact: Artifact<'a>,
    region: Region,
}

#[derive(Serialize)]
struct Artifact<'a> {
    uri: &'a str,
    #[serde(rename = "uriBaseId", skip_serializing_if = "Option::is_none")]
    base: Option<&'static str>,
}

#[derive(Serialize)]
struct Region {
    #[serde(rename = "startColumn", skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(rename = "startLine")]
    start_line: usize,
}

fn location<'a>(
    payload: &Payload,
    place: &'a Place,
    violation: Option<&'a Violation>,
) -> Location<'a> {
    let position = violation.and_then(|violation| violation.position());
    let start_line = position
        .map(|position| position.line)
        .or(payload.locus.line())
        .unwrap_or(1);
    Location {
        logical: violation.map(|violation| {
            [Logical {
                name: pointer(violation),
                kind: "member",
            }]
        }),
        physical: Physical {
            artifact: Artifact {
                uri: &place.uri,
                base: place.base,
            },
            region: Region {
                start_column: position.map(|position| position.column),
                start_line,
            },
        },
    }
}

fn pointer(violation: &Violation) -> &str {
    if violation.pointer().is_empty() {
        "/"
    } else {
        violation.pointer()
    }
}

/// One result, members in alphabetical order (see [`Location`]) but for the fingerprints,
/// which come last: they are known only when the result's turn comes, after it was written
/// on a worker thread.
#[derive(Serialize)]
struct SarifResult<'a> {
    #[serde(rename = "baselineState", skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message<'a>,
    properties: Properties<'a>,
    #[serde(rename = "ruleId")]
    rule_id: &'a str,
    #[serde(rename = "ruleIndex", skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    #[serde(
        rename = "partialFingerprints",
        skip_serializing_if = "Option::is_none"
    )]
    fingerprints: Option<Fingerprints>,
}

/// `{"isalesContract/v1": "HASH:N"}`.
#[derive(Debug, Clone, Copy)]
struct Fingerprints {
    hash: u64,
    occurrence: u32,
}

impl Serialize for Fingerprints {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(
            FINGERPRINT_KEY,
            &format_args!("{:016x}:{}", self.hash, self.occurrence),
        )?;
        map.end()
    }
}

/// `{"text": ...}`: the sentence, then where (pointer, HAR part) and the value found, written
/// straight into the output.
#[derive(Serialize)]
struct Message<'a> {
    #[serde(serialize_with = "sentence")]
    text: MessageText<'a>,
}

/// What code scanning shows of a result: `sentence (at /pointer in the part; found value)`.
struct MessageText<'a>(Finding<'a>);

impl fmt::Display for MessageText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let violation = self.0.violation;
        write!(f, "{} (at {}", violation.kind(), pointer(violation))?;
        if let Some(part) = self.0.part {
            write!(f, " in the {}", part.as_str())?;
        }
        if let Some(found) = violation.found() {
            write!(f, "; found {}", found.text())?;
        }
        f.write_str(")")
    }
}

fn sentence<S: serde::Serializer>(
    text: &MessageText<'_>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(text)
}

#[derive(Serialize)]
struct Properties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<DocRefText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<&'a str>,
    #[serde(rename = "harEntry", skip_serializing_if = "Option::is_none")]
    har_entry: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    #[serde(rename = "payloadLine", skip_serializing_if = "Option::is_none")]
    payload_line: Option<usize>,
    pointer: &'a str,
    provenance: &'static str,
}

/// A documentation reference as its text, written without building it first.
struct DocRefText(DocRef);

impl Serialize for DocRefText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

fn result<'a>(
    indexes: &HashMap<&'static str, usize>,
    payload: &Payload,
    place: &'a Place,
    finding: Finding<'a>,
    fingerprints: Option<Fingerprints>,
) -> SarifResult<'a> {
    let violation = finding.violation;
    SarifResult {
        // SARIF's words for a result new since the baseline and one it already had.
        baseline_state: finding.baseline.map(|mark| match mark {
            Mark::New => "new",
            Mark::Known => "unchanged",
        }),
        level: level(violation.level()),
        locations: [location(payload, place, Some(violation))],
        message: Message {
            text: MessageText(finding),
        },
        properties: Properties {
            doc: violation.doc().map(DocRefText),
            found: violation.found().map(|found| found.text()),
            har_entry: payload.locus.entry(),
            part: finding.part.map(Part::as_str),
            payload_line: payload.locus.line(),
            pointer: violation.pointer(),
            provenance: violation.provenance().as_str(),
        },
        rule_id: violation.rule(),
        rule_index: indexes.get(violation.rule()).copied(),
        fingerprints,
    }
}

/// How many findings a payload may have for its results to be written by the worker thread
/// that checked it; a payload with more is written straight to the output by
/// [`Render::emit`] (see the JSON format's `RENDERED_FINDINGS`).
pub const RENDERED_FINDINGS: usize = super::json::RENDERED_FINDINGS;

/// One payload's part of the document.
#[derive(Debug)]
pub struct Item {
    results: Results,
    /// The notification for a payload that could not be checked.
    notification: Option<Value>,
}

/// A payload's results.
#[derive(Debug)]
enum Results {
    /// Written ahead one after the other, each without its closing brace, where its
    /// fingerprints go: where each ends, and its fingerprint's hash.
    Written(Vec<u8>, Vec<(usize, u64)>),
    /// The payload, written when its turn comes, with its place.
    Payload(Box<Payload>, Place),
}

impl Sarif {
    /// The fingerprints of the next result with this hash.
    fn fingerprints(&mut self, hash: u64) -> Fingerprints {
        let occurrence = self.occurrences.entry(hash).or_insert(0);
        *occurrence += 1;
        Fingerprints {
            hash,
            occurrence: *occurrence,
        }
    }

    fn separator(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let separator: &[u8] = if self.written == 0 { b"\n" } else { b",\n" };
        self.written += 1;
        out.write_all(separator)
    }
}

/// The item renderer of the SARIF format: a payload's results, without the fingerprints'
/// occurrence counts, which follow report order and are the writer's.
#[derive(Debug, Clone)]
pub struct Items {
    /// Each rule's index in the run's rules.
    indexes: Arc<HashMap<&'static str, usize>>,
    /// The working directory, the base of relative paths.
    cwd: Arc<str>,
}

impl ItemRenderer for Items {
    type Item = Item;

    fn item(&self, payload: Payload, _text: Option<Text<'_>>) -> Self::Item {
        let place = place(&payload.source.name, &self.cwd, PathStyle::NATIVE);
        let notification = (payload.status == Status::Unchecked).then(|| {
            json!({
                "level": "error",
                "message": {"text": format!(
                    "{} could not be checked: {}",
                    super::payload_name(&payload),
                    payload.reason.as_deref().unwrap_or("")
                )},
                "locations": [location(&payload, &place, None)],
            })
        });
        if payload.finding_count() > RENDERED_FINDINGS {
            return Item {
                results: Results::Payload(Box::new(payload), place),
                notification,
            };
        }
        let mut text = Vec::new();
        let mut ends = Vec::with_capacity(payload.finding_count());
        let mut whole = true;
        for finding in payload.findings() {
            let hash = fingerprint_hash(&place.key, &finding);
            let written = result(&self.indexes, &payload, &place, finding, None);
            whole = serde_json::to_writer(&mut text, &written).is_ok() && text.pop() == Some(b'}');
            if !whole {
                break;
            }
            ends.push((text.len(), hash));
        }
        let results = if whole {
            Results::Written(text, ends)
        } else {
            // Writing into memory cannot fail; should it, `emit` writes the payload itself
            // and reports the error instead of writing half a result.
            Results::Payload(Box::new(payload), place)
        };
        Item {
            results,
            notification,
        }
    }
}

impl Render for Sarif {
    type Items = Items;

    fn items(&self) -> Items {
        self.items.clone()
    }

    fn run_info(&mut self, info: &super::RunInfo) {
        self.config_file.clone_from(&info.config_file);
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\"$schema\": \"{SCHEMA_URI}\", \"version\": \"2.1.0\", \"runs\": [{{\"tool\": {}, \"columnKind\": \"unicodeCodePoints\", \"originalUriBaseIds\": {}, \"results\": [",
            tool(),
            uri_bases(&self.items.cwd, PathStyle::NATIVE),
        )
    }

    fn emit(&mut self, item: Item, out: &mut dyn Write) -> io::Result<()> {
        match item.results {
            Results::Written(text, ends) => {
                let mut start = 0;
                for (end, hash) in ends {
                    let fingerprints = self.fingerprints(hash);
                    self.separator(out)?;
                    out.write_all(&text[start..end])?;
                    out.write_all(b",\"partialFingerprints\":")?;
                    serde_json::to_writer(&mut *out, &fingerprints)?;
                    out.write_all(b"}")?;
                    start = end;
                }
            }
            Results::Payload(payload, place) => {
                // Results are written in small pieces; a buffer of a known type takes them
                // without a dynamic call each.
                let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
                for finding in payload.findings() {
                    let fingerprints = self.fingerprints(fingerprint_hash(&place.key, &finding));
                    self.separator(&mut buffered)?;
                    let written = result(
                        &self.items.indexes,
                        &payload,
                        &place,
                        finding,
                        Some(fingerprints),
                    );
                    serde_json::to_writer(&mut buffered, &written)?;
                }
                buffered.flush()?;
            }
        }
        self.notifications.extend(item.notification);
        Ok(())
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        self.nothing_checked |= fatal;
        self.notifications.push(json!({
            "level": if fatal { "error" } else { "note" },
            "message": {"text": format!("{}: {reason}", super::NOTHING_CHECKED)},
        }));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        // The configuration file that applied (null when none did): a property of the
        // invocation, since it decided the levels of every result.
        let invocation = json!({
            "executionSuccessful": summary.unchecked == 0 && !self.nothing_checked,
            "toolExecutionNotifications": self.notifications,
            "properties": {"configurationFile": self.config_file},
        });
        let newline = if self.written == 0 { "" } else { "\n" };
        writeln!(out, "{newline}], \"invocations\": [{invocation}]}}]}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(name: &str, cwd: &str) -> (String, Option<&'static str>, String) {
        let place = place(name, cwd, PathStyle::Unix);
        (place.uri, place.base, place.key)
    }

    fn windows(name: &str, cwd: &str) -> (String, Option<&'static str>, String) {
        let place = place(name, cwd, PathStyle::Windows);
        (place.uri, place.base, place.key)
    }

    fn expect(
        uri: &str,
        base: Option<&'static str>,
        key: &str,
    ) -> (String, Option<&'static str>, String) {
        (uri.to_owned(), base, key.to_owned())
    }

    #[test]
    fn relative_paths_stay_relative_to_the_working_directory() {
        let root = Some(SRCROOT);
        for (name, expected) in [
            (
                "examples/a b.json",
                expect("examples/a%20b.json", root, "examples/a b.json"),
            ),
            ("./x//y.json", expect("x/y.json", root, "x/y.json")),
            // A colon in the first segment would make `a` a scheme.
            ("a:b/x.json", expect("a%3Ab/x.json", root, "a:b/x.json")),
            ("x/a:b.json", expect("x/a:b.json", root, "x/a:b.json")),
            (
                "../up/é%#?.json",
                expect("../up/%C3%A9%25%23%3F.json", root, "../up/é%#?.json"),
            ),
            // On Unix a backslash is a character of the name.
            ("a\\b.json", expect("a%5Cb.json", root, "a\\b.json")),
        ] {
            assert_eq!(unix(name, "/work/run"), expected, "{name}");
        }
    }

    #[test]
    fn absolute_paths_under_the_working_directory_become_relative() {
        let root = Some(SRCROOT);
        assert_eq!(
            unix("/work/run/c/x.har", "/work/run"),
            expect("c/x.har", root, "c/x.har")
        );
        assert_eq!(
            unix("/work/run/c/x.har", "/work/run/"),
            expect("c/x.har", root, "c/x.har")
        );
        assert_eq!(
            unix("/tmp/x.har", "/work/run"),
            expect("file:///tmp/x.har", None, "../../tmp/x.har")
        );
        assert_eq!(
            unix("/work/other/x.json", "/work/run"),
            expect("file:///work/other/x.json", None, "../other/x.json")
        );
        assert_eq!(unix("/x.json", "/"), expect("x.json", root, "x.json"));
    }

    #[test]
    fn windows_paths_become_file_uris_or_relative_references() {
        let root = Some(SRCROOT);
        assert_eq!(
            windows("C:\\x\\y.json", "D:\\run"),
            expect("file:///C:/x/y.json", None, "/C:/x/y.json")
        );
        assert_eq!(
            windows("c:\\Run\\cap\\y.json", "C:\\run"),
            expect("cap/y.json", root, "cap/y.json")
        );
        assert_eq!(
            windows("C:/x/y z.json", "C:\\run"),
            expect("file:///C:/x/y%20z.json", None, "../x/y z.json")
        );
        assert_eq!(
            windows("\\\\host\\share\\x.json", "C:\\run"),
            expect("file://host/share/x.json", None, "host/share/x.json")
        );
        assert_eq!(
            windows("cap\\a:b.json", "C:\\run"),
            expect("cap/a:b.json", root, "cap/a:b.json")
        );
        assert_eq!(
            uri_bases("C:\\run", PathStyle::Windows)[SRCROOT]["uri"],
            "file:///C:/run/"
        );
        assert_eq!(uri_bases("/", PathStyle::Unix)[SRCROOT]["uri"], "file:///");
    }

    #[test]
    fn standard_input_has_a_base_of_its_own() {
        assert_eq!(
            unix("<stdin>", "/work/run"),
            expect("stdin", Some(STDIN_BASE), "<stdin>")
        );
    }

    #[test]
    fn fingerprint_hashes_are_fixed_values() {
        // FNV-1a's published test vector, and a value that must never change: fingerprints
        // are compared across runs, machines and versions.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in b"a" {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        assert_eq!(hash, 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(&[b"a", b"b"]), fnv1a(&[b"a", b"b"]));
        assert_ne!(fnv1a(&[b"ab", b""]), fnv1a(&[b"a", b"b"]));
    }
}
