//! The Markdown section `bench-mock` writes: the command, date, machine and versions, the
//! targets marked met or missed, one row per scenario, and the memory of the long run. It
//! lives in BENCHMARKS.md between two markers ([`START`], [`END`]); [`splice`] puts it there,
//! replacing the section of an earlier run and leaving everything around it as it was, and
//! [`section_of`] gives it back, so that `bench-peers`, which writes the rest of the file
//! whole, can keep it.

use std::fmt::Write as _;
use std::time::Duration;

use super::load::Outcome;
use super::memory::{MemorySummary, Sample};

/// The marker the section starts with.
pub(crate) const START: &str = "<!-- bench-mock:start -->";
/// The marker it ends with.
pub(crate) const END: &str = "<!-- bench-mock:end -->";

/// The figures the targets ask for.
pub(crate) const TARGET_RPS: f64 = 20_000.0;
pub(crate) const TARGET_RATIO: f64 = 10.0;
pub(crate) const TARGET_P99: Duration = Duration::from_millis(5);

/// The section of `document` between the markers, markers included.
pub(crate) fn section_of(document: &str) -> Option<&str> {
    let start = document.find(START)?;
    let end = start + document[start..].find(END)? + END.len();
    Some(&document[start..end])
}

/// `document` with `section` in place of its marked section, or after it, set off by a blank
/// line, when it has none.
pub(crate) fn splice(document: &str, section: &str) -> String {
    let section = section.trim_end();
    if let Some(old) = section_of(document) {
        let start = document.find(old).unwrap_or(0);
        return format!(
            "{}{section}{}",
            &document[..start],
            &document[start + old.len()..]
        );
    }
    let body = document.trim_end();
    if body.is_empty() {
        format!("{section}\n")
    } else {
        format!("{body}\n\n{section}\n")
    }
}

/// One scenario's results.
#[derive(Debug, Clone)]
pub(crate) struct ScenarioRun {
    /// Short name (`generated`, `prism-static`).
    pub name: String,
    /// The server, as the table names it.
    pub server: String,
    /// What is asked of it, for the list under the table.
    pub description: String,
    pub outcome: Outcome,
    /// CPU time the server used during the measured run, if it could be read.
    pub server_cpu: Option<Duration>,
    /// CPU time the load generator used during it.
    pub load_cpu: Option<Duration>,
    /// Resident set size over the measured run.
    pub memory: Option<MemorySummary>,
    /// What the first answer was, checked before the load.
    pub probe: String,
    /// How the server left.
    pub stopped: String,
}

/// The long run, for memory.
#[derive(Debug, Clone)]
pub(crate) struct LongRun {
    pub run: ScenarioRun,
    pub samples: Vec<Sample>,
    /// Requests asked for.
    pub requested: u64,
}

