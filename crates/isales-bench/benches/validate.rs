//! Bytes to verdict, side by side on the same payloads: the parse floor, the `jsonschema`
//! crate's runtime and compile-time validators of our generated schema, and ours.
//!
//! ```text
//! cargo bench -p isales-bench --bench validate
//! ```
//!
//! Two groups, each over one fixed set of payloads from the benchmark corpus (seed
//! [`SEED`]), and one of ours alone on hostile payloads; throughput is in payload bytes:
//! - `valid`: clean payloads, bytes to a verdict (and, for the report paths, an empty report);
//! - `invalid`: broken payloads, bytes to every violation (ours with line and column);
//! - `hostile`: a million undocumented or repeated keys in one 12 MB payload, bytes to every
//!   violation located (ours only: the time must stay linear in the payload and violations),
//!   and the same payloads through the command to a report in each output format.
//!
//! Before measuring, every contender's verdicts are checked on the payloads: a benchmark of a
//! validator that does not check what the others check would be worth nothing. What a
//! contender misses (the JSON Schema validators cannot see duplicate keys, `2.0` for an
//! integer, ...) is printed, not hidden.
//!
//! The compile-time validator is `jsonschema` 0.60.2's `#[validator]` macro: the runtime
//! validator is 0.61.2 (the workspace's), whose `macros` feature needs a `jsonschema-macros`
//! 0.61 that crates.io does not have. Our asserting `contentSchema` keyword is registered
//! through the macro's `keywords` attribute; it runs a 0.61.2 runtime validator on the embedded
//! document, so embedded documents are checked at runtime speed by both validators.

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use isales_bench::corpus::{Builder, INVALID_EVERY};
use isales_contract::Validator;
use isales_contract::models::Envelope;
use isales_json::Arena;
use serde_json::{Map, Value, json};

/// The corpus seed, the one `cargo xtask bench-peers` writes files with.
const SEED: u64 = 1;
/// Valid payloads measured.
const VALID: usize = 300;
/// Invalid payloads measured.
const INVALID: usize = 100;

/// `jsonschema` 0.60.2's compile-time validator of the generated schema.
#[jsonschema::validator(
    path = "../isales-schema/query-campaign-details.schema.json",
    draft = Draft202012,
    keywords = { "contentSchema" => crate::content_schema }
)]
struct Compiled;

/// The `contentSchema` keyword for the compiled validator: parses the string and validates the
/// document with a runtime validator of the keyword's sub-schema (built by `isales-schema`, so
/// `$ref`s resolve against the root definitions and nested documents are checked too).
fn content_schema<'a>(
    _parent: &'a Map<String, Value>,
    sub_schema: &'a Value,
    _location: jsonschema::paths::Location,
) -> Result<Box<dyn for<'i> jsonschema::Keyword<'i>>, jsonschema::ValidationError<'a>> {
    let document = json!({
        "$schema": isales_schema::DIALECT,
        "$defs": isales_schema::schema()["$defs"],
        "allOf": [sub_schema],
    });
    let inner = isales_schema::compile(&document)
        .map_err(|error| jsonschema::ValidationError::custom(error.to_string()))?;
    Ok(Box::new(ContentSchema {
        is_valid: Box::new(move |document| inner.is_valid(document)),
    }))
}

/// One `contentSchema` occurrence of the compiled validator.
struct ContentSchema {
    /// The runtime validator of the sub-schema (a `jsonschema` 0.61 type, which this file
    /// cannot name: `jsonschema` here is 0.60).
    is_valid: Box<dyn Fn(&Value) -> bool + Send + Sync>,
}

impl<'i> jsonschema::Keyword<'i> for ContentSchema {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(jsonschema::ValidationError::custom(
                "the embedded document does not match its schema",
            ))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        let Value::String(text) = instance else {
            return true;
        };
        serde_json::from_str::<Value>(text).is_ok_and(|document| (self.is_valid)(&document))
    }
}

struct Payloads {
    valid: Vec<Vec<u8>>,
    invalid: Vec<Vec<u8>>,
}

fn payloads() -> Payloads {
    let builder = Builder::new(SEED);
    let valid = builder
        .payloads(VALID + VALID / INVALID_EVERY + 1)
        .unwrap_or_else(|error| panic!("{error}"))
        .into_iter()
        .filter(|payload| payload.kind.is_valid())
        .take(VALID)
        .map(|payload| payload.bytes)
        .collect();
    let invalid = (0..INVALID)
        .map(|n| {
            builder
                .payload(n * INVALID_EVERY + INVALID_EVERY - 1)
                .unwrap_or_else(|error| panic!("{error}"))
                .bytes
        })
        .collect();
    Payloads { valid, invalid }
}

