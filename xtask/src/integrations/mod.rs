//! `cargo xtask integrations`: the GitHub Action (`action.yml`) and the pre-commit hook
//! (`.pre-commit-hooks.yaml`) exercised the way their hosts run them. Not part of CI: it
//! installs pre-commit from PyPI and builds the command twice in release mode (once as the
//! action's `cargo install`, once as pre-commit's), which takes minutes.
//!
//! The action ([`action`]) runs on the bundled examples, copied into a scratch workspace
//! under `target/integrations/`, once per case: valid captures (exit 0), a failing payload
//! (exit 1), a baseline written and then read (exit 0), and a path that names nothing
//! (exit 2). Each case checks that the SARIF report was written, that the upload step's
//! condition held and it was handed that file, and that the action ended with the check's
//! exit code. The hook ([`pre_commit`]) is tried with `pre-commit try-repo` in a scratch git
//! repository. Everything is printed; the task fails when a case does not end as expected.

mod action;
mod expressions;
mod pre_commit;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use crate::codegen::project_root;
use crate::target::target_dir;
use action::{Action, Host, Outcome};

/// The options of `integrations`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// Leave the action out.
    pub skip_action: bool,
    /// Leave the pre-commit hook out.
    pub skip_pre_commit: bool,
}

impl Options {
    /// Parses the arguments after `integrations`.
    pub(crate) fn parse(arguments: &[String]) -> Result<Self, String> {
        let mut options = Self::default();
        for argument in arguments {
            match argument.as_str() {
                "--skip-action" => options.skip_action = true,
                "--skip-pre-commit" => options.skip_pre_commit = true,
                other => return Err(format!("unknown option `{other}` of integrations")),
            }
        }
        Ok(options)
    }
}

/// Where the task works.
fn work_dir() -> PathBuf {
    target_dir().join("integrations")
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Runs `integrations`.
pub(crate) fn integrations(options: &Options) -> ExitCode {
    let mut report = String::new();
    let mut all_ok = true;
    if !options.skip_action {
        match run_action_cases() {
            Ok((text, ok)) => {
                report.push_str(&text);
                all_ok &= ok;
            }
            Err(error) => {
                let _ = writeln!(report, "action.yml: error: {error}");
                all_ok = false;
            }
        }
    }
    if !options.skip_pre_commit {
        match run_hook_cases() {
            Ok((text, ok)) => {
                report.push_str(&text);
                all_ok &= ok;
            }
            Err(error) => {
                let _ = writeln!(report, ".pre-commit-hooks.yaml: error: {error}");
                all_ok = false;
            }
        }
    }
    #[allow(clippy::print_stdout, reason = "the report is the task's output")]
    {
        print!("{report}");
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: an integration did not end as expected");
        ExitCode::FAILURE
    }
}

/// One run of the action.
struct ActionCase {
    name: &'static str,
    inputs: &'static [(&'static str, &'static str)],
    /// The check's exit code, which the action must end with.
    code: i32,
    /// Whether the SARIF results must say `baselineState` `unchanged`.
    under_baseline: bool,
}

const ACTION_CASES: [ActionCase; 5] = [
    ActionCase {
        name: "valid captures",
        inputs: &[("paths", "captures/valid.json")],
        code: 0,
        under_baseline: false,
    },
    ActionCase {
        name: "a failing payload",
        inputs: &[
            ("paths", "captures/invalid.json\ncaptures/capture.ndjson\n"),
            ("format", "human"),
        ],
        code: 1,
        under_baseline: false,
    },
    ActionCase {
        name: "writing a baseline",
        inputs: &[
            ("paths", "captures/"),
            ("args", "--write-baseline known.json"),
        ],
        code: 0,
        under_baseline: false,
    },
    ActionCase {
        name: "under that baseline",
        inputs: &[("paths", "captures/"), ("baseline", "known.json")],
        code: 0,
        under_baseline: true,
    },
    ActionCase {
        name: "a path naming nothing",
        inputs: &[("paths", "captures/none.json"), ("upload-sarif", "true")],
        code: 2,
        under_baseline: false,
    },
];

/// Runs every case of the action; the report and whether all ended as expected.
fn run_action_cases() -> Result<(String, bool), String> {
    let root = project_root();
    let text = std::fs::read_to_string(root.join("action.yml"))
        .map_err(|error| format!("cannot read action.yml: {error}"))?;
    let action = Action::parse(&text)?;
    let base = work_dir().join("action");
    let workspace = base.join("workspace");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace)
            .map_err(|error| format!("cannot empty {}: {error}", workspace.display()))?;
    }
    std::fs::create_dir_all(workspace.join("captures"))
        .map_err(|error| format!("cannot create the workspace: {error}"))?;
    for name in [
        "valid.json",
        "invalid.json",
        "capture.ndjson",
        "capture.har",
    ] {
        std::fs::copy(
            root.join("examples").join(name),
            workspace.join("captures").join(name),
        )
        .map_err(|error| format!("cannot copy examples/{name}: {error}"))?;
    }
    let host = Host {
        action_path: root.clone(),
        workspace: workspace.clone(),
        temp: base.join("runner-temp"),
        tool_cache: base.join("tool-cache"),
        // The action's `cargo install` builds in a directory of its own, kept between runs,
        // so a rerun after a change rebuilds only what changed.
        env: vec![(
            "CARGO_TARGET_DIR".to_owned(),
            base.join("cargo-target").display().to_string(),
        )],
    };
    let mut report = String::from(
        "action.yml: each `run` step with bash as GitHub's runner runs a composite action\n",
    );
    let mut all_ok = true;
    for case in &ACTION_CASES {
        if host.temp.exists() {
            std::fs::remove_dir_all(&host.temp)
                .map_err(|error| format!("cannot empty {}: {error}", host.temp.display()))?;
        }
        std::fs::create_dir_all(&host.temp)
            .map_err(|error| format!("cannot create {}: {error}", host.temp.display()))?;
        let inputs = action.inputs(case.inputs)?;
        let sarif_name = inputs.get("sarif-file").cloned().unwrap_or_default();
        let sarif_path = workspace.join(&sarif_name);
        let _ = std::fs::remove_file(&sarif_path);
        let outcomes = action::run(&action, inputs, &host)?;
        let (text, ok) = judge_action_case(case, &outcomes, &sarif_name, &sarif_path);
        report.push_str(&text);
        all_ok &= ok;
    }
    Ok((report, all_ok))
}

