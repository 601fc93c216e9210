//! The benchmark tasks: `cargo xtask gen-payloads` (the corpus) and `cargo xtask bench-peers`
//! (ours against the tools a user would pick instead, written up in BENCHMARKS.md).
//!
//! The generator lives in `crates/isales-bench` (it needs the generator and the validator, which
//! the xtask must not depend on: the xtask regenerates the validator's models and has to build
//! when they are stale), so both tasks build it and the CLI in release mode and run them as
//! programs.
//!
//! `bench-peers` runs, in order: the release build; the corpus (a directory of files and one
//! NDJSON capture, seed [`SEED`], the seed the criterion benchmark uses); the peers'
//! installation under `target/peers/` ([`peers`]); each tool over the directory and ours over
//! the capture, several times, under `/usr/bin/time -v` ([`timing`]); the criterion benchmark
//! (unless `--skip-criterion`, which reuses its last results, [`estimates`]); and
//! BENCHMARKS.md from all of it ([`document`]).

mod document;
mod estimates;
mod peers;
mod timing;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

pub(crate) use document::Machine;
use document::{Corpus, Document, ToolRun};
use peers::{Peer, Peers};
use timing::Job;

use crate::target::{cargo, relative, release_build, release_dir, target_dir};

/// The corpus seed (the criterion benchmark's too).
const SEED: u64 = 1;

