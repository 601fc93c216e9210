//! `isales-contract mock` tested as a client would: the real binary started on a free port,
//! its `listening on` line read, and a real HTTP client (ureq) talking to it. Most tests share
//! one server (started once, stopped when this test process ends and closes its standard
//! input); the tests of shutdown, coverage and start-up options start their own.
#![cfg(all(unix, feature = "mock"))]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use isales_contract::{RuleId, Severity};
use isales_generator::{Generator, Quirk, Recipe, RecipeError, Size};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_isales-contract");
const ROUTE: &str = "/rest/isales/v1/openapi/campaigns";
const JSON: &str = "application/json;charset=UTF-8";

/// A running mock.
struct Mock {
    child: Child,
    base: String,
    /// Kept open: the mock stops when it closes.
    stdin: Option<ChildStdin>,
    stderr: Arc<Mutex<String>>,
}

impl Mock {
    fn start(args: &[&str]) -> Mock {
        let mut child = Command::new(BIN)
            .args(["mock", "--port", "0", "--exit-on-stdin-close"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let first = lines
            .next()
            .expect("a first line")
            .expect("a readable first line");
        let base = first
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the first line is {first:?}"))
            .to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        std::thread::spawn(move || lines.for_each(drop));
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut pipe = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(read) = pipe.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&buffer[..read]).into_owned();
                sink.lock().expect("the log").push_str(&text);
            }
        });
        Mock {
            stdin: child.stdin.take(),
            child,
            base,
            stderr,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Waits (two seconds at most) until standard error holds `text`.
    fn wait_for_log(&self, text: &str) {
        self.wait_until(Duration::from_secs(2), |log| log.contains(text))
            .unwrap_or_else(|log| panic!("no {text:?} in {log}"));
    }

    /// Standard error once it holds `lines` lines (ten seconds at most): the server logs a
    /// request after answering it, so a client holding the answer can be ahead of the log.
    fn wait_for_lines(&self, lines: usize) -> String {
        self.wait_until(Duration::from_secs(10), |log| log.lines().count() >= lines)
            .unwrap_or_else(|log| log)
    }

    /// Standard error once `done` holds of it, or what it held when `within` ran out.
    fn wait_until(&self, within: Duration, done: impl Fn(&str) -> bool) -> Result<String, String> {
        let start = Instant::now();
        loop {
            let log = self.stderr();
            if done(&log) {
                return Ok(log);
            }
            if start.elapsed() > within {
                return Err(log);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().expect("the log").clone()
    }

    /// Sends SIGTERM and waits for the exit status.
    fn terminate(mut self) -> (Option<i32>, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let exit = self.child.wait().expect("the mock exits");
        drop(self.stdin.take());
        // The reader thread finishes with the pipe.
        std::thread::sleep(Duration::from_millis(100));
        (exit.code(), self.stderr())
    }
}

/// The server most tests share: seed 7.
fn shared() -> &'static Mock {
    static SHARED: OnceLock<Mock> = OnceLock::new();
    SHARED.get_or_init(|| Mock::start(&["--seed", "7"]))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// A table row: path or query, headers, and two expected words.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

/// An answer as the client saw it.
struct Got {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&self.body)))
    }
}

fn collect(response: ureq::http::Response<ureq::Body>) -> Got {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = value
                .to_str()
                .unwrap_or_else(|_| panic!("header {name} is not ASCII"));
            (name.as_str().to_owned(), value.to_owned())
        })
        .collect();
    let body = response.into_body().read_to_vec().expect("a whole body");
    Got {
        status,
        headers,
        body,
    }
}

/// GET `path` of `mock` with the valid headers and `extra` ones.
fn get_from(mock: &Mock, path: &str, extra: &[(&str, &str)]) -> Got {
    let mut request = agent()
        .get(mock.url(path))
        .header("Content-Type", JSON)
        .header("Authorization", "Bearer test");
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    collect(request.call().expect("an answer"))
}

fn get(path: &str, extra: &[(&str, &str)]) -> Got {
    get_from(shared(), path, extra)
}

fn campaign(vdn: i64, id: i64) -> String {
    format!("{ROUTE}/{vdn}/{id}")
}

