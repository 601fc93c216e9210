//! The command line: clap's derive types and the value parsers whose errors say what was
//! expected. Nothing here touches files; [`crate::run()`] turns parsed arguments into work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use isales_contract::RuleId;
use isales_generator::Quirk;

use crate::levels::parse_rule;

/// The most `--max-payload-size` accepts: the library's own limit on a text.
pub const MAX_PAYLOAD_LIMIT: usize = isales_json::MAX_TEXT_BYTES;

/// Reads a size such as `64MiB`, `512KiB`, `1GiB` or `1048576` (bytes); `K`, `M`, `G` and
/// their `B` forms mean the same binary units.
///
/// # Errors
/// When the text is not such a size, is zero, or is over [`MAX_PAYLOAD_LIMIT`].
pub fn parse_size(text: &str) -> Result<usize, String> {
    let trimmed = text.trim();
    let digits = trimmed
        .find(|character: char| !character.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits);
    let expected = || format!("expected a size such as 64MiB, 512KiB or 1GiB, found `{text}`");
    let number: u64 = number.parse().map_err(|_| expected())?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => return Err(expected()),
    };
    let bytes = number.checked_mul(scale).ok_or_else(expected)?;
    if bytes == 0 {
        return Err("the size must be at least one byte".to_owned());
    }
    usize::try_from(bytes)
        .ok()
        .filter(|bytes| *bytes <= MAX_PAYLOAD_LIMIT)
        .ok_or_else(|| {
            format!(
                "{text} is more than the validator can read in one payload ({})",
                describe_size(MAX_PAYLOAD_LIMIT)
            )
        })
}

/// A size in the largest binary unit that divides it: `64 MiB`, `300 KiB`, `1000 bytes`.
#[must_use]
pub fn describe_size(bytes: usize) -> String {
    const UNITS: [(usize, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (scale, unit) in UNITS {
        if bytes >= scale && bytes.is_multiple_of(scale) {
            return format!("{} {unit}", bytes / scale);
        }
    }
    if bytes == 1 {
        "1 byte".to_owned()
    } else {
        format!("{bytes} bytes")
    }
}

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
    Rules(RulesArgs),
    /// Print the generated JSON Schema (draft 2020-12) of the response body, or the OpenAPI
    /// document of the interface.
    Schema(SchemaArgs),
    /// Write payloads made from the spec: valid responses of every form, or broken in one
    /// known way, each checked by the validator before it is written.
    Generate(GenerateArgs),
    /// Serve the interface over HTTP as a stand-in for CC-iSales in integration tests:
    /// generated answers, steered per request (Prefer header or query), checked requests.
    #[cfg(feature = "mock")]
    Mock(MockArgs),
    /// Print a completion script for a shell, to be sourced or saved where the shell looks
    /// for completions.
    Completions(CompletionsArgs),
    /// Print the manual page, in roff (`isales-contract man | man -l -`).
    Man(ManArgs),
}

/// Arguments of `rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// How to print the catalog: a table for people, or JSON for programs.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

/// The forms of the rule catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One rule per line, in columns.
    Text,
    /// One JSON document (schema in the crate documentation).
    Json,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The page of one subcommand (`isales-contract-validate`) instead of the command's.
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,
}

/// Arguments of `mock`.
#[cfg(feature = "mock")]
#[derive(Debug, Args)]
pub struct MockArgs {
    /// The port to listen on; 0 picks a free one (the first line of standard output says
    /// which).
    #[arg(long, default_value_t = 8080, value_name = "N")]
    pub port: u16,

    /// The address to listen on; 0.0.0.0 for every interface (in a container).
    #[arg(long, default_value = "127.0.0.1", value_name = "HOST")]
    pub host: String,

    /// The seed every answer derives from: the same seed, ids and steering give the same
    /// bytes on every machine.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,

    /// How each request is logged on standard error.
    #[arg(long, value_enum, default_value_t = MockLogFormat::Text)]
    pub log_format: MockLogFormat,

    /// How many made answers are kept in memory for the next request of the same campaign
    /// and steering (0: none).
    #[arg(long, default_value_t = isales_mock::DEFAULT_CACHE_CAPACITY, value_name = "N")]
    pub cache: usize,

