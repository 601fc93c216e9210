//! The `validate` pipeline: read inputs in order, validate payloads in parallel, write the
//! report in order.
//!
//! Parallelism never reorders the report. Inputs are sorted by path (standard input first), and
//! an argument or a file that could not be read is reported in its place among them;
//! consecutive JSON files are read and validated as a batch on rayon's pool and written in path
//! order. An NDJSON file is read in chunks of lines (at most [`CHUNK_LINES`] lines or
//! [`CHUNK_BYTES`] bytes): while one chunk is validated in parallel and written, the next is
//! read on a thread of its own, and each chunk is written in line order before the one after
//! it. HAR entries stream the same way (see [`crate::har`]). At any time
//! the process holds two chunks and their rendered items, never a whole file, so memory does
//! not grow with the input.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use isales_contract::{Placement, Validator};
use isales_json::Position;
use rayon::prelude::*;

use crate::chunks::{Chunk, ChunkReader, Line, Sizes};
use crate::har::{self, HarError, RawEntry};
use crate::inputs::{self, Format, Input, Origin, describe_io, is_comment};
use crate::payload::{Locus, Payload, Source, Status, Text};
use crate::render::{ItemOf, ItemRenderer, Render, Summary};

/// The largest payload read unless `--max-payload-size` says otherwise: longer NDJSON lines,
/// larger JSON files and larger HAR entries are reported as not checked instead of being held
/// in memory.
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024 * 1024;
/// Lines per NDJSON chunk.
pub const CHUNK_LINES: usize = 1024;
/// Bytes per NDJSON chunk (and per batch of HAR entries).
pub const CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// Bytes asked of an input per read. Of the last read of an NDJSON chunk, half on average
/// belongs to the next chunk and is copied there: a block is small beside a chunk.
pub const READ_BYTES: usize = 128 * 1024;
/// JSON files per batch. Each batch ends with the pool idle while the report is written, so
/// fewer, larger batches are faster (10,000 files: 64 per batch 0.087 s, 256 0.077 s, 1024
/// 0.075 s); a batch holds only rendered items, a few hundred bytes for a clean file.
pub const BATCH_FILES: usize = 1024;
/// HAR entries per batch.
pub const BATCH_ENTRIES: usize = 256;
/// Inputs larger than this, in total, get a progress bar (when stderr is a terminal).
pub const PROGRESS_BYTES: u64 = 50 * 1024 * 1024;
/// Runs with more payloads than this get a progress bar (when stderr is a terminal).
pub const PROGRESS_PAYLOADS: u64 = 1000;

/// What the pipeline needs besides the inputs.
#[derive(Debug)]
pub struct Settings {
    /// The validator, with the configured levels.
    pub validator: Validator,
    /// Hide personal values.
    pub mask: bool,
    /// Whether a progress bar may be drawn (stderr is a terminal and `CI` is unset).
    pub progress: bool,
    /// Whether the format lists unreadable inputs in the report too (they always go to stderr).
    pub list_unreadable: bool,
    /// The largest payload read, in bytes, whatever holds it.
    pub max_payload: usize,
    /// Whether a run that checks no payload may succeed (`--allow-empty`).
    pub allow_empty: bool,
    /// Report only payloads that fail or could not be checked, and no notes (`--quiet`).
    pub quiet: bool,
    /// The most warnings the run allows (`--max-warnings`), for the summary.
    pub max_warnings: Option<usize>,
    /// What the formats that record it are told about the run.
    pub info: crate::render::RunInfo,
    /// The baseline read or written (`--baseline`, `--write-baseline`), if any.
    pub baseline: Option<crate::baseline::Session>,
}

/// A progress bar that shows itself only once the run is large.
struct Progress {
    bar: Option<ProgressBar>,
    shown: bool,
    payloads: u64,
}

impl Progress {
    fn new(enabled: bool, total_bytes: u64) -> Self {
        let bar = enabled.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        let mut progress = Progress {
            bar,
            shown: false,
            payloads: 0,
        };
        if total_bytes > PROGRESS_BYTES {
            progress.show();
        }
        progress
    }

