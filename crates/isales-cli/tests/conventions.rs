//! What a careful command-line tool gets right in a pipeline, tested as a CI job runs the
//! binary: how much it prints (`--quiet`, `--max-warnings`, blank NDJSON lines), colors
//! (`--color`, NO_COLOR, FORCE_COLOR), which configuration file decided the levels, files
//! named twice, readers that stop early and a closed standard output, quoted names, glob
//! alternation and `--exclude`.

use std::io::Read as _;
use std::path::Path;
use std::process::Stdio;

use assert_cmd::Command;
use serde_json::Value;

mod support;
use support::{binary, command, output, root, run, run_in, temp_filters};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}

/// The `(source, line, verdict)` of every record of a JSON report.
fn records(report: &Value) -> Vec<(String, Option<u64>, String)> {
    report["payloads"]
        .as_array()
        .expect("payloads")
        .iter()
        .map(|record| {
            (
                record["source"].as_str().expect("source").to_owned(),
                record["line"].as_u64(),
                record["verdict"].as_str().expect("verdict").to_owned(),
            )
        })
        .collect()
}

fn valid_payload() -> String {
    let text = std::fs::read_to_string(root().join("examples/valid.json")).expect("example");
    json(&text).to_string()
}

// --- Output volume -------------------------------------------------------------------------

#[test]
fn quiet_prints_failures_and_the_summary_only() {
    let loud = run(&["validate", "examples/"]);
    let quiet = run(&["validate", "examples/", "--quiet"]);
    assert_eq!((loud.code, quiet.code), (1, 1), "the verdicts are the same");
    let summary = "8 payloads checked in 4 inputs: 4 valid, 4 invalid, 4 warnings; 2 skipped";
    assert!(loud.stdout.ends_with(&format!("{summary}\n")));
    assert!(
        quiet.stdout.ends_with(&format!("{summary}\n")),
        "the counts are unchanged"
    );
    assert!(loud.stdout.contains("note: "), "the loud run has notes");
    assert!(!quiet.stdout.contains("note: "), "{}", quiet.stdout);
    // The insecure callback URL is a warning of a passing payload (line 4): gone.
    assert!(loud.stdout.contains("warning[insecure-callback-url]"));
    assert!(!quiet.stdout.contains("insecure-callback-url"));
    // A failing payload keeps all its findings, warnings included.
    assert!(quiet.stdout.contains("warning[caller-no-format]"));
    insta::assert_snapshot!("quiet-human", quiet.stdout);

    // Every format: only the payloads that fail (or could not be checked) are reported.
    let report = json(&run(&["validate", "examples/", "--quiet", "-f", "json"]).stdout);
    let verdicts: Vec<String> = records(&report).into_iter().map(|r| r.2).collect();
    assert_eq!(verdicts, ["fail"; 4]);
    assert_eq!(report["summary"]["valid"], 4);
    assert_eq!(report["summary"]["skipped"], 2);
    let github = run(&["validate", "examples/", "-q", "-f", "github"]);
    assert!(!github.stdout.contains("::notice"), "{}", github.stdout);
    assert_eq!(
        github.stderr,
        format!("{summary}\n"),
        "no note on stderr either"
    );
}