fn total(payloads: &[Vec<u8>]) -> u64 {
    payloads.iter().map(|payload| payload.len() as u64).sum()
}

fn runtime_valid(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes)
        .is_ok_and(|value| isales_schema::validator().is_valid(&value))
}

fn compiled_valid(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes).is_ok_and(|value| Compiled::is_valid(&value))
}

/// Checks every contender's verdicts and says what each misses.
fn check_verdicts(payloads: &Payloads) {
    let ours = Validator::default();
    for bytes in &payloads.valid {
        assert!(
            ours.validate(bytes).violations.is_empty() && ours.is_clean_fast(bytes),
            "a valid payload is not clean"
        );
        assert!(
            runtime_valid(bytes),
            "the runtime validator fails a valid payload"
        );
        assert!(
            compiled_valid(bytes),
            "the compiled validator fails a valid payload"
        );
    }
    let mut caught = [0_usize; 3];
    for bytes in &payloads.invalid {
        caught[0] += usize::from(!ours.validate(bytes).passed());
        caught[1] += usize::from(!runtime_valid(bytes));
        caught[2] += usize::from(!compiled_valid(bytes));
    }
    assert_eq!(
        caught[0],
        payloads.invalid.len(),
        "ours passes a broken payload"
    );
    eprintln!(
        "verdicts checked: every contender passes the {} valid payloads; of the {} invalid, \
         ours fails {}, jsonschema runtime {}, jsonschema compiled {} (the rest break rules a \
         JSON Schema cannot state: duplicate keys, integers written 2.0, -0 or beyond 64 bits, \
         a byte order mark, single-quoted embedded documents, ...)",
        payloads.valid.len(),
        payloads.invalid.len(),
        caught[0],
        caught[1],
        caught[2],
    );
}

fn each(payloads: &[Vec<u8>], mut run: impl FnMut(&[u8])) {
    for bytes in payloads {
        run(black_box(bytes));
    }
}

