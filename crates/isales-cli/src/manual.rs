//! What shells and `man` read about the command: completion scripts (`clap_complete`) and
//! the manual page (`clap_mangen`), both made from clap's own description of the command
//! line ([`crate::cli::Cli`]), so they never disagree with `--help`.
//!
//! Each is made in memory first and then written: the generators write with `expect`, and a
//! reader that stops early (`isales-contract man | head`) must end the command quietly, not
//! with a panic.

use std::io::{self, Write};

use clap::CommandFactory as _;
use clap_complete::Shell;

use crate::cli::Cli;

/// The name the completion scripts complete.
pub const BIN_NAME: &str = "isales-contract";

/// Writes the completion script of `shell`.
///
/// # Errors
/// When writing fails.
pub fn completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN_NAME, &mut script);
    if shell == Shell::Bash {
        // clap_complete 4.6 spells the `case` arm of each subcommand with the hyphen of the
        // command's name turned into its subcommand separator
        // (`isales__subcmd__contract__subcmd__validate`), while the loop that picks the arm
        // writes `isales__contract__subcmd__validate`: no arm matches, and nothing after a
        // subcommand completes. The arms are spelt the loop's way; once
        // clap_complete agrees with itself this finds nothing to replace.
        let text = String::from_utf8_lossy(&script).replace(
            &BIN_NAME.replace('-', "__subcmd__"),
            &BIN_NAME.replace('-', "__"),
        );
        return out.write_all(text.as_bytes());
    }
    out.write_all(&script)
}

/// Writes the manual page of the command, or of one of its subcommands
/// (`isales-contract-validate(1)`), in roff.
///
/// # Errors
/// The outer error when there is no such subcommand (the message lists them); the inner one
/// when writing fails.
pub fn man(subcommand: Option<&str>, out: &mut dyn Write) -> Result<io::Result<()>, String> {
    let mut command = Cli::command();
    command.build();
    let page = match subcommand {
        None => command,
        Some(name) => {
            let found = command
                .get_subcommands()
                .find(|sub| sub.get_name() == name)
                .cloned();
            match found {
                // Built, a subcommand is displayed as `isales-contract-NAME`, the page's name.
                Some(sub) => sub.version(env!("CARGO_PKG_VERSION")),
                None => {
                    let names: Vec<&str> = command
                        .get_subcommands()
                        .map(clap::Command::get_name)
                        .filter(|name| *name != "help")
                        .collect();
                    return Err(format!(
                        "no subcommand `{name}`; the subcommands are {}",
                        names.join(", ")
                    ));
                }
            }
        }
    };
    let mut roff = Vec::new();
    if let Err(error) = clap_mangen::Man::new(page).render(&mut roff) {
        return Ok(Err(error));
    }
    Ok(out.write_all(&roff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_subcommand_lists_the_others() {
        let mut out = Vec::new();
        let error = man(Some("valdate"), &mut out).expect_err("no such page");
        assert!(
            error.starts_with(
                "no subcommand `valdate`; the subcommands are validate, explain, rules"
            ),
            "{error}"
        );
        assert!(!error.contains("help"), "{error}");
        assert!(out.is_empty());
    }
}
