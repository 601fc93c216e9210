//! The request side of the interface: the URL's path parameters (Table 1) and the headers
//! (Table 2), checked through the generated [`UrlParams`] and [`RequestHeaders`] models, so the
//! request obeys the same spec rows, rule ids and levels as the response.
//!
//! A request captured in a larger text (a HAR entry) can say where its parts are
//! ([`Request::located`], [`Request::header_at`]); its violations then carry positions in that
//! text's coordinates, like a response validated with a [`Placement`](crate::Placement).

use std::fmt;

use crate::config::Config;
use crate::contract::Contract;
use crate::json::{Origin, Position, Span, line_columns};
use crate::models::de::WireObject;
use crate::models::{RequestHeaders, UrlParams};
use crate::placement::relocate;
use crate::report::Report;
use crate::violation::{Violation, ViolationKind};

/// The route template, for messages: the spec's path with `{vdnId}` and `{campaignId}`.
pub const ROUTE: &str = crate::registry::ROUTE;

/// The path every request of the interface is sent to, up to its two parameters.
#[must_use]
pub fn route_prefix() -> &'static str {
    ROUTE.split_once('{').map_or(ROUTE, |(prefix, _)| prefix)
}

/// One request as sent or captured: its URL (a full URL or a path, query allowed) and its
/// headers.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    url: &'a str,
    headers: Vec<Header<'a>>,
    located: Option<Located<'a>>,
}

/// One header as sent.
#[derive(Debug, Clone, Copy)]
struct Header<'a> {
    name: &'a str,
    value: &'a str,
    /// The value's JSON string literal in the located text.
    span: Option<Span>,
}

/// Where a captured request's parts are.
#[derive(Debug, Clone, Copy)]
struct Located<'a> {
    text: &'a str,
    base: Position,
    /// The request object in `text`: a missing header points at its start.
    request: Span,
    /// The URL's JSON string literal in `text`.
    url: Span,
}

impl<'a> Request<'a> {
    /// A request to `url`, without headers.
    #[must_use]
    pub fn new(url: &'a str) -> Self {
        Request {
            url,
            headers: Vec::new(),
            located: None,
        }
    }

    /// With one more header (names compare case-insensitively, as HTTP's do).
    #[must_use]
    pub fn header(mut self, name: &'a str, value: &'a str) -> Self {
        self.headers.push(Header {
            name,
            value,
            span: None,
        });
        self
    }

    /// A request captured as JSON in `text` (which starts at `base` of its file): `request`
    /// is the request object's span and `url` the span of the URL's string literal, both in
    /// `text`. Violations then carry positions in the file's coordinates.
    #[must_use]
    pub fn located(mut self, text: &'a str, base: Position, request: Span, url: Span) -> Self {
        self.located = Some(Located {
            text,
            base,
            request,
            url,
        });
        self
    }

    /// With one more header whose value is the string literal at `span` of the located text.
    #[must_use]
    pub fn header_at(mut self, name: &'a str, value: &'a str, span: Span) -> Self {
        self.headers.push(Header {
            name,
            value,
            span: Some(span),
        });
        self
    }

    /// The path parameters, when the URL's path is the interface's route.
    ///
    /// # Errors
    /// [`NotTheRoute`] when the path is another one.
    pub fn route(&self) -> Result<Route<'a>, NotTheRoute> {
        let (start, end) = path_range(self.url);
        let path = &self.url[start..end];
        let not_the_route = || NotTheRoute {
            path: path.to_owned(),
        };
        let prefix = route_prefix();
        let rest = path.strip_prefix(prefix).ok_or_else(not_the_route)?;
        let rest_start = start + prefix.len();
        let (vdn_id, campaign_id) = rest.split_once('/').ok_or_else(not_the_route)?;
        if campaign_id.contains('/') {
            return Err(not_the_route());
        }
        Ok(Route {
            vdn_id: (rest_start, vdn_id),
            campaign_id: (rest_start + vdn_id.len() + 1, campaign_id),
        })
    }

    /// The URL parameters' violations (Table 1), positioned when the request is located.
    fn url_violations(&self, route: &Route<'_>) -> Vec<Violation> {
        let parameters = [route.vdn_id, route.campaign_id];
        let names = <UrlParams as WireObject>::NAMES;
        let members: Vec<String> = names
            .iter()
            .zip(parameters)
            .filter(|(_, (_, segment))| !segment.is_empty())
            .map(|(name, (_, segment))| format!("\"{name}\": {}", segment_json(segment)))
            .collect();
        check_part::<UrlParams>(&members, self.located, |violation, located| {
            // The segment's span in the URL, then through the URL literal's escapes.
            let (offset, segment) = parameters[row_of(violation, names).unwrap_or(0)];
            let end = (offset + segment.len()).min(self.url.len());
            let origin = Origin::Embedded {
                parent: &Origin::Source,
                parent_text: located.text,
                token: located.url,
            };
            let mapped = origin.to_source_all(&[offset, end]);
            Span::new(mapped[0], mapped[1].max(mapped[0]))
        })
    }

    /// The headers' violations (Table 2), positioned when the request is located. Only the
    /// headers the table documents are read; a header sent with an empty value counts as not
    /// sent (an empty `Authorization` is no credential).
    fn header_violations(&self) -> Vec<Violation> {
        let names = <RequestHeaders as WireObject>::NAMES;
        let sent: Vec<Option<&Header<'_>>> = names
            .iter()
            .map(|name| {
                self.headers
                    .iter()
                    .find(|header| header.name.eq_ignore_ascii_case(name))
                    .filter(|header| !header.value.is_empty())
            })
            .collect();
        let members: Vec<String> = names
            .iter()
            .zip(&sent)
            .filter_map(|(name, header)| {
                let value = serde_json::to_string((*header)?.value).unwrap_or_default();
                Some(format!("\"{name}\": {value}"))
            })
            .collect();
        check_part::<RequestHeaders>(&members, self.located, |violation, located| {
            // A header's value where it was sent; a missing one at the request's start.
            let sent = match violation.kind {
                ViolationKind::Missing { .. } => None,
                _ => row_of(violation, names).and_then(|row| sent[row]),
            };
            sent.and_then(|header| header.span)
                .unwrap_or(Span::new(located.request.start, located.request.start + 1))
        })
    }
}

