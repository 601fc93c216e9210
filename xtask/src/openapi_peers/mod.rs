//! `cargo xtask openapi-peers`: the generated OpenAPI documents in the hands of the tools an
//! API team would point at them, installed locally at pinned versions under
//! `target/peers/openapi/` ([`crate::install`]). Not part of CI: it needs the package
//! registries and takes a minute or two.
//!
//! In order: the release build of our command; the installation; Spectral (`spectral:oas`)
//! and openapi-spec-validator on both documents ([`spectral`]); Prism's mock server from the
//! 3.1 document, dynamic then static ([`mock`]), asked for the same request many times
//! ([`capture`], over [`http`]), with Schemathesis run against the dynamic mock on both
//! documents ([`schemathesis`]); our validator on the captured bodies, summarised per rule
//! ([`findings`]); and the Markdown summary, written to `target/peers/openapi/summary.md` and
//! printed ([`summary`]). The task fails when a document has Spectral errors or
//! openapi-spec-validator refuses it; what Prism's made-up data breaks is reported, not a
//! failure, since Prism cannot know the contract's conditional forms.

mod capture;
pub(crate) mod findings;
pub(crate) mod http;
pub(crate) mod mock;
mod schemathesis;
mod spec_validator;
mod spectral;
mod summary;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::Value;

use crate::install::{NpmPrefix, Pin, PythonEnv, node_version};
use crate::target::{relative, release_build, release_dir, target_dir};
use mock::{Mock, Mode};
use summary::{DocumentResults, MockResults, Summary};

/// Spectral's command line, pinned so that reruns compare like with like.
const SPECTRAL: Pin = Pin {
    name: "@stoplight/spectral-cli",
    version: "6.16.3",
};
/// Prism's command line; the last release that runs on Node.js 20 (later ones ask for 24).
pub(crate) const PRISM: Pin = Pin {
    name: "@stoplight/prism-cli",
    version: "5.14.2",
};
const SCHEMATHESIS: Pin = Pin {
    name: "schemathesis",
    version: "4.32.5",
};
const OPENAPI_SPEC_VALIDATOR: Pin = Pin {
    name: "openapi-spec-validator",
    version: "0.9.0",
};

/// The documents, as the schema generator writes them.
pub(crate) const OPENAPI_3_1: &str = "crates/isales-schema/query-campaign-details.openapi.json";
const OPENAPI_3_0: &str = "crates/isales-schema/query-campaign-details.openapi-3.0.json";

/// The options of `openapi-peers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    /// Requests sent to each mode of the mock.
    pub responses: usize,
    /// The OpenAPI 3.1 document, which the mock serves.
    pub openapi: PathBuf,
    /// The OpenAPI 3.0 document.
    pub openapi_3_0: PathBuf,
}

impl Default for Options {
    fn default() -> Self {
        let root = crate::codegen::project_root();
        Self {
            responses: 50,
            openapi: root.join(OPENAPI_3_1),
            openapi_3_0: root.join(OPENAPI_3_0),
        }
    }
}

impl Options {
    /// Parses the arguments after `openapi-peers`.
    pub(crate) fn parse(arguments: &[String]) -> Result<Self, String> {
        let mut options = Self::default();
        let mut rest = arguments.iter();
        while let Some(flag) = rest.next() {
            let mut value = || rest.next().ok_or_else(|| format!("`{flag}` needs a value"));
            match flag.as_str() {
                "--responses" => {
                    let text = value()?;
                    options.responses = text
                        .parse::<usize>()
                        .ok()
                        .filter(|number| *number > 0)
                        .ok_or_else(|| format!("`{text}` is not a positive number"))?;
                }
                "--openapi" => options.openapi = PathBuf::from(value()?),
                "--openapi-3-0" => options.openapi_3_0 = PathBuf::from(value()?),
                other => return Err(format!("unknown option `{other}` of openapi-peers")),
            }
        }
        Ok(options)
    }
}