/// Everything the section says.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub command: String,
    pub date: String,
    /// Lines of the machine list.
    pub machine: Vec<String>,
    /// Tools and their versions.
    pub versions: Vec<(String, String)>,
    pub connections: usize,
    pub requests: u64,
    pub seconds: u64,
    /// The URL parameters every short scenario cycles over.
    pub requested: String,
    pub warm_up: String,
    /// `/proc/loadavg` when the run started.
    pub load_average: String,
    pub scenarios: Vec<ScenarioRun>,
    pub long: Option<LongRun>,
    /// Notes about the run (a scenario skipped and why).
    pub notes: Vec<String>,
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A latency in milliseconds, with three significant-ish decimals for short ones.
pub(crate) fn millis(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// Kilobytes as megabytes.
pub(crate) fn megabytes(kb: u64) -> String {
    #[allow(clippy::cast_precision_loss, reason = "sizes far below 2^52")]
    let mb = kb as f64 / 1024.0;
    format!("{mb:.1} MB")
}

/// A change of size in megabytes, with its sign (`+0.3 MB`, `-1.2 MB`).
fn signed_megabytes(kb: i64) -> String {
    let sign = if kb < 0 { "-" } else { "+" };
    format!("{sign}{}", megabytes(kb.unsigned_abs()))
}

/// One target's row.
#[derive(Debug, Clone, PartialEq)]
struct Target {
    text: String,
    measured: String,
    /// `None` when it could not be measured in this run.
    met: Option<bool>,
}

impl Report {
    fn scenario(&self, name: &str) -> Option<&ScenarioRun> {
        self.scenarios.iter().find(|run| run.name == name)
    }

    fn targets(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        let generated = self.scenario("generated");
        let throughput = generated.map(|run| run.outcome.throughput());
        targets.push(Target {
            text: format!(
                "generated answers: at least {} req/s on this machine's cores (load generator \
                 included)",
                thousands(TARGET_RPS as u64)
            ),
            measured: throughput
                .map_or_else(|| "not run".to_owned(), |rps| format!("{rps:.0} req/s")),
            met: throughput.map(|rps| rps >= TARGET_RPS),
        });
        let prism = self.scenario("prism-static");
        let ratio = throughput.zip(prism.map(|run| run.outcome.throughput()));
        targets.push(Target {
            text: format!(
                "generated answers: at least {TARGET_RATIO:.0}x the throughput of Prism's \
                 static mock"
            ),
            measured: ratio.map_or_else(
                || "not run".to_owned(),
                |(ours, theirs)| {
                    if theirs > 0.0 {
                        format!("{:.1}x", ours / theirs)
                    } else {
                        "Prism answered nothing".to_owned()
                    }
                },
            ),
            met: ratio.map(|(ours, theirs)| theirs > 0.0 && ours >= TARGET_RATIO * theirs),
        });
        let p99 = generated.map(|run| run.outcome.latencies.quantile(0.99));
        targets.push(Target {
            text: format!(
                "generated answers: p99 latency under {} ms at that load",
                TARGET_P99.as_millis()
            ),
            measured: p99.map_or_else(|| "not run".to_owned(), millis),
            met: p99.map(|p99| p99 < TARGET_P99),
        });
        let clean = |run: &ScenarioRun| run.outcome.errors == 0 && run.outcome.non_2xx() == 0;
        if let Some(long) = &self.long {
            let summary = long.run.memory;
            let complete = long.run.outcome.responses() >= long.requested;
            targets.push(Target {
                text: format!(
                    "memory flat over {} requests of generated answers",
                    thousands(long.requested)
                ),
                measured: summary.map_or_else(
                    || "no samples".to_owned(),
                    |memory| {
                        format!(
                            "{} at the start, {} at the peak, {} at the end{}",
                            megabytes(memory.start_kb),
                            megabytes(memory.peak_kb),
                            megabytes(memory.end_kb),
                            if complete {
                                String::new()
                            } else {
                                format!(
                                    " (only {} requests answered)",
                                    thousands(long.run.outcome.responses())
                                )
                            }
                        )
                    },
                ),
                met: summary.map(|memory| memory.flat() && complete && clean(&long.run)),
            });
        }
        targets
    }

    /// The section, markers included.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{START}");
        out.push_str(
            "<!-- generated by `cargo xtask bench-mock`, do not edit; `cargo xtask bench-peers` \
             keeps this section as it is -->\n\
             ## Mock server under load\n\n",
        );
        let _ = write!(
            out,
            "`isales-contract mock` beside Prism's mock of the same interface, under the load \
             of `bench-mock`'s own generator: {} connections over the loopback address, each \
             sending its next request as soon as it has read the previous response whole \
             (HTTP/1.1 keep-alive, one request in flight per connection), {} requests or {} s \
             per scenario, whichever ends first, after a warm-up ({}). Every scenario runs \
             with the same load and asks with {}, the two headers the interface requires \
             (`Content-Type`, `Authorization`). Latency is from a request's first byte \
             written to its response's last byte read.\n\n\
             The load generator runs on the same cores as the server, so the throughput \
             below is what the pair reaches together; the CPU columns show how the cores were \
             shared (server + load generator, in cores busy over the run). The machine is \
             shared with other work (the load average below), so throughput and latency move \
             between runs; the server's CPU time per request is the figure least moved by \
             either.\n\n",
            self.connections,
            thousands(self.requests),
            self.seconds,
            self.warm_up,
            self.requested
        );
        let _ = writeln!(out, "- command: `{}`", self.command);
        let _ = writeln!(out, "- date: {}", self.date);
        for line in &self.machine {
            let _ = writeln!(out, "- {line}");
        }
        let _ = writeln!(
            out,
            "- load average when the run started (1, 5, 15 minutes): {}",
            self.load_average
        );
        for (name, version) in &self.versions {
            let _ = writeln!(out, "- {name}: {version}");
        }
        out.push('\n');
        self.render_targets(&mut out);
        self.render_scenarios(&mut out);
        self.render_long(&mut out);
        let _ = writeln!(out, "{END}");
        out
    }

    fn render_targets(&self, out: &mut String) {
        out.push_str("### Targets\n\n| target | measured | |\n|---|---|---|\n");
        for target in self.targets() {
            let verdict = match target.met {
                Some(true) => "met",
                Some(false) => "missed",
                None => "not measured",
            };
            let _ = writeln!(out, "| {} | {} | {verdict} |", target.text, target.measured);
        }
        out.push('\n');
    }

    fn render_scenarios(&self, out: &mut String) {
        out.push_str("### Scenarios\n\n");
        out.push_str(&scenario_table(&self.scenarios));
        out.push('\n');
        for run in &self.scenarios {
            let _ = writeln!(
                out,
                "- `{}`: {} First answer: {}. Stopped: {}.",
                run.name, run.description, run.probe, run.stopped
            );
            if let Some(error) = &run.outcome.first_error {
                let _ = writeln!(out, "  First error: {error}.");
            }
        }
        for note in &self.notes {
            let _ = writeln!(out, "- {note}");
        }
        out.push('\n');
    }

    fn render_long(&self, out: &mut String) {
        let Some(long) = &self.long else {
            return;
        };
        let _ = writeln!(
            out,
            "### Memory over {} requests\n\n{}\n",
            thousands(long.requested),
            long.run.description
        );
        out.push_str(&scenario_table(std::slice::from_ref(&long.run)));
        out.push('\n');
        if let Some(memory) = long.run.memory {
            let _ = writeln!(
                out,
                "Resident set size of the server, sampled every second: {} before the load, \
                 {} at the peak, {} after the last response. The highest sample of the run's \
                 first half is {}, of its second half {}; within the second half it went \
                 from {} to {}, and a straight line through its samples changes by {}: memory \
                 is {}.\n",
                megabytes(memory.start_kb),
                megabytes(memory.peak_kb),
                megabytes(memory.end_kb),
                megabytes(memory.first_half_peak_kb),
                megabytes(memory.second_half_peak_kb),
                megabytes(memory.second_half_start_kb),
                megabytes(memory.end_kb),
                signed_megabytes(memory.second_half_growth_kb),
                if memory.flat() {
                    "flat by this task's measure (the second half's trend rises by at most 5% \
                     of the first half's peak, or 2 MB, or the second half stays within that of \
                     the first half's peak)"
                } else {
                    "not flat: it keeps growing in the second half"
                }
            );
        }
        let points = tenths(&long.samples);
        if !points.is_empty() {
            out.push_str("| time | ");
            out.push_str(
                &points
                    .iter()
                    .map(|sample| format!("{} s", sample.at.as_secs()))
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
            out.push_str(" |\n|---|");
            out.push_str(&"---:|".repeat(points.len()));
            out.push_str("\n| RSS | ");
            out.push_str(
                &points
                    .iter()
                    .map(|sample| megabytes(sample.rss_kb))
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
            out.push_str(" |\n\n");
        }
    }
}

/// The samples at the start, at every tenth of the run and at the end (fewer when there are
/// fewer samples).
pub(crate) fn tenths(samples: &[Sample]) -> Vec<Sample> {
    let Some(last) = samples.len().checked_sub(1) else {
        return Vec::new();
    };
    let mut indices: Vec<usize> = (0..=10).map(|tenth| last * tenth / 10).collect();
    indices.dedup();
    indices.into_iter().map(|index| samples[index]).collect()
}

/// The table of scenario results.
pub(crate) fn scenario_table(runs: &[ScenarioRun]) -> String {
    let mut out = String::from(
        "| scenario | server | responses | req/s | p50 | p99 | max | errors | non-2xx | \
         mean body | server CPU / request | CPU, server + load (cores) | server peak RSS |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for run in runs {
        let outcome = &run.outcome;
        let seconds = outcome.elapsed.as_secs_f64();
        let cores = |cpu: Option<Duration>| {
            cpu.filter(|_| seconds > 0.0).map_or_else(
                || "?".to_owned(),
                |cpu| format!("{:.2}", cpu.as_secs_f64() / seconds),
            )
        };
        let per_request = run
            .server_cpu
            .filter(|_| outcome.responses() > 0)
            .map_or_else(
                || "?".to_owned(),
                |cpu| {
                    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
                    let micros = cpu.as_secs_f64() * 1e6 / outcome.responses() as f64;
                    format!("{micros:.0} µs")
                },
            );
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {:.0} | {} | {} | {} | {} | {} | {} B | {} | {} + {} | {} |",
            run.name,
            run.server,
            thousands(outcome.responses()),
            outcome.throughput(),
            millis(outcome.latencies.quantile(0.5)),
            millis(outcome.latencies.quantile(0.99)),
            millis(outcome.latencies.max()),
            thousands(outcome.errors),
            thousands(outcome.non_2xx()),
            thousands(outcome.mean_body()),
            per_request,
            cores(run.server_cpu),
            cores(run.load_cpu),
            run.memory
                .map_or_else(|| "?".to_owned(), |memory| megabytes(memory.peak_kb)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench_mock::histogram::Histogram;

    #[test]
    fn the_section_replaces_its_earlier_self_and_nothing_else() {
        let section = format!("{START}\nnew\n{END}\n");
        let document = format!("# Benchmarks\n\nabove\n\n{START}\nold\n{END}\n\nbelow\n");
        let spliced = splice(&document, &section);
        assert_eq!(
            spliced,
            format!("# Benchmarks\n\nabove\n\n{START}\nnew\n{END}\n\nbelow\n")
        );
        assert_eq!(
            section_of(&spliced),
            Some(format!("{START}\nnew\n{END}").as_str())
        );
        // Spliced again, it stays the same.
        assert_eq!(splice(&spliced, &section), spliced);
        // A document without the section gets it at its end.
        assert_eq!(
            splice("# Benchmarks\n\ntext\n\n", &section),
            format!("# Benchmarks\n\ntext\n\n{START}\nnew\n{END}\n")
        );
        assert_eq!(splice("", &section), format!("{START}\nnew\n{END}\n"));
        // A start without an end is no section.
        assert_eq!(section_of(&format!("a {START} b")), None);
    }

    #[test]
    fn numbers_are_written_for_reading() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
        assert_eq!(millis(Duration::from_micros(420)), "0.42 ms");
        assert_eq!(millis(Duration::from_micros(12_340)), "12.3 ms");
        assert_eq!(millis(Duration::from_millis(2500)), "2500 ms");
        assert_eq!(megabytes(5812), "5.7 MB");
    }

    fn run(name: &str, rps: u64, p99_micros: u64) -> ScenarioRun {
        let mut latencies = Histogram::default();
        for _ in 0..98 {
            latencies.record(Duration::from_micros(100));
        }
        latencies.record(Duration::from_micros(p99_micros));
        latencies.record(Duration::from_micros(p99_micros));
        let mut outcome = Outcome {
            latencies,
            elapsed: Duration::from_secs(1),
            body_bytes: 100 * 2000,
            ..Outcome::default()
        };
        outcome.statuses.insert(200, rps);
        ScenarioRun {
            name: name.to_owned(),
            server: "ours".to_owned(),
            description: "Generated.".to_owned(),
            outcome,
            server_cpu: Some(Duration::from_millis(1200)),
            load_cpu: Some(Duration::from_millis(700)),
            memory: None,
            probe: "200".to_owned(),
            stopped: "exit status 0".to_owned(),
        }
    }

    #[test]
    fn a_row_carries_every_figure_of_its_scenario() {
        let table = scenario_table(&[run("generated", 25_000, 100)]);
        let row = table.lines().nth(2).expect("a row");
        assert_eq!(
            row,
            "| `generated` | ours | 25,000 | 25000 | 0.10 ms | 0.10 ms | 0.10 ms | 0 | 0 | 8 B \
             | 48 µs | 1.20 + 0.70 | ? |"
        );
        assert_eq!(table.lines().count(), 3);
    }

    fn report(scenarios: Vec<ScenarioRun>) -> Report {
        Report {
            command: "cargo xtask bench-mock".to_owned(),
            date: "today".to_owned(),
            machine: vec!["CPU: x (2 cores)".to_owned()],
            versions: vec![("Prism".to_owned(), "5.14.2".to_owned())],
            connections: 16,
            requests: 200_000,
            seconds: 20,
            requested: "ids".to_owned(),
            warm_up: "2 s".to_owned(),
            load_average: "0.10 0.20 0.30".to_owned(),
            scenarios,
            long: None,
            notes: Vec::new(),
        }
    }

    #[test]
    fn targets_are_met_or_missed_from_the_figures() {
        let verdicts = |report: &Report| -> Vec<Option<bool>> {
            report
                .targets()
                .into_iter()
                .map(|target| target.met)
                .collect()
        };
        let fast = report(vec![
            run("generated", 25_000, 100),
            run("prism-static", 2_000, 9000),
        ]);
        assert_eq!(verdicts(&fast), [Some(true), Some(true), Some(true)]);
        let slow = report(vec![
            run("generated", 15_000, 6000),
            run("prism-static", 2_000, 9000),
        ]);
        assert_eq!(verdicts(&slow), [Some(false), Some(false), Some(false)]);
        let alone = report(vec![run("generated", 25_000, 100)]);
        assert_eq!(verdicts(&alone), [Some(true), None, Some(true)]);
        assert!(alone.render().contains(
            "| generated answers: at least 10x the throughput of \
             Prism's static mock | not run | not measured |"
        ));
    }

    #[test]
    fn the_long_run_shows_its_memory_every_tenth() {
        let samples: Vec<Sample> = (0..=40)
            .map(|second| Sample {
                at: Duration::from_secs(second),
                rss_kb: if second == 0 { 4096 } else { 20480 },
            })
            .collect();
        let points = tenths(&samples);
        assert_eq!(points.len(), 11);
        assert_eq!(points[1].at, Duration::from_secs(4));
        assert_eq!(tenths(&samples[..3]).len(), 3);
        assert!(tenths(&[]).is_empty());

        let mut long = run("long", 1_000_000, 100);
        long.memory = MemorySummary::of(&samples);
        let mut with_long = report(vec![run("generated", 25_000, 100)]);
        with_long.long = Some(LongRun {
            run: long,
            samples,
            requested: 1_000_000,
        });
        let text = with_long.render();
        assert!(text.starts_with(START) && text.trim_end().ends_with(END));
        assert!(text.contains(
            "| memory flat over 1,000,000 requests of generated answers | 4.0 MB at the start, \
             20.0 MB at the peak, 20.0 MB at the end | met |"
        ));
        assert!(text.contains("| RSS | 4.0 MB | 20.0 MB |"));
    }
}
