//! Repository chores, run as `cargo xtask <task>` (rust-analyzer's xtask pattern).
//!
//! This file owns the command line: it parses the arguments by hand (two words and one flag do
//! not justify a dependency that every `cargo xtask` run would compile first), dispatches to
//! the task, prints diagnostics to stderr and turns the outcome into an exit code: 0 done,
//! 1 the task failed (a stale file under `--check`, an unreadable spec), 2 a usage mistake.
//! The tasks themselves live in their own modules ([`codegen`], [`bench`](mod@bench),
//! [`bench_mock`], [`openapi_peers`], [`integrations`]).

mod bench;
mod bench_mock;
mod codegen;
mod install;
mod integrations;
mod openapi_peers;
mod publish;
mod target;
mod tidy;

use std::process::ExitCode;

use codegen::{Generator, Mode};

/// The usage text; the generator list comes from [`Generator::ALL`].
fn usage() -> String {
    let mut text = String::from(
        "usage: cargo xtask codegen [GENERATOR] [--check]\n\
         \x20      cargo xtask gen-payloads --seed N [--count 10000] [--files DIR] \
         [--ndjson FILE --size 1G]\n\
         \x20      cargo xtask bench-peers [--runs 3] [--files 10000] [--size 1G] \
         [--skip-criterion]\n\
         \x20      cargo xtask openapi-peers [--responses 50] [--openapi FILE] \
         [--openapi-3-0 FILE]\n\
         \x20      cargo xtask bench-mock [--requests 200000] [--seconds 20] \
         [--connections 16] [--long-requests 1000000] [--skip-prism] [--binary PATH] \
         [--no-write]\n\
         \x20      cargo xtask integrations [--skip-action] [--skip-pre-commit]\n\n\
         codegen derives the committed outputs from crates/isales-spec/query-campaign-details.toml.\n\
         gen-payloads writes the benchmark corpus (release build of isales-bench's generator).\n\
         bench-peers times ours against check-jsonschema and ajv-cli (installed under\n\
         target/peers/) and the criterion benchmark, and writes BENCHMARKS.md.\n\
         openapi-peers runs Spectral, openapi-spec-validator, Prism's mock and Schemathesis\n\
         on the OpenAPI documents (installed under target/peers/openapi/), our validator on\n\
         the mock's responses, and writes target/peers/openapi/summary.md.\n\
         bench-mock loads `isales-contract mock` and Prism's mock with the same requests\n\
         (throughput, latency, memory over a long run) and writes its section of\n\
         BENCHMARKS.md.\n\
         integrations runs action.yml's steps with bash as GitHub's runner would, and the\n\
         pre-commit hook through `pre-commit try-repo` (installed under target/integrations/).\n\n\
         GENERATOR:\n",
    );
    for generator in Generator::ALL {
        text.push_str(&format!(
            "  {:<12}{}\n",
            generator.name(),
            generator.output()
        ));
    }
    text.push_str(
        "  all         every generator (the default)\n\n\
         OPTIONS:\n\
         \x20 --check     write nothing; fail with a diff when a committed output is stale\n\
         \x20 -h, --help  print this text\n",
    );
    text
}