/// Runs `gen-payloads` with `arguments`; its exit status is the task's.
pub(crate) fn gen_payloads(arguments: &[String]) -> ExitCode {
    if let Err(error) = build() {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    let status = Command::new(release_dir().join("gen-payloads"))
        .args(arguments)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(
            status
                .code()
                .map_or(1, |code| u8::try_from(code).unwrap_or(1)),
        ),
        Err(error) => {
            eprintln!("error: cannot run gen-payloads: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The options of `bench-peers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    /// Runs of each timed command; the median is reported.
    pub runs: usize,
    /// Files in the directory workload.
    pub files: usize,
    /// Size of the NDJSON capture, as `gen-payloads --size` takes it.
    pub size: String,
    /// Reuse criterion's last results instead of running the benchmark.
    pub skip_criterion: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            runs: 3,
            files: 10_000,
            size: "1G".to_owned(),
            skip_criterion: false,
        }
    }
}

impl Options {
    /// Parses the arguments after `bench-peers`.
    pub(crate) fn parse(arguments: &[String]) -> Result<Self, String> {
        let mut options = Self::default();
        let mut rest = arguments.iter();
        while let Some(flag) = rest.next() {
            let mut value = || rest.next().ok_or_else(|| format!("`{flag}` needs a value"));
            let positive = |text: &String| {
                text.parse::<usize>()
                    .ok()
                    .filter(|number| *number > 0)
                    .ok_or_else(|| format!("`{text}` is not a positive number"))
            };
            match flag.as_str() {
                "--runs" => options.runs = positive(value()?)?,
                "--files" => options.files = positive(value()?)?,
                "--size" => options.size.clone_from(value()?),
                "--skip-criterion" => options.skip_criterion = true,
                other => return Err(format!("unknown option `{other}` of bench-peers")),
            }
        }
        Ok(options)
    }
}

/// Builds the CLI and the generator in release mode.
fn build() -> Result<(), String> {
    release_build(&["isales-cli", "isales-bench"], true)
}

/// Runs `bench-peers`.
pub(crate) fn bench_peers(options: &Options) -> ExitCode {
    match measure(options) {
        Ok(path) => {
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn measure(options: &Options) -> Result<PathBuf, String> {
    let root = crate::codegen::project_root();
    let bench_dir = target_dir().join("bench");
    let files_dir = bench_dir.join("files");
    let capture = bench_dir.join("capture.ndjson");
    let out_dir = bench_dir.join("out");
    std::fs::create_dir_all(&out_dir)
        .map_err(|error| format!("cannot create {}: {error}", out_dir.display()))?;

    eprintln!("building the CLI and the payload generator (release)");
    build()?;
    let generator = [
        "--seed".to_owned(),
        SEED.to_string(),
        "--count".to_owned(),
        options.files.to_string(),
        "--files".to_owned(),
        files_dir.display().to_string(),
        "--ndjson".to_owned(),
        capture.display().to_string(),
        "--size".to_owned(),
        options.size.clone(),
    ];
    eprintln!("writing the corpus: gen-payloads {}", generator.join(" "));
    let generated = Command::new(release_dir().join("gen-payloads"))
        .args(&generator)
        .stderr(Stdio::piped())
        .output()
        .map_err(|error| format!("cannot run gen-payloads: {error}"))?;
    let generator_log = String::from_utf8_lossy(&generated.stderr).into_owned();
    if !generated.status.success() {
        return Err(format!("gen-payloads failed:\n{generator_log}"));
    }
    let corpus = Corpus::read(&files_dir, &capture, &relative(&generator_log))?;

    let schema_path = root.join("crates/isales-schema/query-campaign-details.schema.json");
    let schema = std::fs::read_to_string(&schema_path)
        .map_err(|error| format!("cannot read {}: {error}", schema_path.display()))
        .and_then(|text| {
            serde_json::from_str(&text).map_err(|error| format!("the schema is not JSON: {error}"))
        })?;
    let peers = Peers::install(&target_dir().join("peers"), &schema).map_err(|e| e.to_string())?;

    let ours = |arguments: &[&str], directory: &Path| Job {
        program: release_dir().join("isales-contract"),
        arguments: arguments.iter().map(|word| (*word).to_owned()).collect(),
        directory: directory.to_path_buf(),
        accepted: &[0, 1],
    };
    let all = corpus.names.len();
    let mut files = Vec::new();
    let job = ours(&["validate", "--format", "json", "."], &files_dir);
    files.push(time_tool(
        "isales-contract",
        &job,
        options.runs,
        &out_dir,
        all,
        |out, _| document::ours_failed(out),
    )?);
    // Each peer stops at the first file it cannot read: it is given the files it can, and
    // BENCHMARKS.md says how many were left out and why.
    let mut contents = Vec::with_capacity(all);
    for name in &corpus.names {
        let path = files_dir.join(name);
        contents.push(
            std::fs::read(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?,
        );
    }
    for peer in Peer::ALL {
        let names: Vec<String> = corpus
            .names
            .iter()
            .zip(&contents)
            .filter(|(_, bytes)| peer.reads(bytes))
            .map(|(name, _)| name.clone())
            .collect();
        let job = peers.job(peer, &files_dir, &names);
        files.push(time_tool(
            peer.name(),
            &job,
            options.runs,
            &out_dir,
            names.len(),
            |out, err| peers::failed(peer, out, err),
        )?);
    }
    drop(contents);
    let job = ours(
        &["validate", "--format", "json", "capture.ndjson"],
        &bench_dir,
    );
    let ndjson = time_tool(
        "isales-contract",
        &job,
        options.runs,
        &out_dir,
        0,
        |out, _| document::ours_failed(out),
    )?;

    // Results older than this run's benchmark are another run's (a renamed or removed
    // benchmark, an experiment): they stay out of the tables.
    let mut measured_since = None;
    if !options.skip_criterion {
        eprintln!("running the criterion benchmark (several minutes)");
        measured_since = Some(std::time::SystemTime::now());
        let status = cargo()
            .args([
                "bench",
                "--locked",
                "--package",
                "isales-bench",
                "--bench",
                "validate",
            ])
            .status()
            .map_err(|error| format!("cannot run cargo bench: {error}"))?;
        if !status.success() {
            return Err(format!("the criterion benchmark failed ({status})"));
        }
    }
    let criterion_dir = target_dir().join("criterion");
    let document = Document {
        machine: Machine::read(),
        versions: peers.versions(),
        options: options.clone(),
        corpus,
        files,
        ndjson,
        valid: estimates::read_group(&criterion_dir, "valid", document::ORDER, measured_since)?,
        invalid: estimates::read_group(&criterion_dir, "invalid", document::ORDER, measured_since)?,
    };
    let path = root.join("BENCHMARKS.md");
    // The section `bench-mock` writes into the file is another task's; it is kept as it was.
    let earlier = std::fs::read_to_string(&path).unwrap_or_default();
    let mut text = document.render();
    if let Some(section) = crate::bench_mock::report::section_of(&earlier) {
        text = crate::bench_mock::report::splice(&text, section);
    }
    std::fs::write(&path, text)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(path)
}

/// Times `job` over `checked` files (0: the NDJSON capture) and reads how many payloads it
/// failed with `failed` (given stdout and stderr).
fn time_tool(
    tool: &str,
    job: &Job,
    runs: usize,
    out_dir: &Path,
    checked: usize,
    failed: impl Fn(&str, &str) -> Result<usize, String>,
) -> Result<ToolRun, String> {
    let name = format!("{tool}-{}", if checked == 0 { "ndjson" } else { "files" });
    eprintln!("timing {} ({runs} runs)", job.display());
    let timing = timing::time(job, runs, out_dir, &name).map_err(|error| error.to_string())?;
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))
    };
    let failed = failed(&read(&timing.stdout)?, &read(&timing.stderr)?)?;
    Ok(ToolRun {
        tool: tool.to_owned(),
        command: relative(&job.display()),
        timing,
        checked,
        failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_default_to_the_issue_workloads() {
        assert_eq!(Options::parse(&[]), Ok(Options::default()));
        assert_eq!(
            Options::parse(&words("--runs 5 --files 100 --size 64M --skip-criterion")),
            Ok(Options {
                runs: 5,
                files: 100,
                size: "64M".to_owned(),
                skip_criterion: true,
            })
        );
    }

    #[test]
    fn option_mistakes_are_named() {
        for (line, fragment) in [
            ("--runs 0", "`0` is not a positive number"),
            ("--files", "`--files` needs a value"),
            ("--fast", "unknown option `--fast`"),
        ] {
            let error = Options::parse(&words(line)).expect_err(line);
            assert!(error.contains(fragment), "`{line}` gave `{error}`");
        }
    }
}