    fn show(&mut self) {
        if let Some(bar) = &self.bar
            && !self.shown
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    fn advance(&mut self, bytes: u64, payloads: u64) {
        self.payloads += payloads;
        if self.payloads > PROGRESS_PAYLOADS {
            self.show();
        }
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            bar.set_message(format!("{} payloads", self.payloads));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

struct Pipeline<'r, R: Render> {
    render: &'r mut R,
    /// The format's item renderer, for the worker threads: while [`Render::emit`] writes the
    /// items of one NDJSON chunk, those of the next are rendered.
    items: &'r R::Items,
    settings: &'r Settings,
    out: &'r mut dyn Write,
    err: &'r mut dyn Write,
    summary: Summary,
    progress: Progress,
    /// Why inputs that were read held no payload to check, one sentence each.
    empty: Vec<String>,
}

/// Runs `check`, and says how long it took when the format `R` reports it: reading the clock
/// twice a payload is a measurable part of a large capture's run.
fn timed<R: Render, T>(check: impl FnOnce() -> T) -> (T, Option<Duration>) {
    if !R::TIMED {
        return (check(), None);
    }
    let started = Instant::now();
    let checked = check();
    (checked, Some(started.elapsed()))
}

/// A payload rendered (unless `--quiet` leaves it out of the report), with its counts.
type Rendered<R> = (Option<ItemOf<R>>, Summary);

/// How many chunks of an NDJSON input may wait ahead of the one whose check the writer waits
/// for: enough for the pool to always have the next one (it starts on it while the last lines
/// of the one before are checked), few enough to bound memory. A chunk is about
/// [`CHUNK_BYTES`] of text, or one line of up to the payload size limit; so at most three are
/// held (written, waiting, being read), and two payloads are checked at once.
const CHUNKS_AHEAD: usize = 1;

/// A chunk of NDJSON lines, checked.
struct CheckedChunk<R: Render> {
    /// An item per line, `None` for a blank line.
    items: Vec<Option<Rendered<R>>>,
    /// The bytes the chunk's lines took in the input.
    bytes: u64,
    /// The numbers of its blank lines.
    blanks: Vec<usize>,
}

/// What the reading thread hands the writer for an NDJSON input, in input order.
enum Ahead<R: Render> {
    /// A chunk, checked when its outcome arrives.
    Chunk(mpsc::Receiver<CheckedChunk<R>>),
    /// Reading failed here.
    Failed(io::Error),
}

/// Checks a chunk of NDJSON lines, in parallel.
fn check_chunk<R: Render>(
    items: &R::Items,
    settings: &Settings,
    source: &Arc<Source>,
    chunk: &Chunk,
) -> CheckedChunk<R> {
    let checked = chunk
        .lines
        .par_iter()
        // A blank line yields no item; mapped to `None` rather than filtered out, so that
        // rayon collects the chunk's items in place. The reading thread marked it: a look at
        // the line's text would touch that memory once more.
        .map(|line| {
            (!line.blank).then(|| check_line::<R>(items, settings, source, line, &chunk.text))
        })
        .collect();
    CheckedChunk {
        items: checked,
        bytes: chunk.lines.iter().map(|line| line.consumed as u64).sum(),
        blanks: chunk
            .lines
            .iter()
            .filter(|line| line.blank)
            .map(|line| line.number)
            .collect(),
    }
}

/// A whole-file payload, checked and rendered.
fn check_document<R: Render>(
    items: &R::Items,
    settings: &Settings,
    source: Arc<Source>,
    bytes: &[u8],
) -> Rendered<R> {
    let payload = if bytes.len() > settings.max_payload {
        Payload::unchecked(
            source,
            Locus::Document,
            too_large("payload", settings.max_payload),
        )
    } else {
        let (report, elapsed) = timed::<R, _>(|| settings.validator.validate(bytes));
        Payload::checked(source, Locus::Document, report, None).timed(elapsed)
    };
    finish_payload::<R>(items, settings, payload, Some(Text::whole(bytes)))
}

/// One payload, checked and rendered, with its counts. Under `--quiet` a payload that passed
/// or was skipped is only counted: it is not even rendered.
fn finish_payload<R: Render>(
    items: &R::Items,
    settings: &Settings,
    payload: Payload,
    text: Option<Text<'_>>,
) -> Rendered<R> {
    let mut summary = Summary::default();
    summary.count(&payload);
    if settings.quiet && matches!(payload.status, Status::Pass | Status::Skipped) {
        return (None, summary);
    }
    let payload = if settings.mask {
        payload.masked()
    } else {
        payload
    };
    (Some(items.item(payload, text)), summary)
}

impl<R: Render> Pipeline<'_, R> {
    fn emit_all(
        &mut self,
        items: impl IntoIterator<Item = Rendered<R>>,
        bytes: u64,
    ) -> io::Result<()> {
        let mut payloads = 0;
        for (item, summary) in items {
            payloads += 1;
            self.summary.add(&summary);
            if let Some(item) = item {
                self.render.emit(item, self.out)?;
            }
        }
        self.render.end_batch(self.out)?;
        self.progress.advance(bytes, payloads);
        Ok(())
    }

    /// Writes the chunks of an NDJSON input as their checks end, in input order, until the
    /// reading thread has handed over the last or a failure to read.
    fn write_chunks(
        &mut self,
        chunks: &mpsc::Receiver<Ahead<R>>,
        blank: &mut BlankLines,
    ) -> Result<(), Failure> {
        while let Ok(ahead) = chunks.recv() {
            let checked = match ahead {
                Ahead::Chunk(outcome) => match outcome.recv() {
                    Ok(checked) => checked,
                    // The check panicked; joining the reading thread raises it again.
                    Err(_) => return Ok(()),
                },
                Ahead::Failed(error) => return Err(Failure::Read(error)),
            };
            // Blank lines hold no payload: counted, and named once for the whole input.
            for &line in &checked.blanks {
                blank.add(line);
            }
            self.summary.skipped += checked.blanks.len();
            self.emit_all(checked.items.into_iter().flatten(), checked.bytes)
                .map_err(Failure::Write)?;
        }
        Ok(())
    }

    /// A note about the inputs, into the report or onto stderr; none under `--quiet`.
    fn note(&mut self, text: &str) -> io::Result<()> {
        if self.settings.quiet {
            return Ok(());
        }
        if !self.render.note(text, self.out)? {
            writeln!(self.err, "note: {text}")?;
        }
        Ok(())
    }

    fn unreadable(&mut self, name: &str, reason: &str) -> io::Result<()> {
        writeln!(
            self.err,
            "error: cannot read {}: {reason}",
            crate::shown::name(name)
        )?;
        let payload = Payload::unchecked(
            Source::new(name),
            Locus::Document,
            format!("cannot read: {reason}"),
        );
        if self.settings.list_unreadable {
            let item = finish_payload::<R>(self.items, self.settings, payload, None);
            self.emit_all(vec![item], 0)
        } else {
            self.summary.unchecked += 1;
            Ok(())
        }
    }

    /// Reads and validates JSON files in parallel, writing them in order.
    fn documents(&mut self, batch: &[Input]) -> io::Result<()> {
        let items = self.items;
        let settings = self.settings;
        let results: Vec<(String, DocumentResult<R>)> = batch
            .par_iter()
            .map(|input| {
                let name = input.name();
                let Origin::File(path) = &input.origin else {
                    return (name, Err("not a file".to_owned()));
                };
                let read = File::open(path).and_then(|file| {
                    // Sized from the file's length: `read_to_end` through `take` has no size
                    // hint and would read a small file in eight growing reads.
                    let limit = settings.max_payload as u64 + 1;
                    let length = file.metadata().map_or(0, |metadata| metadata.len());
                    let capacity = usize::try_from(length.min(limit)).unwrap_or(0) + 1;
                    let mut bytes = Vec::with_capacity(capacity);
                    file.take(limit).read_to_end(&mut bytes)?;
                    Ok(bytes)
                });
                match read {
                    Ok(bytes) => {
                        let (item, summary) =
                            check_document::<R>(items, settings, Source::new(name.clone()), &bytes);
                        (name, Ok((item, summary, bytes.len() as u64)))
                    }
                    Err(error) => (name, Err(describe_io(&error))),
                }
            })
            .collect();
        for (name, result) in results {
            match result {
                Ok((item, summary, bytes)) => {
                    self.summary.files += 1;
                    self.emit_all(vec![(item, summary)], bytes)?;
                }
                Err(reason) => self.unreadable(&name, &reason)?,
            }
        }
        Ok(())
    }

    fn single(
        &mut self,
        input: &Input,
        stdin: &mut Option<Box<dyn Read + Send>>,
    ) -> io::Result<()> {
        let name = input.name();
        let reader: Box<dyn Read + Send> = match &input.origin {
            Origin::Stdin => match stdin.take() {
                Some(stdin) => stdin,
                None => return self.unreadable(&name, "standard input was already read"),
            },
            Origin::File(path) => match File::open(path) {
                Ok(file) => Box::new(file),
                Err(error) => return self.unreadable(&name, &describe_io(&error)),
            },
        };
        let (format, reader): (Format, Box<dyn Read + Send>) = match input.format {
            Some(format) => (format, reader),
            None => match inputs::sniff(reader) {
                Ok((guess, reader)) => {
                    if let Some(why) = guess.ambiguous {
                        let text = format!(
                            "{}: read as NDJSON, one payload per line, because {why}; \
                             --input json reads it as one document",
                            crate::shown::name(&name)
                        );
                        self.note(&text)?;
                    }
                    (guess.format, Box::new(reader))
                }
                Err(error) => return self.unreadable(&name, &describe_io(&error)),
            },
        };
        let source = Source::new(name.clone());
        let before = self.summary;
        let outcome = match format {
            Format::Json => self.whole(source, BufReader::with_capacity(READ_BYTES, reader)),
            // Read a block at a time into its chunks' buffers, with no buffer between.
            Format::Ndjson => self.ndjson(source, reader),
            Format::Har => self.har(source, BufReader::with_capacity(READ_BYTES, reader)),
        };
        match outcome {
            Ok(()) => {
                self.summary.files += 1;
                let held_none = self.summary.checked == before.checked
                    && self.summary.unchecked == before.unchecked;
                if held_none {
                    let name = crate::shown::name(&name);
                    let skipped = self.summary.skipped - before.skipped;
                    self.empty.push(match (format, skipped) {
                        (Format::Har, _) => {
                            format!("{name}: no HAR entry matched GET {}", har::ROUTE)
                        }
                        (_, 0) => format!("{name}: empty stream"),
                        (_, _) => format!("{name}: only blank and comment lines"),
                    });
                }
                Ok(())
            }
            Err(Failure::Read(error)) => self.unreadable(&name, &describe_io(&error)),
            Err(Failure::Write(error)) => Err(error),
        }
    }

    fn whole(&mut self, source: Arc<Source>, reader: impl Read) -> Result<(), Failure> {
        let mut bytes = Vec::new();
        reader
            .take(self.settings.max_payload as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(Failure::Read)?;
        let item = check_document::<R>(self.items, self.settings, source, &bytes);
        self.emit_all(vec![item], bytes.len() as u64)
            .map_err(Failure::Write)
    }

    fn ndjson(&mut self, source: Arc<Source>, input: impl Read + Send) -> Result<(), Failure> {
        let sizes = Sizes {
            lines: CHUNK_LINES,
            bytes: CHUNK_BYTES,
            block: READ_BYTES,
        };
        let mut reader = ChunkReader::new(input, self.settings.max_payload, sizes);
        let mut blank = BlankLines::default();
        let (items, settings, source) = (self.items, self.settings, &source);
        // The reading thread reads chunk after chunk and hands each to the pool as a task of
        // its own, so the pool moves on to the next chunk while the last lines of one are
        // checked (no pause between chunks, which wakes sleeping workers each time). This
        // thread takes the chunks' outcomes in input order and writes them.
        let (ahead, chunks) = mpsc::sync_channel::<Ahead<R>>(CHUNKS_AHEAD);
        std::thread::scope(|threads| {
            let reading = threads.spawn(move || {
                // The buffers of chunks checked, which later chunks are read into, so lines
                // are read without an allocation each.
                let (spare, spares) = mpsc::channel::<Vec<u8>>();
                rayon::in_place_scope(|tasks| {
                    loop {
                        let buffer = spares.try_recv().unwrap_or_default();
                        let chunk = match reader.next_chunk(buffer) {
                            Ok(chunk) if chunk.lines.is_empty() => return,
                            Ok(chunk) => chunk,
                            Err(error) => {
                                let _ = ahead.send(Ahead::Failed(error));
                                return;
                            }
                        };
                        let (done, outcome) = mpsc::sync_channel(1);
                        if ahead.send(Ahead::Chunk(outcome)).is_err() {
                            // The writer stopped.
                            return;
                        }
                        let spare = spare.clone();
                        tasks.spawn(move |_| {
                            let checked = check_chunk::<R>(items, settings, source, &chunk);
                            let _ = spare.send(chunk.text);
                            let _ = done.send(checked);
                        });
                    }
                });
            });
            let written = self.write_chunks(&chunks, &mut blank);
            // Past a failure nothing more is read: the reading thread's next hand-over fails.
            drop(chunks);
            reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            written
        })?;
        if blank.count > 0 {
            let text = blank.note(&source.name);
            self.note(&text).map_err(Failure::Write)?;
        }
        Ok(())
    }

    fn har<B: BufRead + Send>(&mut self, source: Arc<Source>, reader: B) -> Result<(), Failure> {
        let mut batch: Vec<RawEntry> = Vec::new();
        let mut batch_bytes = 0;
        let skipped_before = self.summary.skipped;
        let streamed = har::stream_entries(reader, self.settings.max_payload, |entry| {
            batch_bytes += entry.text.len();
            batch.push(entry);
            if batch.len() >= BATCH_ENTRIES || batch_bytes >= CHUNK_BYTES {
                self.entries(&source, std::mem::take(&mut batch))?;
                batch_bytes = 0;
            }
            Ok(())
        });
        match streamed {
            Ok(total) => {
                self.entries(&source, batch).map_err(Failure::Write)?;
                let ignored = self.summary.skipped - skipped_before;
                let text = format!(
                    "{}: {} of {total} HAR {} matched GET {}; {ignored} ignored",
                    crate::shown::name(&source.name),
                    total - ignored,
                    if total == 1 { "entry" } else { "entries" },
                    har::ROUTE,
                );
                self.note(&text).map_err(Failure::Write)
            }
            Err(HarError::Callback(error)) => Err(Failure::Write(error)),
            Err(HarError::Read(error)) => Err(Failure::Read(error)),
            Err(HarError::Invalid(reason)) => {
                self.entries(&source, batch).map_err(Failure::Write)?;
                let payload = Payload::unchecked(source, Locus::Document, reason);
                let item = finish_payload::<R>(self.items, self.settings, payload, None);
                self.emit_all(vec![item], 0).map_err(Failure::Write)
            }
        }
    }

    fn entries(&mut self, source: &Arc<Source>, batch: Vec<RawEntry>) -> io::Result<()> {
        let bytes = batch.iter().map(|entry| entry.text.len() as u64).sum();
        let items = self.items;
        let settings = self.settings;
        let items: Vec<_> = batch
            .into_par_iter()
            .map(|entry| {
                if entry.too_large {
                    let locus = Locus::Entry {
                        index: entry.index,
                        line: entry.base.line,
                    };
                    let reason = too_large("HAR entry", settings.max_payload);
                    let payload = Payload::unchecked(source.clone(), locus, reason);
                    return finish_payload::<R>(items, settings, payload, None);
                }
                let (mut checked, elapsed) =
                    timed::<R, _>(|| har::check_entry(source, entry, &settings.validator));
                checked.payload.elapsed = elapsed;
                let text = Text {
                    bytes: &checked.text,
                    base: checked.base,
                };
                finish_payload::<R>(items, settings, checked.payload, Some(text))
            })
            .collect();
        self.emit_all(items, bytes)
    }
}

/// A JSON file rendered with its counts and size, or why it could not be read.
type DocumentResult<R> = Result<(Option<ItemOf<R>>, Summary, u64), String>;

/// Why reading an input stopped.
enum Failure {
    /// The input could not be read.
    Read(io::Error),
    /// The report could not be written.
    Write(io::Error),
}

/// Why a payload (or the HAR entry holding one) was not read: the limit, and how to raise it.
fn too_large(what: &str, limit: usize) -> String {
    format!(
        "the {what} is larger than {}, the payload size limit (raise it with --max-payload-size)",
        crate::cli::describe_size(limit)
    )
}

/// The blank lines of one NDJSON input: how many, and the first few line numbers.
#[derive(Debug, Default)]
struct BlankLines {
    count: usize,
    first: Vec<usize>,
}

/// How many blank lines a note names by number.
const NAMED_BLANK_LINES: usize = 5;

impl BlankLines {
    fn add(&mut self, line: usize) {
        self.count += 1;
        if self.first.len() < NAMED_BLANK_LINES {
            self.first.push(line);
        }
    }

    /// `NAME: 3 blank lines skipped: lines 2, 3 and 7`, or `...: lines 2, 3, 4, 5, 6 and 99995
    /// more` when there are more than a note names.
    fn note(&self, name: &str) -> String {
        let numbers: Vec<String> = self.first.iter().map(ToString::to_string).collect();
        let rest = self.count - self.first.len();
        let lines = match (numbers.split_last(), rest) {
            (Some((only, [])), 0) => format!("line {only}"),
            (Some((last, before)), 0) => format!("lines {} and {last}", before.join(", ")),
            (_, rest) => format!("lines {} and {rest} more", numbers.join(", ")),
        };
        format!(
            "{}: {} blank {} skipped: {lines}",
            crate::shown::name(name),
            self.count,
            if self.count == 1 { "line" } else { "lines" },
        )
    }
}

fn check_line<R: Render>(
    items: &R::Items,
    settings: &Settings,
    source: &Arc<Source>,
    line: &Line,
    text: &[u8],
) -> Rendered<R> {
    let bytes = line.bytes(text);
    let locus = Locus::Line(line.number);
    let base = Position {
        offset: line.offset,
        line: line.number,
        column: 1,
    };
    let payload = if line.cut {
        Payload::unchecked(
            source.clone(),
            locus,
            too_large("payload", settings.max_payload),
        )
    } else if is_comment(bytes) {
        Payload::skipped(source.clone(), locus, "comment line")
    } else {
        let (report, elapsed) =
            timed::<R, _>(|| settings.validator.validate_in(bytes, &Placement::At(base)));
        Payload::checked(source.clone(), locus, report, None).timed(elapsed)
    };
    let text = Text { bytes, base };
    finish_payload::<R>(items, settings, payload, Some(text))
}

/// Why a run checked no payload: no input at all, inputs that could not be read or checked,
/// or inputs that were read and held nothing to check (each named with its reason).
fn nothing_checked_reason(inputs: &[Input], summary: &Summary, empty: &[String]) -> String {
    if inputs.is_empty() && summary.unchecked == 0 {
        "no input files matched (no .json, .ndjson, .jsonl or .har file under the paths given)"
            .to_owned()
    } else if empty.is_empty() {
        "no input could be read or checked".to_owned()
    } else {
        empty.join("; ")
    }
}

/// The report could not be written: the error, and what had been counted by then (the exit
/// code of a run whose reader stopped early comes from it).
#[derive(Debug)]
pub struct Stopped {
    /// Why writing failed.
    pub error: io::Error,
    /// The counts of what was checked before it failed.
    pub summary: Summary,
}

/// Validates every input and writes the report; gives the counts.
///
/// # Errors
/// When the report cannot be written, with the counts so far.
pub fn validate<R: Render>(
    expanded: &inputs::Expanded,
    render: &mut R,
    settings: &Settings,
    stdin: Option<Box<dyn Read + Send>>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Summary, Stopped> {
    let inputs = expanded.inputs.as_slice();
    // Sizing the inputs costs a `stat` each; only a progress bar needs the total.
    let total_bytes = if settings.progress {
        inputs
            .iter()
            .filter_map(|input| match &input.origin {
                Origin::File(path) => std::fs::metadata(path).ok().map(|metadata| metadata.len()),
                Origin::Stdin => None,
            })
            .sum()
    } else {
        0
    };
    render.run_info(&settings.info);
    let items = render.items();
    let mut pipeline = Pipeline {
        render,
        items: &items,
        settings,
        out,
        err,
        summary: Summary {
            max_warnings: settings.max_warnings,
            ..Summary::default()
        },
        progress: Progress::new(settings.progress, total_bytes),
        empty: Vec::new(),
    };
    let written = pipeline.run(expanded, stdin);
    pipeline.progress.finish();
    match written {
        Ok(()) => Ok(pipeline.summary),
        Err(error) => Err(Stopped {
            error,
            summary: pipeline.summary,
        }),
    }
}

impl<R: Render> Pipeline<'_, R> {
    /// The whole report: the notes and problems of the arguments, every input in order, and
    /// the end.
    fn run(
        &mut self,
        expanded: &inputs::Expanded,
        mut stdin: Option<Box<dyn Read + Send>>,
    ) -> io::Result<()> {
        let inputs = expanded.inputs.as_slice();
        self.render.begin(self.out)?;
        for note in &expanded.notes {
            self.note(note)?;
        }
        // What could not be read takes its place among the inputs, in the same order.
        let mut unreadable: Vec<(Origin, &inputs::Unreadable)> = expanded
            .unreadable
            .iter()
            .map(|problem| (Origin::File(problem.name.clone().into()), problem))
            .collect();
        unreadable.sort_by(|(a, _), (b, _)| a.cmp(b));
        let mut unreadable = unreadable.into_iter().peekable();
        let mut index = 0;
        while index < inputs.len() {
            while let Some((_, problem)) =
                unreadable.next_if(|(origin, _)| *origin < inputs[index].origin)
            {
                self.unreadable(&problem.name, &problem.reason)?;
            }
            let is_document = |input: &Input| {
                input.format == Some(Format::Json) && matches!(input.origin, Origin::File(_))
            };
            if is_document(&inputs[index]) {
                // A batch holds rendered items, not files (each file's bytes are dropped once
                // it is checked), so counting files bounds its memory; it ends before an input
                // that could not be read.
                let mut end = index;
                while end < inputs.len()
                    && is_document(&inputs[end])
                    && end - index < BATCH_FILES
                    && (end == index
                        || unreadable
                            .peek()
                            .is_none_or(|(origin, _)| *origin > inputs[end].origin))
                {
                    end += 1;
                }
                self.documents(&inputs[index..end])?;
                index = end;
            } else {
                self.single(&inputs[index], &mut stdin)?;
                index += 1;
            }
        }
        for (_, problem) in unreadable {
            self.unreadable(&problem.name, &problem.reason)?;
        }
        self.progress.finish();
        let summary = self.summary;
        if summary.checked == 0 {
            let reason = nothing_checked_reason(inputs, &summary, &self.empty);
            let fatal = !self.settings.allow_empty;
            self.render.nothing_checked(&reason, fatal, self.out)?;
            if self.settings.list_unreadable {
                let level = if fatal { "error" } else { "note" };
                writeln!(
                    self.err,
                    "{level}: {}: {reason}",
                    crate::render::NOTHING_CHECKED
                )?;
            }
        }
        self.render.finish(&summary, self.out)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_format_that_reports_times_reads_the_clock() {
        use crate::render::{json::Json, junit::Junit};
        let (value, elapsed) = timed::<Junit, _>(|| 7);
        assert_eq!(value, 7);
        assert!(elapsed.is_some(), "JUnit's test cases have a time");
        let (value, elapsed) = timed::<Json, _>(|| 7);
        assert_eq!(value, 7);
        assert_eq!(elapsed, None);
        // Under a baseline, as the format says.
        let (_, elapsed) = timed::<crate::baseline::Baselined<'_, Junit>, _>(|| 7);
        assert!(elapsed.is_some(), "JUnit under a baseline");
        let (_, elapsed) = timed::<crate::baseline::Baselined<'_, Json>, _>(|| 7);
        assert_eq!(elapsed, None);
    }

    /// A format whose item renderer panics at the payload of one line.
    struct PanicsAt(usize);

    impl ItemRenderer for PanicsAt {
        type Item = ();

        fn item(&self, payload: Payload, _text: Option<Text<'_>>) {
            assert_ne!(
                payload.locus.line(),
                Some(self.0),
                "rendering line {}",
                self.0
            );
        }
    }

    impl Render for PanicsAt {
        type Items = PanicsAt;

        fn items(&self) -> PanicsAt {
            PanicsAt(self.0)
        }

        fn emit(&mut self, (): (), _out: &mut dyn Write) -> io::Result<()> {
            Ok(())
        }

        fn nothing_checked(&mut self, _: &str, _: bool, _: &mut dyn Write) -> io::Result<()> {
            Ok(())
        }

        fn finish(&mut self, _summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_panic_while_a_chunk_is_checked_reaches_the_caller() {
        // In the second of three chunks, while the reading thread reads ahead.
        let line = CHUNK_LINES + 5;
        let input = "{}\n".repeat(3 * CHUNK_LINES);
        let expanded = inputs::Expanded {
            inputs: vec![Input {
                origin: Origin::Stdin,
                format: Some(Format::Ndjson),
            }],
            ..inputs::Expanded::default()
        };
        let settings = Settings {
            validator: Validator::default(),
            mask: false,
            progress: false,
            list_unreadable: true,
            max_payload: MAX_PAYLOAD_BYTES,
            allow_empty: false,
            quiet: false,
            max_warnings: None,
            info: crate::render::RunInfo::default(),
            baseline: None,
        };
        let stdin: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(input.into_bytes()));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut render = PanicsAt(line);
            let (mut out, mut err) = (Vec::new(), Vec::new());
            validate(
                &expanded,
                &mut render,
                &settings,
                Some(stdin),
                &mut out,
                &mut err,
            )
        }));
        let panic = outcome.expect_err("the panic reaches the caller, nothing hangs");
        let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(
            message.contains(&format!("rendering line {line}")),
            "{message}"
        );
    }

    #[test]
    fn the_progress_bar_waits_for_a_large_run() {
        let disabled = Progress::new(false, PROGRESS_BYTES * 2);
        assert!(disabled.bar.is_none() && !disabled.shown);

        let mut small = Progress::new(true, 1024);
        assert!(!small.shown, "a small input draws nothing");
        small.advance(1024, PROGRESS_PAYLOADS);
        assert!(!small.shown);
        small.advance(0, 1);
        assert!(
            small.shown,
            "more than {PROGRESS_PAYLOADS} payloads show it"
        );
        small.finish();

        let large = Progress::new(true, PROGRESS_BYTES + 1);
        assert!(large.shown, "more than 50 MB shows it from the start");
        large.finish();
    }
}
