//! Rule levels: the `isales-contract.toml` file, the `--deny`/`--warn`/`--allow`/`--strict`
//! flags, and how they combine into the library's [`Config`].
//!
//! The file is found by walking up from the working directory (`--config PATH` names it,
//! `--no-config` ignores it). It holds
//!
//! ```toml
//! strict = true
//! [rules]
//! insecure-callback-url = "allow"
//! ```
//!
//! The file's levels apply first, then the flags in the order given, so the command line wins
//! and, on it, the last flag for a rule wins. Every rule id, in the file or on the command
//! line, must name a rule of the catalog; a misspelt one is a usage error listing close matches.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use isales_contract::{Config, Level, RuleId, UnknownRule};
use serde::Deserialize;

/// The configuration file's name.
pub const FILE_NAME: &str = "isales-contract.toml";

/// The message for a rule id that is not in the catalog: the library's, with close matches,
/// and where to find every rule.
#[must_use]
pub fn unknown_rule_message(unknown: &UnknownRule) -> String {
    format!("{unknown} (`isales-contract rules` lists every rule)")
}

/// clap value parser: a rule id of the catalog.
///
/// # Errors
/// When the id is not in the catalog; the message lists close matches.
pub fn parse_rule(text: &str) -> Result<RuleId, String> {
    RuleId::from_id(text).ok_or_else(|| unknown_rule_message(&UnknownRule::new(text)))
}

/// A level as the configuration file writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum FileLevel {
    Allow,
    Warn,
    Deny,
}

impl From<FileLevel> for Level {
    fn from(level: FileLevel) -> Self {
        match level {
            FileLevel::Allow => Level::Allow,
            FileLevel::Warn => Level::Warn,
            FileLevel::Deny => Level::Deny,
        }
    }
}

/// The configuration file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    rules: BTreeMap<String, FileLevel>,
}

/// A configuration file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The path reaches stderr: a directory name could hold control characters.
        let path = self.path.display().to_string();
        write!(f, "{}: {}", crate::shown::name(&path), self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The nearest `isales-contract.toml` in `start` or one of its ancestors.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads a configuration file into `config`.
///
/// # Errors
/// When the file cannot be read, is not valid TOML of the expected shape, or names an unknown
/// rule.
pub fn load_file(path: &Path, config: Config) -> Result<Config, ConfigError> {
    let error = |message: String| ConfigError {
        path: path.to_owned(),
        message,
    };
    let text =
        std::fs::read_to_string(path).map_err(|io| error(format!("cannot read it: {io}")))?;
    parse_config(&text, config).map_err(error)
}

/// Reads the text of a configuration file into `config`.
///
/// # Errors
/// When the text is not valid TOML of the expected shape, or names an unknown rule; the
/// message says which.
pub fn parse_config(text: &str, config: Config) -> Result<Config, String> {
    let file: FileConfig = toml::from_str(text).map_err(|parse| parse.to_string())?;
    let mut config = config.with_strict(file.strict);
    let mut unknown = Vec::new();
    for (rule, level) in file.rules {
        if let Err(error) = config.set_level(&rule, level.into()) {
            unknown.push(unknown_rule_message(&error));
        }
    }
    if unknown.is_empty() {
        Ok(config)
    } else {
        Err(format!("in [rules]: {}", unknown.join("; ")))
    }
}

/// Applies command-line levels, given as `(position on the command line, rule, level)`, in
/// command-line order, and `--strict`.
#[must_use]
pub fn apply_flags(
    mut config: Config,
    mut flags: Vec<(usize, RuleId, Level)>,
    strict: bool,
) -> Config {
    flags.sort_by_key(|(index, _, _)| *index);
    for (_, rule, level) in flags {
        config.set_rule_level(rule, level);
    }
    if strict {
        config = config.with_strict(true);
    }
    config
}

#[cfg(test)]
mod tests {
    use isales_contract::Severity;

    use super::*;

    #[test]
    fn unknown_rules_are_refused_with_close_matches_and_a_pointer_to_the_list() {
        assert_eq!(
            parse_rule("insecure-callback"),
            Err(
                "unknown rule `insecure-callback`; did you mean `insecure-callback-url`? \
                 (`isales-contract rules` lists every rule)"
                    .to_owned()
            )
        );
        assert_eq!(
            parse_rule("zzzzzz"),
            Err("unknown rule `zzzzzz` (`isales-contract rules` lists every rule)".to_owned())
        );
        assert_eq!(
            parse_rule("ivr-param-required"),
            Ok(RuleId::IvrParamRequired)
        );
    }

    #[test]
    fn the_last_flag_for_a_rule_wins() {
        let config = apply_flags(
            Config::new().with_rule_level(RuleId::TypeMismatch, Level::Warn),
            vec![
                (5, RuleId::TypeMismatch, Level::Deny),
                (2, RuleId::TypeMismatch, Level::Allow),
            ],
            false,
        );
        assert_eq!(
            config.level_of("type-mismatch", Severity::Warning),
            Some(Severity::Error)
        );
    }

    #[test]
    fn a_file_names_rules_and_strictness() {
        let dir = std::env::temp_dir().join(format!("isales-cli-levels-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(FILE_NAME);
        std::fs::write(
            &path,
            "strict = true\n[rules]\ninsecure-callback-url = \"allow\"\n",
        )
        .expect("write");
        let config = load_file(&path, Config::new()).expect("valid file");
        assert!(config.strict());
        assert_eq!(
            config.level_of("insecure-callback-url", Severity::Warning),
            None
        );
        assert_eq!(discover(&dir.join("a/b")).as_deref(), Some(path.as_path()));

        std::fs::write(&path, "[rules]\ninsecure-callback = \"allow\"\n").expect("write");
        let error = load_file(&path, Config::new()).expect_err("unknown rule");
        assert!(error.message.contains("insecure-callback-url"), "{error}");

        std::fs::write(&path, "[rules]\ntype-mismatch = \"loud\"\n").expect("write");
        assert!(load_file(&path, Config::new()).is_err());
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
