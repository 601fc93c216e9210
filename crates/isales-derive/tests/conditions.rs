//! Generated conditions mean what `isales_spec::Condition::eval` says they mean, on both paths.
//!
//! `macro_rules!` builds one struct whose fields each carry `required_if = <condition>`, and the
//! same list of conditions as text. For every combination of the values the conditions read
//! (absent, `null`, integers, strings, the wrong type), the fields reported missing must be
//! exactly those whose condition `eval` finds true, on typed values and on JSON.

use isales_contract::__private::{FieldInfo, FieldRef, Scope, Shape};
use isales_contract::{Contract, Violation, ViolationKind};
use isales_json::{Node, Value};
use isales_spec::{Condition, Scalar};

/// A field that holds an integer or a string, for lists that mix both.
#[derive(Debug, Clone)]
enum Mixed {
    Int(i64),
    Text(&'static str),
}

impl Shape for Mixed {
    const EXPECTED: &'static str = "integer or string";

    fn field_ref(&self) -> FieldRef<'_> {
        match self {
            Mixed::Int(value) => FieldRef::Int(*value),
            Mixed::Text(text) => FieldRef::Str(text),
        }
    }

    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        if !matches!(node.value, Value::Number(_) | Value::String(_)) {
            isales_contract::__private::contract::report_type_mismatch(
                Self::EXPECTED,
                node,
                scope,
                info,
            );
        }
    }
}

macro_rules! probe {
    ($($field:ident => $condition:literal,)*) => {
        #[derive(Debug, Default, Contract)]
        struct Probe {
            a: Option<i64>,
            s: Option<String>,
            m: Option<Mixed>,
            $(
                #[contract(required_if = $condition)]
                $field: Option<i64>,
            )*
        }

        const CONDITIONS: &[(&str, &str)] = &[$((stringify!($field), $condition)),*];
    };
}

probe! {
    eq => "a == 1",
    ne => "a != 1",
    in_list => "a in [1, 3]",
    not_in => "a not in [1, 3]",
    negative => "a in [-1, 2]",
    text => "s == \"x\"",
    not_text => "s != \"x\"",
    texts => "s in [\"x\", \"y\"]",
    not_texts => "s not in [\"x\", \"y\"]",
    mixed => "m in [1, \"x\"]",
    not_mixed => "m not in [1, \"x\"]",
    both => "a == 1 and s == \"x\"",
    either => "a == 1 or s == \"x\"",
    neither => "not (a == 1 or s == \"x\")",
    nested => "a in [1, 2] and (s != \"y\" or not m == 1)",
}

/// The value of one field as the conditions see it, and as JSON.
#[derive(Debug, Clone, Copy)]
enum Sample {
    Missing,
    Null,
    Int(i64),
    Text(&'static str),
}

impl Sample {
    fn scalar(self) -> Scalar<'static> {
        match self {
            Sample::Missing | Sample::Null => Scalar::Absent,
            Sample::Int(value) => Scalar::Int(value),
            Sample::Text(text) => Scalar::Str(text),
        }
    }

    fn json(self, name: &str) -> Option<String> {
        match self {
            Sample::Missing => None,
            Sample::Null => Some(format!("\"{name}\": null")),
            Sample::Int(value) => Some(format!("\"{name}\": {value}")),
            Sample::Text(text) => Some(format!("\"{name}\": \"{text}\"")),
        }
    }
}

/// The fields reported missing, sorted.
fn missing(violations: &[Violation]) -> Vec<&'static str> {
    let mut fields: Vec<&'static str> = violations
        .iter()
        .map(|violation| match violation.kind() {
            ViolationKind::Missing { field, .. } => *field,
            other => panic!("unexpected violation {other:?}"),
        })
        .collect();
    fields.sort_unstable();
    fields
}

#[test]
fn generated_conditions_agree_with_the_spec_evaluator() {
    let a_values = [
        Sample::Missing,
        Sample::Null,
        Sample::Int(1),
        Sample::Int(2),
        Sample::Int(3),
        Sample::Int(-1),
    ];
    let s_values = [
        Sample::Missing,
        Sample::Text("x"),
        Sample::Text("y"),
        Sample::Text("z"),
    ];
    let m_values = [
        Sample::Missing,
        Sample::Int(1),
        Sample::Int(2),
        Sample::Text("x"),
        Sample::Text("1"),
    ];
    let conditions: Vec<(&str, Condition)> = CONDITIONS
        .iter()
        .map(|(field, text)| (*field, text.parse().expect("test conditions parse")))
        .collect();
    let mut checked = 0;
    for a in a_values {
        for s in s_values {
            for m in m_values {
                let lookup = |name: &str| match name {
                    "a" => a.scalar(),
                    "s" => s.scalar(),
                    "m" => m.scalar(),
                    other => panic!("conditions read only a, s and m, not {other}"),
                };
                let mut expected: Vec<&str> = conditions
                    .iter()
                    .filter(|(_, condition)| condition.eval(&lookup))
                    .map(|(field, _)| *field)
                    .collect();
                expected.sort_unstable();

                let probe = Probe {
                    a: match a {
                        Sample::Int(value) => Some(value),
                        _ => None,
                    },
                    s: match s {
                        Sample::Text(text) => Some(text.to_owned()),
                        _ => None,
                    },
                    m: match m {
                        Sample::Int(value) => Some(Mixed::Int(value)),
                        Sample::Text(text) => Some(Mixed::Text(text)),
                        _ => None,
                    },
                    ..Probe::default()
                };
                let context = format!("a = {a:?}, s = {s:?}, m = {m:?}");
                assert_eq!(missing(&probe.violations()), expected, "typed, {context}");

                let members: Vec<String> = [a.json("a"), s.json("s"), m.json("m")]
                    .into_iter()
                    .flatten()
                    .collect();
                let json = format!("{{{}}}", members.join(", "));
                assert_eq!(
                    missing(&Probe::violations_of_json(json.as_bytes())),
                    expected,
                    "JSON {json}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 120);
}

#[test]
fn the_wrong_type_equals_nothing() {
    // `a` holds a string: `a == 1` is false and `a != 1` true, as for an absent field; the
    // located path also reports the type.
    let (mismatches, requirements): (Vec<Violation>, Vec<Violation>) =
        Probe::violations_of_json(br#"{"a": "1"}"#)
            .into_iter()
            .partition(|violation| violation.rule() == "type");
    assert_eq!(mismatches.len(), 1);
    assert_eq!(mismatches[0].pointer(), "/a");
    let fields = missing(&requirements);
    assert!(
        fields.contains(&"ne") && fields.contains(&"not_in"),
        "{fields:?}"
    );
    assert!(
        !fields.contains(&"eq") && !fields.contains(&"in_list"),
        "{fields:?}"
    );
}