    /// Serve recorded answers instead of generated ones: a directory (its .json, .ndjson,
    /// .jsonl and .har files), an NDJSON file, a HAR capture or a JSON file. A request gets
    /// the answer whose returnObject.id is its campaignId, else the answers in turn; one that
    /// asks for a form, violation, quirk or code still gets a generated answer. Every answer
    /// is validated first, and the server does not start while one fails.
    #[arg(long, value_name = "PATH")]
    pub from: Option<PathBuf>,

    /// Serve fixtures that fail the contract anyway (their problems are still printed).
    #[arg(long, requires = "from")]
    pub allow_invalid_fixtures: bool,

    /// Write every answer of the route to this file as it is sent: a HAR capture when it
    /// ends in .har (requests and responses), NDJSON otherwise (one body per line, which
    /// `validate` reads back).
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// Stop, as on SIGTERM, when standard input reaches its end: a test harness that pipes
    /// it stops the server by closing the pipe, or by exiting.
    #[arg(long)]
    pub exit_on_stdin_close: bool,

    /// Worker threads (default: one per available core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub workers: Option<u16>,
}

/// How the mock logs requests.
#[cfg(feature = "mock")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MockLogFormat {
    /// One line of words per request.
    Text,
    /// One JSON object per request.
    Json,
    /// No request lines.
    Off,
}

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which document to print.
    #[arg(long, value_enum, default_value_t = SchemaDocument::JsonSchema)]
    pub document: SchemaDocument,
}

/// The generated documents `schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaDocument {
    /// The JSON Schema (draft 2020-12) of the response body.
    JsonSchema,
    /// The OpenAPI 3.1.0 document of the interface.
    Openapi,
    /// The OpenAPI 3.0.3 document, for tools that read no 3.1.
    #[value(name = "openapi-3.0")]
    Openapi30,
}

/// Arguments of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many payloads to write.
    #[arg(long, short = 'n', default_value_t = 1, value_name = "N")]
    pub count: u64,

    /// The run's seed: the same seed writes the same bytes on every machine.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,

    /// Write one file per payload into this directory instead of NDJSON to standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Break this rule in every payload, at a pointer the manifest gives (repeat the option
    /// to break several at once). `isales-contract rules` lists them.
    #[arg(long = "violate", value_name = "RULE", value_parser = parse_rule)]
    pub violate: Vec<RuleId>,

    /// Give every payload this deviation seen on sibling pages of the vendor documentation:
    /// date-only-time, single-quoted-policy-json, turns-as-array, min-avg-call-time,
    /// explicit-nulls, campaign-id (repeatable).
    #[arg(long = "quirk", value_name = "NAME", value_parser = parse_quirk)]
    pub quirks: Vec<Quirk>,

    /// Fix one dimension of the campaign's form, as DIMENSION=VALUE: device-type,
    /// out-bound-type and predict-method take a code or its name (device-type=previewed);
    /// retry-policy takes none, common, per-result or number-type; call-policy none,
    /// sequence or round (repeatable).
    #[arg(long = "form", value_name = "DIMENSION=VALUE")]
    pub forms: Vec<String>,

    /// Write the failure envelope of this Table 21 code instead of a campaign.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["violate", "quirks", "forms"])]
    pub error_code: Option<String>,

    /// Write one JSON line per payload to this file: its name, seed and index, form, quirks,
    /// and the rules it breaks with their pointers.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,

    /// What the values of unconstrained rows look like.
    #[arg(long, value_enum, default_value_t = GeneratedValues::Realistic)]
    pub values: GeneratedValues,

    /// The most items an embedded JSON array (resultRetry, turns, ...) holds.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub items: usize,
}

/// What generated values of unconstrained rows look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GeneratedValues {
    /// What captured answers hold: printable ASCII with some Chinese, modest integers.
    Realistic,
    /// The whole domain: control characters, quotes, characters outside the BMP, extreme
    /// integers.
    Edges,
}

