//! The tools a user would run instead of ours, installed locally under `target/peers/` from the
//! package registries by [`crate::install`] (a Python virtual environment, an npm prefix;
//! nothing global), the schema each one is given, the command line each one runs, and how many payloads each one
//! failed, read back from its output.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::timing::Job;
use crate::install::{InstallError, NpmPrefix, Pin, PythonEnv, node_version};

/// check-jsonschema's version, pinned so that reruns compare like with like.
pub(crate) const CHECK_JSONSCHEMA: &str = "0.39.0";
/// ajv-cli's version.
pub(crate) const AJV_CLI: &str = "5.0.0";

/// The ajv-cli plugin that makes `contentSchema` assert.
const AJV_PLUGIN: &str = include_str!("ajv-content-schema.js");

/// A validator timed beside ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Peer {
    /// `check-jsonschema` (Python, on the `jsonschema` package).
    CheckJsonschema,
    /// `ajv-cli` (Node.js, on ajv 8).
    AjvCli,
}

impl Peer {
    pub(crate) const ALL: [Self; 2] = [Self::CheckJsonschema, Self::AjvCli];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::CheckJsonschema => "check-jsonschema",
            Self::AjvCli => "ajv-cli",
        }
    }

    /// Whether the peer can be given a file: each stops at the first file it cannot read,
    /// checking nothing after it.
    pub(crate) fn reads(self, bytes: &[u8]) -> bool {
        match self {
            Self::CheckJsonschema => std::str::from_utf8(bytes).is_ok(),
            Self::AjvCli => serde_json::from_slice::<Value>(bytes).is_ok(),
        }
    }

    /// Why files were left out, when [`Peer::reads`] refused some.
    pub(crate) fn stops_at(self) -> &'static str {
        match self {
            Self::CheckJsonschema => {
                "it stops with a Python traceback at the first file that is not UTF-8 and \
                 checks nothing after it, so those files were left out"
            }
            Self::AjvCli => {
                "it stops at the first file `JSON.parse` refuses (exit status 2) and checks \
                 nothing after it, so the files that are not JSON (malformed, not UTF-8, a \
                 byte order mark, nesting beyond serde_json's limit) were left out"
            }
        }
    }

    /// What the peer checks of our contract, and what it cannot.
    pub(crate) fn checks(self) -> &'static str {
        match self {
            Self::CheckJsonschema => {
                "the generated schema as it is. `contentSchema` is an annotation under draft \
                 2020-12 and check-jsonschema takes no plug-in keywords, so the embedded \
                 documents (`resultRetry`, `policyJson`, `busiPolicy`, `turns`, `policy`) go \
                 unchecked. Errors carry a JSON path, no line or column. No NDJSON mode."
            }
            Self::AjvCli => {
                "the generated schema without its `x-` annotations (ajv's strict mode refuses \
                 unknown keywords), plus a plug-in `contentSchema` that parses the string and \
                 validates the document (`xtask/src/bench/ajv-content-schema.js`). Integers \
                 beyond 2^53 are rounded by `JSON.parse`. Errors carry an instance path, no \
                 line or column. No NDJSON mode."
            }
        }
    }
}

/// Where the peers live: a Python environment and an npm prefix under one directory, and the
/// schemas and plugin they are given.
#[derive(Debug, Clone)]
pub(crate) struct Peers {
    dir: PathBuf,
    python: PythonEnv,
    node: NpmPrefix,
}

