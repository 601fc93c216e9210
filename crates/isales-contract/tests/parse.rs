//! `parse::<T>`: bytes to a typed value and its warnings in one call, or the full report; a
//! type stricter than its contract fails with a pointer and a position in the payload, also
//! inside embedded documents.

use isales_contract::models::Envelope;
use isales_contract::{Contract, DESERIALIZE, JsonString, Report, Severity, Validator};
use serde::{Deserialize, Deserializer};

const VALID: &str = r#"{"resultCode": "0200000", "resultDesc": "", "returnCode": "0200000",
  "returnObject": {"name": "spring", "status": 2, "deviceType": 2,
    "skillParam": {"skillId": 7}, "strBeginTime": "2026-03-01 08:00:00",
    "strEndTime": "2026-03-31 20:00:00",
    "callBackUrl": "http://cb.example/notify"}}"#;

#[test]
fn a_valid_answer_comes_back_typed_with_its_warnings() {
    let parsed = isales_contract::parse::<Envelope>(VALID.as_bytes()).expect("valid");
    assert_eq!(parsed.result_code, "0200000");
    let warnings: Vec<&str> = parsed.warnings().map(|warning| warning.rule()).collect();
    assert_eq!(warnings, ["insecure-callback-url"]);
    assert!(parsed.report.passed());
    let envelope: Envelope = parsed.into_inner();
    assert!(envelope.return_object.is_some());
}

#[test]
fn a_broken_answer_is_the_full_report_and_an_error() {
    let body = VALID.replace(r#""status": 2"#, r#""status": 99"#);
    let report: Report = isales_contract::parse::<Envelope>(body.as_bytes()).expect_err("fails");
    assert_eq!(report.rule_ids(), ["enum-value", "insecure-callback-url"]);
    let position = report.violations[0].position().expect("located");
    let line = body.lines().nth(1).expect("line 2");
    let column = line.find("99").expect("the status") + 1;
    assert_eq!((position.line, position.column), (2, column));
    // `?` in a function returning `Box<dyn Error>`.
    fn service(body: &[u8]) -> Result<Envelope, Box<dyn std::error::Error>> {
        Ok(isales_contract::parse::<Envelope>(body)?.into_inner())
    }
    let error = service(body.as_bytes()).expect_err("fails");
    assert!(error.to_string().contains("[enum-value]"), "{error}");
}

#[test]
fn configured_levels_apply() {
    let body = VALID.replace(r#""status": 2"#, r#""status": 99"#);
    let config = isales_contract::Config::new().with_rule_level(
        isales_contract::RuleId::EnumValue,
        isales_contract::Level::Warn,
    );
    let parsed = Validator::new(config).parse::<Envelope>(body.as_bytes());
    let parsed = parsed.expect("a warning only");
    assert!(
        parsed
            .warnings()
            .any(|warning| warning.rule() == "enum-value")
    );
}

/// A value serde accepts only as the text `"ok"`: stricter than any contract rule on it.
#[derive(Debug)]
struct Stamp;

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == "ok" {
            Ok(Stamp)
        } else {
            Err(serde::de::Error::custom(format!(
                "stamp `{text}` is not ok"
            )))
        }
    }
}

#[derive(Debug, Deserialize, Contract)]
struct Order {
    #[contract(range(min = 1))]
    id: i64,
    #[contract(skip)]
    stamp: Option<Stamp>,
    items: Option<JsonString<Vec<Item>>>,
}

#[derive(Debug, Deserialize, Contract)]
struct Item {
    code: Option<i64>,
    #[contract(skip)]
    stamp: Option<Stamp>,
}

#[test]
fn a_type_stricter_than_its_contract_fails_at_the_pointer_serde_was_reading() {
    let body = "{\"id\": 3,\n \"stamp\": \"late\"}";
    let report = isales_contract::parse::<Order>(body.as_bytes()).expect_err("serde refuses");
    let violation = &report.violations[0];
    assert_eq!(violation.rule(), DESERIALIZE.id);
    assert_eq!(violation.level(), Severity::Error);
    assert_eq!(violation.pointer(), "/stamp");
    let position = violation.position().expect("located");
    assert_eq!((position.line, position.column), (2, 11));
    assert_eq!(violation.message(), "stamp `late` is not ok");
}

#[test]
fn inside_an_embedded_document_the_pointer_and_position_are_the_payloads() {
    let body = r#"{"id": 3, "items": "[{\"code\": 1}, {\"code\": 2, \"stamp\": \"no\"}]"}"#;
    let report = isales_contract::parse::<Order>(body.as_bytes()).expect_err("serde refuses");
    let violation = &report.violations[0];
    assert_eq!(violation.pointer(), "/items/1/stamp");
    let position = violation.position().expect("located");
    let at = body.find(r#"\"no\""#).expect("the value") + 1;
    assert_eq!((position.line, position.column), (1, at));
    assert_eq!(violation.message(), "stamp `no` is not ok");
    assert!(
        !violation.to_string().contains("line 1 column"),
        "{violation}"
    );
}

#[test]
fn the_contract_is_checked_before_serde() {
    let body = r#"{"id": 0, "stamp": "late"}"#;
    let report = isales_contract::parse::<Order>(body.as_bytes()).expect_err("fails");
    // A service's struct reports the derive's neutral ids, not the vendor's.
    assert_eq!(report.rule_ids(), ["range"]);
}

#[test]
fn every_corpus_payload_parses_exactly_when_it_validates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut parsed = 0;
    for dir in ["valid", "invalid"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("the corpus")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).expect("readable");
            let report = isales_contract::validate(&bytes);
            match isales_contract::parse::<Envelope>(&bytes) {
                Ok(value) => {
                    assert!(report.passed(), "{}: parsed but fails", path.display());
                    assert_eq!(value.report, report, "{}", path.display());
                    parsed += 1;
                }
                Err(failed) => assert_eq!(failed, report, "{}", path.display()),
            }
        }
    }
    assert!(parsed > 30, "only {parsed} corpus payloads parsed");
}

#[test]
fn a_service_type_parses_with_its_embedded_documents() {
    let body = r#"{"id": 3, "stamp": "ok", "items": "[{'code': 1, 'stamp': 'ok'}]"}"#;
    // Single quotes break an error-level rule of a service's struct (`json-string`); a
    // service that accepts them says so, naming its rule.
    let report = isales_contract::parse::<Order>(body.as_bytes()).expect_err("single quotes");
    assert_eq!(report.rule_ids(), ["json-string"]);
    const JSON_STRING: isales_contract::Rule = isales_contract::Rule::new(
        "json-string",
        Severity::Error,
        isales_contract::Provenance::Documented,
    );
    let config = isales_contract::Config::new()
        .with_custom_rule_level(JSON_STRING, isales_contract::Level::Warn);
    let order = Validator::new(config)
        .parse::<Order>(body.as_bytes())
        .expect("parses");
    assert!(order.stamp.is_some() && order.id == 3);
    let items = order.items.as_ref().expect("items");
    assert_eq!(items.form(), isales_contract::Form::SingleQuoted);
    assert!(items[0].stamp.is_some() && items[0].code == Some(1));
    // Read and reported; the typed path reports them too.
    assert_eq!(order.report.rule_ids(), ["json-string"]);
    assert_eq!(order.value.violations().len(), 1);
}