/// Reads a quirk's name.
///
/// # Errors
/// When no quirk has that name; the message lists them.
pub fn parse_quirk(text: &str) -> Result<Quirk, String> {
    Quirk::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Quirk::ALL.iter().map(|quirk| quirk.name()).collect();
        format!("no quirk `{text}`; the quirks are {}", names.join(", "))
    })
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files, directories (searched recursively for .json, .ndjson, .jsonl and .har), glob
    /// patterns such as 'captures/**/*.{ndjson,har}', or `-` for standard input. A file named
    /// twice (`a.json`, `./a.json`, a link to it) is checked once. Symbolic links given here
    /// are followed; FIFOs, sockets and devices are not read (pipe them to `-`).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Leave out paths matching GLOB (repeatable): without `/` it matches a file or directory
    /// name at any depth ('*.bad.json', 'fixtures'), with `/` the path or any trailing part of
    /// it ('captures/old/**'). Directories left out are not walked.
    #[arg(long, value_name = "GLOB", value_parser = crate::inputs::parse_exclude, help_heading = "Inputs")]
    pub exclude: Vec<String>,

    /// How to print the report.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Human, help_heading = "Report")]
    pub format: OutputFormat,

    /// How inputs hold their payloads; `auto` goes by extension, then by content (standard
    /// input and unknown extensions).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, value_name = "FORMAT", help_heading = "Inputs")]
    pub input: InputFormat,

    /// Hide personal values (such as callerNo) in the report.
    #[arg(long, help_heading = "Report")]
    pub mask: bool,

    /// Report only payloads that fail or could not be checked, and the summary: no passing
    /// payloads (nor their warnings), no skipped lines or entries, no notes. The counts are
    /// unchanged, and the configuration file used is still named.
    #[arg(long, short = 'q', help_heading = "Report")]
    pub quiet: bool,

    /// Fail the run (exit 1) when more than N warnings are reported, whatever the payloads'
    /// verdicts; the summary says so.
    #[arg(long, value_name = "N", help_heading = "Report")]
    pub max_warnings: Option<usize>,

    /// When to color the human format. `auto` colors when standard output is a terminal,
    /// unless the environment decides: NO_COLOR (set, not empty) turns colors off, else
    /// FORCE_COLOR (set, not empty, not `0` or `false`) turns them on. `always` and `never`
    /// win over the environment.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, help_heading = "Report")]
    pub color: ColorChoice,

    /// Follow symbolic links met while walking directories, noting links that loop back;
    /// without it they are skipped with a note. Links named as PATH are always followed.
    #[arg(long, help_heading = "Inputs")]
    pub follow_symlinks: bool,

    /// Succeed when no payload was checked (no file matched, no HAR entry matched the
    /// interface, an empty stream); without it such a run exits 2.
    #[arg(long, help_heading = "Inputs")]
    pub allow_empty: bool,

    /// The largest payload read, whatever holds it (a JSON file, an NDJSON line, a HAR entry,
    /// standard input); a larger one is reported as not checked. Bytes, or a number with KiB,
    /// MiB or GiB; less than 4 GiB.
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size, help_heading = "Inputs")]
    pub max_payload_size: usize,

    /// Rule levels.
    #[command(flatten)]
    pub levels: LevelArgs,

    /// The configuration file.
    #[command(flatten)]
    pub config: ConfigArgs,

    /// Fail only on violations this baseline (written by --write-baseline) does not list;
    /// the ones it lists are reported as known, and the ones it lists that are gone are
    /// reported as fixed. Violations are matched by rule, file and JSON pointer, not by line.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,

    /// Write every violation this run reports to FILE as a baseline, and succeed unless an
    /// input could not be checked.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,
}

/// Rule levels from the command line; they win over the configuration file, and among
/// themselves the last one given for a rule wins.
#[derive(Debug, Args)]
pub struct LevelArgs {
    /// Report RULE as an error (repeatable).
    #[arg(long, short = 'D', value_name = "RULE", value_parser = parse_rule, help_heading = "Levels")]
    pub deny: Vec<RuleId>,

    /// Report RULE as a warning (repeatable).
    #[arg(long, short = 'W', value_name = "RULE", value_parser = parse_rule, help_heading = "Levels")]
    pub warn: Vec<RuleId>,

    /// Do not report RULE (repeatable).
    #[arg(long, short = 'A', value_name = "RULE", value_parser = parse_rule, help_heading = "Levels")]
    pub allow: Vec<RuleId>,

    /// Fail payloads that have warnings.
    #[arg(long, help_heading = "Levels")]
    pub strict: bool,

