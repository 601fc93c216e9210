//! BENCHMARKS.md: the machine, the workloads, what each tool checks, the timings with their
//! ratios, and each performance target marked met or missed, all from one run of
//! `cargo xtask bench-peers`. The file is written whole from the data; nobody edits it.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::Options;
use super::estimates::Estimate;
use super::peers::Peer;
use super::timing::Timing;

/// The order of the criterion benchmarks in the tables.
pub(crate) const ORDER: &[&str] = &[
    "serde_json-value",
    "serde_json-models",
    "jsonschema-runtime-is_valid",
    "jsonschema-runtime-iter_errors",
    "jsonschema-compiled-is_valid",
    "jsonschema-compiled-iter_errors",
    "ours-validate",
    "ours-fast-path",
    "ours-located-path",
    "ours-parse-payload",
    "ours-parse-documents",
    "ours-parse-decoded-documents",
    "simd_json-tape-decoded-documents",
];

/// What each criterion benchmark measures.
fn describe(id: &str) -> &'static str {
    match id {
        "serde_json-value" => "parse into `serde_json::Value`, nothing checked (the floor)",
        "serde_json-models" => "deserialize into our generated models, nothing checked",
        "jsonschema-runtime-is_valid" => "`jsonschema` 0.61 runtime validator: parse, `is_valid`",
        "jsonschema-runtime-iter_errors" => {
            "`jsonschema` 0.61 runtime validator: parse, every error collected"
        }
        "jsonschema-compiled-is_valid" => {
            "`jsonschema` 0.60 `#[validator]` (compile time): parse, `is_valid`"
        }
        "jsonschema-compiled-iter_errors" => {
            "`jsonschema` 0.60 `#[validator]`: parse, every error collected"
        }
        "ours-validate" => {
            "`isales_contract::validate`: bytes to a full report (what the CLI runs)"
        }
        "ours-fast-path" => "the models' path: deserialize, derived validators, verdict only",
        "ours-located-path" => "the located path alone: every violation with line and column",
        "ours-parse-payload" => {
            "not a contender: our parser on the payload alone, no embedded document, no rule"
        }
        "ours-parse-documents" => {
            "not a contender: the payload and every document its string fields hold, no rule"
        }
        "ours-parse-decoded-documents" => {
            "not a contender: the same documents' texts, decoded beforehand, parsed on their own"
        }
        "simd_json-tape-decoded-documents" => {
            "not a contender: simd-json 0.17, a structural-index parser, on the same texts \
             (each copied first, as it parses in place), to its tape"
        }
        _ => "",
    }
}

/// The machine the numbers come from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory: String,
    pub kernel: String,
    pub rustc: String,
}

impl Machine {
    pub(crate) fn read() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let first = |text: &str, key: &str| {
            text.lines()
                .find(|line| line.starts_with(key))
                .and_then(|line| line.split_once(':'))
                .map(|(_, value)| value.trim().to_owned())
                .unwrap_or_default()
        };
        let output = |program: &str, arguments: &[&str]| {
            Command::new(program)
                .args(arguments)
                .output()
                .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
                .unwrap_or_default()
        };
        Self {
            cpu: first(&cpuinfo, "model name"),
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            memory: first(&meminfo, "MemTotal"),
            kernel: output("uname", &["-sr"]),
            rustc: output("rustc", &["--version"]),
        }
    }
}

/// The workloads.
#[derive(Debug, Clone)]
pub(crate) struct Corpus {
    /// The payload files' names, sorted.
    pub names: Vec<String>,
    /// How many of them the manifest marks invalid.
    pub invalid_files: usize,
    /// Their total size.
    pub files_bytes: u64,
    /// The NDJSON capture's size.
    pub ndjson_bytes: u64,
    /// What the generator said it wrote.
    pub generator_said: Vec<String>,
}

