//! The `isales-contract` command line, as a library: parsing, inputs, the validation pipeline
//! and the report formats, testable without spawning a process. `main.rs` only builds an
//! [`Env`] from the process and calls [`run()`].
//!
//! ```text
//! isales-contract validate [OPTIONS] PATH...    files, directories, globs, `-` for stdin
//! isales-contract explain RULE                  one rule, like `rustc --explain`
//! isales-contract rules [--format json]         every rule, one per line (or as JSON)
//! isales-contract schema                        the generated JSON Schema
//! isales-contract generate [OPTIONS]            payloads made from the spec
//! isales-contract mock [OPTIONS]                an HTTP stand-in for CC-iSales
//! isales-contract completions SHELL             a completion script (bash, zsh, fish, ...)
//! isales-contract man [SUBCOMMAND]              the manual page, in roff
//! ```
//!
//! # Inputs
//!
//! `.json` files hold one payload; `.ndjson`/`.jsonl` files one payload per line (blank lines
//! are reported as skipped, CRLF is accepted, a last line without a newline counts); `.har`
//! files are HTTP Archives whose `GET /rest/isales/v1/openapi/campaigns/{vdnId}/{campaignId}`
//! entries are checked (URL parameters against Table 1, headers against Table 2, the response
//! body against the rest); other entries are listed as skipped with the reason. Files with any
//! other extension, and standard input, are recognised by their content: HAR when the document
//! opens with `"log"`, one document when the text is one JSON value spread over lines, NDJSON
//! otherwise (a first line that is malformed, a comment or very long never merges the lines
//! into one document; a note says when the choice was a guess). `--input` overrides it.
//! Authorization values (and other secret headers and cookies) never appear in any output.
//!
//! # Exit status
//!
//! | code | meaning |
//! |---|---|
//! | 0 | every payload passed (warnings allowed, unless `--strict`) |
//! | 1 | at least one payload failed; a payload that was read but is not JSON fails |
//! | 2 | usage error (unknown flag or rule, bad configuration file), or some input could not be read or checked (missing file, permission, a HAR entry without a response body, a payload over `--max-payload-size`), or nothing was checked at all (no file matched, no HAR entry matched, an empty stream) unless `--allow-empty`; this wins over 1 |
//!
//! Under `--baseline FILE` (see [`baseline`] for the file), a payload fails only on findings
//! the baseline does not know; under `--write-baseline FILE` the run writes its findings
//! there and exits 0 unless it would exit 2 (then nothing is written). An unreadable
//! baseline, or one of another version, exits 2 before anything is checked.
//!
//! Reports go to standard output; diagnostics (unreadable inputs, configuration errors, the
//! summary line of the machine formats, the progress bar) to standard error.
//!
//! # The JSON report (`--format json`), version 1
//!
//! One JSON object, written as the payloads are checked:
//!
//! ```text
//! {
//!   "version": 1,
//!   "payloads": [ Payload, ... ],          // sorted by source, then line
//!   "summary": {
//!     "files": int,       // inputs read
//!     "checked": int,     // payloads validated (valid + invalid)
//!     "valid": int, "invalid": int,
//!     "warnings": int,    // warning-level violations
//!     "skipped": int,     // blank NDJSON lines, HAR entries of other requests
//!     "unchecked": int,   // inputs or payloads that could not be checked
//!     "nothing_checked": string  // only when no payload was checked: why (exit 2 unless
//!                         // --allow-empty)
//!   }
//! }
//! Payload = {
//!   "source": string,     // the path as found, or "<stdin>"
//!   "line": int,          // only for NDJSON lines and HAR entries: where the payload starts
//!   "entry": int,         // only for HAR entries: the index in log.entries, from 0
//!   "verdict": "pass" | "fail" | "skipped" | "unchecked",
//!   "reason": string,     // only for "skipped" and "unchecked"
//!   "violations": [ Violation, ... ]
//! }
//! Violation = {
//!   "part": "request-url" | "request-headers" | "response-body",   // only for HAR entries
//!   "rule": string,                 // the rule id (`isales-contract rules`)
//!   "level": "error" | "warning",   // after --deny/--warn/--allow and the config file
//!   "provenance": "documented" | "inferred",  // of the requirement broken: a documented
//!                                   // rule's requirement that is our reading says "inferred"
//!   "pointer": string,              // JSON pointer in the payload ("" is the root)
//!   "position": {"offset": int, "line": int, "column": int},   // in the file; optional
//!   "embedded_in": {"offset": int, "line": int, "column": int}, // where the JSON string
//!                                   // holding the embedded document starts; only inside one
//!   "doc": {"table": int, "param": string?, "name": string?,
//!           "not_on_page": string?},  // the row, or the rule's own reference; a field the
//!                                   // page does not list has no "param" but "not_on_page",
//!                                   // where it is known from; present on every violation
//!                                   // of the contract's rules
//!   "found": {"text": string},      // the value, shortened; "***" under --mask; optional
//!   "kind": string,                 // what is wrong, kebab-case ("missing", "out-of-range", ...)
//!   "facts": {...},                 // the kind's facts, named (for example "expected",
//!                                   // "found", "field", "min", "max"); may be empty
//!   "message": string,              // one English sentence
//!   "baseline": "new" | "known"     // only under --baseline: whether the baseline lists it
//! }
//! Baseline = {                      // the top-level "baseline", only under --baseline
//!   "file": string,                 // the baseline, as given
//!   "known": int, "new": int,       // findings it lists, findings it does not
//!   "fixed": [ {"file": string, "part": string?, "pointer": string, "rule": string,
//!               "count": int}, ... ]  // what it lists that was not found (count: how many
//!                                   // of its occurrences are missing)
//! }
//! ```
//!
//! Under `--baseline`, `summary.valid`/`invalid` count verdicts after the baseline, and
//! `summary.warnings` leaves out the warnings it knows.
//!
//! Members are only ever added within a version; `version` changes when one is removed or its
//! meaning changes. The order of members is not part of the format (a kind's facts come in
//! the order the library declares them). Columns count Unicode characters, from 1; offsets
//! count bytes, from 0.
//!
//! # The rule catalog (`rules --format json`), version 1
//!
//! ```text
//! {
//!   "version": 1,
//!   "rules": [ {                    // in the spec's order
//!     "id": string, "level": "error" | "warning",     // the default level
//!     "provenance": "documented" | "inferred",
//!     "partly_inferred": bool,      // a documented rule with inferred parts
//!     "summary": string, "kind": string,
//!     "doc": [ {"table": int, "param": string?, "name": string?,
//!               "not_on_page": string?}, ... ],   // the rows it rests on, main one first
//!     "applies_to": [ {"text": string, "provenance": string}, ... ]
//!   }, ... ]
//! }
//! ```
#![deny(missing_docs)]