    /// Pass payloads that have only warnings, even when the configuration file says
    /// `strict = true`.
    #[arg(long, conflicts_with = "strict", help_heading = "Levels")]
    pub no_strict: bool,
}

impl LevelArgs {
    /// What the command line says of strictness: `Some` only when it says something.
    #[must_use]
    pub fn strictness(&self) -> Option<bool> {
        match (self.strict, self.no_strict) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            (false, false) => None,
        }
    }
}

/// Where the configuration file comes from.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Read levels from this file instead of the `isales-contract.toml` found by walking up
    /// from the working directory.
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with = "no_config",
        help_heading = "Levels"
    )]
    pub config: Option<PathBuf>,

    /// Ignore any configuration file.
    #[arg(long, help_heading = "Levels")]
    pub no_config: bool,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, as printed in reports (for example `ivr-param-required`).
    #[arg(value_name = "RULE", value_parser = parse_rule)]
    pub rule: RuleId,
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

/// When the human format uses colors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal, unless NO_COLOR or FORCE_COLOR says otherwise.
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to color, given the environment: `no_color` and `force_color` are whether
    /// NO_COLOR and FORCE_COLOR ask for it (see [`color_from_env`]), `terminal` whether
    /// standard output is one. The flag wins, then NO_COLOR, then FORCE_COLOR, then the
    /// terminal.
    #[must_use]
    pub fn colors(self, no_color: bool, force_color: bool, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if no_color => false,
            ColorChoice::Auto if force_color => true,
            ColorChoice::Auto => terminal,
        }
    }
}

/// What NO_COLOR and FORCE_COLOR ask for, from their values: NO_COLOR when it is set and not
/// empty; FORCE_COLOR when it is set, not empty, and neither `0` nor `false` (the values Node
/// and other tools read as "do not force").
#[must_use]
pub fn color_from_env(
    no_color: Option<&std::ffi::OsStr>,
    force_color: Option<&std::ffi::OsStr>,
) -> (bool, bool) {
    let no_color = no_color.is_some_and(|value| !value.is_empty());
    let force_color = force_color.is_some_and(|value| {
        !value.is_empty() && value != "0" && !value.eq_ignore_ascii_case("false")
    });
    (no_color, force_color)
}

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// rustc-style diagnostics with the source line and a caret.
    Human,
    /// One JSON document (schema in the crate documentation).
    Json,
    /// One JSON line per payload (the JSON report's payload object), each written as soon as
    /// its verdict is known: a step of a shell pipeline or a batch engine.
    Ndjson,
    /// JUnit XML: a test suite per file, a test case per payload.
    Junit,
    /// SARIF 2.1.0, for code scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_binary_units() {
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1 GB"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("5GiB").is_err_and(|message| message.contains("4294967295 bytes")));
        assert!(parse_size("64 MB of text").is_err());
        assert!(parse_size("-1").is_err());
        assert_eq!(describe_size(64 << 20), "64 MiB");
        assert_eq!(describe_size(1536), "1536 bytes");
        assert_eq!(describe_size(3 << 10), "3 KiB");
    }

    #[test]
    fn the_color_flag_wins_then_no_color_then_force_color_then_the_terminal() {
        use ColorChoice::{Always, Auto, Never};
        // (choice, NO_COLOR, FORCE_COLOR, terminal) -> colors
        for (choice, no_color, force_color, terminal, colors) in [
            (Always, true, false, false, true),
            (Never, false, true, true, false),
            (Auto, true, true, true, false),
            (Auto, false, true, false, true),
            (Auto, false, false, true, true),
            (Auto, false, false, false, false),
        ] {
            assert_eq!(
                choice.colors(no_color, force_color, terminal),
                colors,
                "{choice:?} NO_COLOR={no_color} FORCE_COLOR={force_color} tty={terminal}"
            );
        }
        let os = |text: &'static str| Some(std::ffi::OsStr::new(text));
        assert_eq!(color_from_env(os("1"), None), (true, false));
        assert_eq!(color_from_env(os(""), os("1")), (false, true));
        assert_eq!(color_from_env(None, os("true")), (false, true));
        assert_eq!(color_from_env(None, os("0")), (false, false));
        assert_eq!(color_from_env(None, os("FALSE")), (false, false));
        assert_eq!(color_from_env(None, os("")), (false, false));
    }
}
