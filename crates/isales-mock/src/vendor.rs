//! What the vendor's side of the interface decides before any campaign is made: whether a
//! request is the interface's at all (route and method, from the spec's `[interface]` through
//! the registry), whether its URL parameters and headers obey Tables 1 and 2 (the library's
//! [`Validator::validate_request`]), and which Table 21 code a broken request is answered with.
//!
//! Table 21 has no authentication code, and its eight-digit codes name the kind of fault of a
//! parameter; the mock picks the code by what the first error-level violation is:
//!
//! | violation | code |
//! |---|---|
//! | a parameter or header missing or empty (`required-field`) | `02000001` a parameter is empty |
//! | `vdnId` or `campaignId` not an integer (`type-mismatch`, `not-an-integer`) | `02000006` wrong type |
//! | `vdnId` outside 1–9999 (`out-of-range`) | `02000007` a value not allowed |
//! | `Content-Type` not `application/json; charset=UTF-8` (`content-type-header`) | `02000007` a value not allowed |
//! | anything else at error level | `0200001` parameter error |
//!
//! Warnings (a malformed `locale`) do not fail a request.

use isales_contract::registry::{METHOD, ROUTE};
use isales_contract::{Request, Severity, Validator, Violation, ViolationKind};

/// The interface's route template.
pub const ROUTE_TEMPLATE: &str = ROUTE;
/// The interface's method.
pub const ROUTE_METHOD: &str = METHOD;

/// The catch-all code of Table 21: a parameter is wrong.
pub const PARAMETER_ERROR: &str = "0200001";
/// A parameter is empty.
pub const EMPTY_PARAMETER: &str = "02000001";
/// A parameter has the wrong type.
pub const WRONG_TYPE: &str = "02000006";
/// A parameter has a value that is not allowed.
pub const WRONG_VALUE: &str = "02000007";

/// The two path parameters of a request that passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ids {
    /// `vdnId`, 1 to 9999.
    pub vdn_id: i64,
    /// `campaignId`.
    pub campaign_id: i64,
}

/// A request the vendor would refuse, and with which code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The Table 21 code of the answer.
    pub code: &'static str,
    /// The error-level rules the request broke, in the tables' order (ASCII ids).
    pub rules: Vec<&'static str>,
    /// What the answer's `resultDesc` says: the violations' messages.
    pub description: String,
}

/// Whether a path is the interface's route, up to its two parameters (which
/// [`check`] then checks).
#[must_use]
pub fn is_route(path: &str) -> bool {
    Request::new(path).route().is_ok()
}

/// Checks a request to the route: `path_and_query` as sent, `headers` as `(name, value)`.
///
/// # Errors
/// The refusal, when a parameter or header breaks an error-level rule of Tables 1 and 2.
pub fn check(
    validator: &Validator,
    path_and_query: &str,
    headers: &[(String, String)],
) -> Result<Ids, Refusal> {
    let mut request = Request::new(path_and_query);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let route = request.route().map_err(|error| Refusal {
        code: PARAMETER_ERROR,
        rules: Vec::new(),
        description: error.to_string(),
    })?;
    let parsed = validator
        .validate_request(&request)
        .map_err(|error| Refusal {
            code: PARAMETER_ERROR,
            rules: Vec::new(),
            description: error.to_string(),
        })?;
    let errors: Vec<&Violation> = parsed
        .url
        .violations
        .iter()
        .chain(&parsed.headers.violations)
        .filter(|violation| violation.level() == Severity::Error)
        .collect();
    if let Some(first) = errors.first() {
        let mut rules: Vec<&'static str> = errors.iter().map(|v| v.rule()).collect();
        rules.dedup();
        let description = errors
            .iter()
            .map(|violation| {
                let field = violation.pointer().trim_start_matches('/');
                format!("{field}: {}", violation.message())
            })
            .collect::<Vec<_>>()
            .join("; ");
        return Err(Refusal {
            code: code_of(first),
            rules,
            description,
        });
    }
    let number = |text: &str| text.parse::<i64>().ok();
    match (number(route.vdn_id()), number(route.campaign_id())) {
        (Some(vdn_id), Some(campaign_id)) => Ok(Ids {
            vdn_id,
            campaign_id,
        }),
        // The validator took them as integers; a spelling `i64` does not read is refused
        // like any other wrong type rather than guessed at.
        _ => Err(Refusal {
            code: WRONG_TYPE,
            rules: Vec::new(),
            description: "vdnId and campaignId must be 64-bit integers".to_owned(),
        }),
    }
}

/// The Table 21 code a violation of Tables 1 and 2 is answered with (the module's table).
fn code_of(violation: &Violation) -> &'static str {
    match violation.kind() {
        ViolationKind::Missing { .. } => EMPTY_PARAMETER,
        ViolationKind::TypeMismatch { .. } | ViolationKind::NotAnInteger { .. } => WRONG_TYPE,
        ViolationKind::OutOfRange { .. } | ViolationKind::NotFixedValue { .. } => WRONG_VALUE,
        _ => PARAMETER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    const GOOD: &[(&str, &str)] = &[
        ("content-type", "application/json;charset=UTF-8"),
        ("authorization", "x"),
    ];

    #[test]
    fn each_fault_gets_its_code() {
        let validator = Validator::default();
        let base = "/rest/isales/v1/openapi/campaigns";
        let ok = check(&validator, &format!("{base}/12/34?form=x"), &headers(GOOD));
        assert_eq!(
            ok,
            Ok(Ids {
                vdn_id: 12,
                campaign_id: 34
            })
        );
        let code = |path: &str, sent: &[(&str, &str)]| {
            check(&validator, &format!("{base}/{path}"), &headers(sent))
                .map_err(|refusal| refusal.code)
                .err()
        };
        assert_eq!(code("x/1", GOOD), Some(WRONG_TYPE));
        assert_eq!(code("1/1.5", GOOD), Some(WRONG_TYPE));
        assert_eq!(code("0/1", GOOD), Some(WRONG_VALUE));
        assert_eq!(code("10000/1", GOOD), Some(WRONG_VALUE));
        assert_eq!(code("1/1", &GOOD[1..]), Some(EMPTY_PARAMETER));
        assert_eq!(code("1/1", &GOOD[..1]), Some(EMPTY_PARAMETER));
        assert_eq!(
            code(
                "1/1",
                &[("content-type", "text/plain"), ("authorization", "x")]
            ),
            Some(WRONG_VALUE)
        );
        assert!(is_route(&format!("{base}/a/b")));
        assert!(!is_route(&format!("{base}/1")));
    }
}