pub mod baseline;
pub mod cli;
pub mod explain;
pub mod generate;
pub mod har;
pub mod inputs;
pub mod levels;
pub mod manual;
#[cfg(feature = "mock")]
pub mod mock;
pub mod payload;
pub mod render;
pub mod run;
pub mod shown;

use std::ffi::OsString;
use std::io::{IsTerminal as _, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};
use isales_contract::{Config, Level, RuleId, Validator};

use crate::cli::{Cli, Command, OutputFormat, ValidateArgs};
use crate::render::Render;

/// How the command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every payload passed (or the subcommand succeeded).
    Success,
    /// At least one payload failed.
    Invalid,
    /// Usage error, or something could not be read or checked.
    Trouble,
}

impl Exit {
    /// The process exit code: 0, 1 or 2.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Invalid => 1,
            Exit::Trouble => 2,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// What the command needs from its process, so tests can supply it.
pub struct Env {
    /// Where the configuration file search starts.
    pub cwd: PathBuf,
    /// Standard input, read when a `-` argument asks for it.
    pub stdin: Option<Box<dyn Read + Send>>,
    /// Whether human output may use colors (stdout is a terminal and `NO_COLOR` is unset).
    pub color: bool,
    /// Whether a progress bar may be drawn (stderr is a terminal and `CI` is unset).
    pub progress: bool,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("cwd", &self.cwd)
            .field("stdin", &self.stdin.is_some())
            .field("color", &self.color)
            .field("progress", &self.progress)
            .finish()
    }
}

impl Env {
    /// The real process: its working directory, standard input and terminals.
    #[must_use]
    pub fn from_process() -> Self {
        let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
        Env {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            stdin: Some(Box::new(std::io::stdin())),
            color: std::io::stdout().is_terminal() && !set("NO_COLOR"),
            progress: std::io::stderr().is_terminal() && !set("CI"),
        }
    }

    /// An environment without terminals or standard input, starting in `cwd`.
    #[must_use]
    pub fn plain(cwd: impl Into<PathBuf>) -> Self {
        Env {
            cwd: cwd.into(),
            stdin: None,
            color: false,
            progress: false,
        }
    }
}

