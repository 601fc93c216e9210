//! The composite action of `action.yml`, run as GitHub's runner runs it, with plain bash:
//! inputs and their defaults, `${{ }}` expressions ([`super::expressions`]), `if:`
//! conditions, each `run:` step as `bash --noprofile --norc -eo pipefail` (the runner's
//! `shell: bash`) with its `env:`, and the runner's files (`GITHUB_OUTPUT`, `GITHUB_ENV`,
//! `GITHUB_PATH`, `GITHUB_STEP_SUMMARY`) read back after each step. Steps that `uses:`
//! another action (the cache, the SARIF upload) cannot run here; they are recorded with
//! whether their condition held and their `with:` values, so the caller can check what
//! they would have been given.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

use super::expressions::Contexts;

/// The action, as read from its file.
#[derive(Debug, Clone)]
pub(crate) struct Action {
    /// Input names with their defaults (`None`: required, no default).
    pub inputs: BTreeMap<String, Option<String>>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step of the action.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub name: String,
    pub id: Option<String>,
    pub condition: Option<String>,
    pub body: Body,
    pub env: Vec<(String, String)>,
}

/// What a step does.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// A script, with its shell.
    Run { script: String, shell: String },
    /// Another action, with its `with:` values.
    Uses {
        action: String,
        with: Vec<(String, String)>,
    },
}

/// A scalar as the runner reads it: strings as written, numbers and booleans as text.
fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(text) | Yaml::Real(text) => Some(text.clone()),
        Yaml::Integer(number) => Some(number.to_string()),
        Yaml::Boolean(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The pairs of a mapping of scalars (`env:`, `with:`), in order.
fn pairs(value: &Yaml, what: &str) -> Result<Vec<(String, String)>, String> {
    match value {
        Yaml::BadValue => Ok(Vec::new()),
        Yaml::Hash(hash) => hash
            .iter()
            .map(|(key, value)| match (scalar(key), scalar(value)) {
                (Some(key), Some(value)) => Ok((key, value)),
                _ => Err(format!("{what}: a key or value is not a scalar")),
            })
            .collect(),
        _ => Err(format!("{what} is not a mapping")),
    }
}

impl Action {
    /// Reads an action's metadata file; only composite actions are run.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let documents =
            YamlLoader::load_from_str(text).map_err(|error| format!("not YAML: {error}"))?;
        let document = documents.first().ok_or("an empty file")?;
        if document["runs"]["using"].as_str() != Some("composite") {
            return Err("not a composite action (`runs.using: composite`)".to_owned());
        }
        let mut inputs = BTreeMap::new();
        if let Some(hash) = document["inputs"].as_hash() {
            for (name, input) in hash {
                let name = scalar(name).ok_or("an input name is not a scalar")?;
                inputs.insert(name, scalar(&input["default"]));
            }
        }
        let mut steps = Vec::new();
        for (index, step) in document["runs"]["steps"]
            .as_vec()
            .ok_or("no `runs.steps`")?
            .iter()
            .enumerate()
        {
            let name = scalar(&step["name"]).unwrap_or_else(|| format!("step {}", index + 1));
            let body = match (scalar(&step["run"]), scalar(&step["uses"])) {
                (Some(script), None) => Body::Run {
                    script,
                    shell: scalar(&step["shell"]).ok_or_else(|| {
                        format!("{name}: a composite step's `run` needs a `shell`")
                    })?,
                },
                (None, Some(action)) => Body::Uses {
                    action,
                    with: pairs(&step["with"], &format!("{name}: with"))?,
                },
                _ => return Err(format!("{name}: neither `run` nor `uses`, or both")),
            };
            steps.push(Step {
                id: scalar(&step["id"]),
                condition: scalar(&step["if"]),
                env: pairs(&step["env"], &format!("{name}: env"))?,
                name,
                body,
            });
        }
        Ok(Action { inputs, steps })
    }

    /// The inputs' values: `given` over the defaults; a required input not given is an
    /// error, and so is a given one the action does not have.
    pub(crate) fn inputs(
        &self,
        given: &[(&str, &str)],
    ) -> Result<BTreeMap<String, String>, String> {
        for (name, _) in given {
            if !self.inputs.contains_key(*name) {
                return Err(format!("the action has no input `{name}`"));
            }
        }
        self.inputs
            .iter()
            .map(|(name, default)| {
                let value = given
                    .iter()
                    .find(|(given, _)| given == name)
                    .map(|(_, value)| (*value).to_owned())
                    .or_else(|| default.clone())
                    .ok_or_else(|| format!("the input `{name}` is required"))?;
                Ok((name.clone(), value))
            })
            .collect()
    }
}