fn contenders(group: &mut BenchmarkGroup<'_, WallTime>, payloads: &[Vec<u8>], valid: bool) {
    let ours = Validator::default();
    group.throughput(Throughput::Bytes(total(payloads)));
    group.bench_function("serde_json-value", |b| {
        b.iter(|| {
            each(payloads, |bytes| {
                black_box(serde_json::from_slice::<Value>(bytes).is_ok());
            });
        });
    });
    group.bench_function("serde_json-models", |b| {
        b.iter(|| {
            each(payloads, |bytes| {
                black_box(serde_json::from_slice::<Envelope>(bytes).is_ok());
            });
        });
    });
    group.bench_function("jsonschema-runtime-is_valid", |b| {
        b.iter(|| {
            each(payloads, |bytes| {
                black_box(runtime_valid(bytes));
            });
        });
    });
    group.bench_function("jsonschema-runtime-iter_errors", |b| {
        b.iter(|| {
            each(payloads, |bytes| {
                let errors = serde_json::from_slice::<Value>(bytes).map(|value| {
                    isales_schema::validator()
                        .iter_errors(&value)
                        .collect::<Vec<_>>()
                        .len()
                });
                black_box(errors.ok());
            });
        });
    });
    group.bench_function("jsonschema-compiled-is_valid", |b| {
        b.iter(|| {
            each(payloads, |bytes| {
                black_box(compiled_valid(bytes));
            });
        });
    });
    group.bench_function("jsonschema-compiled-iter_errors", |b| {
        b.iter(|| {
            each(payloads, |bytes| {
                let errors = serde_json::from_slice::<Value>(bytes)
                    .map(|value| Compiled::iter_errors(&value).collect::<Vec<_>>().len());
                black_box(errors.ok());
            });
        });
    });
    group.bench_function("ours-validate", |b| {
        b.iter(|| each(payloads, |bytes| drop(black_box(ours.validate(bytes)))));
    });
    if valid {
        group.bench_function("ours-fast-path", |b| {
            b.iter(|| {
                each(payloads, |bytes| {
                    black_box(ours.is_clean_fast(bytes));
                });
            });
        });
    }
    group.bench_function("ours-located-path", |b| {
        b.iter(|| each(payloads, |bytes| drop(black_box(ours.validate_full(bytes)))));
    });
    if valid {
        // Not contenders: where our time goes. The payload's own tree, without the
        // documents its strings embed (which `Value` never parses) and without a rule; then
        // the same with every document the spec's string fields embed, read as the
        // validator reads them (in the same pass as their strings, where they stand). What
        // `ours-validate` takes beyond that is the rules'.
        group.bench_function("ours-parse-payload", |b| {
            let mut arena = Arena::new();
            b.iter(|| {
                each(payloads, |bytes| {
                    arena.reset();
                    black_box(isales_json::parse(bytes, &arena).is_ok());
                });
            });
        });
        let holders = isales_contract::models::DOCUMENT_FIELDS;
        let read_with_strings = isales_json::Documents::under(holders);
        // Every document these payloads hold is read by the parse itself, with its string:
        // checked before the clock starts, so that the timed parse needs no walk over its
        // tree to find them, whose time would count as the documents'.
        let read = payloads
            .iter()
            .map(|bytes| {
                let arena = Arena::new();
                let root = isales_json::parse_with(bytes, read_with_strings, &arena)
                    .unwrap_or_else(|error| panic!("a valid payload parses: {error}"));
                documents_read(&root, holders)
            })
            .sum::<usize>();
        assert!(read > 0, "the payloads hold documents");
        group.bench_function("ours-parse-documents", |b| {
            let mut arena = Arena::new();
            b.iter(|| {
                each(payloads, |bytes| {
                    arena.reset();
                    let root = isales_json::parse_with(bytes, read_with_strings, &arena);
                    black_box(root.is_ok());
                });
            });
        });
        // The same documents' texts, decoded before the clock starts, each parsed as a text
        // of its own: what the parser's own reading of them costs, without the string
        // literals around them (the floor of reading them where they stand).
        let decoded: Vec<Vec<String>> = payloads
            .iter()
            .map(|bytes| decoded_documents(bytes, holders))
            .collect();
        group.bench_function("ours-parse-decoded-documents", |b| {
            let mut arena = Arena::new();
            b.iter(|| {
                for texts in &decoded {
                    arena.reset();
                    for text in texts {
                        black_box(isales_json::parse_embedded(black_box(text), &arena));
                    }
                }
            });
        });
        // simd-json, a structural-index parser, on the same texts to its tape (its fastest
        // form: the index, and the values in order without a tree). It parses in place, so
        // each text is copied into a scratch buffer first, a copy ours does not pay.
        let mut scratch = Vec::new();
        for text in decoded.iter().flatten() {
            scratch.clear();
            scratch.extend_from_slice(text.as_bytes());
            assert!(
                simd_json::to_tape(&mut scratch).is_ok(),
                "simd-json reads every decoded document: {text}"
            );
        }
        group.bench_function("simd_json-tape-decoded-documents", |b| {
            b.iter(|| {
                for text in decoded.iter().flatten() {
                    scratch.clear();
                    scratch.extend_from_slice(text.as_bytes());
                    black_box(simd_json::to_tape(black_box(&mut scratch)).is_ok());
                }
            });
        });
    }
}

/// How many documents the members named in `holders` hold under `node`, and those inside
/// them, each of which the parse must have read already (with its string).
fn documents_read(node: &isales_json::Node<'_>, holders: &[&str]) -> usize {
    if let Some(items) = node.as_array() {
        return items.iter().map(|item| documents_read(item, holders)).sum();
    }
    let Some(members) = node.as_object() else {
        return 0;
    };
    members
        .iter()
        .map(|member| {
            let held = holders.contains(&member.key);
            let isales_json::Value::String(text) = member.value.value else {
                return documents_read(&member.value, holders);
            };
            if !held {
                return 0;
            }
            assert!(
                text.has_read_embedded(),
                "the document of `{}` is read with its string",
                member.key
            );
            match &text.embedded().document {
                Ok(document) => 1 + documents_read(document, holders),
                Err(_) => 0,
            }
        })
        .sum()
}

/// The decoded text of every document a payload's `holders` hold, and of those inside them.
fn decoded_documents(bytes: &[u8], holders: &[&str]) -> Vec<String> {
    fn collect(node: &isales_json::Node<'_>, holders: &[&str], out: &mut Vec<String>) {
        if let Some(items) = node.as_array() {
            for item in items {
                collect(item, holders, out);
            }
            return;
        }
        for member in node.as_object().unwrap_or_default() {
            let held = holders.contains(&member.key);
            match held.then(|| member.value.embedded()).flatten() {
                Some(embedded) => {
                    out.extend(member.value.as_str().map(str::to_owned));
                    if let Ok(document) = &embedded.document {
                        collect(document, holders, out);
                    }
                }
                None => collect(&member.value, holders, out),
            }
        }
    }
    let arena = Arena::new();
    let mut out = Vec::new();
    if let Ok(root) = isales_json::parse(bytes, &arena) {
        collect(&root, holders, &mut out);
    }
    out
}