#[test]
fn max_warnings_fails_a_run_that_reports_more() {
    // Lines 1 and 4 of the capture pass with warnings only (caller number, plain http).
    let args = [
        "validate",
        "examples/capture.ndjson",
        "-A",
        "ivr-param-required",
        "-A",
        "malformed-json",
    ];
    let base = run(&args);
    assert_eq!(base.code, 0, "{}", base.stdout);
    let report = json(&run(&[&args[..], &["-f", "json"]].concat()).stdout);
    let warnings = report["summary"]["warnings"].as_u64().expect("count");
    assert!(warnings >= 2, "{report}");
    assert!(report["summary"].get("max_warnings").is_none());

    let at_limit = warnings.to_string();
    let within = run(&[&args[..], &["--max-warnings", at_limit.as_str()]].concat());
    assert_eq!(within.code, 0, "as many as allowed: {}", within.stdout);
    assert!(!within.stdout.contains("--max-warnings"));

    let below = (warnings - 1).to_string();
    let over = run(&[&args[..], &["--max-warnings", below.as_str()]].concat());
    assert_eq!(over.code, 1, "{}", over.stdout);
    let line = over.stdout.lines().last().expect("a summary");
    assert!(
        line.ends_with(&format!(
            "; more warnings than --max-warnings allows ({below}), which fails the run"
        )),
        "{line}"
    );
    insta::assert_snapshot!("max-warnings-summary", line);

    // Machine formats: the summary on stderr says it, the JSON summary holds the limit.
    let over_json = run(&[&args[..], &["--max-warnings", "0", "-f", "json"]].concat());
    assert_eq!(over_json.code, 1);
    assert!(
        over_json.stderr.contains("--max-warnings allows (0)"),
        "{}",
        over_json.stderr
    );
    assert_eq!(json(&over_json.stdout)["summary"]["max_warnings"], 0);

    // Errors still win: a run with failing payloads exits 1 however many warnings it allows,
    // and one that could not read an input exits 2.
    let failing = run(&["validate", "examples/", "--max-warnings", "1000"]);
    assert_eq!(failing.code, 1);
    let missing = run(&[
        "validate",
        "examples/",
        "no-such.json",
        "--max-warnings",
        "0",
    ]);
    assert_eq!(missing.code, 2);
    let refused = run(&["validate", "examples/", "--max-warnings", "-1"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
}

#[test]
fn blank_lines_are_one_note_per_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let payload = valid_payload();
    // A payload, 100,000 blank lines (spaces, CRLF, tabs among them), and a payload.
    let mut text = format!("{payload}\n");
    for index in 0..100_000 {
        text.push_str(match index % 3 {
            0 => "\n",
            1 => "  \r\n",
            _ => "\t\n",
        });
    }
    text.push_str(&payload);
    text.push('\n');
    std::fs::write(dir.path().join("gaps.ndjson"), &text).expect("write");
    std::fs::write(
        dir.path().join("one gap.ndjson"),
        format!("{payload}\n\n{payload}\n"),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("few.jsonl"),
        format!("\n{payload}\n\n\n{payload}\n"),
    )
    .expect("write");

    let human = run_in(dir.path(), &["validate", "."]);
    assert_eq!(human.code, 0, "{}", human.stdout);
    assert!(
        human.stdout.lines().count() < 20,
        "a handful of lines, not 300,000:\n{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(
            "note: ./gaps.ndjson: 100000 blank lines skipped: lines 2, 3, 4, 5, 6 and 99995 more"
        ),
        "{}",
        human.stdout
    );
    insta::assert_snapshot!("blank-lines-human", human.stdout);

    let machine = run_in(dir.path(), &["validate", ".", "-f", "json"]);
    let report = json(&machine.stdout);
    assert_eq!(report["summary"]["skipped"], 100_004, "still counted");
    assert_eq!(report["summary"]["checked"], 6);
    assert!(records(&report).iter().all(|record| record.2 == "pass"));
    assert_eq!(
        machine
            .stderr
            .lines()
            .filter(|line| line.starts_with("note: "))
            .count(),
        3,
        "one note per input: {}",
        machine.stderr
    );
    assert!(
        machine
            .stderr
            .contains("note: ./few.jsonl: 3 blank lines skipped: lines 1, 3 and 4\n"),
        "{}",
        machine.stderr
    );
    assert!(
        machine
            .stderr
            .contains("note: \"./one gap.ndjson\": 1 blank line skipped: line 2\n"),
        "{}",
        machine.stderr
    );

    // Only blank lines: nothing was checked, and the note still says how many there were.
    std::fs::write(dir.path().join("blank.ndjson"), "\n \n\n").expect("write");
    let blank = run_in(dir.path(), &["validate", "blank.ndjson"]);
    assert_eq!(blank.code, 2);
    assert!(
        blank
            .stdout
            .contains("note: blank.ndjson: 3 blank lines skipped: lines 1, 2 and 3"),
        "{}",
        blank.stdout
    );
    assert!(
        blank
            .stdout
            .contains("nothing was checked: blank.ndjson: only blank and comment lines"),
        "{}",
        blank.stdout
    );
}