/// A parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    /// `codegen [GENERATOR] [--check]`.
    Codegen {
        generators: Vec<Generator>,
        mode: Mode,
    },
    /// `gen-payloads ARGS...`, handed to the generator.
    GenPayloads(Vec<String>),
    /// `bench-peers [OPTIONS]`.
    BenchPeers(bench::Options),
    /// `openapi-peers [OPTIONS]`.
    OpenapiPeers(openapi_peers::Options),
    /// `bench-mock [OPTIONS]`.
    BenchMock(bench_mock::Options),
    /// `integrations [OPTIONS]`.
    Integrations(integrations::Options),
    /// `--help` anywhere.
    Help,
}

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&arguments) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            #[allow(
                clippy::print_stdout,
                reason = "help asked for is the command's output"
            )]
            {
                print!("{}", usage());
            }
            ExitCode::SUCCESS
        }
        Command::GenPayloads(arguments) => bench::gen_payloads(&arguments),
        Command::BenchPeers(options) => bench::bench_peers(&options),
        Command::OpenapiPeers(options) => openapi_peers::openapi_peers(&options),
        Command::BenchMock(options) => bench_mock::bench_mock(&options),
        Command::Integrations(options) => integrations::integrations(&options),
        Command::Codegen { generators, mode } => {
            let mut failed = false;
            for generator in generators {
                match generator.run(mode) {
                    Ok(outcome) => eprintln!("{outcome}"),
                    Err(error) => {
                        eprintln!("error: {error}");
                        failed = true;
                    }
                }
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Parses the arguments after `cargo xtask`.
fn parse(arguments: &[String]) -> Result<Command, String> {
    if arguments
        .iter()
        .any(|argument| argument == "-h" || argument == "--help")
    {
        return Ok(Command::Help);
    }
    let Some((task, rest)) = arguments.split_first() else {
        return Err("no task given".to_owned());
    };
    if task == "gen-payloads" {
        return Ok(Command::GenPayloads(rest.to_vec()));
    }
    if task == "bench-peers" {
        return bench::Options::parse(rest).map(Command::BenchPeers);
    }
    if task == "openapi-peers" {
        return openapi_peers::Options::parse(rest).map(Command::OpenapiPeers);
    }
    if task == "bench-mock" {
        return bench_mock::Options::parse(rest).map(Command::BenchMock);
    }
    if task == "integrations" {
        return integrations::Options::parse(rest).map(Command::Integrations);
    }
    if task != "codegen" {
        return Err(format!(
            "unknown task `{task}`; the tasks are `codegen`, `gen-payloads`, `bench-peers`, \
             `openapi-peers`, `bench-mock` and `integrations`"
        ));
    }
    let mut mode = Mode::Write;
    let mut selected: Option<Vec<Generator>> = None;
    for argument in rest {
        if argument == "--check" {
            mode = Mode::Check;
        } else if argument.starts_with('-') {
            return Err(format!("unknown option `{argument}`"));
        } else if selected.is_some() {
            return Err(format!(
                "only one generator may be named; `{argument}` is extra"
            ));
        } else if argument == "all" {
            selected = Some(Generator::ALL.to_vec());
        } else {
            let generator = Generator::ALL
                .into_iter()
                .find(|generator| generator.name() == argument)
                .ok_or_else(|| {
                    let known: Vec<&str> = Generator::ALL.iter().map(|g| g.name()).collect();
                    format!(
                        "unknown generator `{argument}`; expected {} or all",
                        known.join(", ")
                    )
                })?;
            selected = Some(vec![generator]);
        }
    }
    Ok(Command::Codegen {
        generators: selected.unwrap_or_else(|| Generator::ALL.to_vec()),
        mode,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(line: &str) -> Result<Command, String> {
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        parse(&words)
    }

    #[test]
    fn parses_the_documented_forms() {
        let cases = [
            ("codegen", Generator::ALL.to_vec(), Mode::Write),
            ("codegen all", Generator::ALL.to_vec(), Mode::Write),
            ("codegen schema", vec![Generator::Schema], Mode::Write),
            ("codegen --check", Generator::ALL.to_vec(), Mode::Check),
            (
                "codegen schema --check",
                vec![Generator::Schema],
                Mode::Check,
            ),
            ("codegen --check all", Generator::ALL.to_vec(), Mode::Check),
        ];
        for (line, generators, mode) in cases {
            assert_eq!(
                parse_words(line),
                Ok(Command::Codegen { generators, mode }),
                "`{line}`"
            );
        }
        assert_eq!(parse_words("codegen --help"), Ok(Command::Help));
        assert_eq!(
            parse_words("gen-payloads --seed 1 --files d"),
            Ok(Command::GenPayloads(
                ["--seed", "1", "--files", "d"].map(str::to_owned).to_vec()
            ))
        );
        assert_eq!(
            parse_words("bench-peers --skip-criterion"),
            Ok(Command::BenchPeers(bench::Options {
                skip_criterion: true,
                ..bench::Options::default()
            }))
        );
        assert_eq!(
            parse_words("openapi-peers --responses 5"),
            Ok(Command::OpenapiPeers(openapi_peers::Options {
                responses: 5,
                ..openapi_peers::Options::default()
            }))
        );
        assert_eq!(
            parse_words("bench-mock --skip-prism"),
            Ok(Command::BenchMock(bench_mock::Options {
                skip_prism: true,
                ..bench_mock::Options::default()
            }))
        );
        assert!(
            usage().contains(
                "  schema      crates/isales-schema/query-campaign-details.schema.json\n"
            )
        );
        assert!(usage().contains("  rules-doc   docs/rules.md\n"));
    }

    #[test]
    fn rejects_usage_mistakes_with_a_reason() {
        let cases = [
            ("", "no task given"),
            ("build", "unknown task `build`"),
            ("codegen --force", "unknown option `--force`"),
            (
                "codegen model",
                "unknown generator `model`; expected registry, wiring, schema, openapi, openapi-3.0, models, catalog, rules-doc or all",
            ),
            ("codegen schema all", "`all` is extra"),
        ];
        for (line, fragment) in cases {
            let error = parse_words(line).expect_err(line);
            assert!(error.contains(fragment), "`{line}` gave `{error}`");
        }
    }
}
