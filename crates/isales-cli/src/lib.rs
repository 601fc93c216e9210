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
//! are counted as skipped and named in one note per input, with their number and the first
//! line numbers; CRLF is accepted, a last line without a newline counts); `.har`
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
//! | 1 | at least one payload failed (a payload that was read but is not JSON fails), or more warnings were reported than `--max-warnings` allows |
//! | 2 | usage error (unknown flag or rule, bad configuration file), or some input could not be read or checked (missing file, permission, a HAR entry without a response body, a payload over `--max-payload-size`), or nothing was checked at all (no file matched, no HAR entry matched, an empty stream) unless `--allow-empty`; this wins over 1 |
//!
//! Under `--baseline FILE` (see [`baseline`] for the file), a payload fails only on findings
//! the baseline does not know; under `--write-baseline FILE` the run writes its findings
//! there and exits 0 unless it would exit 2 (then nothing is written). An unreadable
//! baseline, or one of another version, exits 2 before anything is checked.
//!
//! Reports go to standard output; diagnostics (unreadable inputs, configuration errors, the
//! configuration file used, the summary line of the machine formats, the progress bar) to
//! standard error. When the reader of standard output stops early (`validate ... | head`),
//! the run ends quietly with the exit code of what it had checked; when standard output is
//! closed (`EBADF`), the commands that print a report refuse to run (exit 2) rather than lose
//! it. (On Linux the Rust runtime reopens a descriptor closed with `>&-` on `/dev/null` before
//! the command starts, read-write, as Python's `subprocess.DEVNULL` hands it over: such a run
//! writes into `/dev/null`, see [`stdout_is_closed`].)
//!
//! # Configuration
//!
//! Levels come from the `isales-contract.toml` found upward from the working directory (or
//! `--config PATH`; `--no-config` reads none), then from the flags (`--deny`, `--warn`,
//! `--allow`, `--strict` and `--no-strict`, which win over the file's `strict`). A run that
//! reads a file says so on standard error (`using configuration /abs/isales-contract.toml`),
//! and the JSON report (`config_file`) and SARIF (`runs[0].invocations[0].properties
//! .configurationFile`) record it, `null` when none applied.
//!
//! # Output volume and colors
//!
//! `--quiet` reports only the payloads that fail or could not be checked, and the summary, in
//! every format (no passing payloads nor their warnings, no skipped lines or entries, no
//! notes); the counts are those of the whole run. `--max-warnings N` fails the run when more
//! than N warnings were reported. The human format colors by `--color` (`always`, `never`),
//! else by the environment (`NO_COLOR` set and not empty: never; else `FORCE_COLOR` set, not
//! empty, not `0` or `false`: always), else when standard output is a terminal.
//!
//! # The JSON report (`--format json`), version 1
//!
//! One JSON object, written as the payloads are checked:
//!
//! ```text
//! {
//!   "version": 1,
//!   "config_file": string | null,          // the configuration file whose levels applied,
//!                                          // as an absolute path; null when none did
//!   "payloads": [ Payload, ... ],          // in input order, then by line (see below);
//!                                          // under --quiet only "fail" and "unchecked" ones
//!   "summary": {
//!     "files": int,       // inputs read
//!     "checked": int,     // payloads validated (valid + invalid)
//!     "valid": int, "invalid": int,
//!     "warnings": int,    // warning-level violations
//!     "skipped": int,     // blank and comment NDJSON lines, HAR entries of other requests
//!                         // (blank lines have no record of their own)
//!     "unchecked": int,   // inputs or payloads that could not be checked
//!     "max_warnings": int,  // only under --max-warnings: the most warnings allowed
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
//!   "level": "error" | "warning",   // after --deny/--warn/--allow and the config file;
//!                                   // under --strict every warning fails, so it is "error"
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
//! Payloads come in input order: standard input first, then files by path as found, compared
//! component by component (`a/b.json` before `a-b.json`, `a.json` before `a.json.d/x.json`);
//! an argument or file that could not be read (a payload of verdict `unchecked` with its
//! `source` and no `line`) in its place among them; within a file, by line, and a HAR file's
//! own failure after its entries. Parallel checking never changes this order.
//!
//! # NDJSON records (`--format ndjson`)
//!
//! One line per payload, each the `Payload` object above, in the same order, written as soon
//! as the payload's verdict is known and flushed after each chunk of input (1024 NDJSON lines
//! or 4 MiB, a batch of files or HAR entries), so the command can be a step of a pipeline or
//! the program a batch engine pipes each partition through. Nothing else goes to standard
//! output: the summary line, notes and why nothing was checked go to standard error, and the
//! exit status is the same as for the other formats.
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
mod chunks;
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
    /// Whether human output uses colors under `--color auto`: `NO_COLOR` unset or empty, and
    /// either `FORCE_COLOR` asks for them or standard output is a terminal
    /// ([`cli::ColorChoice::colors`]).
    pub color: bool,
    /// Whether a progress bar may be drawn (stderr is a terminal and `CI` is unset).
    pub progress: bool,
    /// Whether standard output is closed ([`stdout_is_closed`]): a report would go nowhere,
    /// so the commands that print one refuse to run.
    pub stdout_closed: bool,
    /// The file `GITHUB_STEP_SUMMARY` names, where `--format github` appends a summary.
    pub step_summary: Option<PathBuf>,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("cwd", &self.cwd)
            .field("stdin", &self.stdin.is_some())
            .field("color", &self.color)
            .field("progress", &self.progress)
            .field("stdout_closed", &self.stdout_closed)
            .field("step_summary", &self.step_summary)
            .finish()
    }
}