/// What became of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Its condition did not hold.
    Skipped,
    /// A script ran and exited with this code (`None`: killed by a signal).
    Ran {
        code: Option<i32>,
        stdout: String,
        stderr: String,
    },
    /// Another action would have run with these `with:` values.
    WouldUse {
        action: String,
        with: Vec<(String, String)>,
    },
}

/// Where the run happens.
#[derive(Debug, Clone)]
pub(crate) struct Host {
    /// The action's own directory (`github.action_path`).
    pub action_path: PathBuf,
    /// The checkout the steps run in (`github.workspace`).
    pub workspace: PathBuf,
    /// The runner's temporary directory, emptied by the caller.
    pub temp: PathBuf,
    /// The runner's tool cache, kept between runs.
    pub tool_cache: PathBuf,
    /// Variables every step gets besides the runner's.
    pub env: Vec<(String, String)>,
}

/// Runs `action` with `inputs` on `host`: every step in order, as the runner would.
pub(crate) fn run(
    action: &Action,
    inputs: BTreeMap<String, String>,
    host: &Host,
) -> Result<Vec<(String, Outcome)>, String> {
    let path_text = |path: &Path| path.display().to_string();
    let mut contexts = Contexts {
        inputs,
        ..Contexts::default()
    };
    contexts
        .github
        .insert("action_path".to_owned(), path_text(&host.action_path));
    contexts
        .github
        .insert("workspace".to_owned(), path_text(&host.workspace));
    contexts.runner.insert("os".to_owned(), "Linux".to_owned());
    contexts
        .runner
        .insert("temp".to_owned(), path_text(&host.temp));
    contexts
        .runner
        .insert("tool_cache".to_owned(), path_text(&host.tool_cache));

    let files = host.temp.join("_runner_file_commands");
    std::fs::create_dir_all(&files)
        .map_err(|error| format!("cannot create {}: {error}", files.display()))?;
    let mut added_env: Vec<(String, String)> = Vec::new();
    let mut added_path: Vec<String> = Vec::new();
    let mut failed = false;
    let mut outcomes = Vec::new();
    for (index, step) in action.steps.iter().enumerate() {
        if !contexts.condition(step.condition.as_deref(), failed)? {
            outcomes.push((step.name.clone(), Outcome::Skipped));
            continue;
        }
        let (script, shell) = match &step.body {
            Body::Uses { action, with } => {
                let with = with
                    .iter()
                    .map(|(key, value)| Ok((key.clone(), contexts.substitute(value)?)))
                    .collect::<Result<_, String>>()?;
                outcomes.push((
                    step.name.clone(),
                    Outcome::WouldUse {
                        action: action.clone(),
                        with,
                    },
                ));
                continue;
            }
            Body::Run { script, shell } => (script, shell),
        };
        if shell != "bash" {
            return Err(format!("{}: only `shell: bash` is run here", step.name));
        }
        let script_path = host.temp.join(format!("step-{index}.sh"));
        write(&script_path, &contexts.substitute(script)?)?;
        let file = |name: &str| files.join(format!("{name}-{index}"));
        let (output_file, env_file, path_file, summary_file) =
            (file("output"), file("env"), file("path"), file("summary"));
        for path in [&output_file, &env_file, &path_file, &summary_file] {
            write(path, "")?;
        }
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_path)
            .current_dir(&host.workspace);
        let mut search_path: Vec<String> = added_path.iter().rev().cloned().collect();
        search_path.extend(std::env::var("PATH").ok());
        command.env("PATH", search_path.join(":"));
        command
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", &host.action_path)
            .env("GITHUB_WORKSPACE", &host.workspace)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_ENV", &env_file)
            .env("GITHUB_PATH", &path_file)
            .env("GITHUB_STEP_SUMMARY", &summary_file)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_TEMP", &host.temp)
            .env("RUNNER_TOOL_CACHE", &host.tool_cache);
        for (name, value) in host.env.iter().chain(&added_env) {
            command.env(name, value);
        }
        for (name, value) in &step.env {
            command.env(name, contexts.substitute(value)?);
        }
        let output = command
            .output()
            .map_err(|error| format!("{}: cannot run bash: {error}", step.name))?;
        let code = output.status.code();
        if code != Some(0) {
            failed = true;
        }
        if let Some(id) = &step.id {
            contexts
                .steps
                .insert(id.clone(), file_commands(&read(&output_file)?)?);
        }
        added_env.extend(file_commands(&read(&env_file)?)?);
        added_path.extend(
            read(&path_file)?
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(str::to_owned),
        );
        outcomes.push((
            step.name.clone(),
            Outcome::Ran {
                code,
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            },
        ));
    }
    Ok(outcomes)
}