/// Runs `openapi-peers`.
pub(crate) fn openapi_peers(options: &Options) -> ExitCode {
    match measure(options) {
        Ok(summary) => {
            #[allow(clippy::print_stdout, reason = "the summary is the command's output")]
            {
                print!("{}", summary.render());
            }
            if summary.documents_failed() {
                eprintln!("error: a document failed Spectral or openapi-spec-validator");
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What a finished program said.
struct Said {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `program` with `arguments` in `target/peers/openapi/` (Schemathesis keeps a cache
/// in its working directory) to its end; a status other than `accepted` is an error.
fn run(program: &Path, arguments: &[String], accepted: &[i32]) -> Result<Said, String> {
    let shown = format!("{} {}", program.display(), arguments.join(" "));
    let output = Command::new(program)
        .args(arguments)
        .current_dir(peers_dir())
        .output()
        .map_err(|error| format!("cannot run {shown}: {error}"))?;
    let said = Said {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    if said.code.is_some_and(|code| accepted.contains(&code)) {
        Ok(said)
    } else {
        Err(format!(
            "{shown} failed ({}):\n{}{}",
            output.status, said.stdout, said.stderr
        ))
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// A document to look at.
struct Document {
    path: PathBuf,
    /// A short name for the files written about it.
    name: &'static str,
    value: Value,
}

impl Document {
    fn read(path: &Path, name: &'static str) -> Result<Self, String> {
        let value = serde_json::from_str(&read(path)?)
            .map_err(|error| format!("{} is not JSON: {error}", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
            name,
            value,
        })
    }

    fn shown(&self) -> String {
        relative(&self.path.display().to_string())
    }
}

/// The installed tools.
struct Tools {
    python: PythonEnv,
    node: NpmPrefix,
}

/// Where the tools and everything they write live.
pub(crate) fn peers_dir() -> PathBuf {
    target_dir().join("peers/openapi")
}

fn measure(options: &Options) -> Result<Summary, String> {
    let dir = peers_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let documents = [
        Document::read(&options.openapi, "openapi-3.1")?,
        Document::read(&options.openapi_3_0, "openapi-3.0")?,
    ];

    eprintln!("building the CLI (release)");
    release_build(&["isales-cli"], false)?;

    let tools = Tools {
        python: PythonEnv::ensure(&dir.join("venv"), &[SCHEMATHESIS, OPENAPI_SPEC_VALIDATOR])
            .map_err(|error| error.to_string())?,
        node: NpmPrefix::ensure(&dir.join("node"), &[SPECTRAL, PRISM])
            .map_err(|error| error.to_string())?,
    };

    let ruleset = dir.join(".spectral.yaml");
    write(&ruleset, &spectral::ruleset(&spectral::EXTENDS))?;
    let mut lints = Vec::new();
    let mut verdicts = Vec::new();
    for document in &documents {
        eprintln!("linting {} with Spectral", document.shown());
        let output = dir.join(format!("spectral-{}.json", document.name));
        // Spectral exits with 1 when it finds an error, which the summary reports.
        run(
            &tools.node.program("spectral"),
            &spectral::arguments(&document.path, &ruleset, &output),
            &[0, 1],
        )?;
        lints.push(spectral::parse(&read(&output)?)?);
        eprintln!(
            "validating {} with openapi-spec-validator",
            document.shown()
        );
        let validate = |program: PathBuf, arguments: Vec<String>| {
            let said = run(&program, &arguments, &[0, 1])?;
            let output = format!("{}\n{}", said.stdout, said.stderr);
            Ok::<_, String>(spec_validator::verdict(said.code, &output, &document.path))
        };
        verdicts.push((
            validate(
                tools.python.program("openapi-spec-validator"),
                spec_validator::cli_arguments(&document.path),
            )?,
            validate(
                tools.python.program("python"),
                spec_validator::json_arguments(&document.path),
            )?,
        ));
    }

    let [served, _] = &documents;
    let headers = capture::required_headers(&served.value)?;
    let mut mocks = Vec::new();
    let mut runs = Vec::new();
    for mode in Mode::ALL {
        let port = mock::free_port()?;
        let arguments = mock::arguments(&served.path, port, mode);
        eprintln!(
            "starting Prism's mock ({} mode) on port {port}",
            mode.name()
        );
        let mock = Mock::start(
            &tools.node.program("prism"),
            &arguments,
            port,
            &dir.join(format!("prism-{}.log", mode.name())),
        )?;
        let ndjson = dir.join(format!("{}.ndjson", mode.name()));
        eprintln!("asking it {} times", options.responses);
        let captured = capture::capture(mock.address(), &headers, options.responses, &ndjson)?;
        if mode == Mode::Dynamic {
            for document in &documents {
                eprintln!("running Schemathesis on {}", document.shown());
                runs.push(test_with_schemathesis(
                    &tools,
                    document,
                    &format!("http://{}", mock.address()),
                    &headers,
                    &dir,
                )?);
            }
        }
        mock.stop()?;
        let command = format!(
            "prism {}",
            relative(&arguments.join(" ")).replace(&port.to_string(), "PORT")
        );
        mocks.push((mode, command, captured, ndjson));
    }

    let ours = release_dir().join("isales-contract");
    let mut mock_results = Vec::new();
    for (mode, command, captured, ndjson) in mocks {
        let report = run(
            &ours,
            &[
                "validate".to_owned(),
                "--format".to_owned(),
                "json".to_owned(),
                ndjson.display().to_string(),
            ],
            &[0, 1],
        )?;
        write(
            &dir.join(format!("validate-{}.json", mode.name())),
            &report.stdout,
        )?;
        mock_results.push(MockResults {
            mode: mode.name(),
            command,
            capture: captured,
            ndjson: relative(&ndjson.display().to_string()),
            findings: findings::summarise(&report.stdout)?,
        });
    }

    let python = |pin: Pin| tools.python.version(pin.name).unwrap_or_default();
    let node = |pin: Pin| tools.node.version(pin.name).unwrap_or_default();
    let versions = vec![
        (SPECTRAL.name.to_owned(), node(SPECTRAL)),
        (PRISM.name.to_owned(), node(PRISM)),
        (SCHEMATHESIS.name.to_owned(), python(SCHEMATHESIS)),
        (
            OPENAPI_SPEC_VALIDATOR.name.to_owned(),
            python(OPENAPI_SPEC_VALIDATOR),
        ),
        ("node".to_owned(), node_version()),
        ("python".to_owned(), tools.python.python_version()),
    ];
    let header_names: Vec<String> = headers
        .iter()
        .map(|(name, value)| format!("`{name}: {value}`"))
        .collect();
    let summary = Summary {
        versions,
        documents: documents
            .iter()
            .zip(lints)
            .zip(verdicts)
            .zip(runs)
            .map(
                |(((document, spectral), (cli, as_json)), schemathesis)| DocumentResults {
                    path: document.shown(),
                    openapi: document.value["openapi"].as_str().unwrap_or("?").to_owned(),
                    spectral,
                    spec_validator: cli,
                    spec_validator_json: as_json,
                    schemathesis,
                },
            )
            .collect(),
        request: format!(
            "`GET {}` to the mock of `{}`, {} times per mode, with {}",
            capture::request_path(),
            served.shown(),
            options.responses,
            header_names.join(" and ")
        ),
        mocks: mock_results,
        validate_command: "cargo run --release -p isales-cli -- validate --format json FILE"
            .to_owned(),
    };
    let path = dir.join("summary.md");
    write(&path, &summary.render())?;
    eprintln!("wrote {}", path.display());
    Ok(summary)
}

/// Schemathesis's run of `document` against the mock at `base_url`; an `Err` inside says why
/// it gave no report (the document did not load), an `Err` outside that it could not run.
fn test_with_schemathesis(
    tools: &Tools,
    document: &Document,
    base_url: &str,
    headers: &[(String, String)],
    dir: &Path,
) -> Result<Result<schemathesis::Run, String>, String> {
    let report = dir.join(format!("schemathesis-{}.json", document.name));
    // A report left by an earlier run must not stand in for this one's, and the failures it
    // cached must not be replayed into this one.
    let _ = std::fs::remove_file(&report);
    let _ = std::fs::remove_dir_all(dir.join(".schemathesis"));
    // Whatever its exit status (1: failures found), its report or its last words say what
    // happened, and the summary shows them.
    let any: Vec<i32> = (0..=255).collect();
    let said = run(
        &tools.python.program("schemathesis"),
        &schemathesis::arguments(&document.path, base_url, headers, &report),
        &any,
    )?;
    write(
        &dir.join(format!("schemathesis-{}.log", document.name)),
        &format!("{}{}", said.stdout, said.stderr),
    )?;
    let Ok(text) = std::fs::read_to_string(&report) else {
        let lines: Vec<&str> = said.stdout.lines().chain(said.stderr.lines()).collect();
        return Ok(Err(lines[lines.len().saturating_sub(5)..].join(" ")));
    };
    Ok(schemathesis::read(&text, &said.stdout))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_default_to_the_generated_documents() {
        let defaults = Options::parse(&[]).expect("defaults");
        assert_eq!(defaults.responses, 50);
        assert!(defaults.openapi.ends_with(OPENAPI_3_1));
        assert!(defaults.openapi_3_0.ends_with(OPENAPI_3_0));
        assert_eq!(
            Options::parse(&words(
                "--responses 5 --openapi a.json --openapi-3-0 b.json"
            )),
            Ok(Options {
                responses: 5,
                openapi: PathBuf::from("a.json"),
                openapi_3_0: PathBuf::from("b.json"),
            })
        );
    }

    #[test]
    fn option_mistakes_are_named() {
        for (line, fragment) in [
            ("--responses 0", "`0` is not a positive number"),
            ("--openapi", "`--openapi` needs a value"),
            ("--fast", "unknown option `--fast`"),
        ] {
            let error = Options::parse(&words(line)).expect_err(line);
            assert!(error.contains(fragment), "`{line}` gave `{error}`");
        }
    }
}
