//! `#[derive(Contract)]` used the way another service uses it: on its own structs, outside
//! `isales-contract`, next to `serde::Deserialize`. Each test validates typed values
//! (`Contract::violations`) and JSON text (`Contract::violations_of_json`) and asserts the exact
//! rule ids, pointers, and for JSON the line and column of every violation.

use std::collections::BTreeMap;

use isales_contract::check::{Fields, Scope, Unlisted};
use isales_contract::{Contract, JsonString, Violation, ViolationKind};
use serde::Deserialize;

/// An order, with a rule of each kind.
#[derive(Debug, Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
#[contract(doc(table = 90))]
#[contract(required_if(
    when = "mode == 1",
    fields = ["items[].code", "extras[].code"],
    doc(table = 91, param = "9.1.1"),
))]
#[contract(one_of_forms(when = "mode == 2", forms = [["pickupTime"], ["shipping"]]))]
#[contract(check = quantity_not_above_stock)]
struct Order {
    #[contract(doc(param = "9.1"), one_of = [1, 2])]
    mode: i64,
    #[contract(range(min = 1, max = 99))]
    quantity: Option<i64>,
    stock: Option<i64>,
    #[contract(format = "time_of_day", absent_unless = "mode == 2")]
    pickup_time: Option<String>,
    #[contract(required_if = "mode == 1", format = "http_url")]
    callback_url: Option<String>,
    shipping: Option<Address>,
    items: Option<JsonString<Vec<Item>>>,
    #[contract(json_string = "Vec<Item>")]
    extras: Option<String>,
    #[contract(personal, length(max = 5))]
    phone: Option<String>,
    #[serde(rename = "minQty", alias = "min_qty")]
    #[contract(alias = "min_qty")]
    min_quantity: Option<i64>,
    #[serde(flatten)]
    #[contract(extra)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// A nested object.
#[derive(Debug, Deserialize, Contract)]
struct Address {
    #[contract(length(min = 1, max = 10))]
    city: String,
    zip: Option<String>,
}

/// The items of the embedded documents.
#[derive(Debug, Deserialize, Contract)]
struct Item {
    code: Option<i64>,
    #[contract(range(min = 0))]
    count: Option<i64>,
    #[contract(one_of = [0, 1])]
    r#type: Option<i64>,
}

/// A hand-written check, run after the generated rules on both paths.
fn quantity_not_above_stock(fields: &dyn Fields, scope: &mut Scope<'_>) {
    let (Some(quantity), Some(stock)) = (
        fields.get("quantity").as_int(),
        fields.get("stock").as_int(),
    ) else {
        return;
    };
    if quantity > stock {
        let kind = ViolationKind::Custom {
            message: format!("{quantity} ordered but {stock} in stock"),
        };
        scope.report_field(
            "quantity",
            Violation::new(
                isales_contract::Rule::new(
                    "over-stock",
                    isales_contract::Severity::Error,
                    isales_contract::Provenance::Documented,
                ),
                kind,
            ),
            fields.span_of("quantity"),
        );
    }
}

/// (rule, pointer) of each violation, in order.
fn rules(violations: &[Violation]) -> Vec<(&'static str, &str)> {
    violations
        .iter()
        .map(|violation| (violation.rule(), violation.pointer()))
        .collect()
}

/// (rule, level, pointer) of each violation, in order.
fn graded(violations: &[Violation]) -> Vec<(&'static str, &'static str, &str)> {
    violations
        .iter()
        .map(|violation| {
            (
                violation.rule(),
                violation.level().as_str(),
                violation.pointer(),
            )
        })
        .collect()
}

/// (rule, pointer, line, column) of each violation, in order.
fn located(violations: &[Violation]) -> Vec<(&'static str, &str, usize, usize)> {
    violations
        .iter()
        .map(|violation| {
            let position = violation
                .position()
                .unwrap_or_else(|| panic!("no position: {violation}"));
            (
                violation.rule(),
                violation.pointer(),
                position.line,
                position.column,
            )
        })
        .collect()
}

const VALID: &str = r#"{
  "mode": 1,
  "quantity": 3,
  "stock": 10,
  "callbackUrl": "https://example.com/done",
  "shipping": {"city": "Shenzhen", "zip": "518000"},
  "items": "[{\"code\": 7, \"count\": 1}]",
  "extras": "[{\"code\": 8}]",
  "phone": "12345",
  "minQty": 1
}"#;