impl Corpus {
    pub(crate) fn read(
        files_dir: &Path,
        capture: &Path,
        generator_log: &str,
    ) -> Result<Self, String> {
        let io =
            |path: &Path, error: std::io::Error| format!("cannot read {}: {error}", path.display());
        let mut names = Vec::new();
        let mut files_bytes = 0;
        for entry in std::fs::read_dir(files_dir).map_err(|error| io(files_dir, error))? {
            let entry = entry.map_err(|error| io(files_dir, error))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("payload-") && name.ends_with(".json") {
                files_bytes += entry
                    .metadata()
                    .map_err(|error| io(&entry.path(), error))?
                    .len();
                names.push(name);
            }
        }
        names.sort_unstable();
        let manifest = files_dir.join("manifest.tsv");
        let invalid_files = std::fs::read_to_string(&manifest)
            .map_err(|error| io(&manifest, error))?
            .lines()
            .filter(|line| line.split('\t').nth(1) == Some("invalid"))
            .count();
        let ndjson_bytes = std::fs::metadata(capture)
            .map_err(|error| io(capture, error))?
            .len();
        Ok(Self {
            names,
            invalid_files,
            files_bytes,
            ndjson_bytes,
            generator_said: generator_log
                .lines()
                .filter(|line| line.starts_with("wrote "))
                .map(str::to_owned)
                .collect(),
        })
    }
}

/// One tool timed on one workload.
#[derive(Debug, Clone)]
pub(crate) struct ToolRun {
    pub tool: String,
    pub command: String,
    pub timing: Timing,
    /// Files the tool was given (0 for a single capture).
    pub checked: usize,
    /// Payloads the tool failed.
    pub failed: usize,
}

/// How many payloads our CLI failed, from its `--format json` report's summary.
pub(crate) fn ours_failed(stdout: &str) -> Result<usize, String> {
    let at = stdout
        .rfind("\"summary\":")
        .ok_or("our JSON report has no summary")?;
    let rest = stdout.get(at + "\"summary\":".len()..).unwrap_or_default();
    let summary: Value = serde_json::Deserializer::from_str(rest)
        .into_iter::<Value>()
        .next()
        .ok_or("our JSON report's summary is empty")?
        .map_err(|error| format!("our JSON report's summary is not JSON: {error}"))?;
    let count = |key: &str| {
        summary[key]
            .as_u64()
            .ok_or(format!("the summary has no `{key}`"))
    };
    usize::try_from(count("invalid")? + count("unchecked")?).map_err(|error| error.to_string())
}

/// Everything BENCHMARKS.md says.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub machine: Machine,
    pub versions: Vec<(String, String)>,
    pub options: Options,
    pub corpus: Corpus,
    /// Ours first, then the peers, over the directory.
    pub files: Vec<ToolRun>,
    /// Ours over the NDJSON capture.
    pub ndjson: ToolRun,
    pub valid: Vec<Estimate>,
    pub invalid: Vec<Estimate>,
}

fn seconds(timing: &Timing) -> f64 {
    timing.wall.as_secs_f64()
}

fn megabytes(bytes: u64) -> f64 {
    #[allow(clippy::cast_precision_loss, reason = "sizes far below 2^52")]
    let bytes = bytes as f64;
    bytes / 1e6
}

fn milliseconds(ns: f64) -> String {
    format!("{:.3} ms", ns / 1e6)
}

/// One target: what it asks, the measured figure, and whether it holds.
struct Target {
    text: String,
    measured: String,
    met: bool,
}