// --- Colors --------------------------------------------------------------------------------

/// Flags, environment variables, and whether the output has colors.
type ColorCase = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    bool,
);

#[test]
fn colors_follow_the_flag_then_the_environment() {
    const ESC: char = '\u{1b}';
    let cases: [ColorCase; 8] = [
        (&[], &[], false),
        (&["--color", "always"], &[], true),
        (&["--color", "always"], &[("NO_COLOR", "1")], true),
        (&["--color", "never"], &[("FORCE_COLOR", "1")], false),
        (&[], &[("FORCE_COLOR", "1")], true),
        (&[], &[("FORCE_COLOR", "0")], false),
        (&[], &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")], false),
        (
            &["--color", "auto"],
            &[("NO_COLOR", ""), ("FORCE_COLOR", "true")],
            true,
        ),
    ];
    for (flags, environment, colored) in cases {
        let mut command = command(&root());
        command
            .args(["validate", "examples/invalid.json"])
            .args(flags);
        for (name, value) in environment {
            command.env(name, value);
        }
        let result = output(&mut command);
        assert_eq!(result.code, 1);
        assert_eq!(
            result.stdout.contains(ESC),
            colored,
            "{flags:?} {environment:?}: {}",
            result.stdout
        );
        assert!(!result.stderr.contains(ESC), "stderr stays plain");
    }
    // Only the human format has colors: machine formats ignore the flag.
    let report = run(&[
        "validate",
        "examples/invalid.json",
        "--color",
        "always",
        "-f",
        "json",
    ]);
    assert!(!report.stdout.contains(ESC));
    json(&report.stdout);

    let colored = run(&["validate", "examples/invalid.json", "--color=always"]);
    insta::assert_snapshot!("color-always", colored.stdout.replace(ESC, "<ESC>"));
    let refused = run(&["validate", "examples/", "--color", "sometimes"]);
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("[possible values: auto, always, never]"),
        "{}",
        refused.stderr
    );
}

// --- Which configuration applied ------------------------------------------------------------

#[test]
fn the_run_names_the_configuration_file_it_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("team/captures");
    std::fs::create_dir_all(&nested).expect("dirs");
    let capture = std::fs::read_to_string(root().join("examples/capture.ndjson")).expect("example");
    // Line 4 of the capture passes with one warning (plain http callback).
    let line = capture.lines().nth(3).expect("line 4");
    std::fs::write(nested.join("warned.ndjson"), format!("{line}\n")).expect("write");
    let config = dir.path().join("isales-contract.toml");
    let canonical = |path: &Path| {
        path.canonicalize()
            .expect("canonical")
            .display()
            .to_string()
    };

    // No file anywhere up to the temporary directory's root: nothing said, null recorded.
    let plain = run_in(&nested, &["validate", "warned.ndjson", "-f", "json"]);
    if plain.stderr.starts_with("using configuration ") {
        // A stray file above the system's temporary directory: exactly what this is about,
        // but it makes the rest of the test meaningless here.
        eprintln!("skipped: {}", plain.stderr);
        return;
    }
    assert_eq!(json(&plain.stdout)["config_file"], Value::Null);

    std::fs::write(&config, "strict = true\n").expect("write");
    let strict = run_in(&nested, &["validate", "warned.ndjson"]);
    assert_eq!(strict.code, 1, "the stray file fails the warning");
    assert_eq!(
        strict.stderr,
        format!("using configuration {}\n", canonical(&config)),
        "one line, on stderr"
    );
    temp_filters(dir.path()).bind(|| insta::assert_snapshot!("config-named", strict.stderr));

    let report = run_in(&nested, &["validate", "warned.ndjson", "-f", "json"]);
    assert_eq!(json(&report.stdout)["config_file"], canonical(&config));
    let sarif = run_in(&nested, &["validate", "warned.ndjson", "-f", "sarif"]);
    let sarif = json(&sarif.stdout);
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["properties"]["configurationFile"],
        canonical(&config)
    );

    // --no-strict wins over the file's `strict = true`; with --strict it is a usage error.
    let lenient = run_in(&nested, &["validate", "warned.ndjson", "--no-strict"]);
    assert_eq!(lenient.code, 0, "{}{}", lenient.stdout, lenient.stderr);
    let both = run_in(
        &nested,
        &["validate", "warned.ndjson", "--strict", "--no-strict"],
    );
    assert_eq!(both.code, 2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
    assert_eq!(both.stdout, "");

    // --no-config: no file, nothing said, null recorded.
    let ignored = run_in(
        &nested,
        &["validate", "warned.ndjson", "--no-config", "-f", "json"],
    );
    assert_eq!(ignored.code, 0);
    assert!(
        !ignored.stderr.contains("using configuration"),
        "{}",
        ignored.stderr
    );
    assert_eq!(json(&ignored.stdout)["config_file"], Value::Null);

    // --config names another file, recorded by its real path.
    let other = dir.path().join("other config.toml");
    std::fs::write(&other, "[rules]\ninsecure-callback-url = \"deny\"\n").expect("write");
    let explicit = run_in(
        &nested,
        &[
            "validate",
            "warned.ndjson",
            "--config",
            "../../other config.toml",
            "-f",
            "json",
        ],
    );
    assert_eq!(explicit.code, 1);
    assert_eq!(json(&explicit.stdout)["config_file"], canonical(&other));
    assert!(
        explicit
            .stderr
            .starts_with(&format!("using configuration \"{}\"\n", canonical(&other))),
        "a name with a space is quoted: {}",
        explicit.stderr
    );
}

