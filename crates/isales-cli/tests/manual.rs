//! What the command says about itself to other programs: completion scripts, the manual page
//! and the rule catalog as JSON, through the binary.

mod support;
use support::run;

/// The subcommands a user completes and reads about.
const SUBCOMMANDS: [&str; 7] = [
    "validate",
    "explain",
    "rules",
    "schema",
    "generate",
    "completions",
    "man",
];

#[test]
fn completion_scripts_know_the_subcommands_and_their_options() {
    let bash = run(&["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(
        bash.stdout.contains("-o default isales-contract"),
        "{}",
        bash.stdout
    );
    for word in SUBCOMMANDS
        .iter()
        .chain(&["--baseline", "--write-baseline", "--format"])
    {
        assert!(bash.stdout.contains(word), "bash completes `{word}`");
    }
    // What bash offers, asked the way it asks when Tab is pressed after `line`.
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("isales-contract.bash");
    std::fs::write(&script, &bash.stdout).expect("write");
    let offered = |line: &str| {
        let program = format!(
            "source \"$1\"; read -r -a COMP_WORDS <<< \"{line}\"; \
             [[ \"{line}\" == *' ' ]] && COMP_WORDS+=(''); \
             COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); \
             prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             _isales__contract isales-contract \"${{COMP_WORDS[COMP_CWORD]}}\" \"$prev\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let output = std::process::Command::new("bash")
            .args(["-c", &program, "bash"])
            .arg(&script)
            .output()
            .expect("bash runs");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    assert_eq!(offered("isales-contract va"), "validate\n");
    assert_eq!(
        offered("isales-contract validate --write"),
        "--write-baseline\n",
        "options of a subcommand complete"
    );
    assert!(offered("isales-contract completions ").contains("zsh\n"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = run(&["completions", shell]);
        assert_eq!(script.code, 0, "{shell}");
        assert!(
            script.stdout.contains("validate"),
            "{shell}: {}",
            script.stdout
        );
    }
    let unknown = run(&["completions", "tcsh"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("possible values"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_manual_page_is_roff_with_every_subcommand() {
    let page = run(&["man"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    for request in [
        ".TH isales-contract 1",
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH SUBCOMMANDS",
    ] {
        assert!(
            page.stdout.contains(request),
            "`{request}` in:\n{}",
            page.stdout
        );
    }
    for name in SUBCOMMANDS {
        // roff writes a hyphen as `\-`.
        assert!(
            page.stdout
                .contains(&format!("isales\\-contract\\-{name}(1)")),
            "the page lists {name}"
        );
    }

    let validate = run(&["man", "validate"]);
    assert_eq!(validate.code, 0, "{}", validate.stderr);
    assert!(
        validate.stdout.contains(".TH isales-contract-validate 1"),
        "{}",
        validate.stdout
    );
    assert!(
        validate.stdout.contains("\\-\\-write\\-baseline"),
        "{}",
        validate.stdout
    );

    let unknown = run(&["man", "valdate"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no subcommand `valdate`"),
        "{}",
        unknown.stderr
    );
    assert_eq!(unknown.stdout, "");
}

#[test]
fn the_rule_catalog_as_json() {
    let output = run(&["rules", "--format", "json"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    insta::assert_snapshot!("rules-json", output.stdout);
    let catalog: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    assert_eq!(catalog["version"], 1);
    let rules = catalog["rules"].as_array().expect("rules");
    let infos = isales_contract::rules::catalog();
    assert_eq!(rules.len(), infos.len());
    for (rule, info) in rules.iter().zip(infos) {
        assert_eq!(rule["id"], info.rule.id);
        assert_eq!(rule["level"], info.rule.severity.as_str());
        assert_eq!(rule["provenance"], info.rule.provenance.as_str());
        assert_eq!(rule["summary"], info.summary());
        assert_eq!(
            rule["doc"].as_array().map(Vec::len),
            Some(info.docs().len()),
            "{}",
            info.rule.id
        );
        assert!(rule["doc"][0]["table"].is_u64(), "{}", info.rule.id);
    }
    let text = run(&["rules"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout.starts_with("RULE "),
        "the table stays the default"
    );
}
