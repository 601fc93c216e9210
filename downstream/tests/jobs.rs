//! The service's own messages through the derive: one call to a typed job, every mistake of a
//! broken one with its own rule ids and the file's lines and columns.

use downstream::job::{Channel, DialJob, WINDOW_ORDER};
use isales_contract::{Config, Contract, Level, Severity, Validator};

const JOB: &[u8] = include_bytes!("../payloads/job.json");
const BROKEN: &[u8] = include_bytes!("../payloads/broken-job.json");

#[test]
fn a_valid_job_is_read_typed() {
    let job = isales_contract::parse::<DialJob>(JOB).expect("the bundled job is valid");
    assert_eq!(job.channel, Channel::VoiceThenSms);
    assert_eq!(job.vdn_id, 12);
    assert_eq!(job.targets.as_ref().map(|targets| targets.len()), Some(1));
    assert_eq!(job.warnings().count(), 0);
    assert_eq!(job.value.violations(), []);
}

#[test]
fn a_broken_job_reports_every_mistake_where_it_is() {
    let report = isales_contract::parse::<DialJob>(BROKEN).expect_err("broken");
    let found: Vec<(&str, &str, usize, usize, Severity)> = report
        .violations
        .iter()
        .map(|violation| {
            let position = violation.position().expect("located");
            (
                violation.rule(),
                violation.pointer(),
                position.line,
                position.column,
                violation.level(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("range", "/campaignId", 2, 17, Severity::Error),
            // 70000 is no u16: the type's own bounds are broken before the field's range.
            ("type", "/vdnId", 3, 12, Severity::Error),
            ("one-of", "/channel", 4, 14, Severity::Error),
            ("type", "/record", 5, 13, Severity::Error),
            ("range", "/retryAfter", 6, 17, Severity::Error),
            ("job-callback", "/callbackUrl", 7, 18, Severity::Error),
            ("window-order", "/windowEnd", 9, 16, Severity::Error),
            // Inside the embedded document: the column of the escaped quote in the file.
            ("length", "/targets/0/number", 11, 29, Severity::Error),
            ("unknown-field", "/surprise", 12, 3, Severity::Warning),
        ]
    );
    // The enum's words are the kind's facts, and its help.
    let channel = &report.violations[2];
    assert_eq!(
        *channel.kind(),
        isales_contract::ViolationKind::NotAllowed {
            allowed: &["voice", "sms", "voice-then-sms"]
        }
    );
    assert_eq!(
        channel.kind().help().as_deref(),
        Some("use one of `voice`, `sms`, `voice-then-sms`")
    );
    assert_eq!(channel.found().map(|found| found.text()), Some("\"fax\""));
    // Nothing of the vendor's contract is reported about the service's own message.
    assert!(
        report
            .violations
            .iter()
            .all(|violation| violation.doc().is_none())
    );
}

#[test]
fn a_text_message_job_needs_the_paths_its_condition_names() {
    let body = String::from_utf8(BROKEN.to_vec())
        .expect("UTF-8")
        .replace("\"fax\"", "\"sms\"");
    let report = isales_contract::parse::<DialJob>(body.as_bytes()).expect_err("broken");
    let required: Vec<(&str, usize, usize)> = report
        .violations
        .iter()
        .filter(|violation| violation.rule() == "required-if")
        .map(|violation| {
            let position = violation.position().expect("located");
            (violation.pointer(), position.line, position.column)
        })
        .collect();
    // Missing fields point at the object that lacks them.
    assert_eq!(
        required,
        [("/contact/mobile", 10, 14), ("/targets/0/locale", 11, 16)]
    );
}

#[test]
fn the_service_sets_the_levels_of_its_own_rules() {
    let lenient = Config::new()
        .with_custom_rule_level(WINDOW_ORDER, Level::Allow)
        .with_strict(false);
    let body = String::from_utf8(JOB.to_vec())
        .expect("UTF-8")
        .replace("\"18:30\"", "\"08:00\"");
    assert!(isales_contract::parse::<DialJob>(body.as_bytes()).is_err());
    let job = Validator::new(lenient)
        .parse::<DialJob>(body.as_bytes())
        .expect("the window rule is allowed");
    assert_eq!(job.report.rule_ids(), Vec::<&str>::new());
}

#[test]
fn personal_values_are_masked_in_the_report() {
    let report = isales_contract::parse::<DialJob>(BROKEN).expect_err("broken");
    let number = report
        .violations
        .iter()
        .find(|violation| violation.pointer() == "/targets/0/number")
        .expect("the short number");
    assert_eq!(number.found().map(|found| found.text()), Some("\"12\""));
    let masked = number.masked();
    assert_eq!(masked.found().map(|found| found.text()), Some("***"));
    assert!(!masked.to_string().contains("\"12\""), "{masked}");
}