impl Document {
    fn estimate<'a>(estimates: &'a [Estimate], id: &str) -> Option<&'a Estimate> {
        estimates.iter().find(|estimate| estimate.id == id)
    }

    fn targets(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        let ours_valid = Self::estimate(&self.valid, "ours-validate");
        for (id, factor, name) in [
            (
                "serde_json-value",
                1.5,
                "`serde_json::from_slice::<Value>` alone",
            ),
            (
                "jsonschema-runtime-is_valid",
                2.0,
                "the `jsonschema` runtime validator",
            ),
            (
                "jsonschema-compiled-is_valid",
                1.5,
                "the `jsonschema` compile-time validator",
            ),
        ] {
            if let (Some(ours), Some(peer)) = (ours_valid, Self::estimate(&self.valid, id)) {
                let ratio = peer.median_ns / ours.median_ns;
                targets.push(Target {
                    text: format!("valid payloads, bytes to verdict: at least {factor}x {name}"),
                    measured: format!("{ratio:.2}x"),
                    met: ratio >= factor,
                });
            }
        }
        let per_byte = |estimate: &Estimate| {
            #[allow(clippy::cast_precision_loss, reason = "sizes far below 2^52")]
            estimate
                .bytes
                .map(|bytes| estimate.median_ns / bytes as f64)
        };
        if let (Some(ours), Some(value)) = (
            Self::estimate(&self.invalid, "ours-validate"),
            Self::estimate(&self.invalid, "serde_json-value"),
        ) {
            let ratio = value.median_ns / ours.median_ns;
            targets.push(Target {
                text: "invalid payloads, full report with line:column: at least 1.2x \
                       `serde_json::from_slice::<Value>` alone"
                    .to_owned(),
                measured: format!("{ratio:.2}x"),
                met: ratio >= 1.2,
            });
        }
        if let (Some(valid), Some(invalid)) = (
            ours_valid.and_then(per_byte),
            Self::estimate(&self.invalid, "ours-validate").and_then(per_byte),
        ) {
            let ratio = invalid / valid;
            targets.push(Target {
                text: "invalid payloads, full report with line:column: within 5x of the valid \
                       path (time per byte)"
                    .to_owned(),
                measured: format!("{ratio:.2}x"),
                met: ratio <= 5.0,
            });
        }
        if let Some(ours) = self.files.first() {
            for (peer, factor) in [(Peer::CheckJsonschema, 50.0), (Peer::AjvCli, 5.0)] {
                if let Some(run) = self.files.iter().find(|run| run.tool == peer.name()) {
                    let ratio = seconds(&run.timing) / seconds(&ours.timing);
                    targets.push(Target {
                        text: format!(
                            "CLI over {} files: at least {factor}x faster than {}",
                            self.corpus.names.len(),
                            peer.name()
                        ),
                        measured: format!("{ratio:.1}x"),
                        met: ratio >= factor,
                    });
                }
            }
        }
        let rate = megabytes(self.corpus.ndjson_bytes) / seconds(&self.ndjson.timing);
        targets.push(Target {
            text: "CLI over the NDJSON capture: at least 600 MB/s".to_owned(),
            measured: format!("{rate:.0} MB/s"),
            met: rate >= 600.0,
        });
        let peak = megabytes(self.ndjson.timing.peak_rss);
        targets.push(Target {
            text: "CLI over the NDJSON capture: peak memory under 50 MB".to_owned(),
            measured: format!("{peak:.1} MB"),
            met: peak < 50.0,
        });
        targets
    }

    /// The whole file.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        self.render_head(&mut out);
        self.render_targets(&mut out);
        self.render_commands(&mut out);
        self.render_criterion(&mut out);
        self.render_tools(&mut out);
        out
    }

    fn render_head(&self, out: &mut String) {
        let machine = &self.machine;
        let _ = write!(
            out,
            "<!-- generated by `cargo xtask bench-peers`, do not edit -->\n\
             # Benchmarks\n\n\
             Our validator beside what a user would pick instead: the `jsonschema` crate on the \
             generated schema (runtime and compile-time validators), `check-jsonschema` \
             (Python) and `ajv-cli` (Node.js). Every figure below comes from one run of \
             `cargo xtask bench-peers` on this machine; ratios compare figures of that run \
             only. The machine is shared, so absolute times move between runs; the ratios \
             move much less.\n\n\
             ## Machine\n\n\
             - CPU: {} ({} cores available)\n\
             - memory: {}\n\
             - kernel: {}\n\
             - {}\n",
            machine.cpu, machine.cores, machine.memory, machine.kernel, machine.rustc,
        );
        for (name, version) in &self.versions {
            let _ = writeln!(out, "- {name}: {version}");
        }
        let corpus = &self.corpus;
        let _ = write!(
            out,
            "\n## Workloads\n\n\
             Made by `gen-payloads --seed {} --count {} --size {}` (the generator of \
             `crates/isales-bench`, from the spec: every device type, outbound and predict \
             mode, retry and call policy form; about one payload in twenty breaks one rule):\n\n\
             - a directory of {} JSON files, {:.1} MB in all, {} of them invalid;\n\
             - one NDJSON capture of {:.1} MB.\n\n\
             The generator's own account:\n\n```text\n{}\n```\n\n",
            super::SEED,
            self.options.files,
            self.options.size,
            corpus.names.len(),
            megabytes(corpus.files_bytes),
            corpus.invalid_files,
            megabytes(corpus.ndjson_bytes),
            corpus.generator_said.join("\n"),
        );
    }

    fn render_targets(&self, out: &mut String) {
        out.push_str(
            "## Targets\n\n\
             | target | measured | |\n\
             |---|---:|---|\n",
        );
        for target in self.targets() {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                target.text,
                target.measured,
                if target.met { "met" } else { "**missed**" }
            );
        }
        out.push('\n');
        if let Some(split) = time_split(&self.valid) {
            out.push_str(&split);
            out.push_str("\n\n");
        }
    }

    fn render_commands(&self, out: &mut String) {
        let runs = self.ndjson.timing.runs;
        let _ = write!(
            out,
            "## Command-line tools\n\n\
             Each command ran {runs} times under `/usr/bin/time -v`, its output written to a \
             file; the table gives the medians. Wall time is taken around the process, peak \
             memory is the maximum resident set size. \"Failed\" is how many payloads the tool \
             rejected, of the files it was given.\n\n\
             ### {} files\n\n\
             | tool | wall | CPU | peak memory | failed | ours / tool (time) | ours faster by |\n\
             |---|---:|---:|---:|---:|---:|---:|\n",
            self.corpus.names.len(),
        );
        let ours = self.files.first().map_or(1.0, |run| seconds(&run.timing));
        for run in &self.files {
            let time = seconds(&run.timing);
            let _ = writeln!(
                out,
                "| {} | {:.3} s | {:.2} s | {:.1} MB | {} of {} | {:.4} | {:.1}x |",
                run.tool,
                time,
                run.timing.cpu_seconds,
                megabytes(run.timing.peak_rss),
                run.failed,
                run.checked,
                ours / time,
                time / ours,
            );
        }
        for peer in Peer::ALL {
            let Some(run) = self.files.iter().find(|run| run.tool == peer.name()) else {
                continue;
            };
            if run.checked < self.corpus.names.len() {
                let _ = write!(
                    out,
                    "\n{} was given {} of the {} files: {} ({}; ours reports each of them \
                     with its location).\n",
                    run.tool,
                    run.checked,
                    self.corpus.names.len(),
                    peer.stops_at(),
                    self.corpus.names.len() - run.checked,
                );
            }
        }
        let run = &self.ndjson;
        let time = seconds(&run.timing);
        let _ = write!(
            out,
            "\n### NDJSON capture, {:.1} MB\n\n\
             | tool | wall | CPU | throughput | peak memory | failed |\n\
             |---|---:|---:|---:|---:|---:|\n\
             | {} | {:.3} s | {:.2} s | {:.0} MB/s | {:.1} MB | {} |\n",
            megabytes(self.corpus.ndjson_bytes),
            run.tool,
            time,
            run.timing.cpu_seconds,
            megabytes(self.corpus.ndjson_bytes) / time,
            megabytes(run.timing.peak_rss),
            run.failed,
        );
        for peer in Peer::ALL {
            let _ = writeln!(
                out,
                "| {} | | | | | no NDJSON mode: it reads one document per file |",
                peer.name()
            );
        }
        out.push_str("\nThe commands (run from the workload's directory):\n\n```text\n");
        for run in self.files.iter().chain([&self.ndjson]) {
            let _ = writeln!(out, "{}", run.command);
        }
        out.push_str("```\n\n");
    }

    fn render_criterion(&self, out: &mut String) {
        out.push_str(
            "## In process (criterion)\n\n\
             `cargo bench -p isales-bench --bench validate`: each group runs every contender \
             on the same payloads of the corpus, one iteration being all of them. Before \
             measuring, the benchmark checks that every contender passes the valid payloads \
             and that ours fails every invalid one.\n\n",
        );
        for (group, estimates) in [("valid", &self.valid), ("invalid", &self.invalid)] {
            let Some(ours) = Self::estimate(estimates, "ours-validate") else {
                continue;
            };
            let bytes = ours.bytes.map_or(String::new(), |bytes| {
                format!(", {:.2} MB per iteration", megabytes(bytes))
            });
            let _ = write!(
                out,
                "### `{group}` payloads{bytes}\n\n\
                 | benchmark | what it does | median | 95% interval | MB/s | time / ours-validate |\n\
                 |---|---|---:|---:|---:|---:|\n",
            );
            for estimate in estimates {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} to {} | {} | {:.2} |",
                    estimate.id,
                    describe(&estimate.id),
                    milliseconds(estimate.median_ns),
                    milliseconds(estimate.interval_ns.0),
                    milliseconds(estimate.interval_ns.1),
                    estimate
                        .megabytes_per_second()
                        .map_or(String::new(), |rate| format!("{rate:.0}")),
                    estimate.median_ns / ours.median_ns,
                );
            }
            out.push('\n');
        }
    }

    fn render_tools(&self, out: &mut String) {
        out.push_str(
            "## What each tool checks\n\n\
             - **isales-contract**: every rule of the spec (`isales-contract rules`), with line \
             and column, inside embedded documents too; also what JSON Schema cannot state: \
             duplicate keys, integers written `2.0`, `-0` or beyond 64 bits, a byte order mark, \
             single-quoted embedded documents, alias spellings (`tests/schema_crosscheck.rs` \
             lists each rule JSON Schema misses and why).\n\
             - **`jsonschema` crate** (in process): the generated schema with an asserting \
             `contentSchema` keyword (`isales-schema`), so embedded documents are checked; \
             what JSON Schema cannot state goes unchecked.\n",
        );
        for peer in Peer::ALL {
            let _ = writeln!(out, "- **{}**: {}", peer.name(), peer.checks());
        }
        out.push_str(
            "\nA \"failed\" count below ours is the peer passing payloads that break the \
             contract; the corpus's manifest (`target/bench/files/manifest.tsv`) names the rule \
             each invalid file breaks.\n\n\
             Rerun with `cargo xtask bench-peers` (`--runs N`, `--files N`, `--size 1G`, \
             `--skip-criterion` to reuse the last criterion results).\n",
        );
    }
}

