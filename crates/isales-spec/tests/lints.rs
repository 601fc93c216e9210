//! The spec checker reports every mistake of a file at once, each with its table and row.
//!
//! Each case breaks the committed spec in one place by a textual edit; the last test applies
//! them all together and expects every message in one report.

use isales_spec::{SPEC_TOML, SpecLocation, load};

/// (what the edit breaks, text to find, replacement, expected location, expected message part)
const MISTAKES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "unknown table reference",
        "name = \"predictParam\"\ntype = \"object\"\ntable = 9",
        "name = \"predictParam\"\ntype = \"object\"\ntable = 42",
        "Table 7, row 5.11.4 (predictParam)",
        "refers to Table 42, which does not exist",
    ),
    (
        "condition naming an unknown field",
        "when = \"deviceType in [1, 3]\"",
        "when = \"devicetype in [1, 3]\"",
        "rule `ivr-param-required`",
        "names `devicetype`, which is not a field of Table 4",
    ),
    (
        "duplicate parameter number",
        "param = \"5.9.12\"",
        "param = \"5.9.11\"",
        "Table 5, row 5.9.11 (holidayEndTime3)",
        "parameter number appears twice",
    ),
    (
        "type the generator cannot express",
        "name = \"offHookRate\"\ntype = \"integer\"",
        "name = \"offHookRate\"\ntype = \"float\"",
        "Table 13, row 5.11.4.5.1 (offHookRate)",
        "type `float` cannot be expressed",
    ),
    (
        "literal outside the enumeration",
        "when = \"outBoundType == 5\"\nrequire",
        "when = \"outBoundType == 4\"\nrequire",
        "rule `preview-param-required`",
        "4 is not a listed value of `outBoundType`",
    ),
    (
        "condition that does not parse",
        "when = \"callType == 1\"",
        "when = \"callType = 1\"",
        "rule `round-call-fields`",
        "`=` is not an operator",
    ),
    (
        "path through a field that holds no array",
        "require = [\"turns[].turnType\"]",
        "require = [\"turns.turnType\"]",
        "rule `turn-fields`",
        "holds an array; write `turns[]`",
    ),
    (
        "constraint naming an undefined rule",
        "rule = \"name-length\"",
        "rule = \"name-lenght\"",
        "Table 4, row 5.1 (name)",
        "names rule `name-lenght`, which is not defined",
    ),
    (
        "row numbered outside its parent",
        "param = \"5.10.3\"",
        "param = \"5.11.9\"",
        "Table 6, row 5.11.9 (callInterval)",
        "its number should be 5.10.<n>",
    ),
    (
        "rule citing one row of several it checks",
        "doc = [{ table = 16, param = \"5.14.3\" }, { table = 16, param = \"5.14.4\" }]",
        "doc = { table = 16, param = \"5.14.3\" }",
        "rule `round-call-fields`",
        "checks `turns` of Table 16, which its `doc` does not cite",
    ),
    (
        "invented row number",
        "off_page = \"seen in the page's response example\"",
        "param = \"5.0\"\noff_page = \"seen in the page's response example\"",
        "Table 4, row 5.0 (id)",
        "not both",
    ),
    (
        "parts on a rule that is not builtin",
        "require = [\"busiResultCode\"]\nprovenance = \"inferred\"",
        "require = [\"busiResultCode\"]\nprovenance = \"inferred\"\n\n[[rule.part]]\nprovenance = \"inferred\"\nsummary = \"x\"",
        "rule `busi-policy-fields`",
        "only a builtin rule lists [[rule.part]]",
    ),
    (
        "an off-page row named by number",
        "doc = { table = 2, field = \"locale\" }",
        "doc = { table = 2, param = \"3\" }",
        "rule `locale-format`",
        "refers to row 3, which Table 2 does not have",
    ),
    (
        "a check reading a row its table does not have",
        "rows.max = \"maxAvgCallTime\"\n",
        "rows.max = \"maxAvgCalltime\"\n",
        "rule `avg-call-time-order`",
        "path `maxAvgCalltime`: `maxAvgCalltime` is not a field of Table 10",
    ),
    (
        "a check reading a table that does not exist",
        "tables = [4]\nrows.begin",
        "tables = [4, 42]\nrows.begin",
        "rule `campaign-period-order`",
        "refers to Table 42, which does not exist",
    ),
    (
        "what a check reads said by a rule other than its first",
        "check = \"schedule\"\nseverity = \"warning\"\nprovenance = \"inferred\"\ndoc = { table = 5 }\nsummary = \"A calling window ends",
        "check = \"period\"\nseverity = \"warning\"\nprovenance = \"inferred\"\ndoc = { table = 5 }\nsummary = \"A calling window ends",
        "rule `campaign-period-order`",
        "`[rule.reads]` of check `period` belongs to its first rule, `schedule-segment-order`",
    ),
    (
        "what a check reads said without naming the check",
        "check = \"busi_interval\"\n",
        "",
        "rule `busi-call-interval-range`",
        "name it with `check`",
    ),
    (
        "a check on a rule that is not builtin",
        "id = \"retry-policy-form\"\nkind = \"one-of-forms\"\n",
        "id = \"retry-policy-form\"\nkind = \"one-of-forms\"\ncheck = \"forms\"\n",
        "rule `retry-policy-form`",
        "only a builtin rule names a hand-written `check`",
    ),
    (
        "error code of the wrong shape",
        "code = \"02000011\"",
        "code = \"2000011x\"",
        "Table 21, row 14 (2000011x)",
        "7 or 8 digits",
    ),
];

