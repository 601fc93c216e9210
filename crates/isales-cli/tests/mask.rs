//! `--mask`: the value of a field the spec marks personal (`callerNo`) never reaches the output,
//! in any format, whatever its JSON shape, wherever it would be printed (the value found, the
//! facts and message, the quoted source line), whether or not a violation is about it.

const FORMATS: [&str; 6] = ["human", "json", "ndjson", "junit", "sarif", "github"];

/// A payload on one line whose `callerNo` is `value` (inserted as written), with one more
/// violation on that line (`maxAlertingTime` out of range), so the human format quotes the
/// line even when the value itself breaks nothing.
fn payload(value: &str) -> String {
    format!(
        r#"{{"resultCode":"0200000","resultDesc":"","returnCode":"0200000","returnDesc":"","returnObject":{{"id":1,"name":"n","status":2,"deviceType":1,"ivrParam":{{"deviceSign":"1001","callCount":5,"callInterval":60}},"callerNo":{value},"maxAlertingTime":3000,"callBackUrl":"https://example.com/cb"}}}}"#
    )
}

/// Runs `validate --format FORMAT [--mask] -` over `input`: standard output and error.
fn validate(format: &str, mask: bool, input: &str) -> String {
    let mut args = vec!["--input", "json", "--format", format];
    if mask {
        args.push("--mask");
    }
    let (_, out, err) = isales_cli::validate_stdin(&args, input.as_bytes());
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&err)
    )
}

#[test]
fn personal_values_of_every_shape_are_masked_in_every_format() {
    // (the value as written, the text that must not appear)
    let values = [
        (r#""13800138000""#, "13800138000"),
        ("13800138000", "13800138000"),
        ("-13800138000", "13800138000"),
        (r#"["13800138000"]"#, "13800138000"),
        (r#"{"number":"13800138000"}"#, "13800138000"),
        ("13800138000e400", "13800138000"),
        ("1e400", "1e400"),
        ("13800138000.0", "13800138000"),
        ("2.0", "2.0"),
        ("-0", "-0"),
        (r#""12345", "callerNo": "13800138000""#, "13800138000"),
    ];
    // Some texts (`2.0`, `-0`) also appear in rule descriptions (SARIF) and dates: the value
    // must add no occurrence to what the output of a harmless `callerNo` holds.
    let count = |output: &str, secret: &str| output.matches(secret).count();
    for (value, secret) in values {
        let input = payload(value);
        let harmless = payload(r#""5""#);
        assert!(
            count(&validate("human", false, &input), secret)
                > count(&validate("human", false, &harmless), secret),
            "{value}: the test cannot see the value unmasked"
        );
        for format in FORMATS {
            let masked = validate(format, true, &input);
            let baseline = count(&validate(format, true, &harmless), secret);
            assert!(
                count(&masked, secret) <= baseline,
                "{value} in {format}: `{secret}` printed under --mask:\n{masked}"
            );
        }
    }
}

#[test]
fn masking_blanks_the_value_and_keeps_the_line() {
    let output = validate("human", true, &payload(r#"["13800138000"]"#));
    assert!(
        output.contains(r#""callerNo":***************,"maxAlertingTime":3000"#),
        "{output}"
    );
}