/// `isales-contract validate --no-config ARGS -` run in this process over `input` as
/// standard input (working directory: the system's temporary one, so no configuration file
/// applies): its exit, standard output and standard error. For tests, fuzz targets and
/// benchmarks that hold the command to its output without spawning it.
#[must_use]
pub fn validate_stdin(args: &[&str], input: &[u8]) -> (Exit, Vec<u8>, Vec<u8>) {
    let mut env = Env::plain(std::env::temp_dir());
    env.stdin = Some(Box::new(std::io::Cursor::new(input.to_vec())));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut argv = vec!["isales-contract", "validate", "--no-config"];
    argv.extend(args);
    argv.push("-");
    let exit = run(argv, env, &mut out, &mut err);
    (exit, out, err)
}

/// Runs the command line `args` (program name first), writing the report to `out` and
/// diagnostics to `err`.
pub fn run<I, T>(args: I, env: Env, out: &mut dyn Write, err: &mut dyn Write) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match Cli::command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => {
            let text = error.render().to_string();
            let target: &mut dyn Write = if error.use_stderr() { err } else { out };
            let _ = target.write_all(text.as_bytes());
            return if error.exit_code() == 0 {
                Exit::Success
            } else {
                Exit::Trouble
            };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = write!(err, "{}", error.render());
            return Exit::Trouble;
        }
    };
    let written = match cli.command {
        Command::Validate(args) => {
            let flags = matches
                .subcommand_matches("validate")
                .map(level_flags)
                .unwrap_or_default();
            return validate(&args, flags, env, out, err);
        }
        Command::Explain(args) => match isales_contract::rules::lookup(args.rule.as_str()) {
            Some(info) => explain::explain(info, out),
            None => {
                let unknown = isales_contract::UnknownRule::new(args.rule.as_str());
                let _ = writeln!(err, "error: {}", levels::unknown_rule_message(&unknown));
                return Exit::Trouble;
            }
        },
        Command::Rules(args) => match args.format {
            cli::RulesFormat::Text => explain::rules_table(out),
            cli::RulesFormat::Json => explain::rules_json(out),
        },
        Command::Schema(args) => explain::schema(out, args.document),
        Command::Generate(args) => return generate::generate(&args, out, err),
        #[cfg(feature = "mock")]
        Command::Mock(args) => return mock::mock(&args, out, err),
        Command::Completions(args) => manual::completions(args.shell, out),
        Command::Man(args) => match manual::man(args.subcommand.as_deref(), out) {
            Ok(written) => written,
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return Exit::Trouble;
            }
        },
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Exit::Success,
        // `schema | head`: the reader has what it wanted.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Exit::Success,
        Err(error) => {
            let _ = writeln!(err, "error: cannot write the output: {error}");
            Exit::Trouble
        }
    }
}

/// The `--deny`/`--warn`/`--allow` flags with their positions on the command line.
fn level_flags(matches: &clap::ArgMatches) -> Vec<(usize, RuleId, Level)> {
    let mut flags = Vec::new();
    for (id, level) in [
        ("deny", Level::Deny),
        ("warn", Level::Warn),
        ("allow", Level::Allow),
    ] {
        if let (Some(indices), Some(values)) =
            (matches.indices_of(id), matches.get_many::<RuleId>(id))
        {
            for (index, rule) in indices.zip(values) {
                flags.push((index, *rule, level));
            }
        }
    }
    flags
}

/// The levels in force: the configuration file's, then the flags'.
fn config(
    args: &ValidateArgs,
    flags: Vec<(usize, RuleId, Level)>,
    cwd: &std::path::Path,
) -> Result<Config, levels::ConfigError> {
    let file = if args.config.no_config {
        None
    } else {
        args.config.config.clone().or_else(|| levels::discover(cwd))
    };
    let base = match file {
        Some(path) => levels::load_file(&path)?,
        None => Config::new(),
    };
    Ok(levels::apply_flags(base, flags, args.levels.strict))
}