fn benches(c: &mut Criterion) {
    let payloads = payloads();
    check_verdicts(&payloads);
    let mut group = c.benchmark_group("valid");
    contenders(&mut group, &payloads.valid, true);
    group.finish();
    let mut group = c.benchmark_group("invalid");
    contenders(&mut group, &payloads.invalid, false);
    group.finish();
}

/// A clean payload on one line, the base of the hostile payloads.
const CLEAN: &str = r#"{"resultCode":"0200000","resultDesc":"","returnCode":"0200000","returnDesc":"","returnObject":{"id":1,"name":"n","status":2,"strBeginTime":"2026-03-01 08:00:00","strEndTime":"2026-03-31 20:00:00","deviceType":1,"ivrParam":{"deviceSign":"1001","callCount":5,"callInterval":60},"maxAlertingTime":30,"callBackUrl":"https://example.com/cb"}}"#;

/// [`CLEAN`] with `count` 12-byte members written by `member` after `"id":1`.
fn hostile_payload(member: impl Fn(usize) -> String, count: usize) -> Vec<u8> {
    let mut members = String::with_capacity(count * 12);
    for index in 0..count {
        members.push_str(&member(index));
    }
    CLEAN
        .replacen(r#""id":1,"#, &format!(r#""id":1,{members}"#), 1)
        .into_bytes()
}

/// The `hostile` group: one payload of 1,000,000 undocumented keys and one of 1,000,000
/// repeats of a documented key (12 MB each), bytes to a report with every violation located,
/// and the first again with `undocumented-field` allowed; then both through the command, in
/// each output format (`cli-FORMAT/...`). Ten samples of one run each, so the
/// group takes seconds: `cargo bench -p isales-bench --bench validate -- hostile`.
fn hostile(c: &mut Criterion) {
    const COUNT: usize = 1_000_000;
    let undocumented = hostile_payload(|index| format!(r#""k{index:06}":1,"#), COUNT);
    let duplicates = hostile_payload(|_| r#""id":100000,"#.to_owned(), COUNT);
    let ours = Validator::default();
    let allowing = Validator::new(isales_contract::Config::new().with_rule_level(
        isales_contract::RuleId::UndocumentedField,
        isales_contract::Level::Allow,
    ));
    let cases = [
        ("undocumented-keys-1m", &undocumented, &ours, COUNT),
        ("duplicate-keys-1m", &duplicates, &ours, COUNT),
        ("undocumented-keys-1m-allowed", &undocumented, &allowing, 0),
    ];
    let mut group = c.benchmark_group("hostile");
    group
        .sample_size(10)
        .sampling_mode(criterion::SamplingMode::Flat)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(5));
    for (name, payload, validator, violations) in cases {
        assert_eq!(
            validator.validate(payload).violations.len(),
            violations,
            "{name}"
        );
        group.throughput(Throughput::Bytes(payload.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| drop(black_box(validator.validate(payload))));
        });
    }
    // The same payloads through the command, bytes on standard input to a report in each
    // format written to a sink: what a CI step pays for a million findings.
    for (name, payload) in [
        ("undocumented-keys-1m", &undocumented),
        ("duplicate-keys-1m", &duplicates),
    ] {
        group.throughput(Throughput::Bytes(payload.len() as u64));
        for format in ["human", "json", "junit", "sarif", "github"] {
            group.bench_function(format!("cli-{format}/{name}"), |b| {
                b.iter(|| black_box(command(format, payload)));
            });
        }
    }
    group.finish();
}

/// Runs `isales-contract validate --format FORMAT -` in process over `payload`, output to a
/// buffered sink as the binary buffers standard output; the exit status.
fn command(format: &str, payload: &[u8]) -> isales_cli::Exit {
    let mut env = isales_cli::Env::plain(std::env::temp_dir());
    env.stdin = Some(Box::new(std::io::Cursor::new(payload.to_vec())));
    let mut out = std::io::BufWriter::new(std::io::sink());
    let mut err = std::io::sink();
    let args = [
        "isales-contract",
        "validate",
        "--no-config",
        "--input",
        "json",
        "--format",
        format,
        "-",
    ];
    isales_cli::run(args, env, &mut out, &mut err)
}

criterion_group!(validate, benches, hostile);
criterion_main!(validate);