/// What one run of the action did, and whether it is what the case expects.
fn judge_action_case(
    case: &ActionCase,
    outcomes: &[(String, Outcome)],
    sarif_name: &str,
    sarif_path: &Path,
) -> (String, bool) {
    let mut problems: Vec<String> = Vec::new();
    let mut lines = String::new();
    for (name, outcome) in outcomes {
        let said = match outcome {
            Outcome::Skipped => "skipped (its condition did not hold)".to_owned(),
            Outcome::WouldUse { action, with } => {
                let with: Vec<String> = with
                    .iter()
                    .map(|(key, value)| format!("{key}={value}"))
                    .collect();
                format!("would use {action} with {}", with.join(", "))
            }
            Outcome::Ran {
                code,
                stdout,
                stderr,
            } => {
                // The step's last words, as the job's log would end it.
                let last = stderr
                    .lines()
                    .chain(stdout.lines())
                    .rfind(|line| !line.trim().is_empty())
                    .map(|line| {
                        format!("; log ends: {}", line.chars().take(110).collect::<String>())
                    })
                    .unwrap_or_default();
                format!(
                    "ran, exit {}{last}",
                    code.map_or("by a signal".to_owned(), |code| code.to_string())
                )
            }
        };
        let _ = writeln!(lines, "      {name}: {said}");
    }
    // The action ends with the check's code.
    match outcomes.last() {
        Some((_, Outcome::Ran { code, .. })) if *code == Some(case.code) => {}
        Some((name, outcome)) => problems.push(format!("the last step, {name}, gave {outcome:?}")),
        None => problems.push("no step ran".to_owned()),
    }
    let failed_steps: Vec<&str> = outcomes
        .iter()
        .filter(|(_, outcome)| matches!(outcome, Outcome::Ran { code, .. } if *code != Some(0)))
        .map(|(name, _)| name.as_str())
        .collect();
    let action_failed = !failed_steps.is_empty();
    if action_failed != (case.code != 0) {
        problems.push(format!("the failed steps are {failed_steps:?}"));
    }
    // The SARIF report was written and would be uploaded.
    let sarif = std::fs::read_to_string(sarif_path)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok());
    let results = sarif
        .as_ref()
        .and_then(|sarif| sarif["runs"][0]["results"].as_array().cloned());
    let summary = match (&sarif, &results) {
        (Some(sarif), Some(results)) if sarif["version"] == "2.1.0" => {
            format!("SARIF 2.1.0 with {} results", results.len())
        }
        _ => {
            problems.push(format!("no SARIF 2.1.0 report at {sarif_name}"));
            "no SARIF".to_owned()
        }
    };
    if case.under_baseline {
        let states: Vec<&str> = results
            .iter()
            .flatten()
            .filter_map(|result| result["baselineState"].as_str())
            .collect();
        if states.is_empty() || states.iter().any(|state| *state != "unchanged") {
            problems.push(format!("baseline states {states:?}, not all `unchanged`"));
        }
    }
    let uploaded = outcomes.iter().any(|(_, outcome)| {
        matches!(outcome, Outcome::WouldUse { action, with }
            if action.starts_with("github/codeql-action/upload-sarif@")
                && with.iter().any(|(key, value)| key == "sarif_file" && value == sarif_name))
    });
    if !uploaded {
        problems.push("the SARIF upload would not run with the report".to_owned());
    }
    let ok = problems.is_empty();
    let mut text = format!(
        "  {:<22} exit {} (expected {}), {summary}, upload {}: {}\n",
        case.name,
        match outcomes.last() {
            Some((
                _,
                Outcome::Ran {
                    code: Some(code), ..
                },
            )) => code.to_string(),
            _ => "?".to_owned(),
        },
        case.code,
        if uploaded {
            "would run"
        } else {
            "would NOT run"
        },
        if ok { "ok" } else { "FAILED" },
    );
    text.push_str(&lines);
    for problem in &problems {
        let _ = writeln!(text, "      problem: {problem}");
    }
    if !ok {
        for (name, outcome) in outcomes {
            if let Outcome::Ran { stdout, stderr, .. } = outcome {
                let _ = writeln!(text, "      --- {name}\n{stdout}{stderr}");
            }
        }
    }
    (text, ok)
}

