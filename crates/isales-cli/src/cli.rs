//! The command line: clap's derive types and the value parsers whose errors say what was
//! expected. Nothing here touches files; [`crate::run()`] turns parsed arguments into work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::levels::parse_rule;

/// Check captured CC-iSales "query campaign details" traffic against its documented contract.
///
/// Exit status: 0 when every payload passes, 1 when at least one fails, 2 when the command
/// line is wrong or some input could not be read or checked.
#[derive(Debug, Parser)]
#[command(name = "isales-contract", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate payloads: JSON files, NDJSON logs (one payload per line) and HAR captures.
    Validate(ValidateArgs),
    /// Explain one rule: what it checks, why, where the page says so, and an example.
    Explain(ExplainArgs),
    /// List every rule with its default level, provenance and documentation row.
    Rules,
    /// Print the generated JSON Schema (draft 2020-12) of the response body.
    Schema,
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files, directories (searched recursively for .json, .ndjson, .jsonl and .har), glob
    /// patterns such as 'captures/**/*.ndjson', or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// How to print the report.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// How inputs hold their payloads; `auto` goes by extension, then by content (standard
    /// input and unknown extensions).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, value_name = "FORMAT")]
    pub input: InputFormat,

    /// Hide personal values (such as callerNo) in the report.
    #[arg(long)]
    pub mask: bool,

    /// Rule levels.
    #[command(flatten)]
    pub levels: LevelArgs,

    /// The configuration file.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Rule levels from the command line; they win over the configuration file, and among
/// themselves the last one given for a rule wins.
#[derive(Debug, Args)]
pub struct LevelArgs {
    /// Report RULE as an error (repeatable).
    #[arg(long, short = 'D', value_name = "RULE", value_parser = parse_rule)]
    pub deny: Vec<String>,

    /// Report RULE as a warning (repeatable).
    #[arg(long, short = 'W', value_name = "RULE", value_parser = parse_rule)]
    pub warn: Vec<String>,

    /// Do not report RULE (repeatable).
    #[arg(long, short = 'A', value_name = "RULE", value_parser = parse_rule)]
    pub allow: Vec<String>,

    /// Fail payloads that have warnings.
    #[arg(long)]
    pub strict: bool,
}

/// Where the configuration file comes from.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Read levels from this file instead of the `isales-contract.toml` found by walking up
    /// from the working directory.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any configuration file.
    #[arg(long)]
    pub no_config: bool,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, as printed in reports (for example `ivr-param-required`).
    #[arg(value_name = "RULE", value_parser = parse_rule)]
    pub rule: String,
}

/// How inputs hold their payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By extension (.json, .ndjson, .jsonl, .har), else by the first bytes.
    Auto,
    /// One payload per input.
    Json,
    /// One payload per line.
    Ndjson,
    /// HTTP Archive: the response bodies of matching entries.
    Har,
}

impl InputFormat {
    /// The format forced on every input, if any.
    #[must_use]
    pub fn forced(self) -> Option<crate::inputs::Format> {
        match self {
            InputFormat::Auto => None,
            InputFormat::Json => Some(crate::inputs::Format::Json),
            InputFormat::Ndjson => Some(crate::inputs::Format::Ndjson),
            InputFormat::Har => Some(crate::inputs::Format::Har),
        }
    }
}

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// rustc-style diagnostics with the source line and a caret.
    Human,
    /// One JSON document (schema in the crate documentation).
    Json,
    /// JUnit XML: a test suite per file, a test case per payload.
    Junit,
    /// SARIF 2.1.0, for code scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}