/// Checks a request part written as the JSON object of `members` (`"name": value`) as a `T`;
/// in a located request each violation is placed at `span_of` (a span of the located text),
/// otherwise it has no position; then they are ordered by position and the table's rows.
fn check_part<T: Contract + WireObject>(
    members: &[String],
    located: Option<Located<'_>>,
    span_of: impl Fn(&Violation, &Located<'_>) -> Span,
) -> Vec<Violation> {
    let object = format!("{{{}}}", members.join(", "));
    let mut violations = T::violations_of_json(object.as_bytes());
    match located {
        Some(located) => {
            let spans: Vec<Span> = violations
                .iter()
                .map(|violation| span_of(violation, &located))
                .collect();
            located.place(&mut violations, &spans);
        }
        None => unplace(&mut violations),
    }
    in_table_order(&mut violations, T::NAMES);
    violations
}

/// The row (index in the table's wire names) of the field a violation's pointer names.
fn row_of(violation: &Violation, names: &[&str]) -> Option<usize> {
    let name = violation.pointer.strip_prefix('/')?;
    names.iter().position(|candidate| *candidate == name)
}

/// Sorts violations by position (when located), then by the row of the field they are about,
/// so that headers missing together are reported in the table's order.
fn in_table_order(violations: &mut [Violation], names: &[&str]) {
    violations.sort_by_key(|violation| {
        let row = row_of(violation, names).unwrap_or(names.len());
        (violation.span.map_or(0, |span| span.start), row)
    });
}

impl Located<'_> {
    /// Gives each violation its span (in the text) and position (in the file), all
    /// positions in one pass over the text.
    fn place(&self, violations: &mut [Violation], spans: &[Span]) {
        let starts: Vec<usize> = spans.iter().map(|span| span.start).collect();
        let positions = line_columns(self.text.as_bytes(), &starts);
        for ((violation, span), position) in violations.iter_mut().zip(spans).zip(positions) {
            violation.position = Some(relocate(position, self.base));
            violation.span = Some(Span::new(
                span.start + self.base.offset,
                span.end + self.base.offset,
            ));
            violation.embedded_in = None;
            violation.embedded_offset = None;
        }
    }
}

/// Drops the positions of the object the parts were checked as: they are not the request's.
fn unplace(violations: &mut [Violation]) {
    for violation in violations {
        violation.position = None;
        violation.span = None;
        violation.embedded_in = None;
        violation.embedded_offset = None;
    }
}

/// The two path parameters of a request to the interface, each with its byte offset in the
/// URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'a> {
    vdn_id: (usize, &'a str),
    campaign_id: (usize, &'a str),
}

impl<'a> Route<'a> {
    /// The `{vdnId}` segment, as written.
    #[must_use]
    pub fn vdn_id(&self) -> &'a str {
        self.vdn_id.1
    }

    /// The `{campaignId}` segment, as written.
    #[must_use]
    pub fn campaign_id(&self) -> &'a str {
        self.campaign_id.1
    }
}

/// A request whose URL path is not the interface's route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotTheRoute {
    path: String,
}

impl NotTheRoute {
    /// The path found.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for NotTheRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "URL path {} is not {ROUTE}", self.path)
    }
}

impl std::error::Error for NotTheRoute {}

/// The verdicts on a request: its URL parameters and its headers, reported apart because a
/// capture shows them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestReport {
    /// Table 1: the path parameters.
    pub url: Report,
    /// Table 2: the headers.
    pub headers: Report,
}