/// Tries the pre-commit hook on every case; the report and whether all ended as expected.
fn run_hook_cases() -> Result<(String, bool), String> {
    let root = project_root();
    let text = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml"))
        .map_err(|error| format!("cannot read .pre-commit-hooks.yaml: {error}"))?;
    let hooks = pre_commit::hooks(&text)?;
    let hook = hooks.first().ok_or("no hook")?;
    // An NDJSON capture of valid answers: the valid example on one line, twice.
    let valid = std::fs::read_to_string(root.join("examples/valid.json"))
        .map_err(|error| format!("cannot read examples/valid.json: {error}"))?;
    let line = valid.split_whitespace().collect::<Vec<_>>().join(" ");
    let lines = format!("{line}\n{line}\n");
    let (version, tried) =
        pre_commit::try_hook(&root, &hook.id, &work_dir().join("pre-commit"), &lines)?;
    let mut report = format!(
        ".pre-commit-hooks.yaml: `pre-commit try-repo` (pre-commit {version}) of hook `{}` \
         (language {}, files {})\n",
        hook.id, hook.language, hook.files
    );
    let mut all_ok = true;
    for tried in &tried {
        let ok = tried.as_expected();
        all_ok &= ok;
        let _ = writeln!(
            report,
            "  {:<24} --files {}: exit {} (expected {} and `{}`): {}",
            tried.case.name,
            tried.case.files.join(" "),
            tried.code.map_or("?".to_owned(), |code| code.to_string()),
            tried.case.code,
            tried.case.verdict,
            if ok { "ok" } else { "FAILED" }
        );
        // The hook's line, and the lines the command printed, as pre-commit shows them.
        let shown: Vec<&str> = tried
            .output
            .lines()
            .skip_while(|line| !line.starts_with(hook.id.as_str()))
            .take(if ok { 14 } else { 200 })
            .collect();
        let shown = if shown.is_empty() {
            tried.output.lines().collect()
        } else {
            shown
        };
        for line in shown {
            let _ = writeln!(report, "      | {line}");
        }
    }
    Ok((report, all_ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse() {
        let words = |text: &str| {
            text.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(Options::parse(&words("")), Ok(Options::default()));
        assert_eq!(
            Options::parse(&words("--skip-pre-commit")),
            Ok(Options {
                skip_pre_commit: true,
                ..Options::default()
            })
        );
        assert!(Options::parse(&words("--fast")).is_err());
    }

    #[test]
    fn every_case_names_inputs_the_action_has() {
        let text = std::fs::read_to_string(project_root().join("action.yml")).expect("readable");
        let action = Action::parse(&text).expect("parses");
        for case in &ACTION_CASES {
            action
                .inputs(case.inputs)
                .unwrap_or_else(|error| panic!("{}: {error}", case.name));
        }
    }
}
