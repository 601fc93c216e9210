//! `isales-contract generate`: payloads on demand, from `isales-generator`.
//!
//! The payloads are made in parallel batches and written in index order, so the output of a
//! seed is the same bytes whatever the machine and its number of cores. Each payload is
//! proved by the validator inside the generator before it is written; a recipe no payload
//! can follow stops the run with the reason, never with a payload that is not what it says.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use isales_generator::{FormFilter, Generator, Payload, Quirk, Recipe, RecipeError, Size, Values};
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::Exit;
use crate::cli::{GenerateArgs, GeneratedValues};

/// Payloads made per parallel batch: enough to keep two cores busy, few enough to write the
/// first lines early.
const BATCH: u64 = 256;

/// Runs `generate`.
///
/// A reader that stops early (`generate -n 1000 | head -5`) ends the run quietly: the
/// payloads it read are whole and what it asked for.
pub fn generate(args: &GenerateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    match run(args, out) {
        Ok(()) | Err(Stop::ReaderGone) => Exit::Success,
        Err(Stop::Failed(message)) => {
            let _ = writeln!(err, "error: {message}");
            Exit::Trouble
        }
    }
}

/// Why a run ends before its last payload.
enum Stop {
    /// Standard output was closed by its reader.
    ReaderGone,
    /// Anything else, with its message.
    Failed(String),
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop::Failed(message)
    }
}

/// A write to standard output that failed.
fn output_error(error: &std::io::Error) -> Stop {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Stop::ReaderGone
    } else {
        Stop::Failed(format!("cannot write the output: {error}"))
    }
}

fn run(args: &GenerateArgs, out: &mut dyn Write) -> Result<(), Stop> {
    let values = match args.values {
        GeneratedValues::Realistic => Values::Realistic,
        GeneratedValues::Edges => Values::Edges,
    };
    let generator = Generator::embedded(Size::from_hint(args.items).with_values(values));
    let mut form = FormFilter::default();
    for text in &args.forms {
        form.set(generator.dimensions(), text)
            .map_err(|error| format!("--form {text}: {error}"))?;
    }
    let recipe = Recipe {
        form,
        violate: args.violate.clone(),
        quirks: args.quirks.clone(),
    };
    if let Some(dir) = &args.out {
        fs::create_dir_all(dir)
            .map_err(|error| format!("cannot create {}: {error}", crate::shown::path(dir)))?;
    }
    let mut manifest = match &args.manifest {
        Some(path) => Some(
            fs::File::create(path)
                .map(std::io::BufWriter::new)
                .map_err(|error| format!("cannot create {}: {error}", crate::shown::path(path)))?,
        ),
        None => None,
    };
    let width = args.count.saturating_sub(1).to_string().len().max(4);
    let mut start = 0;
    while start < args.count {
        let end = args.count.min(start.saturating_add(BATCH));
        let made: Vec<Result<Payload, RecipeError>> = (start..end)
            .into_par_iter()
            .map(|index| match &args.error_code {
                Some(code) => generator.failure(code, args.seed, index),
                None => generator.payload(&recipe, args.seed, index),
            })
            .collect();
        for payload in made {
            let payload = payload.map_err(|error| error.to_string())?;
            let name = write_payload(args, &payload, width, out)?;
            if let Some(manifest) = &mut manifest {
                let line = manifest_line(&payload, &name);
                writeln!(manifest, "{line}").map_err(|error| format!("manifest: {error}"))?;
            }
        }
        start = end;
    }
    if let Some(mut manifest) = manifest {
        manifest
            .flush()
            .map_err(|error| format!("manifest: {error}"))?;
    }
    out.flush().map_err(|error| output_error(&error))
}

/// Writes one payload (a file of `--out`, or a line of standard output) and returns the
/// name the manifest gives it.
fn write_payload(
    args: &GenerateArgs,
    payload: &Payload,
    width: usize,
    out: &mut dyn Write,
) -> Result<String, Stop> {
    let stem = match &payload.error_code {
        Some(code) => format!("failure-{code}-{:0width$}", payload.index),
        None => format!("payload-{:0width$}", payload.index),
    };
    match &args.out {
        Some(dir) => {
            let name = format!("{stem}.json");
            let path: PathBuf = Path::new(dir).join(&name);
            fs::write(&path, &payload.bytes).map_err(|error| {
                Stop::Failed(format!(
                    "cannot write {}: {error}",
                    crate::shown::path(&path)
                ))
            })?;
            Ok(name)
        }
        None => {
            if payload.bytes.contains(&b'\n') {
                return Err(Stop::Failed(format!(
                    "{stem} holds a line break, which NDJSON cannot carry; write it with --out DIR"
                )));
            }
            out.write_all(&payload.bytes)
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|error| output_error(&error))?;
            Ok(format!("line {}", payload.index + 1))
        }
    }
}

/// One line of the manifest: what a payload is and what it breaks, where.
fn manifest_line(payload: &Payload, name: &str) -> Value {
    let form: serde_json::Map<String, Value> = payload
        .form
        .pairs()
        .into_iter()
        .map(|(dimension, value)| {
            // Coded rows as their numbers, policies as their names.
            let value = value
                .parse::<i64>()
                .map_or_else(|_| Value::from(value), Value::from);
            (dimension.name().to_owned(), value)
        })
        .collect();
    json!({
        "name": name,
        "seed": payload.seed,
        "index": payload.index,
        "form": form,
        "quirks": payload.quirks.iter().map(|quirk| quirk.name()).collect::<Vec<_>>(),
        "broken": payload.broken.iter().map(|broken| json!({
            "rule": broken.rule.as_str(),
            "pointer": broken.pointer,
            "quirk": broken.quirk.map(Quirk::name),
        })).collect::<Vec<_>>(),
        "companions": payload.companions.iter().map(|rule| rule.as_str()).collect::<Vec<_>>(),
        "errorCode": payload.error_code,
    })
}