// --- Small things ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_file_named_many_ways_is_checked_once_under_its_first_name() {
    use std::os::unix::fs::symlink;

    let dir = tempfile::tempdir().expect("temp dir");
    let captures = dir.path().join("my captures");
    std::fs::create_dir(&captures).expect("dir");
    let payload = valid_payload();
    std::fs::write(captures.join("a b.json"), &payload).expect("write");
    std::fs::write(captures.join("c.json"), &payload).expect("write");
    symlink("a b.json", captures.join("link.json")).expect("link");
    let absolute = captures.join("a b.json").display().to_string();

    let report = run_in(
        dir.path(),
        &[
            "validate",
            "./my captures/a b.json",
            "my captures/a b.json",
            &absolute,
            "my captures/link.json",
            "my captures",
            "my captures/*.json",
            "-f",
            "json",
        ],
    );
    assert_eq!(report.code, 0, "{}", report.stderr);
    let sources: Vec<String> = records(&json(&report.stdout))
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(sources, ["./my captures/a b.json", "my captures/c.json"]);

    // A link in a directory followed back to a directory being walked finds nothing twice:
    // `a/one.json` is also `a/loop/a/one.json`.
    let walk = dir.path().join("walk");
    std::fs::create_dir_all(walk.join("a")).expect("dir");
    std::fs::write(walk.join("a/one.json"), &payload).expect("write");
    symlink("..", walk.join("a/loop")).expect("link");
    let followed = run_in(&walk, &["validate", "a", "--follow-symlinks", "-f", "json"]);
    assert_eq!(
        json(&followed.stdout)["summary"]["checked"],
        1,
        "{}",
        followed.stdout
    );
    assert!(
        followed.stderr.contains("a symbolic link loop back to"),
        "{}",
        followed.stderr
    );
}