#[test]
fn a_value_that_keeps_every_rule_has_no_violations() {
    assert_eq!(Order::violations_of_json(VALID.as_bytes()), []);
    let order: Order = serde_json::from_str(VALID).expect("the valid payload deserializes");
    assert_eq!(order.violations(), []);
}

#[test]
fn typed_values_report_every_rule_with_pointers() {
    let order = Order {
        mode: 1,
        quantity: Some(100),
        stock: Some(5),
        pickup_time: Some("25:00".into()),
        callback_url: None,
        shipping: Some(Address {
            city: String::new(),
            zip: None,
        }),
        items: Some(JsonString::parse(r#"[{"count": -1}, {"code": 2}]"#).expect("items")),
        extras: Some(r#"[{"code": 1}, {"count": 1}]"#.into()),
        phone: Some("123456".into()),
        min_quantity: None,
        extra: BTreeMap::from([("surprise".to_owned(), serde_json::Value::Bool(true))]),
    };
    assert_eq!(
        rules(&order.violations()),
        [
            ("range", "/quantity"),
            ("absent-unless", "/pickupTime"),
            ("format", "/pickupTime"),
            ("required-if", "/callbackUrl"),
            ("length", "/phone"),
            ("over-stock", "/quantity"),
            ("required-if", "/items/0/code"),
            ("required-if", "/extras/1/code"),
            ("unknown-field", "/surprise"),
            ("length", "/shipping/city"),
            ("range", "/items/0/count"),
        ]
    );
}

#[test]
fn typed_values_explain_json_strings_serde_rejects() {
    let order = Order {
        mode: 2,
        quantity: None,
        stock: None,
        pickup_time: Some("09:30".into()),
        callback_url: None,
        shipping: None,
        items: None,
        extras: Some(r#"[{"code": "x"}, {"count": -2}]"#.into()),
        phone: None,
        min_quantity: None,
        extra: BTreeMap::new(),
    };
    let violations = order.violations();
    assert_eq!(
        rules(&violations),
        [("type", "/extras/0/code"), ("range", "/extras/1/count"),]
    );
    let broken = Order {
        extras: Some("[{".into()),
        ..order
    };
    assert_eq!(rules(&broken.violations()), [("json-string", "/extras")]);
}

#[test]
fn json_reports_carry_lines_and_columns_inside_embedded_strings() {
    let payload = r#"{
  "mode": 1,
  "quantity": 0,
  "pickupTime": "7:5",
  "shipping": {"city": ""},
  "items": "[{\"count\": 1},\n{\"code\": 2, \"count\": -4}]",
  "extras": "[{\"code\": 1}, {}]",
  "phone": "1234567",
  "min_qty": 2,
  "surprise": null
}"#;
    let violations = Order::violations_of_json(payload.as_bytes());
    assert_eq!(
        located(&violations),
        [
            ("required-if", "/callbackUrl", 1, 1),
            ("range", "/quantity", 3, 15),
            ("absent-unless", "/pickupTime", 4, 17),
            ("format", "/pickupTime", 4, 17),
            ("length", "/shipping/city", 5, 24),
            ("required-if", "/items/0/code", 6, 14),
            ("range", "/items/1/count", 6, 56),
            ("required-if", "/extras/1/code", 7, 30),
            ("length", "/phone", 8, 12),
            ("alias", "/min_qty", 9, 3),
            ("unknown-field", "/surprise", 10, 3),
        ]
    );
    let inside = &violations[6];
    assert_eq!(
        *inside.kind(),
        ViolationKind::OutOfRange {
            value: -4,
            min: Some(0),
            max: None
        }
    );
    let missing = &violations[5];
    assert_eq!(
        *missing.kind(),
        ViolationKind::Missing {
            field: "code",
            when: Some("mode == 1")
        }
    );
    assert_eq!(
        missing.doc().map(|doc| doc.to_string()).as_deref(),
        Some("Table 91, 9.1.1 code")
    );
    let phone = &violations[8];
    assert_eq!(phone.found().map(|f| f.is_personal()), Some(true));
    assert_eq!(
        phone.masked().found().map(|found| found.text()),
        Some("***")
    );
}

#[test]
fn json_structure_is_checked_member_by_member() {
    let payload = r#"{"mode": 3, "mode": 1, "minQty": 1, "min_qty": 2, "shipping": [], "items": 5, "x": 1, "x": 2}"#;
    let violations = Order::violations_of_json(payload.as_bytes());
    let found: Vec<(&str, &str, usize)> = violations
        .iter()
        .map(|violation| {
            let column = violation.position().map_or(0, |position| position.column);
            (violation.rule(), violation.pointer(), column)
        })
        .collect();
    assert_eq!(
        found,
        [
            // The first `mode` (3) is the one rules read: `mode == 1` does not hold, so
            // callbackUrl is not required.
            ("one-of", "/mode", 10),
            ("duplicate-field", "/mode", 13),
            ("duplicate-field", "/min_qty", 37),
            ("type", "/shipping", 63),
            ("type", "/items", 76),
            ("unknown-field", "/x", 79),
            ("duplicate-field", "/x", 87),
        ]
    );
    assert_eq!(
        *violations[2].kind(),
        ViolationKind::DuplicateKey {
            key: "minQty".into()
        },
        "an alias repeating its field names the documented spelling"
    );
}

#[test]
fn one_of_forms_reports_once_at_the_object() {
    let payload = r#"{"mode": 2}"#;
    let violations = Order::violations_of_json(payload.as_bytes());
    assert_eq!(located(&violations), [("one-of-forms", "", 1, 1)]);
    assert_eq!(
        *violations[0].kind(),
        ViolationKind::IncompleteForms {
            forms: &[&["pickupTime"], &["shipping"]],
            when: "mode == 2",
            missing: vec!["pickupTime", "shipping"],
        }
    );
    let order: Order = serde_json::from_str(payload).expect("deserializes");
    assert_eq!(rules(&order.violations()), [("one-of-forms", "")]);
}

#[test]
fn a_missing_non_option_field_and_a_non_object_are_reported() {
    let violations = Order::violations_of_json(br#"{"mode": null}"#);
    assert_eq!(located(&violations), [("required", "/mode", 1, 10)]);
    let violations = Order::violations_of_json(b"[1]");
    assert_eq!(located(&violations), [("type", "", 1, 1)]);
    assert_eq!(<Order as Contract>::DOC.map(|doc| doc.table), Some(90));
}

/// What a model with hand-written deserialization might keep: undocumented names, and the
/// spelling it met for `min`.
#[derive(Debug, Default)]
struct Remembered {
    names: Vec<String>,
    min_spelling: Option<&'static str>,
}

impl Unlisted for Remembered {
    fn undocumented(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    fn spelling_of(&self, documented: &str) -> Option<&'static str> {
        self.min_spelling.filter(|_| documented == "min")
    }
}

/// A struct without serde, with an alias and a custom catch-all.
#[derive(Debug, Contract)]
struct Tally {
    #[contract(alias = "minimum", range(min = 0), doc(table = 3, param = "3.1"))]
    min: Option<i64>,
    #[contract(extra)]
    kept: Remembered,
}

#[test]
fn typed_values_learn_aliases_and_undocumented_names_from_the_extra_field() {
    let tally = Tally {
        min: Some(-1),
        kept: Remembered {
            names: vec!["zz".into()],
            min_spelling: Some("minimum"),
        },
    };
    let violations = tally.violations();
    assert_eq!(
        rules(&violations),
        [
            ("range", "/min"),
            ("unknown-field", "/zz"),
            ("alias", "/minimum"),
        ]
    );
    assert_eq!(
        *violations[2].kind(),
        ViolationKind::Alias {
            used: "minimum",
            documented: "min"
        }
    );
    assert_eq!(
        violations[2].doc().map(|doc| doc.to_string()).as_deref(),
        Some("Table 3, 3.1 min")
    );
    let quiet = Tally {
        min: Some(0),
        kept: Remembered::default(),
    };
    assert_eq!(quiet.violations(), []);
    let violations = Tally::violations_of_json(br#"{"minimum": -1}"#);
    assert_eq!(
        located(&violations),
        [("alias", "/minimum", 1, 2), ("range", "/min", 1, 13)]
    );
}

#[test]
fn raw_identifiers_are_wire_names_without_the_prefix() {
    let payload = r#"{"mode": 2, "pickupTime": "08:00", "items": [{"code": 1, "type": 5}]}"#;
    let violations = Order::violations_of_json(payload.as_bytes());
    assert_eq!(
        located(&violations),
        [
            ("json-string-as-array", "/items", 1, 45),
            ("one-of", "/items/0/type", 1, 66),
        ]
    );
    let order: Order = serde_json::from_str(payload).expect("deserializes");
    assert_eq!(
        rules(&order.violations()),
        [
            ("json-string-as-array", "/items"),
            ("one-of", "/items/0/type"),
        ]
    );
}

#[test]
fn a_format_on_a_services_struct_is_one_rule_at_error_level() {
    let at = |url: &str| {
        let payload = format!(r#"{{"mode": 2, "pickupTime": "08:00", "callbackUrl": "{url}"}}"#);
        let violations = Order::violations_of_json(payload.as_bytes());
        let order: Order = serde_json::from_str(&payload).expect("deserializes");
        assert_eq!(
            graded(&order.violations()),
            graded(&violations),
            "both paths, {url}"
        );
        graded(&violations)
            .into_iter()
            .map(|(rule, level, pointer)| (rule, level, pointer.to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        at("ftp://x"),
        [("format", "error", "/callbackUrl".to_owned())]
    );
    // Plain http is an http URL: the contract's warning about it concerns its own callback.
    assert_eq!(at("http://example.com/done"), []);
    assert_eq!(at("https://example.com/done"), []);
}

/// How a shipment travels: an enum of strings, its values serde's names.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Contract)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Standard,
    Express,
    #[serde(rename = "pickup", alias = "collect")]
    Pickup,
}

/// An enum of integer codes: the discriminants. Read here by hand; `serde_repr` does the same.
#[derive(Debug, Clone, Copy, PartialEq, Contract)]
#[contract(rule = "priority-code")]
enum Priority {
    Low = 1,
    High = 3,
}

impl<'de> Deserialize<'de> for Priority {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match i64::deserialize(deserializer)? {
            1 => Ok(Priority::Low),
            3 => Ok(Priority::High),
            other => Err(serde::de::Error::custom(format!("no priority {other}"))),
        }
    }
}

/// A shipment: nested paths, formats, ranges, conditions and enums on a service's own struct,
/// which reports neutral rule ids.
#[derive(Debug, Deserialize, Contract)]
#[serde(rename_all = "camelCase")]
#[contract(required_if(when = "mode == \"express\"", fields = ["contact.phone", "parcels[].weight"]))]
struct Shipment {
    mode: Mode,
    priority: Option<Priority>,
    #[contract(format(kind = "http_url"))]
    callback: Option<String>,
    #[contract(format(kind = "datetime", rule = "ship-date", severity = "warning"))]
    ship_at: Option<String>,
    #[contract(required_if = "mode == \"pickup\"", length(min = 1, max = 40))]
    depot: Option<String>,
    contact: Option<Contact>,
    parcels: Vec<Parcel>,
    tags: Option<Vec<String>>,
    insured: Option<bool>,
}

#[derive(Debug, Deserialize, Contract)]
struct Contact {
    name: Option<String>,
    phone: Option<String>,
}

#[derive(Debug, Deserialize, Contract)]
struct Parcel {
    #[contract(range(min = 1, max = 1000))]
    weight: Option<u16>,
    fragile: Option<bool>,
    volume: Option<f64>,
}

#[test]
fn a_services_struct_reports_neutral_rules() {
    let payload = r#"{
  "mode": "express",
  "priority": 2,
  "callback": "ftp://x",
  "shipAt": "2024-01-01",
  "contact": {"name": "Li"},
  "parcels": [{"weight": 0}, {"weight": 70000, "fragile": "yes"}, {"volume": 1e400}],
  "tags": ["a", 1],
  "insured": true,
  "insured": false,
  "extra": 1
}"#;
    let violations = Shipment::violations_of_json(payload.as_bytes());
    assert_eq!(
        graded(&violations),
        [
            ("priority-code", "error", "/priority"),
            ("format", "error", "/callback"),
            ("ship-date", "warning", "/shipAt"),
            ("required-if", "error", "/contact/phone"),
            ("range", "error", "/parcels/0/weight"),
            ("type", "error", "/parcels/1/weight"),
            ("type", "error", "/parcels/1/fragile"),
            // Reported at the object that lacks it, which starts before its member.
            ("required-if", "error", "/parcels/2/weight"),
            ("type", "error", "/parcels/2/volume"),
            ("type", "error", "/tags/1"),
            ("duplicate-field", "error", "/insured"),
            ("unknown-field", "warning", "/extra"),
        ]
    );
    assert_eq!(
        *violations[0].kind(),
        ViolationKind::NotListed {
            value: 2,
            listed: &[1, 3]
        }
    );
    assert_eq!(
        *violations[5].kind(),
        ViolationKind::OutOfRange {
            value: 70000,
            min: Some(0),
            max: Some(65535)
        },
        "a u16 holds 0 to 65535"
    );
    assert_eq!(
        violations[1].to_string(),
        "error [format] at /callback (line 4, column 15): expected an absolute http or https URL; \
         found \"ftp://x\""
    );
}

#[test]
fn plain_http_and_enum_spellings_pass_on_both_paths() {
    let payload = r#"{"mode": "collect", "depot": "North", "priority": 3,
        "callback": "http://example.com/done", "shipAt": "2024-01-01 08:00:00",
        "parcels": [{"weight": 1000, "fragile": false, "volume": 0.5}], "tags": ["x"]}"#;
    assert_eq!(Shipment::violations_of_json(payload.as_bytes()), []);
    let shipment: Shipment = serde_json::from_str(payload).expect("deserializes");
    assert_eq!(shipment.mode, Mode::Pickup);
    assert_eq!(shipment.violations(), []);
}

#[test]
fn enums_report_values_that_are_none_of_theirs() {
    let violations = Shipment::violations_of_json(br#"{"mode": "by sea", "parcels": []}"#);
    assert_eq!(graded(&violations), [("one-of", "error", "/mode")]);
    assert_eq!(
        violations[0].message(),
        r#"not one of the allowed values: "standard", "express", "pickup""#
    );
    assert_eq!(
        violations[0].found().map(|found| found.text()),
        Some(r#""by sea""#)
    );
    let violations = Shipment::violations_of_json(br#"{"mode": 1, "parcels": []}"#);
    assert_eq!(graded(&violations), [("type", "error", "/mode")]);
}

#[test]
fn conditions_read_enum_values_on_typed_values_and_json() {
    let payload = r#"{"mode": "pickup", "parcels": [{"weight": 2}]}"#;
    assert_eq!(
        graded(&Shipment::violations_of_json(payload.as_bytes())),
        [("required-if", "error", "/depot")]
    );
    let shipment: Shipment = serde_json::from_str(payload).expect("deserializes");
    assert_eq!(
        graded(&shipment.violations()),
        [("required-if", "error", "/depot")]
    );
    let express =
        r#"{"mode": "express", "contact": {"phone": "1"}, "parcels": [{}, {"weight": 2}]}"#;
    let shipment: Shipment = serde_json::from_str(express).expect("deserializes");
    assert_eq!(
        graded(&shipment.violations()),
        [("required-if", "error", "/parcels/0/weight")]
    );
    assert_eq!(
        graded(&Shipment::violations_of_json(express.as_bytes())),
        [("required-if", "error", "/parcels/0/weight")]
    );
}

#[test]
fn broken_json_is_a_neutral_syntax_error() {
    let violations = Shipment::violations_of_json(b"{\"mode\": ");
    assert_eq!(graded(&violations), [("json-syntax", "error", "")]);
    let violations = Order::violations_of_json(br#"{"mode": 1, "items": "[{\"code\": 1"}"#);
    assert_eq!(
        graded(&violations),
        [
            ("required-if", "error", "/callbackUrl"),
            ("json-string", "error", "/items"),
        ]
    );
}

/// A batch whose lines must each name their `sku` when `kind` is 1, as must its head line.
#[derive(Debug, Deserialize, Contract)]
#[contract(required_if(when = "kind == 1", fields = ["lines[].sku", "head.sku"]))]
struct Batch {
    kind: i64,
    lines: Option<Vec<Line>>,
    head: Option<Line>,
}

/// One line of a batch, whose `sku` may be spelt `SKU`.
#[derive(Debug, Deserialize, Contract)]
struct Line {
    #[serde(alias = "SKU")]
    #[contract(alias = "SKU")]
    sku: Option<String>,
    qty: Option<i64>,
}

/// The `required-if` pointers of a batch's JSON report.
fn required(payload: &str) -> Vec<String> {
    Batch::violations_of_json(payload.as_bytes())
        .iter()
        .filter(|violation| violation.rule() == "required-if")
        .map(|violation| violation.pointer().to_owned())
        .collect()
}

#[test]
fn a_path_below_an_object_finds_its_leaf_however_the_walk_below_saw_it() {
    // Every line names its sku: nothing to report, whichever way that is found.
    assert_eq!(
        required(
            r#"{"kind": 1, "lines": [{"sku": "a"}, {"sku": "b", "qty": 2}], "head": {"sku": "h"}}"#
        ),
        [""; 0]
    );
    assert_eq!(required(r#"{"kind": 1, "lines": []}"#), [""; 0]);
    // Each line on its own: a missing or `null` sku, whatever the other lines hold.
    assert_eq!(
        required(
            r#"{"kind": 1, "lines": [{"sku": "a"}, {"qty": 1}, {"sku": null}, {"sku": "d"}]}"#
        ),
        ["/lines/1/sku", "/lines/2/sku"]
    );
    // Below the first step, a leaf is looked for as documented: the alias (which the walk of
    // a line takes for its `sku`) does not give it, and the first of two spellings is the one
    // read, `null` here though a later one is not.
    assert_eq!(
        required(
            r#"{"kind": 1, "lines": [{"SKU": "a"}, {"sku": null, "sku": "b"}, {"SKU": "c", "sku": null}],
                "head": {"SKU": "h"}}"#
        ),
        ["/lines/0/sku", "/lines/1/sku", "/lines/2/sku", "/head/sku"]
    );
    // An item that is no object is its type check's, and leaves the other items to be read.
    assert_eq!(
        required(r#"{"kind": 1, "lines": [7, {"qty": 1}, null], "head": 3}"#),
        ["/lines/1/sku"]
    );
    // Under another condition, nothing is required.
    assert_eq!(required(r#"{"kind": 2, "lines": [{"qty": 1}]}"#), [""; 0]);
}