fn validate(
    args: &ValidateArgs,
    flags: Vec<(usize, RuleId, Level)>,
    env: Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let config = match config(args, flags, &env.cwd) {
        Ok(config) => config,
        Err(error) => {
            for message in error.messages() {
                let _ = writeln!(err, "error: {message}");
            }
            return Exit::Trouble;
        }
    };
    let baseline = match baseline::Session::open(
        args.baseline.as_deref(),
        args.write_baseline.as_deref(),
        &env.cwd,
        config.strict(),
    ) {
        Ok(session) => session,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return Exit::Trouble;
        }
    };
    let mut expanded = inputs::expand(&args.paths, args.follow_symlinks);
    if let Some(format) = args.input.forced() {
        for input in &mut expanded.inputs {
            input.format = Some(format);
        }
    }
    let settings = run::Settings {
        validator: Validator::new(config),
        mask: args.mask,
        progress: env.progress,
        list_unreadable: args.format != OutputFormat::Human,
        max_payload: args.max_payload_size,
        allow_empty: args.allow_empty,
        baseline,
    };
    let result = match args.format {
        OutputFormat::Human => {
            let mut render = render::human::Human::new(env.color, args.mask);
            drive(&expanded, &mut render, &settings, env.stdin, out, err)
        }
        OutputFormat::Json => drive(
            &expanded,
            &mut render::json::Json::default(),
            &settings,
            env.stdin,
            out,
            err,
        ),
        OutputFormat::Junit => drive(
            &expanded,
            &mut render::junit::Junit::default(),
            &settings,
            env.stdin,
            out,
            err,
        ),
        OutputFormat::Sarif => drive(
            &expanded,
            &mut render::sarif::Sarif::default(),
            &settings,
            env.stdin,
            out,
            err,
        ),
        OutputFormat::Github => drive(
            &expanded,
            &mut render::github::Github,
            &settings,
            env.stdin,
            out,
            err,
        ),
    };
    let summary = match result {
        Ok(summary) => summary,
        Err(error) => {
            let _ = writeln!(err, "error: cannot write the report: {error}");
            return Exit::Trouble;
        }
    };
    if args.format != OutputFormat::Human {
        let _ = writeln!(err, "{}", summary.line());
    }
    let trouble = summary.unchecked > 0 || (summary.checked == 0 && !args.allow_empty);
    if let Some(session) = settings
        .baseline
        .as_ref()
        .filter(|session| session.writes())
    {
        if trouble {
            let _ = writeln!(
                err,
                "error: the baseline was not written, since not every input was checked"
            );
            return Exit::Trouble;
        }
        return match session.write_file() {
            Ok(written) => {
                if let Some(sentence) = written {
                    let _ = writeln!(err, "{sentence}");
                }
                Exit::Success
            }
            Err(error) => {
                let _ = writeln!(err, "error: {error}");
                Exit::Trouble
            }
        };
    }
    if trouble {
        Exit::Trouble
    } else if summary.invalid > 0 {
        Exit::Invalid
    } else {
        Exit::Success
    }
}

fn drive<R: Render>(
    expanded: &inputs::Expanded,
    render: &mut R,
    settings: &run::Settings,
    stdin: Option<Box<dyn Read + Send>>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<render::Summary> {
    match &settings.baseline {
        Some(session) => baseline::validate(session, expanded, render, settings, stdin, out, err),
        None => run::validate(expanded, render, settings, stdin, out, err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_with_stdin(args: &[&str], stdin: &'static [u8]) -> (Exit, String, String) {
        let mut env = Env::plain(".");
        env.stdin = Some(Box::new(stdin));
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut all = vec!["isales-contract"];
        all.extend(args);
        let exit = run(all, env, &mut out, &mut err);
        (
            exit,
            String::from_utf8(out).expect("UTF-8"),
            String::from_utf8(err).expect("UTF-8"),
        )
    }

    #[test]
    fn validates_standard_input_without_a_process() {
        let ndjson =
            b"{\"resultCode\": \"0200007\", \"returnCode\": \"0200007\"}\n\n{\"resultCode\": 7}\n";
        let (exit, out, err) =
            run_with_stdin(&["validate", "--no-config", "-f", "json", "-"], ndjson);
        assert_eq!(exit, Exit::Invalid);
        let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let verdicts: Vec<&str> = report["payloads"]
            .as_array()
            .expect("payloads")
            .iter()
            .map(|payload| payload["verdict"].as_str().expect("verdict"))
            .collect();
        assert_eq!(verdicts, ["pass", "skipped", "fail"]);
        assert_eq!(
            err,
            "2 payloads checked in 1 input: 1 valid, 1 invalid, 0 warnings; 1 skipped\n"
        );
    }

    #[test]
    fn usage_errors_exit_2_and_help_exits_0() {
        let (exit, out, err) = run_with_stdin(&["validate", "-", "--deny", "nope"], b"");
        assert_eq!(exit, Exit::Trouble);
        assert_eq!(out, "");
        assert!(err.contains("unknown rule `nope`"), "{err}");

        let (exit, out, _) = run_with_stdin(&["--help"], b"");
        assert_eq!(exit, Exit::Success);
        assert!(out.contains("Usage: isales-contract <COMMAND>"), "{out}");
        assert_eq!(Exit::Trouble.code(), 2);
    }
}