/// Where the valid path's time goes, from the criterion figures: the payload's own parse
/// against the rest, and that parse against `serde_json::Value`'s; then, when the documents'
/// decoded texts were measured too, what reading the documents inside their string literals
/// costs beyond parsing the same texts, and the validator's time without that cost.
fn time_split(valid: &[Estimate]) -> Option<String> {
    let find = |id: &str| Document::estimate(valid, id).map(|estimate| estimate.median_ns);
    let ours = find("ours-validate")?;
    let payload = find("ours-parse-payload")?;
    let documents = find("ours-parse-documents")?;
    let value = find("serde_json-value")?;
    // What the documents' share would take: a structural index, unless simd-json, built on
    // one, reads the same texts slower than our parser does.
    let documents_cut = match (
        find("ours-parse-decoded-documents"),
        find("simd_json-tape-decoded-documents"),
    ) {
        (Some(decoded), Some(indexed)) if indexed > decoded => format!(
            "the documents, read value by value through the escapes of the strings around \
             them. A structural index is no shortcut there: simd-json, built on one, reads \
             their decoded texts in {:.1}x the time our parser takes \
             (`simd_json-tape-decoded-documents`), as the documents are small (a few hundred \
             bytes each) and the cost is in each value, not in finding the structure. \
             Building less for each value (the located tree's nodes and members, its spans, \
             the members stacked and then moved into the arena), or checking a document's \
             rules as its values are read instead of walking its tree afterwards, would cut it",
            indexed / decoded
        ),
        _ => "the documents, read value by value through the escapes of the strings around \
              them; a parser built on a structural index of each block (the SIMD masks the \
              literal scan already computes, extended to every structural character at every \
              depth) would cut it"
            .to_owned(),
    };
    let mut split = format!(
        "Where the valid path's time goes: parsing the payload itself (`ours-parse-payload`) \
         takes {:.2} of `ours-validate`'s time, {:.1}x faster than `serde_json-value` parses \
         the same bytes; parsing the JSON documents that string fields hold (`policyJson` \
         and the `policy` inside it, `resultRetry`, `busiPolicy`, `turns`), which `Value` \
         leaves as strings, as the validator reads them, in the same pass as their strings \
         (`ours-parse-documents` less the payload, which scans those strings) takes {:.2}; \
         the rules take the other {:.2}.",
        payload / ours,
        value / payload,
        (documents - payload) / ours,
        1.0 - documents / ours,
    );
    let parts = [
        (
            payload,
            "reading the payload's own structure, which a parser built on a structural index \
             of each block (every quote, bracket, colon and comma found by SIMD, then the tree \
             built from that index) instead of value by value would cut",
        ),
        (documents - payload, documents_cut.as_str()),
        (
            ours - documents,
            "the rules: the derived walk of every object after the parse (each key matched \
             to its field, a scope entered for each value, each value's type and ranges \
             checked) and the hand-written checks reading their rows through `dyn Fields`; \
             checking each member's rules as the parser reads it, instead of walking the tree \
             again, would cut it",
        ),
    ];
    if let Some((_, part)) = parts.iter().max_by(|a, b| a.0.total_cmp(&b.0)) {
        split.push_str(&format!(" The biggest part is {part}."));
    }
    if let Some(decoded) = find("ours-parse-decoded-documents") {
        let in_place = documents - payload;
        let escapes = (in_place - decoded) / ours;
        if escapes < 0.005 {
            // Reading a document where it stands takes no longer than parsing its decoded
            // text as a text of its own (which pays a parse's setup per document): the
            // escapes around the documents cost nothing this run can see.
            split.push_str(&format!(
                " Parsing the same documents from their texts, decoded before the clock \
                 starts (`ours-parse-decoded-documents`), takes {:.2}, no less than reading \
                 them where they stand ({:.2}): the escapes of the string literals around \
                 them cost nothing measurable, and the documents' share is the reading of \
                 their values itself.",
                decoded / ours,
                in_place / ours,
            ));
        } else {
            let floor = ours - (in_place - decoded);
            split.push_str(&format!(
                " Parsing the same documents from their texts, decoded before the clock \
                 starts (`ours-parse-decoded-documents`), takes {:.2}: reading them inside \
                 their string literals costs the other {escapes:.2}, and without that cost the \
                 validator would take {:.2} of its time, {:.2}x `serde_json-value`.",
                decoded / ours,
                floor / ours,
                value / floor,
            ));
        }
    }
    Some(split)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_split_comes_from_the_four_figures() {
        let estimate = |id: &str, median_ns: f64| Estimate {
            id: id.to_owned(),
            median_ns,
            interval_ns: (median_ns, median_ns),
            bytes: Some(1000),
        };
        let valid = [
            estimate("serde_json-value", 3.0e6),
            estimate("ours-validate", 4.0e6),
            estimate("ours-parse-payload", 1.0e6),
            estimate("ours-parse-documents", 3.0e6),
        ];
        let split = time_split(&valid).expect("all four measured");
        assert!(split.contains("takes 0.25 of"), "{split}");
        assert!(split.contains("3.0x faster"), "{split}");
        assert!(split.contains("scans those strings) takes 0.50"), "{split}");
        assert!(split.contains("the rules take the other 0.25"), "{split}");
        assert!(
            split.contains("The biggest part is the documents"),
            "{split}"
        );
        assert!(!split.contains("decoded"), "{split}");
        assert_eq!(
            time_split(&valid[..3]),
            None,
            "no parse-documents figure, no paragraph"
        );
        let with_decoded = [
            valid.as_slice(),
            &[estimate("ours-parse-decoded-documents", 1.5e6)],
        ]
        .concat();
        let split = time_split(&with_decoded).expect("all five measured");
        assert!(split.contains("decoded-documents`), takes 0.38"), "{split}");
        assert!(split.contains("costs the other 0.12"), "{split}");
        assert!(
            split.contains("would take 0.88 of its time, 0.86x"),
            "{split}"
        );
        assert!(split.contains("structural index of each block"), "{split}");
        // A structural-index parser slower than ours on the same texts: named, and no
        // longer the remedy.
        let with_indexed = [
            with_decoded.as_slice(),
            &[estimate("simd_json-tape-decoded-documents", 2.4e6)],
        ]
        .concat();
        let split = time_split(&with_indexed).expect("all six measured");
        assert!(split.contains("no shortcut there"), "{split}");
        assert!(split.contains("in 1.6x the time"), "{split}");
        assert!(!split.contains("structural index of each block"), "{split}");
        let with_faster = [
            with_decoded.as_slice(),
            &[estimate("simd_json-tape-decoded-documents", 1.0e6)],
        ]
        .concat();
        let split = time_split(&with_faster).expect("all six measured");
        assert!(split.contains("structural index of each block"), "{split}");
        // Documents read in place no slower than their decoded texts: no negative cost of the
        // escapes, and no floor below the validator's own time.
        let in_place_faster = [
            valid.as_slice(),
            &[estimate("ours-parse-decoded-documents", 2.1e6)],
        ]
        .concat();
        let split = time_split(&in_place_faster).expect("all five measured");
        assert!(
            split.contains("decoded-documents`), takes 0.53, no less"),
            "{split}"
        );
        assert!(split.contains("where they stand (0.50)"), "{split}");
        assert!(split.contains("cost nothing measurable"), "{split}");
        assert!(!split.contains("costs the other -"), "{split}");
        assert!(!split.contains("would take"), "{split}");
    }

    #[test]
    fn our_failures_come_from_the_summary() {
        let report = r#"{"payloads":[
{"source":"a.json","verdict":"fail","violations":[{"summary":"not this one"}]}
], "summary":{"files":2,"checked":2,"valid":1,"invalid":1,"warnings":0,"skipped":0,"unchecked":1}}"#;
        assert_eq!(ours_failed(report), Ok(2));
        assert!(ours_failed("{}").is_err());
    }
}