impl Env {
    /// The real process: its working directory, standard input and terminals.
    #[must_use]
    pub fn from_process() -> Self {
        let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
        let (no_color, force_color) = cli::color_from_env(
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("FORCE_COLOR").as_deref(),
        );
        Env {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            stdin: Some(Box::new(std::io::stdin())),
            color: cli::ColorChoice::Auto.colors(
                no_color,
                force_color,
                std::io::stdout().is_terminal(),
            ),
            progress: std::io::stderr().is_terminal() && !set("CI"),
            stdout_closed: stdout_is_closed(),
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|path| !path.is_empty())
                .map(PathBuf::from),
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
            stdout_closed: false,
            step_summary: None,
        }
    }
}

/// Whether standard output is closed: its descriptor cannot even be duplicated (`EBADF`).
///
/// On Linux (and other systems where the Rust runtime does so) a descriptor closed by the
/// caller (`>&-`) is reopened on `/dev/null`, read-write, before `main` runs. That is exactly
/// what Python's `subprocess.DEVNULL` and Node's `'ignore'` hand over to discard a report, so
/// it cannot be told from a closed one without failing their runs; such a run goes on as into
/// `/dev/null`, with the exit code of its verdict.
#[must_use]
pub fn stdout_is_closed() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd as _;
        /// `EBADF` on every Unix the command builds for.
        const EBADF: i32 = 9;
        std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .is_err_and(|error| error.raw_os_error() == Some(EBADF))
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// What a command that prints its result says when standard output was closed.
const STDOUT_CLOSED: &str = "error: standard output is closed, so the report would be lost; \
     redirect it to a file, or to /dev/null to discard it";

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

