//! The requests sent to the mock and what came back: the request the OpenAPI document
//! describes (the interface's route with sample URL parameters, and a value for each header
//! the operation requires), the responses' status codes, how many responses Prism's own check
//! of its answer against the document flagged (`sl-violations`), and the bodies of the
//! successful ones as NDJSON, one body per line, for our validator.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use isales_vocabulary::registry::ROUTE;
use serde_json::Value;

use super::http;

/// The URL parameters of the sample request (`vdnId`, `campaignId`).
const URL_PARAMETERS: [(&str, &str); 2] = [("vdnId", "1"), ("campaignId", "100")];

/// The values given to the headers the document requires, by name; a header not listed
/// here takes the document's example.
const HEADER_VALUES: [(&str, &str); 2] = [
    ("Content-Type", "application/json;charset=UTF-8"),
    // The mock checks only that a credential is present.
    ("Authorization", "openapi-peers-placeholder"),
];

/// How long one request may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The request's path: the route with the sample URL parameters.
pub(crate) fn request_path() -> String {
    URL_PARAMETERS
        .iter()
        .fold(ROUTE.to_owned(), |path, (name, value)| {
            path.replace(&format!("{{{name}}}"), value)
        })
}

/// The headers `document`'s operation requires, with the value sent for each.
pub(crate) fn required_headers(document: &Value) -> Result<Vec<(String, String)>, String> {
    let operation = &document["paths"][ROUTE]["get"];
    if !operation.is_object() {
        return Err(format!("the document has no `get` operation at `{ROUTE}`"));
    }
    let mut headers = Vec::new();
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let parameter = resolve(document, parameter)?;
        if parameter["in"] != "header" || parameter["required"] != true {
            continue;
        }
        let name = parameter["name"]
            .as_str()
            .ok_or("a header parameter has no name")?;
        let known = HEADER_VALUES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| (*value).to_owned());
        let example = || {
            let schema = resolve(document, &parameter["schema"]).ok()?;
            [
                &parameter["example"],
                &schema["examples"][0],
                &schema["example"],
            ]
            .into_iter()
            .find_map(|value| value.as_str().map(str::to_owned))
        };
        let value = known.or_else(example).ok_or_else(|| {
            format!("the document requires the header `{name}` and gives no example of it")
        })?;
        headers.push((name.to_owned(), value));
    }
    Ok(headers)
}

/// `value`, or what its `$ref` (a pointer into `document`) names.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> Result<&'a Value, String> {
    match value["$ref"].as_str() {
        None => Ok(value),
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| document.pointer(pointer))
            .ok_or_else(|| format!("`{reference}` names nothing in the document")),
    }
}

/// What the responses were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Capture {
    /// Requests sent.
    pub requested: usize,
    /// Responses per status code.
    pub statuses: BTreeMap<u16, usize>,
    /// Responses Prism itself found at odds with the document.
    pub flagged_by_prism: usize,
    /// Bodies written to the NDJSON file (the 200 responses).
    pub saved: usize,
}

/// Sends `count` requests to the mock at `address` and writes the successful bodies to
/// `ndjson`.
pub(crate) fn capture(
    address: SocketAddr,
    headers: &[(String, String)],
    count: usize,
    ndjson: &Path,
) -> Result<Capture, String> {
    let path = request_path();
    let mut capture = Capture::default();
    let mut lines = Vec::new();
    for _ in 0..count {
        let response = http::get(address, &path, headers, TIMEOUT)?;
        capture.requested += 1;
        *capture.statuses.entry(response.status).or_default() += 1;
        if prism_violations(response.header("sl-violations")) > 0 {
            capture.flagged_by_prism += 1;
        }
        if response.status == 200 {
            lines.extend(ndjson_line(&response.body));
            capture.saved += 1;
        }
    }
    std::fs::write(ndjson, lines)
        .map_err(|error| format!("cannot write {}: {error}", ndjson.display()))?;
    Ok(capture)
}

/// How many violations Prism's `sl-violations` header lists (0 without the header).
pub(crate) fn prism_violations(header: Option<&str>) -> usize {
    header
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|value| value.as_array().map(Vec::len))
        .unwrap_or(0)
}

/// A body as one NDJSON line. JSON text holds line breaks only as whitespace between tokens
/// (a string escapes them), so they become spaces; offsets and the verdict stay the same.
pub(crate) fn ndjson_line(body: &[u8]) -> Vec<u8> {
    let mut line: Vec<u8> = body
        .iter()
        .map(|&byte| {
            if byte == b'\n' || byte == b'\r' {
                b' '
            } else {
                byte
            }
        })
        .collect();
    line.push(b'\n');
    line
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_request_fills_the_route() {
        assert_eq!(request_path(), "/rest/isales/v1/openapi/campaigns/1/100");
    }

    #[test]
    fn required_headers_come_from_the_operation() {
        let document = json!({
            "paths": {ROUTE: {"get": {"parameters": [
                {"name": "vdnId", "in": "path", "required": true},
                {"$ref": "#/components/parameters/ContentType"},
                {"name": "Authorization", "in": "header", "required": true},
                {"name": "X-Trace", "in": "header", "required": true,
                 "schema": {"type": "string", "examples": ["t-1"]}},
                {"name": "locale", "in": "header", "required": false},
            ]}}},
            "components": {"parameters": {"ContentType": {
                "name": "Content-Type", "in": "header", "required": true,
                "schema": {"examples": ["application/json; charset=UTF-8"]}}}},
        });
        assert_eq!(
            required_headers(&document),
            Ok(vec![
                (
                    "Content-Type".to_owned(),
                    "application/json;charset=UTF-8".to_owned()
                ),
                (
                    "Authorization".to_owned(),
                    "openapi-peers-placeholder".to_owned()
                ),
                ("X-Trace".to_owned(), "t-1".to_owned()),
            ])
        );
    }

    #[test]
    fn a_document_without_the_operation_or_a_value_is_refused() {
        let error = required_headers(&json!({"paths": {}})).expect_err("no operation");
        assert!(error.contains("no `get` operation"), "{error}");
        let document = json!({"paths": {ROUTE: {"get": {"parameters": [
            {"name": "X-Key", "in": "header", "required": true}]}}}});
        let error = required_headers(&document).expect_err("no value");
        assert!(error.contains("`X-Key`"), "{error}");
        let document = json!({"paths": {ROUTE: {"get": {"parameters": [
            {"$ref": "#/components/parameters/Gone"}]}}}});
        let error = required_headers(&document).expect_err("dangling");
        assert!(error.contains("names nothing"), "{error}");
    }

    #[test]
    fn prism_flags_are_counted_from_its_header() {
        let header = r#"[{"location":["response","body"],"severity":"Error","code":"type"},
            {"location":["response","body"],"severity":"Error","code":"if"}]"#;
        assert_eq!(prism_violations(Some(header)), 2);
        assert_eq!(prism_violations(Some("[]")), 0);
        assert_eq!(prism_violations(None), 0);
    }

    #[test]
    fn a_body_becomes_one_line() {
        assert_eq!(
            ndjson_line(b"{\r\n  \"a\": \"x\\ny\"\n}"),
            b"{    \"a\": \"x\\ny\" }\n"
        );
    }
}