/// The `name=value` lines and `name<<DELIMITER` blocks of a `GITHUB_OUTPUT` or `GITHUB_ENV`
/// file, later ones winning.
pub(crate) fn file_commands(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut values = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        if let Some((name, delimiter)) = line.split_once("<<") {
            let mut value: Vec<&str> = Vec::new();
            loop {
                match lines.next() {
                    Some(next) if next == delimiter => break,
                    Some(next) => value.push(next),
                    None => return Err(format!("`{name}<<{delimiter}` is never closed")),
                }
            }
            values.insert(name.to_owned(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            values.insert(name.to_owned(), value.to_owned());
        } else {
            return Err(format!(
                "`{line}` is neither `name=value` nor `name<<DELIMITER`"
            ));
        }
    }
    Ok(values)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours() -> Action {
        let path = crate::codegen::project_root().join("action.yml");
        let text = std::fs::read_to_string(&path).expect("action.yml is readable");
        Action::parse(&text).expect("action.yml is a composite action")
    }

    #[test]
    fn the_sarif_upload_runs_after_a_failed_check_and_the_last_step_passes_the_code_on() {
        let action = ours();
        let upload = action
            .steps
            .iter()
            .position(|step| {
                matches!(&step.body, Body::Uses { action, .. }
                    if action.starts_with("github/codeql-action/upload-sarif@"))
            })
            .expect("a step uploads SARIF");
        let check = action
            .steps
            .iter()
            .position(|step| step.id.as_deref() == Some("check"))
            .expect("a step with the id `check`");
        assert!(check < upload);
        let condition = action.steps[upload].condition.as_deref().unwrap_or("");
        assert!(condition.starts_with("always()"), "{condition}");
        let last = action.steps.last().expect("steps");
        assert_eq!(last.condition.as_deref(), Some("always()"));
        let Body::Run { script, .. } = &last.body else {
            panic!("the last step is a script");
        };
        assert!(script.contains("exit \"${CODE:-2}\""), "{script}");
        assert!(last.env.contains(&(
            "CODE".to_owned(),
            "${{ steps.check.outputs.exit-code }}".to_owned()
        )));
    }

    #[test]
    fn every_expression_of_the_action_has_a_value_here() {
        let action = ours();
        let inputs = action
            .inputs(&[("paths", "captures/")])
            .expect("paths is the one required input");
        let mut contexts = Contexts {
            inputs,
            ..Contexts::default()
        };
        for name in ["action_path", "workspace"] {
            contexts.github.insert(name.to_owned(), "/x".to_owned());
        }
        for name in ["os", "temp", "tool_cache"] {
            contexts.runner.insert(name.to_owned(), "/x".to_owned());
        }
        for step in &action.steps {
            contexts
                .condition(step.condition.as_deref(), true)
                .unwrap_or_else(|error| panic!("{}: {error}", step.name));
            let texts = match &step.body {
                Body::Run { script, .. } => vec![script.clone()],
                Body::Uses { with, .. } => with.iter().map(|(_, value)| value.clone()).collect(),
            };
            for text in texts.iter().chain(step.env.iter().map(|(_, value)| value)) {
                contexts
                    .substitute(text)
                    .unwrap_or_else(|error| panic!("{}: {error}", step.name));
            }
        }
        assert!(action.inputs(&[]).is_err(), "paths is required");
        assert!(action.inputs(&[("paths", "a"), ("nope", "b")]).is_err());
    }

    #[test]
    fn file_commands_read_both_forms() {
        let text = "a=1\n\nb<<EOF\nline one\nline=two\nEOF\na=3\n";
        let values = file_commands(text).expect("well formed");
        assert_eq!(values.get("a").map(String::as_str), Some("3"));
        assert_eq!(
            values.get("b").map(String::as_str),
            Some("line one\nline=two")
        );
        assert!(file_commands("b<<EOF\nnever closed\n").is_err());
        assert!(file_commands("no separator\n").is_err());
    }
}