/// The error-level rules a body reports.
fn errors(body: &[u8]) -> BTreeSet<String> {
    isales_contract::validate(body)
        .violations
        .iter()
        .filter(|v| v.level() == Severity::Error)
        .map(|v| v.rule().to_owned())
        .collect()
}

/// Every rule a body reports, at any level.
fn all_rules(body: &[u8]) -> BTreeSet<String> {
    isales_contract::validate(body)
        .violations
        .iter()
        .map(|v| v.rule().to_owned())
        .collect()
}

fn list(header: Option<&str>) -> BTreeSet<String> {
    header
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn valid_requests_get_valid_campaigns_that_depend_on_the_ids_alone() {
    let mut bodies = BTreeSet::new();
    let mut device_types = BTreeSet::new();
    let mut forms = BTreeSet::new();
    for id in 0..40 {
        let got = get(&campaign(1, id), &[]);
        assert_eq!(got.status, 200);
        assert_eq!(got.header("content-type"), Some(JSON));
        let report = isales_contract::validate(&got.body);
        assert!(
            report.errors().next().is_none(),
            "campaign {id}: {:?}",
            report.violations
        );
        assert!(
            bodies.insert(got.body.clone()),
            "campaign {id} repeats another"
        );
        let form = got.header("x-mock-form").expect("a form").to_owned();
        device_types.insert(got.json()["returnObject"]["deviceType"].to_string());
        forms.insert(form);
        // The same campaign twice, and from a second connection.
        assert_eq!(get(&campaign(1, id), &[]).body, got.body);
    }
    let generator = Generator::embedded(Size::SMALL);
    let codes = generator
        .dimensions()
        .enumeration(isales_generator::Dimension::DeviceType)
        .expect("a coded row")
        .values
        .len();
    assert_eq!(
        device_types.len(),
        codes,
        "device types of 40 ids: {device_types:?}"
    );
    assert!(forms.len() >= 20, "{} forms", forms.len());
    // Another tenant, the same campaign id: another campaign.
    assert_ne!(
        get(&campaign(2, 5), &[]).body,
        get(&campaign(1, 5), &[]).body
    );
    // Leading zeros name the same campaign.
    assert_eq!(
        get(&campaign(1, 5), &[]).body,
        get(&format!("{ROUTE}/001/05"), &[]).body
    );
}

#[test]
fn generate_writes_what_the_mock_serves() {
    for (path, extra) in [
        (campaign(3, 4), &[][..]),
        (
            format!("{}?error-code=0200007", campaign(3, 4)),
            &["--error-code", "0200007"][..],
        ),
    ] {
        let got = get(&path, &[]);
        let seed = got.header("x-mock-seed").expect("a seed");
        let index: usize = got
            .header("x-mock-index")
            .expect("an index")
            .parse()
            .expect("a number");
        let output = Command::new(BIN)
            .args(["generate", "--seed", seed, "-n", &(index + 1).to_string()])
            .args(extra)
            .output()
            .expect("generate runs");
        assert!(output.status.success(), "{path}");
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        assert_eq!(
            text.lines().last().map(str::as_bytes),
            Some(got.body.as_slice()),
            "{path}"
        );
    }
}

#[test]
fn health_other_paths_and_other_methods() {
    let mock = shared();
    let health = collect(agent().get(mock.url("/health")).call().expect("health"));
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
    for path in [
        "/",
        "/rest/isales/v1/openapi/campaigns/1",
        "/other?x=1",
        &format!("{}/1/2/3", ROUTE),
    ] {
        let got = get(path, &[]);
        assert_eq!(got.status, 404, "{path}");
        let paths = got.json()["paths"].to_string();
        assert!(paths.contains("{vdnId}/{campaignId}"), "{paths}");
    }
    let agent = agent();
    let url = mock.url(&campaign(1, 1));
    for got in [
        collect(agent.post(&url).send_empty().expect("POST")),
        collect(agent.delete(&url).call().expect("DELETE")),
        collect(agent.put(&url).send_empty().expect("PUT")),
    ] {
        assert_eq!(got.status, 405);
        assert_eq!(got.header("allow"), Some("GET"));
        assert_eq!(got.json()["allow"], serde_json::json!(["GET"]));
    }
}

#[test]
fn broken_requests_get_the_vendors_failure_envelope() {
    let mock = shared();
    let cases: &[Case] = &[
        (
            "x/1",
            &[("Content-Type", JSON), ("Authorization", "a")],
            "02000006",
            "type-mismatch",
        ),
        (
            "1/1.5",
            &[("Content-Type", JSON), ("Authorization", "a")],
            "02000006",
            "type-mismatch",
        ),
        (
            "1/abc",
            &[("Content-Type", JSON), ("Authorization", "a")],
            "02000006",
            "type-mismatch",
        ),
        (
            "0/1",
            &[("Content-Type", JSON), ("Authorization", "a")],
            "02000007",
            "out-of-range",
        ),
        (
            "10000/1",
            &[("Content-Type", JSON), ("Authorization", "a")],
            "02000007",
            "out-of-range",
        ),
        (
            "1/1",
            &[("Authorization", "a")],
            "02000001",
            "required-field",
        ),
        (
            "1/1",
            &[("Content-Type", "text/plain"), ("Authorization", "a")],
            "02000007",
            "content-type-header",
        ),
        (
            "1/1",
            &[("Content-Type", JSON)],
            "02000001",
            "required-field",
        ),
        (
            "1/1",
            &[("Content-Type", JSON), ("Authorization", "")],
            "02000001",
            "required-field",
        ),
    ];
    for (path, headers, code, rule) in cases {
        let mut request = agent().get(mock.url(&format!("{ROUTE}/{path}")));
        for (name, value) in *headers {
            request = request.header(*name, *value);
        }
        let got = collect(request.call().expect("an answer"));
        let what = format!("{path} {headers:?}");
        assert_eq!(got.status, 200, "{what}");
        let body = got.json();
        assert_eq!(body["resultCode"], *code, "{what}: {body}");
        assert_eq!(body["returnCode"], *code, "{what}");
        assert!(body["resultDesc"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(body.get("returnObject").is_none());
        assert_eq!(got.header("x-mock-error-code"), Some(*code));
        assert!(
            list(got.header("x-mock-request-violations")).contains(*rule),
            "{what}"
        );
        assert!(
            errors(&got.body).is_empty(),
            "{what}: the envelope itself is valid"
        );
    }
    // The violation is logged.
    mock.wait_for_log("request refused: vdnId");
}

#[test]
fn every_breakable_rule_is_broken_alone() {
    // The list the mock gives with a 400 is every rule a response can break.
    let refused = get(&campaign(1, 1), &[("Prefer", "violate=no-such-rule")]);
    assert_eq!(refused.status, 400);
    let valid: Vec<String> = refused.json()["problems"][0]["valid"]
        .as_array()
        .expect("the valid rules")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let generator = Generator::embedded(Size::SMALL);
    let expected: Vec<String> = RuleId::ALL
        .into_iter()
        .filter(|rule| {
            let recipe = Recipe {
                violate: vec![*rule],
                ..Recipe::default()
            };
            !matches!(
                generator.payload(&recipe, 0, 0),
                Err(RecipeError::RequestOnly { .. })
            )
        })
        .map(|rule| rule.as_str().to_owned())
        .collect();
    assert_eq!(valid, expected);
    let failures = Mutex::new(Vec::new());
    let next = Mutex::new(valid.iter().enumerate());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                loop {
                    let Some((index, rule)) = next.lock().expect("rules").next() else {
                        break;
                    };
                    let id = 1000 + i64::try_from(index).unwrap_or(0);
                    let got = get(&campaign(1, id), &[("Prefer", &format!("violate={rule}"))]);
                    // The rule at any level (some are warnings), and no other error.
                    let reported = all_rules(&got.body);
                    let errors = errors(&got.body);
                    let mut allowed = list(got.header("x-mock-companions"));
                    allowed.insert(rule.clone());
                    let ok = got.status == 200
                        && got.header("x-mock-violations") == Some(rule.as_str())
                        && reported.contains(rule)
                        && errors.is_subset(&allowed);
                    if !ok {
                        failures.lock().expect("failures").push(format!(
                            "{rule}: status {}, header {:?}, reported {reported:?}",
                            got.status,
                            got.header("x-mock-violations")
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("failures");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn forms_quirks_and_codes_steer_through_prefer_and_the_query() {
    // A previewed campaign, quoted and unquoted, in Prefer and in the query.
    let generator = Generator::embedded(Size::SMALL);
    let previewed = generator
        .dimensions()
        .enumeration(isales_generator::Dimension::DeviceType)
        .expect("a coded row")
        .values
        .iter()
        .find(|v| v.name == "Previewed")
        .map(|v| v.value)
        .expect("a previewed device type");
    for (path, prefer) in [
        (campaign(1, 10), Some("form=\"device-type=previewed\"")),
        (campaign(1, 10), Some("form=device-type=previewed")),
        (
            format!("{}?form=device-type%3Dpreviewed", campaign(1, 10)),
            None,
        ),
        (
            format!("{}?form=device-type=previewed", campaign(1, 10)),
            None,
        ),
    ] {
        let extra: Vec<(&str, &str)> = prefer.iter().map(|p| ("Prefer", *p)).collect();
        let got = get(&path, &extra);
        assert_eq!(got.status, 200, "{path} {prefer:?}");
        assert_eq!(got.json()["returnObject"]["deviceType"], previewed);
        assert!(
            got.header("x-mock-form")
                .is_some_and(|f| f.starts_with(&format!("device-type={previewed},"))),
            "{:?}",
            got.header("x-mock-form")
        );
        assert!(errors(&got.body).is_empty());
    }
    // Keys repeated, in separate Prefer headers and in one.
    let got = get(
        &campaign(1, 11),
        &[
            ("Prefer", "form=\"retry-policy=number-type\""),
            ("Prefer", "form=call-policy=round, form=\"device-type=5\""),
        ],
    );
    let form = got.header("x-mock-form").expect("a form").to_owned();
    for part in [
        "device-type=5",
        "retry-policy=number-type",
        "call-policy=round",
    ] {
        assert!(form.contains(part), "{form}");
    }
    // Every quirk, with the rule it is reported under.
    for quirk in Quirk::ALL {
        let got = get(&campaign(1, 12), &[("Prefer", &format!("quirk={quirk}"))]);
        assert_eq!(got.status, 200, "{quirk}");
        assert_eq!(got.header("x-mock-quirks"), Some(quirk.name()));
        let rules = all_rules(&got.body);
        match quirk.rule() {
            Some(rule) => {
                assert!(rules.contains(rule.as_str()), "{quirk}: {rules:?}");
                assert_eq!(
                    list(got.header("x-mock-violations")),
                    BTreeSet::from([rule.as_str().to_owned()])
                );
            }
            None => assert!(errors(&got.body).is_empty(), "{quirk}: {rules:?}"),
        }
    }
    // Every code of Table 21, through the query.
    for code in generator.spec().error_codes() {
        let got = get(
            &format!("{}?error-code={}", campaign(1, 13), code.code),
            &[],
        );
        assert_eq!(got.status, 200);
        assert_eq!(got.json()["resultCode"], code.code.as_str());
        assert_eq!(got.header("x-mock-error-code"), Some(code.code.as_str()));
        assert!(errors(&got.body).is_empty(), "{}", code.code);
    }
    // The status of the answer.
    let got = get(
        &campaign(1, 14),
        &[("Prefer", "error-code=0200006, status=503")],
    );
    assert_eq!(got.status, 503);
    assert_eq!(got.json()["resultCode"], "0200006");
    let got = get(&format!("{}?status=500", campaign(1, 14)), &[]);
    assert_eq!(got.status, 500);
}

#[test]
fn unknown_keys_and_values_get_400_with_the_valid_ones() {
    let cases: &[Case] = &[
        ("", &[("Prefer", "colour=blue")], "colour", "violate"),
        ("?colour=blue", &[], "colour", "error-code"),
        (
            "",
            &[("Prefer", "form=device-type=robot")],
            "form",
            "previewed (5)",
        ),
        ("?form=shape=round", &[], "form", "device-type=..."),
        ("", &[("Prefer", "quirk=nope")], "quirk", "turns-as-array"),
        (
            "?violate=ivr-param-requird",
            &[],
            "violate",
            "ivr-param-required",
        ),
        (
            "?violate=content-type-header",
            &[],
            "violate",
            "ivr-param-required",
        ),
        ("?error-code=0299999", &[], "error-code", "0200007"),
        ("?status=99", &[], "status", "200..599"),
        ("?delay=60001", &[], "delay", "0..60000"),
        ("?drop=sometimes", &[], "drop", "true"),
    ];
    for (query, headers, key, valid) in cases {
        let got = get(&format!("{}{query}", campaign(1, 1)), headers);
        let what = format!("{query} {headers:?}");
        assert_eq!(got.status, 400, "{what}");
        let body = got.json();
        let problem = &body["problems"][0];
        assert_eq!(problem["key"], *key, "{what}: {body}");
        assert!(
            problem["valid"]
                .as_array()
                .is_some_and(|v| v.iter().any(|v| v == valid)),
            "{what}: {body}"
        );
        assert!(problem["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let got = get(
        &format!("{}?violate=content-type-header", campaign(1, 1)),
        &[],
    );
    let message = got.json()["problems"][0]["message"].to_string();
    assert!(message.contains("about the request"), "{message}");
}

#[test]
fn headers_stay_ascii_and_short_whatever_the_payload_holds() {
    let mut chinese = 0;
    for id in 0..30 {
        let got = get(
            &campaign(9, id),
            &[(
                "Prefer",
                "violate=name-length, violate=description-characters",
            )],
        );
        // `collect` refused any header that is not ASCII.
        for (name, value) in &got.headers {
            assert!(value.len() <= 512, "{name}: {value}");
        }
        if String::from_utf8_lossy(&got.body)
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        {
            chinese += 1;
        }
    }
    assert!(chinese > 0, "no payload held Chinese text");
}

#[test]
fn delay_waits_and_drop_cuts_the_body() {
    let start = Instant::now();
    let got = get(&campaign(1, 20), &[("Prefer", "delay=300")]);
    assert_eq!(got.status, 200);
    assert!(start.elapsed() >= Duration::from_millis(300));
    let start = Instant::now();
    let got = get(&format!("{}?delay=250", campaign(1, 20)), &[]);
    assert_eq!(got.status, 200);
    assert!(start.elapsed() >= Duration::from_millis(250));

    for drop in [&[("Prefer", "drop")][..], &[][..]] {
        let path = if drop.is_empty() {
            format!("{}?drop", campaign(1, 21))
        } else {
            campaign(1, 21)
        };
        let mut request = agent()
            .get(shared().url(&path))
            .header("Content-Type", JSON)
            .header("Authorization", "x");
        for (name, value) in drop {
            request = request.header(*name, *value);
        }
        let response = request.call().expect("the headers arrive");
        assert_eq!(response.status().as_u16(), 200);
        let announced: usize = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("a length");
        let mut body = Vec::new();
        let read = response.into_body().into_reader().read_to_end(&mut body);
        assert!(
            read.is_err() || body.len() < announced,
            "{path}: read {} of {announced}",
            body.len()
        );
    }
    // The server goes on answering.
    assert_eq!(get(&campaign(1, 21), &[]).status, 200);
}

#[test]
fn coverage_and_a_clean_shutdown_with_a_request_in_flight() {
    let mock = Mock::start(&["--seed", "3", "--log-format", "json"]);
    get_from(&mock, &campaign(1, 1), &[]);
    get_from(
        &mock,
        &campaign(1, 1),
        &[("Prefer", "violate=ivr-param-required")],
    );
    let dropped = agent()
        .get(mock.url(&campaign(1, 2)))
        .header("Content-Type", JSON)
        .header("Authorization", "x")
        .header("Prefer", "quirk=date-only-time, drop")
        .call()
        .expect("the headers arrive");
    assert!(dropped.into_body().read_to_vec().is_err());
    get_from(&mock, &campaign(1, 2), &[("Prefer", "error-code=0200007")]);
    get_from(&mock, "/nowhere", &[]);
    let coverage = collect(
        agent()
            .get(mock.url("/__mock/coverage"))
            .call()
            .expect("coverage"),
    )
    .json();
    assert_eq!(coverage["answers"], 4);
    assert_eq!(coverage["dropped"], 1);
    assert_eq!(coverage["violations"]["ivr-param-required"], 1);
    assert_eq!(coverage["violations"]["datetime-lenient"], 1);
    assert_eq!(coverage["quirks"]["date-only-time"], 1);
    assert_eq!(coverage["errorCodes"]["0200007"], 1);
    assert_eq!(coverage["statuses"]["404"], 1);
    let forms: u64 = coverage["forms"]
        .as_object()
        .expect("forms")
        .values()
        .filter_map(Value::as_u64)
        .sum();
    assert_eq!(forms, 3);
    // One JSON line per request.
    let log = mock.wait_for_lines(6);
    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("{line}")))
        .collect();
    assert_eq!(lines.len(), 6, "{log}");
    assert_eq!(
        lines[1]["served"]["rules"],
        serde_json::json!(["ivr-param-required"])
    );
    assert_eq!(lines[4]["status"], 404);

    // A delayed request in flight when SIGTERM arrives is answered, then the process exits 0.
    let url = mock.url(&format!("{}?delay=1500", campaign(1, 5)));
    let in_flight = std::thread::spawn(move || {
        let start = Instant::now();
        let got = collect(
            agent()
                .get(url)
                .header("Content-Type", JSON)
                .header("Authorization", "x")
                .call()
                .expect("answered during shutdown"),
        );
        (got, start.elapsed())
    });
    std::thread::sleep(Duration::from_millis(400));
    let (code, log) = mock.terminate();
    let (got, elapsed) = in_flight.join().expect("the client thread");
    assert_eq!(code, Some(0), "{log}");
    assert_eq!(got.status, 200);
    assert!(errors(&got.body).is_empty());
    assert!(elapsed >= Duration::from_millis(1500));
    assert!(
        log.contains("coverage: 5 answer(s) of the route, 1 dropped"),
        "{log}"
    );
}

#[test]
fn the_first_line_is_the_address_and_bad_options_exit_2() {
    let output = Command::new(BIN)
        .args(["mock", "--port", "0", "--host", "no.such.host.invalid"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no.such.host.invalid"));
    // The shared server's address was its first line; a second server gets another port.
    let other = Mock::start(&[]);
    assert_ne!(other.base, shared().base);
    let (code, _) = other.terminate();
    assert_eq!(code, Some(0));
}

/// `generate` output: `count` valid answers carrying the campaign's `id`.
fn generated_with_ids(count: usize, seed: u64) -> Vec<String> {
    let output = Command::new(BIN)
        .args([
            "generate",
            "--quirk",
            "campaign-id",
            "--seed",
            &seed.to_string(),
        ])
        .args(["-n", &count.to_string()])
        .output()
        .expect("generate runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

fn id_of(body: &str) -> i64 {
    let value: Value = serde_json::from_str(body).expect("JSON");
    value["returnObject"]["id"].as_i64().expect("an id")
}

/// A one-entry HAR capture of a request to the route answered with `body`.
fn har_of(body: &str) -> String {
    serde_json::json!({"log": {"version": "1.2", "entries": [
        {"request": {"method": "GET", "url": "http://x/other", "headers": []},
         "response": {"status": 200, "content": {"text": "not this one"}}},
        {"request": {"method": "GET", "url": format!("http://x{ROUTE}/1/1"), "headers": []},
         "response": {"status": 200, "content": {"mimeType": JSON, "text": body}}}
    ]}})
    .to_string()
}

#[test]
fn fixtures_are_served_by_campaign_id_else_in_turn() {
    let dir = tempfile::tempdir().expect("a directory");
    let lines = generated_with_ids(3, 11);
    std::fs::write(
        dir.path().join("中文.ndjson"),
        format!("{}\n\n{}\n", lines[0], lines[1]),
    )
    .expect("written");
    std::fs::create_dir(dir.path().join("more")).expect("a subdirectory");
    std::fs::write(dir.path().join("more/capture.har"), har_of(&lines[2])).expect("written");
    let path = dir.path().to_string_lossy().into_owned();
    let mock = Mock::start(&["--from", &path]);
    mock.wait_for_log("serving 3 fixture(s)");
    for (index, line) in lines.iter().enumerate() {
        let got = get_from(&mock, &campaign(1, id_of(line)), &[]);
        assert_eq!(got.status, 200);
        assert_eq!(String::from_utf8_lossy(&got.body), *line, "fixture {index}");
        let fixture = got.header("x-mock-fixture").expect("a fixture header");
        assert!(fixture.is_ascii());
        if index < 2 {
            assert!(fixture.contains("%E4%B8%AD%E6%96%87.ndjson"), "{fixture}");
            assert!(
                fixture.ends_with(&format!(":{}", 1 + 2 * index)),
                "{fixture}"
            );
        } else {
            assert!(fixture.ends_with("capture.har:1"), "{fixture}");
        }
        assert!(got.header("x-mock-form").is_some());
    }
    // Other ids: the fixtures in turn.
    let served: BTreeSet<Vec<u8>> = (0..3)
        .map(|n| get_from(&mock, &campaign(2, 900_000 + n), &[]).body)
        .collect();
    assert_eq!(served.len(), 3);
    // A request that asks for what no fixture is gets a generated answer.
    let got = get_from(
        &mock,
        &campaign(1, id_of(&lines[0])),
        &[("Prefer", "violate=name-length")],
    );
    assert_eq!(got.header("x-mock-violations"), Some("name-length"));
    assert!(got.header("x-mock-fixture").is_none());
    let coverage = collect(
        agent()
            .get(mock.url("/__mock/coverage"))
            .call()
            .expect("coverage"),
    )
    .json();
    assert_eq!(coverage["fixtures"].as_object().map(|f| f.len()), Some(3));
    let (code, _) = mock.terminate();
    assert_eq!(code, Some(0));
}

/// A capture whose interface entry is a `GET` with a base64 body wrapped in lines, beside a
/// `POST` to the same route answered with another campaign.
fn har_with_a_post_and_wrapped_base64(get: &str, post: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(get);
    let lines: Vec<String> = encoded
        .as_bytes()
        .chunks(64)
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect();
    let url = format!("http://x{ROUTE}/1/1");
    serde_json::json!({"log": {"version": "1.2", "entries": [
        {"request": {"method": "POST", "url": url, "headers": []},
         "response": {"status": 200, "content": {"mimeType": JSON, "text": post}}},
        {"request": {"method": "GET", "url": url, "headers": [
            {"name": "Authorization", "value": "Bearer token"},
            {"name": "Content-Type", "value": "application/json; charset=UTF-8"}]},
         "response": {"status": 200, "content": {
            "mimeType": JSON, "encoding": "BASE64", "text": lines.join("\n")}}}
    ]}})
    .to_string()
}

#[test]
fn a_capture_serves_the_entries_validate_checks() {
    let dir = tempfile::tempdir().expect("a directory");
    let lines = generated_with_ids(2, 13);
    let file = dir.path().join("capture.har");
    std::fs::write(
        &file,
        har_with_a_post_and_wrapped_base64(&lines[0], &lines[1]),
    )
    .expect("written");
    let path = file.to_string_lossy().into_owned();
    let output = Command::new(BIN)
        .args(["validate", "--no-config", "--format", "json", &path])
        .output()
        .expect("validate runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert_eq!(report["summary"]["checked"], Value::from(1), "{report}");
    assert_eq!(report["summary"]["skipped"], Value::from(1), "{report}");
    // The mock takes the same entry, decoded alike, and passes over the POST.
    let mock = Mock::start(&["--from", &path]);
    mock.wait_for_log("serving 1 fixture(s)");
    for id in [id_of(&lines[0]), id_of(&lines[1])] {
        let got = get_from(&mock, &campaign(1, id), &[]);
        assert_eq!(String::from_utf8_lossy(&got.body), lines[0]);
    }
    let (code, _) = mock.terminate();
    assert_eq!(code, Some(0));
}

#[test]
fn invalid_fixtures_are_listed_and_refused() {
    let dir = tempfile::tempdir().expect("a directory");
    let lines = generated_with_ids(1, 12);
    let mut broken: Value = serde_json::from_str(&lines[0]).expect("JSON");
    broken["returnObject"]["deviceType"] = Value::from("five");
    let file = dir.path().join("answers.ndjson");
    std::fs::write(&file, format!("{}\n{broken}\nnot json\n", lines[0])).expect("written");
    let path = file.to_string_lossy().into_owned();
    let output = Command::new(BIN)
        .args(["mock", "--port", "0", "--from", &path])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "it never listened");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains(&format!("{path}:2:")), "{err}");
    assert!(err.contains("[type-mismatch]"), "{err}");
    assert!(err.contains(&format!("{path}:3:")), "{err}");
    assert!(err.contains("[malformed-json]"), "{err}");
    assert!(err.contains("2 problem(s)"), "{err}");
    assert!(err.contains("--allow-invalid-fixtures"), "{err}");
    // Served anyway when asked to.
    let mock = Mock::start(&["--from", &path, "--allow-invalid-fixtures"]);
    let got = get_from(&mock, &campaign(1, id_of(&lines[0])), &[]);
    assert_eq!(String::from_utf8_lossy(&got.body), lines[0]);
    let (code, log) = mock.terminate();
    assert_eq!(code, Some(0));
    assert!(
        log.contains("warning: serving 3 fixture(s) despite 2 problem(s)"),
        "{log}"
    );
}

#[test]
fn recordings_validate_and_replay() {
    let dir = tempfile::tempdir().expect("a directory");
    let ndjson = dir.path().join("answers.ndjson");
    let har = dir.path().join("answers.har");
    let ndjson_arg = ndjson.to_string_lossy().into_owned();
    let har_arg = har.to_string_lossy().into_owned();
    let mut sent = Vec::new();
    for path in [&ndjson_arg, &har_arg] {
        let mock = Mock::start(&["--record", path, "--seed", "5"]);
        sent.clear();
        for id in 0..6 {
            sent.push(get_from(&mock, &campaign(4, id), &[]).body);
        }
        sent.push(
            get_from(
                &mock,
                &format!("{}?error-code=0200007", campaign(4, 9)),
                &[],
            )
            .body,
        );
        sent.push(get_from(&mock, &format!("{ROUTE}/0/1"), &[]).body);
        // Not the route's: not recorded.
        get_from(&mock, "/health", &[]);
        let (code, _) = mock.terminate();
        assert_eq!(code, Some(0));
    }
    // NDJSON: the bodies as sent, one per line, each valid.
    let text = std::fs::read_to_string(&ndjson).expect("the recording");
    let lines: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
    assert_eq!(lines, sent.iter().map(Vec::as_slice).collect::<Vec<_>>());
    for line in &lines {
        assert!(isales_contract::validate(line).passed());
    }
    let validate = |path: &str| {
        let output = Command::new(BIN)
            .args(["validate", "--no-config", "--format", "json", path])
            .output()
            .expect("validate runs");
        let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
        let rules: BTreeSet<String> = report["payloads"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|payload| {
                payload["violations"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|violation| violation["rule"].as_str().map(str::to_owned))
            .collect();
        (
            output.status.code(),
            report["summary"]["checked"].clone(),
            rules,
        )
    };
    assert_eq!(
        validate(&ndjson_arg),
        (Some(0), Value::from(sent.len()), BTreeSet::new())
    );
    // The HAR keeps the requests: the refused one is reported, and nothing else.
    assert_eq!(
        validate(&har_arg),
        (
            Some(1),
            Value::from(sent.len()),
            BTreeSet::from(["out-of-range".to_owned()])
        )
    );
    // HAR: the requests too, without the credential; and it serves as fixtures.
    let capture: Value = serde_json::from_str(&std::fs::read_to_string(&har).expect("HAR"))
        .expect("a whole HAR document");
    let entries = capture["log"]["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), sent.len());
    let headers = entries[0]["request"]["headers"].to_string();
    assert!(
        headers.contains("\"***\"") && !headers.contains("Bearer"),
        "{headers}"
    );
    let mock = Mock::start(&["--from", &har_arg]);
    let got = get_from(&mock, &campaign(1, 1), &[]);
    assert!(sent.contains(&got.body));
    let (code, log) = mock.terminate();
    assert_eq!(code, Some(0));
    assert!(
        log.contains(&format!("serving {} fixture(s)", sent.len())),
        "{log}"
    );
}