fn broken(edits: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut text = SPEC_TOML.to_owned();
    for (what, find, replace, _, _) in edits {
        assert!(
            text.contains(find),
            "the edit for `{what}` no longer applies to the spec"
        );
        text = text.replacen(find, replace, 1);
    }
    text
}

fn messages(text: &str) -> Vec<String> {
    match load(text) {
        Ok(_) => panic!("the broken spec loaded without errors"),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn each_mistake_is_reported_with_its_location() {
    for mistake in MISTAKES {
        let (what, _, _, location, message) = mistake;
        let reported = messages(&broken(std::slice::from_ref(mistake)));
        let expected = format!("{location}: ");
        assert!(
            reported
                .iter()
                .any(|line| line.starts_with(&expected) && line.contains(message)),
            "{what}: expected `{location}: …{message}…` in {reported:#?}"
        );
    }
}

#[test]
fn all_mistakes_are_reported_at_once() {
    let reported = messages(&broken(MISTAKES));
    for (what, _, _, location, message) in MISTAKES {
        assert!(
            reported
                .iter()
                .any(|line| line.starts_with(location) && line.contains(message)),
            "{what} missing from the combined report {reported:#?}"
        );
    }
}

#[test]
fn unknown_keys_are_rejected_by_name() {
    let text = SPEC_TOML.replacen("format = \"dial-string\"", "fromat = \"dial-string\"", 1);
    let errors = load(&text).expect_err("an unknown key must not load").0;
    assert_eq!(errors[0].location, SpecLocation::File);
    assert!(
        errors[0].message.contains("fromat"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_check_nobody_says_the_reads_of_is_reported() {
    let text = SPEC_TOML.replacen("rows.policy = \"busiResultPolicy\"\n", "", 1);
    let text = text.replacen(
        "\n[rule.reads]\ntables = [18]\nrows.interval = \"callInterval\"\n",
        "",
        1,
    );
    let reported = messages(&text);
    let expected = "rule `busi-call-interval-range`: no rule says what check `busi_interval` reads";
    assert!(
        reported.iter().any(|line| line.starts_with(expected)),
        "{expected} missing from {reported:#?}"
    );
}

#[test]
fn a_row_a_check_reads_is_cited_by_one_of_its_rules() {
    let text = SPEC_TOML.replacen(
        "doc = [{ table = 18, param = \"5.13.8.4\" }, { table = 18, param = \"5.13.8.3\" }]",
        "doc = { table = 18, param = \"5.13.8.4\" }",
        1,
    );
    assert_ne!(text, SPEC_TOML, "the edit applies");
    let reported = messages(&text);
    let expected = "rule `busi-call-interval-range`: check `busi_interval` reads busiResultPolicy of Table 18 (role `policy`), which none of its rules cites in `doc`";
    assert!(
        reported.iter().any(|line| line == expected),
        "{expected} missing from {reported:#?}"
    );
}

#[test]
fn unused_field_rules_and_unreached_tables_are_reported() {
    let text = SPEC_TOML.replacen("format = \"locale\"\n", "", 1).replacen(
        "table = 13\n",
        "table = 12\n",
        1,
    );
    let reported = messages(&text);
    for expected in [
        "rule `locale-format`: no field uses this `field` rule",
        "Table 13: no row refers to this object table",
        "Table 12: 2 rows refer to this table",
    ] {
        assert!(
            reported.iter().any(|line| line.starts_with(expected)),
            "{expected} missing from {reported:#?}"
        );
    }
}