/// The command as a process runs it: the process's arguments and environment, the report to
/// standard output and diagnostics to standard error. What the binaries' `main` calls (the
/// command and the pre-commit hook, which also choose the allocator).
///
/// A report going to a file or a pipe is written a megabyte at a time (a capture's report is
/// tens of megabytes, written by one thread while the others wait); a terminal gets what is
/// ready sooner. Standard error is not locked for the whole run: `mock` logs from its worker
/// threads.
#[must_use]
pub fn run_process() -> Exit {
    use std::io::IsTerminal;
    let env = Env::from_process();
    let stdout = std::io::stdout();
    let capacity = if stdout.is_terminal() {
        8 << 10
    } else {
        1 << 20
    };
    let mut out = std::io::BufWriter::with_capacity(capacity, stdout.lock());
    let mut err = std::io::stderr();
    run(std::env::args_os(), env, &mut out, &mut err)
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
    let prints = match &cli.command {
        Command::Generate(args) => args.out.is_none(),
        #[cfg(feature = "mock")]
        Command::Mock(_) => false,
        _ => true,
    };
    if env.stdout_closed && prints {
        let _ = writeln!(err, "{STDOUT_CLOSED}");
        return Exit::Trouble;
    }
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

/// The configuration file that applies: `--config PATH`, else the `isales-contract.toml`
/// found upward from `cwd`, unless `--no-config`.
fn config_file(args: &ValidateArgs, cwd: &std::path::Path) -> Option<PathBuf> {
    if args.config.no_config {
        None
    } else {
        args.config.config.clone().or_else(|| levels::discover(cwd))
    }
}

/// The levels in force: the configuration file's, then the flags'.
fn config(
    args: &ValidateArgs,
    flags: Vec<(usize, RuleId, Level)>,
    file: Option<&std::path::Path>,
) -> Result<Config, levels::ConfigError> {
    let base = match file {
        Some(path) => levels::load_file(path)?,
        None => Config::new(),
    };
    let config = levels::apply_flags(base, flags, args.levels.strictness());
    Ok(levels::effective(config))
}

/// How a run that checked `summary` ends. A run `cut_short` by its reader (a broken pipe) is
/// not an empty run, however little it had checked.
fn exit_of(summary: &render::Summary, allow_empty: bool, cut_short: bool) -> Exit {
    if summary.unchecked > 0 || (summary.checked == 0 && !allow_empty && !cut_short) {
        Exit::Trouble
    } else if summary.invalid > 0 || summary.too_many_warnings() {
        Exit::Invalid
    } else {
        Exit::Success
    }
}

fn validate(
    args: &ValidateArgs,
    flags: Vec<(usize, RuleId, Level)>,
    env: Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let file = config_file(args, &env.cwd);
    let config = match config(args, flags, file.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            for message in error.messages() {
                let _ = writeln!(err, "error: {message}");
            }
            return Exit::Trouble;
        }
    };
    // A file found upward changes verdicts; the run says which one it read, and the reports
    // that can hold it record it. Its real path: `--config ../x.toml` names a file too.
    let config_file = file.map(|path| {
        let path = env.cwd.join(path);
        std::fs::canonicalize(&path)
            .unwrap_or(path)
            .display()
            .to_string()
    });
    if let Some(path) = &config_file {
        let _ = writeln!(err, "using configuration {}", shown::name(path));
    }
    let exclude = match inputs::Exclude::new(&args.exclude) {
        Ok(exclude) => exclude,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Exit::Trouble;
        }
    };
    let walk = inputs::Walk {
        follow_symlinks: args.follow_symlinks,
        exclude,
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
    let mut expanded = inputs::expand(&args.paths, &walk);
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
        quiet: args.quiet,
        max_warnings: args.max_warnings,
        info: render::RunInfo { config_file },
        baseline,
    };
    // `env.color` is what `auto` decides from the environment; a flag of its own wins.
    let color = match args.color {
        cli::ColorChoice::Auto => env.color,
        choice => choice.colors(false, false, false),
    };
    let result = match args.format {
        OutputFormat::Human => {
            let mut render = render::human::Human::new(color, args.mask);
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
        OutputFormat::Ndjson => drive(
            &expanded,
            &mut render::ndjson::Ndjson,
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
            &mut render::sarif::Sarif::new(&env.cwd),
            &settings,
            env.stdin,
            out,
            err,
        ),
        OutputFormat::Github => drive(
            &expanded,
            &mut render::github::Github::new(env.step_summary),
            &settings,
            env.stdin,
            out,
            err,
        ),
    };
    let summary = match result {
        Ok(summary) => summary,
        // `validate ... | head`: the reader has what it wanted. The exit code is that of what
        // was checked by then, and nothing more is said.
        Err(stopped) if stopped.error.kind() == std::io::ErrorKind::BrokenPipe => {
            return exit_of(&stopped.summary, args.allow_empty, true);
        }
        Err(stopped) => {
            let _ = writeln!(err, "error: cannot write the report: {}", stopped.error);
            return Exit::Trouble;
        }
    };
    if args.format != OutputFormat::Human {
        let _ = writeln!(err, "{}", summary.line());
    }
    if let Some(session) = settings
        .baseline
        .as_ref()
        .filter(|session| session.writes())
    {
        let trouble = summary.unchecked > 0 || (summary.checked == 0 && !args.allow_empty);
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
    exit_of(&summary, args.allow_empty, false)
}

fn drive<R: Render>(
    expanded: &inputs::Expanded,
    render: &mut R,
    settings: &run::Settings,
    stdin: Option<Box<dyn Read + Send>>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<render::Summary, run::Stopped> {
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
        // The blank line has no record: the note names it, the summary counts it.
        assert_eq!(verdicts, ["pass", "fail"]);
        assert_eq!(
            err,
            "note: <stdin>: 1 blank line skipped: line 2\n\
             2 payloads checked in 1 input: 1 valid, 1 invalid, 0 warnings; 1 skipped\n"
        );
    }

    /// Standard output whose reader went away after `limit` bytes, as `| head -c` does.
    struct ClosedAfter {
        limit: usize,
        written: usize,
        error: std::io::ErrorKind,
    }

    impl Write for ClosedAfter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if self.written >= self.limit {
                return Err(self.error.into());
            }
            self.written += bytes.len();
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_reader_that_stops_early_gets_the_verdict_of_what_was_checked_and_no_error() {
        let failing = "{\"resultCode\": 7}\n".repeat(5000);
        let passing = "{\"resultCode\": \"0200007\", \"returnCode\": \"0200007\"}\n".repeat(5000);
        // SARIF writes the rule catalog first: its reader stops after the first results.
        for (input, format, limit, expected) in [
            (&failing, "human", 1000, Exit::Invalid),
            (&failing, "sarif", 500_000, Exit::Invalid),
            (&passing, "json", 1000, Exit::Success),
            // Stopped before anything was checked: not an empty run, and nothing failed.
            (&failing, "sarif", 10, Exit::Success),
        ] {
            let mut env = Env::plain(".");
            env.stdin = Some(Box::new(std::io::Cursor::new(input.clone().into_bytes())));
            let mut out = ClosedAfter {
                limit,
                written: 0,
                error: std::io::ErrorKind::BrokenPipe,
            };
            let mut err = Vec::new();
            let argv = [
                "isales-contract",
                "validate",
                "--no-config",
                "-f",
                format,
                "-",
            ];
            let exit = run(argv, env, &mut out, &mut err);
            assert_eq!(exit, expected, "{format}");
            assert!(
                err.is_empty(),
                "{format}: {}",
                String::from_utf8_lossy(&err)
            );
        }
        // Any other failure to write is still an error.
        let mut env = Env::plain(".");
        env.stdin = Some(Box::new(std::io::Cursor::new(passing.into_bytes())));
        let mut out = ClosedAfter {
            limit: 1000,
            written: 0,
            error: std::io::ErrorKind::StorageFull,
        };
        let mut err = Vec::new();
        let argv = [
            "isales-contract",
            "validate",
            "--no-config",
            "-f",
            "json",
            "-",
        ];
        assert_eq!(run(argv, env, &mut out, &mut err), Exit::Trouble);
        assert!(String::from_utf8_lossy(&err).starts_with("error: cannot write the report: "));
    }

    /// Standard input that gives `text`, then fails, as a file on a disk that went away does.
    struct FailsAfter(std::io::Cursor<Vec<u8>>);

    impl Read for FailsAfter {
        fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buffer)? {
                0 => Err(std::io::Error::other("the disk went away")),
                read => Ok(read),
            }
        }
    }

    #[test]
    fn an_ndjson_input_that_fails_midway_reports_every_line_before_the_failure() {
        // Lines over several chunks, which are checked while the next ones are read.
        let lines = 3 * crate::run::CHUNK_LINES + 7;
        let input = "{\"resultCode\": 7}\n".repeat(lines);
        let mut env = Env::plain(".");
        env.stdin = Some(Box::new(FailsAfter(std::io::Cursor::new(
            input.into_bytes(),
        ))));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let argv = [
            "isales-contract",
            "validate",
            "--no-config",
            "-f",
            "ndjson",
            "--input",
            "ndjson",
            "-",
        ];
        let exit = run(argv, env, &mut out, &mut err);
        let records: Vec<serde_json::Value> = String::from_utf8_lossy(&out)
            .lines()
            .map(|record| serde_json::from_str(record).unwrap_or_default())
            .collect();
        let numbers: Vec<u64> = records
            .iter()
            .filter_map(|record| record["line"].as_u64())
            .collect();
        let in_order = numbers.iter().copied().eq(1..=lines as u64);
        assert!(
            in_order,
            "every line read, once, in order: {} records, the last {:?}",
            numbers.len(),
            numbers.last()
        );
        // And the input itself, after its lines: not checked to its end.
        let last = records.last().cloned().unwrap_or_default();
        assert_eq!(last["verdict"], "unchecked", "{last}");
        assert_eq!(records.len(), lines + 1);
        let err = String::from_utf8_lossy(&err);
        assert!(
            err.contains("error: cannot read <stdin>: the disk went away"),
            "{err}"
        );
        // Something could not be read: that decides the exit status over the failures.
        assert_eq!(exit, Exit::Trouble, "{err}");
    }

    #[test]
    fn a_closed_standard_output_refuses_the_commands_that_print() {
        for args in [
            &["validate", "--no-config", "-"][..],
            &["rules"],
            &["schema"],
            &["generate", "-n", "1"],
        ] {
            let mut env = Env::plain(".");
            env.stdin = Some(Box::new(&b"{}"[..]));
            env.stdout_closed = true;
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let mut argv = vec!["isales-contract"];
            argv.extend(args);
            let exit = run(argv, env, &mut out, &mut err);
            let err = String::from_utf8_lossy(&err);
            assert_eq!(exit, Exit::Trouble, "{args:?}: {err}");
            assert!(out.is_empty(), "{args:?}");
            assert!(err.contains("standard output is closed"), "{args:?}: {err}");
        }
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