impl RequestReport {
    /// Whether both parts passed.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.url.passed() && self.headers.passed()
    }
}

/// Checks a request under `config`.
pub(crate) fn validate(
    request: &Request<'_>,
    config: &Config,
) -> Result<RequestReport, NotTheRoute> {
    let route = request.route()?;
    Ok(RequestReport {
        url: Report::new(request.url_violations(&route), config),
        headers: Report::new(request.header_violations(), config),
    })
}

/// Where the path of `url` starts and ends (after the authority, before query and fragment).
fn path_range(url: &str) -> (usize, usize) {
    let start = match url.find("://") {
        Some(scheme_end) => {
            let authority = scheme_end + 3;
            url[authority..]
                .find('/')
                .map_or(url.len(), |slash| authority + slash)
        }
        None => 0,
    };
    let end = url[start..]
        .find(['?', '#'])
        .map_or(url.len(), |cut| start + cut);
    (start, end)
}

/// A path segment as a JSON value: an integer literal when it is written as one, a string
/// otherwise (which Table 1's integer type then rejects).
fn segment_json(segment: &str) -> String {
    let digits = segment.strip_prefix('-').unwrap_or(segment);
    if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) {
        let trimmed = digits.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        if segment.starts_with('-') && trimmed != "0" {
            format!("-{trimmed}")
        } else {
            trimmed.to_owned()
        }
    } else {
        serde_json::to_string(segment).unwrap_or_else(|_| "null".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://cc.example/rest/isales/v1/openapi/campaigns/12/3400?x=1";

    fn report(request: &Request<'_>) -> RequestReport {
        validate(request, &Config::new()).expect("the route")
    }

    fn found(report: &Report) -> Vec<(&'static str, &str)> {
        report
            .violations
            .iter()
            .map(|violation| (violation.rule(), violation.pointer()))
            .collect()
    }

    #[test]
    fn a_complete_request_passes() {
        let request = Request::new(URL)
            .header("content-type", "application/json; charset=UTF-8")
            .header("Authorization", "token")
            .header("Accept", "*/*");
        let report = report(&request);
        assert!(report.passed(), "{report:?}");
        assert!(report.url.violations.is_empty() && report.headers.violations.is_empty());
    }

    #[test]
    fn parameters_and_headers_break_the_rows_of_tables_1_and_2() {
        let request = Request::new("/rest/isales/v1/openapi/campaigns/0/abc")
            .header("Content-Type", "text/plain")
            .header("Authorization", "");
        let report = report(&request);
        assert_eq!(
            found(&report.url),
            [("out-of-range", "/vdnId"), ("type-mismatch", "/campaignId")]
        );
        assert_eq!(
            found(&report.headers),
            [
                ("content-type-header", "/Content-Type"),
                ("required-field", "/Authorization")
            ]
        );
        assert!(report.url.violations.iter().all(|v| v.position().is_none()));
    }

    #[test]
    fn other_paths_are_not_the_route() {
        for url in [
            "/rest/isales/v1/openapi/campaigns/1",
            "/rest/isales/v1/openapi/campaigns/1/2/3",
            "https://h/other",
        ] {
            let error = Request::new(url).route().expect_err(url);
            assert!(error.to_string().ends_with(ROUTE), "{error}");
        }
        let route = Request::new(URL).route().expect("the route");
        assert_eq!((route.vdn_id(), route.campaign_id()), ("12", "3400"));
    }

    #[test]
    fn a_located_request_reports_in_the_file_coordinates() {
        // The entry starts at line 3, column 5 of its file.
        let text = "{\"url\": \"/rest/isales/v1/openapi/campaigns/x/7\",\n \"h\": \"text/html\"}";
        let base = Position {
            offset: 40,
            line: 3,
            column: 5,
        };
        let url = Span::new(8, 47);
        let value = Span::new(55, 66);
        assert_eq!(&text[value.start..value.end], "\"text/html\"");
        let request = Request::new("/rest/isales/v1/openapi/campaigns/x/7")
            .located(text, base, Span::new(0, text.len()), url)
            .header_at("Content-Type", "text/html", value)
            .header("Authorization", "t");
        let report = report(&request);
        let vdn = &report.url.violations[0];
        assert_eq!(vdn.pointer(), "/vdnId");
        // `x` follows the 34 characters of the prefix in the literal opened at 8: offset 43,
        // column 44 of the entry's first line, which starts at column 5 of the file.
        let position = vdn.position().expect("a position");
        assert_eq!((position.line, position.column), (3, 48));
        assert_eq!(vdn.span(), Some(Span::new(40 + 43, 40 + 44)));
        let header = &report.headers.violations[0];
        let position = header.position().expect("a position");
        assert_eq!((position.line, position.column), (4, 7));
    }
}
