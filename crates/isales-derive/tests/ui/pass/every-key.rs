// Every key of the attribute language, on structs that compile and validate.
use std::collections::BTreeMap;

use isales_contract::check::{Fields, Scope};
use isales_contract::{Contract, JsonString};

#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
#[contract(doc(table = 16))]
#[contract(required_if(
    when = "chooseType == 0",
    fields = ["turns[].turnType", "extraTurns[].turnType"],
    rule = "turn-fields",
    severity = "error",
    provenance = "documented",
    doc(table = 17, param = "5.14.4.1"),
))]
#[contract(required_if(fields = ["callType"]))]
#[contract(one_of_forms(
    when = "callType == 1",
    forms = [["chooseType"], ["turns", "extraTurns"]],
    rule = "turn-form",
    doc(param = "5.14"),
))]
#[contract(check = no_op, check = self::no_op)]
#[contract(crate = "::isales_contract")]
struct CallPolicy {
    #[contract(doc(param = "5.14.1"), one_of = [0, 1], range(min = 0, max = 1))]
    call_type: Option<i64>,
    #[contract(required_if = "callType == 1", one_of(values = [0, 1], rule = "choose", severity = "warning", provenance = "inferred"))]
    choose_type: Option<i64>,
    #[contract(required_if(when = "callType == 1", rule = "turns-required"))]
    turns: Option<JsonString<Vec<Turn>>>,
    #[contract(json_string = "Vec<Turn>", absent_unless(when = "callType == 1", severity = "error"))]
    extra_turns: Option<String>,
    #[contract(required, format = "http_url", personal)]
    call_back_url: Option<String>,
    #[contract(length(min = 1, max = 200), chars(forbid = "<>"), rule = "description", severity = "warning", provenance = "inferred")]
    description: Option<String>,
    #[contract(fixed(value = "application/json; charset=UTF-8", rule = "content-type-header"))]
    content_type: Option<String>,
    #[serde(rename = "mimAvgCallTime", alias = "minAvgCallTime")]
    #[contract(alias(name = "minAvgCallTime", severity = "warning"), range(min = 0))]
    min_avg_call_time: Option<i64>,
    #[contract(format = "time_of_day")]
    begin: Option<String>,
    #[contract(format = "datetime")]
    start: Option<String>,
    #[contract(format = "dial_string")]
    caller_no: Option<String>,
    #[contract(format = "locale")]
    locale: Option<String>,
    #[contract(format(kind = "http_url", rule = "hook-url", severity = "warning", provenance = "inferred"))]
    hook: Option<String>,
    channel: Option<Channel>,
    #[serde(skip)]
    #[contract(skip)]
    opaque: Opaque,
    #[serde(flatten)]
    #[contract(extra)]
    extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Default)]
struct Opaque;

// An enum of strings: the values are serde's names.
#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "lowercase")]
#[contract(rule = "channel", severity = "error", provenance = "documented", crate = "::isales_contract")]
enum Channel {
    Voice,
    #[serde(rename = "sms", alias = "text")]
    Message,
    #[serde(other)]
    Unknown,
}

#[derive(serde::Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
struct Turn {
    turn_type: Option<i64>,
    #[contract(range(min = 1), required(rule = "turn-order"))]
    turn_order: Option<i64>,
}

fn no_op(_fields: &dyn Fields, _scope: &mut Scope<'_>) {}

fn main() {
    let payload = br#"{
        "callType": 1,
        "chooseType": 0,
        "turns": "[{\"turnType\": 1, \"turnOrder\": 1}]",
        "extraTurns": "[{\"turnType\": 2, \"turnOrder\": 2}]",
        "callBackUrl": "https://example.com/result",
        "description": "spring",
        "contentType": "application/json;charset=utf-8",
        "mimAvgCallTime": 3,
        "begin": "08:00",
        "start": "2024-01-01 08:00:00",
        "callerNo": "95555",
        "locale": "en_US",
        "hook": "http://example.com/hook",
        "channel": "text"
    }"#;
    assert_eq!(CallPolicy::violations_of_json(payload), []);
    let policy: CallPolicy = serde_json::from_slice(payload).expect("deserializes");
    assert_eq!(policy.violations(), []);
    assert!(policy.opaque_is_default());
}

impl CallPolicy {
    fn opaque_is_default(&self) -> bool {
        matches!(self.opaque, Opaque)
    }
}