impl Peers {
    /// Installs the peers under `dir` unless the pinned versions are there, and writes the
    /// schemas and the plugin they are given.
    pub(crate) fn install(dir: &Path, schema: &Value) -> Result<Self, InstallError> {
        let python = PythonEnv::ensure(
            &dir.join("venv"),
            &[Pin {
                name: "check-jsonschema",
                version: CHECK_JSONSCHEMA,
            }],
        )?;
        let node = NpmPrefix::ensure(
            &dir.join("node"),
            &[Pin {
                name: "ajv-cli",
                version: AJV_CLI,
            }],
        )?;
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .map_err(|error| InstallError(format!("cannot write {}: {error}", path.display())))
        };
        let pretty = |value: &Value| serde_json::to_string_pretty(value).unwrap_or_default() + "\n";
        write("schema.json", &pretty(schema))?;
        write("schema.ajv.json", &pretty(&without_annotations(schema)))?;
        write("ajv-content-schema.js", AJV_PLUGIN)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            python,
            node,
        })
    }

    fn program(&self, peer: Peer) -> PathBuf {
        match peer {
            Peer::CheckJsonschema => self.python.program("check-jsonschema"),
            Peer::AjvCli => self.node.program("ajv"),
        }
    }

    /// The versions of what each peer runs on, for the record.
    pub(crate) fn versions(&self) -> Vec<(String, String)> {
        let python = |package: &str| self.python.version(package).unwrap_or_default();
        let node = |package: &str| self.node.version(package).unwrap_or_default();
        vec![
            ("check-jsonschema".to_owned(), python("check-jsonschema")),
            ("python jsonschema".to_owned(), python("jsonschema")),
            ("python".to_owned(), self.python.python_version()),
            ("ajv-cli".to_owned(), node("ajv-cli")),
            ("ajv".to_owned(), node("ajv")),
            ("node".to_owned(), node_version()),
        ]
    }

    /// The command that validates `files` (names inside `dir`) with `peer`.
    pub(crate) fn job(&self, peer: Peer, dir: &Path, files: &[String]) -> Job {
        let arguments = match peer {
            Peer::CheckJsonschema => {
                let mut arguments = vec![
                    "--schemafile".to_owned(),
                    self.dir.join("schema.json").display().to_string(),
                    "--output-format".to_owned(),
                    "json".to_owned(),
                ];
                arguments.extend(files.iter().cloned());
                arguments
            }
            Peer::AjvCli => [
                "validate".to_owned(),
                "--spec=draft2020".to_owned(),
                // The schema's `if`/`then` branches name keywords without the `type` they
                // apply to, which is valid JSON Schema that strict mode would log about.
                "--strict-types=false".to_owned(),
                "--errors=line".to_owned(),
                "-s".to_owned(),
                self.dir.join("schema.ajv.json").display().to_string(),
                "-c".to_owned(),
                self.dir.join("ajv-content-schema.js").display().to_string(),
            ]
            .into_iter()
            .chain(
                files
                    .iter()
                    .flat_map(|file| ["-d".to_owned(), file.clone()]),
            )
            .collect(),
        };
        Job {
            program: self.program(peer),
            arguments,
            directory: dir.to_path_buf(),
            accepted: &[0, 1],
        }
    }
}

/// The schema without its `x-` annotation keywords.
pub(crate) fn without_annotations(schema: &Value) -> Value {
    match schema {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(key, _)| !key.starts_with("x-"))
                .map(|(key, value)| (key.clone(), without_annotations(value)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_annotations).collect()),
        other => other.clone(),
    }
}

/// How many payloads `peer` failed, from its standard output and error.
pub(crate) fn failed(peer: Peer, stdout: &str, stderr: &str) -> Result<usize, String> {
    match peer {
        Peer::CheckJsonschema => {
            let report: Value = serde_json::from_str(stdout)
                .map_err(|error| format!("check-jsonschema's output is not JSON: {error}"))?;
            let mut names: Vec<&str> = ["errors", "parse_errors"]
                .iter()
                .flat_map(|key| report[key].as_array().into_iter().flatten())
                .filter_map(|error| error["filename"].as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            Ok(names.len())
        }
        // One `<file> valid` or `<file> invalid` line per file, on either stream.
        Peer::AjvCli => Ok(stdout
            .lines()
            .chain(stderr.lines())
            .filter(|line| line.ends_with(" invalid"))
            .count()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn annotations_are_removed_at_every_depth() {
        let schema = json!({
            "x-table": 3,
            "$defs": {"A": {"type": "integer", "x-param": "5.1", "enum": ["x-kept"]}},
        });
        assert_eq!(
            without_annotations(&schema),
            json!({"$defs": {"A": {"type": "integer", "enum": ["x-kept"]}}})
        );
    }

    #[test]
    fn failures_are_counted_per_file() {
        let check = r#"{"status": "fail", "errors": [
            {"filename": "a.json", "path": "$.x"}, {"filename": "a.json", "path": "$.y"},
            {"filename": "b.json", "path": "$"}], "parse_errors": [{"filename": "c.json"}]}"#;
        assert_eq!(failed(Peer::CheckJsonschema, check, ""), Ok(3));
        assert!(failed(Peer::CheckJsonschema, "Traceback", "").is_err());
        let ajv_out = "a.json valid\nb.json valid\n";
        let ajv_err = "c.json invalid\n[{\"message\":\"must be valid\"}]\nd.json invalid\n";
        assert_eq!(failed(Peer::AjvCli, ajv_out, ajv_err), Ok(2));
    }
}
