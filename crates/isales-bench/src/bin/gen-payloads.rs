//! `gen-payloads`: writes the benchmark corpus (`cargo xtask gen-payloads` runs it in a release
//! build).
//!
//! ```text
//! gen-payloads --seed N [--count 10000] [--files DIR] [--ndjson FILE --size 1G]
//! ```
//!
//! `--files` writes one file per payload and `DIR/manifest.tsv`; `--ndjson` writes the corpus
//! one payload per line, over and over, up to `--size` bytes. Exit status 0 done, 1 the corpus
//! could not be made or written, 2 a usage mistake.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use isales_bench::corpus::{Builder, summary};
use isales_bench::output::{self, parse_size};

const USAGE: &str = "usage: gen-payloads --seed N [--count 10000] [--files DIR] \
                     [--ndjson FILE --size 1G]";

#[derive(Debug)]
struct Args {
    seed: u64,
    count: usize,
    files: Option<PathBuf>,
    ndjson: Option<(PathBuf, u64)>,
}

fn parse(arguments: &[String]) -> Result<Args, String> {
    let mut seed = None;
    let mut count = 10_000;
    let mut files = None;
    let mut ndjson = None;
    let mut size = None;
    let mut rest = arguments.iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("`{flag}` needs a value"))
        };
        match flag.as_str() {
            "--seed" => {
                let text = value()?;
                seed = Some(
                    text.parse()
                        .map_err(|_| format!("`{text}` is not a seed"))?,
                );
            }
            "--count" => {
                let text = value()?;
                count = text
                    .parse()
                    .ok()
                    .filter(|count| *count > 0)
                    .ok_or_else(|| format!("`{text}` is not a positive count"))?;
            }
            "--files" => files = Some(PathBuf::from(value()?)),
            "--ndjson" => ndjson = Some(PathBuf::from(value()?)),
            "--size" => size = Some(parse_size(&value()?)?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let seed = seed.ok_or("`--seed` is required")?;
    let ndjson = match (ndjson, size) {
        (Some(path), Some(size)) => Some((path, size)),
        (None, None) => None,
        _ => return Err("`--ndjson` and `--size` go together".to_owned()),
    };
    if files.is_none() && ndjson.is_none() {
        return Err("nothing to write: give `--files`, `--ndjson` or both".to_owned());
    }
    Ok(Args {
        seed,
        count,
        files,
        ndjson,
    })
}

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&arguments) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let payloads = Builder::new(args.seed)
        .payloads(args.count)
        .map_err(|error| error.to_string())?;
    eprint!("{}", summary(&payloads));
    eprintln!(
        "generated in {:.1} s; every valid payload checked clean, every invalid one failing",
        started.elapsed().as_secs_f64()
    );
    if let Some(dir) = &args.files {
        output::write_files(dir, &payloads)
            .map_err(|error| format!("cannot write {}: {error}", dir.display()))?;
        eprintln!(
            "wrote {} files and {} to {}",
            payloads.len(),
            output::MANIFEST,
            dir.display()
        );
    }
    if let Some((path, size)) = &args.ndjson {
        let written = output::write_ndjson(path, &payloads, *size)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        eprintln!(
            "wrote {} lines ({} invalid), {} bytes to {}",
            written.lines,
            written.invalid,
            written.bytes,
            path.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_the_documented_form_and_refuses_mistakes() {
        let args = parse(&words("--seed 7 --files d --count 10 --ndjson f --size 1M"))
            .expect("documented form");
        assert_eq!((args.seed, args.count), (7, 10));
        assert_eq!(args.ndjson, Some((PathBuf::from("f"), 1 << 20)));
        for (line, fragment) in [
            ("--files d", "`--seed` is required"),
            ("--seed 1", "nothing to write"),
            ("--seed 1 --ndjson f", "go together"),
            ("--seed x --files d", "not a seed"),
            ("--seed 1 --count 0 --files d", "not a positive count"),
            ("--seed 1 --bogus", "unknown argument"),
        ] {
            let error = parse(&words(line)).expect_err(line);
            assert!(error.contains(fragment), "`{line}` gave `{error}`");
        }
    }
}