/// Starts `validate ARGS` with standard output into a pipe, reads `keep` bytes of it, closes
/// the pipe and waits: the exit code and standard error.
fn reader_stops_after(dir: &Path, args: &[&str], keep: usize) -> (i32, String) {
    let mut child = std::process::Command::new(binary())
        .current_dir(dir)
        .args(args)
        .env("CI", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut kept = vec![0; keep];
    stdout.read_exact(&mut kept).expect("the report starts");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let status = child.wait().expect("exits");
    (status.code().expect("an exit code, not a signal"), stderr)
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly_with_its_verdict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let payload = valid_payload();
    let broken = payload.replace("\"status\":2", "\"status\":9");
    assert_ne!(payload, broken);
    // Far more report than a pipe holds, so the command is still writing when the reader
    // goes away.
    let valid = format!("{payload}\n").repeat(20_000);
    let invalid = format!("{broken}\n").repeat(20_000);
    std::fs::write(dir.path().join("valid.ndjson"), valid).expect("write");
    std::fs::write(dir.path().join("invalid.ndjson"), invalid).expect("write");

    // SARIF opens with the rule catalog (70 KB): its reader stops after some results.
    for (args, keep, code) in [
        (&["validate", "valid.ndjson", "-f", "json"][..], 100, 0),
        (&["validate", "invalid.ndjson"], 100, 1),
        (&["validate", "invalid.ndjson", "-f", "sarif"], 200_000, 1),
        (&["validate", "invalid.ndjson", "-f", "github"], 100, 1),
    ] {
        let (exit, stderr) = reader_stops_after(dir.path(), args, keep);
        assert_eq!(exit, code, "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}: nothing said");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_is_reopened_on_dev_null_and_the_verdict_kept() {
    // The Rust runtime reopens a closed standard output on /dev/null, read-write, before the
    // command starts, which is what Python's subprocess.DEVNULL hands over too: the command
    // cannot refuse one without refusing the other, so both write into /dev/null and exit
    // with the verdict. (A descriptor that stays closed is refused: the library's tests.)
    let shell = |redirect: &str, file: &str| {
        let script = format!("exec \"$0\" validate {file} {redirect}");
        output(
            Command::new("sh")
                .current_dir(root())
                .args(["-c", &script])
                .arg(binary())
                .env_remove("NO_COLOR"),
        )
    };
    for file in ["examples/valid.json", "examples/invalid.json"] {
        let closed = shell(">&-", file);
        let discarded = shell(">/dev/null", file);
        assert_eq!(
            (closed.code, closed.stderr.as_str()),
            (discarded.code, discarded.stderr.as_str()),
            "{file}"
        );
    }
    assert_eq!(shell(">&-", "examples/invalid.json").code, 1);
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|version| version.status.success());
    if python {
        let discarded = output(Command::new("python3").args([
            "-c",
            "import subprocess, sys; \
             sys.exit(subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode)",
            binary().to_str().expect("a UTF-8 path"),
            "validate",
            &root().join("examples/valid.json").display().to_string(),
        ]));
        assert_eq!((discarded.code, discarded.stderr.as_str()), (0, ""));
    }
}

#[cfg(unix)]
#[test]
fn names_with_spaces_and_odd_characters_are_quoted_in_every_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let odd = dir.path().join("odd dir");
    std::fs::create_dir(&odd).expect("dir");
    std::fs::write(
        odd.join("it's here.ndjson"),
        format!("{}\n\n", valid_payload()),
    )
    .expect("write");
    std::fs::write(odd.join("note.log"), "not json\n").expect("write");
    std::os::unix::fs::symlink("it's here.ndjson", odd.join("a link.json")).expect("link");
    let made = std::process::Command::new("mkfifo")
        .arg(odd.join("a pipe.json"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());

    let result = run_in(
        dir.path(),
        &[
            "validate",
            "odd dir",
            "odd dir/note.log",
            "no such.json",
            "-f",
            "json",
        ],
    );
    assert_eq!(result.code, 2);
    for expected in [
        "note: skipped \"odd dir/a link.json\": a symbolic link in a directory",
        "note: skipped \"odd dir/a pipe.json\": not a regular file (a FIFO)",
        "error: cannot read \"no such.json\": no such file or directory",
        "note: \"odd dir/note.log\": read as NDJSON, one payload per line, because",
        "note: \"odd dir/it's here.ndjson\": 1 blank line skipped: line 2",
    ] {
        assert!(
            result.stderr.contains(expected),
            "{expected}\n{}",
            result.stderr
        );
    }
    insta::assert_snapshot!("odd-names-stderr", result.stderr);
    // Plain names stay bare, and the machine formats keep every name raw.
    let report = json(&result.stdout);
    assert!(
        records(&report)
            .iter()
            .any(|record| record.0 == "odd dir/it's here.ndjson"),
        "{report}"
    );
    let human = run_in(dir.path(), &["validate", "odd dir/note.log"]);
    assert!(
        human.stdout.contains("--> \"odd dir/note.log\":1"),
        "the human format's locations quote the same way:\n{}",
        human.stdout
    );
}

#[cfg(unix)]
#[test]
fn patterns_take_alternatives_and_exclude_leaves_paths_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path();
    let payload = valid_payload();
    for name in [
        "captures/a.json",
        "captures/b.ndjson",
        "captures/c.har.txt",
        "captures/x.bad.json",
        "captures/old/d.json",
        "captures/deep/er/e.jsonl",
        "captures/fixtures/f.json",
    ] {
        let file = path.join(name);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("dirs");
        std::fs::write(&file, format!("{payload}\n")).expect("write");
    }
    std::os::unix::fs::symlink("a.json", path.join("captures/linked.json")).expect("link");
    let made = std::process::Command::new("mkfifo")
        .arg(path.join("captures/pipe.json"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let sources = |args: &[&str]| {
        let mut all = vec!["validate", "-f", "json"];
        all.extend(args);
        let result = run_in(path, &all);
        let names: Vec<String> = records(&json(&result.stdout))
            .into_iter()
            .map(|r| r.0)
            .collect();
        (result.code, names, result.stderr)
    };

    // `{a,b}` alternation; `*` stays within a directory; a link the pattern names is followed
    // (and is the same file as a.json); a FIFO it names is skipped with a note.
    let (code, names, stderr) = sources(&["captures/*.{ndjson,json}"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        names,
        [
            "captures/a.json",
            "captures/b.ndjson",
            "captures/x.bad.json"
        ]
    );
    assert!(
        stderr.contains("note: skipped captures/pipe.json: not a regular file (a FIFO)"),
        "{stderr}"
    );
    let (_, names, _) = sources(&["captures/linked.{json,txt}"]);
    assert_eq!(names, ["captures/linked.json"]);

    // `**` crosses directories; a matched file is taken whatever its extension.
    let (_, names, _) = sources(&["captures/**/*.{jsonl,txt}"]);
    assert_eq!(names, ["captures/c.har.txt", "captures/deep/er/e.jsonl"]);
    // Patterns in the working directory are matched as typed.
    std::fs::write(path.join("top.json"), &payload).expect("write");
    let (_, names, _) = sources(&["*.json"]);
    assert_eq!(names, ["top.json"]);
    std::fs::remove_file(path.join("top.json")).expect("remove");

    // --exclude: a name anywhere, a directory pruned, a path by its end.
    let (code, names, stderr) = sources(&[
        "captures",
        "--exclude",
        "*.bad.json",
        "--exclude",
        "fixtures",
        "--exclude",
        "captures/old/**",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        names,
        [
            "captures/a.json",
            "captures/b.ndjson",
            "captures/deep/er/e.jsonl"
        ]
    );
    let (_, names, _) = sources(&["captures/**/*.json", "--exclude", "{old,fixtures}"]);
    assert_eq!(names, ["captures/a.json", "captures/x.bad.json"]);

    // A path typed on the command line is left out too, and the run says so once.
    let (code, names, stderr) = sources(&[
        "captures/a.json",
        "captures/old/d.json",
        "captures/x.bad.json",
        "--exclude",
        "*.bad.json",
        "--exclude",
        "old",
    ]);
    assert_eq!(code, 0);
    assert_eq!(names, ["captures/a.json"]);
    assert!(
        stderr.contains("note: left out 2 paths named on the command line: --exclude matches them"),
        "{stderr}"
    );

    // Everything left out: nothing was checked, exit 2 as for any empty run.
    let (code, names, _) = sources(&["captures", "--exclude", "captures"]);
    assert_eq!((code, names.len()), (2, 0));

    // A pattern that is not a glob is a usage error, before anything is read.
    let bad = run_in(path, &["validate", "captures", "--exclude", "{a,b"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("not a valid glob pattern"),
        "{}",
        bad.stderr
    );
    let unmatched = run_in(path, &["validate", "captures/*.{yaml,toml}"]);
    assert_eq!(unmatched.code, 2);
    assert!(
        unmatched
            .stderr
            .contains("error: cannot read captures/*.{yaml,toml}: no file matches this pattern"),
        "{}",
        unmatched.stderr
    );
}
