//! `cargo xtask bench-mock`: `isales-contract mock` under load, beside Prism's mock of the same
//! OpenAPI document, written up between markers in BENCHMARKS.md and printed. Not part of CI:
//! it takes minutes and wants the machine to itself.
//!
//! In order: our binary (the release build, or `--binary`); the fixtures the `--from`
//! scenario serves, written by the binary's own `generate`; Prism, installed under
//! `target/peers/openapi/` like `openapi-peers` installs it (unless `--skip-prism`); then each
//! scenario ([`Scenario`]): its server started ([`servers`]), one request whose answer our
//! validator reads (the probe), a warm-up, and the measured run ([`load`], latencies in a
//! [`histogram`]) while the server's memory is sampled and its CPU time read ([`memory`]),
//! the server stopped; then the long run of generated answers for memory; and the section
//! ([`report`]), with the targets marked met or missed.

mod framing;
mod histogram;
mod load;
mod memory;
pub(crate) mod report;
mod servers;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use isales_vocabulary::{Rule, registry};

use crate::install::{NpmPrefix, command_output, node_version};
use crate::openapi_peers::mock::{self as prism, Mock, Mode};
use crate::openapi_peers::{OPENAPI_3_1, PRISM, findings, http, peers_dir};
use crate::target::{cargo, relative, release_build, release_dir, target_dir};
use load::{Campaigns, Load, Outcome, Requests};
use memory::{MemorySummary, Sampler};
use report::{LongRun, Report, ScenarioRun};
use servers::{OurMock, Server};

/// The seed our mock generates answers from.
const SEED: u64 = 1;
/// Fixtures the `--from` scenario serves.
const FIXTURES: u64 = 200;
/// The tenants the short scenarios cycle over (prime, so that with 10,000 campaigns every
/// pair comes once in 70,000 requests).
const VDN_IDS: u64 = 7;
const CAMPAIGN_IDS: u64 = 10_000;
/// A client's working set: the campaigns an integration suite asks for again and again
/// (7 tenants × 1,000 campaigns, within the mock's default cache of 16,384 answers).
const REPEATED_CAMPAIGN_IDS: u64 = 1_000;
/// The long run's ranges: every request a campaign not asked for in the last million.
const LONG_VDN_IDS: u64 = 97;
const LONG_CAMPAIGN_IDS: u64 = 1_000_000;
/// How long one response may take before it counts as an error.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long the long run may take at most.
const LONG_LIMIT: Duration = Duration::from_secs(30 * 60);

/// The options of `bench-mock`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    /// Requests per scenario at most.
    pub requests: u64,
    /// Seconds per scenario at most.
    pub seconds: u64,
    pub connections: usize,
    /// Requests of the long run for memory (0: no long run).
    pub long_requests: u64,
    pub skip_prism: bool,
    /// The `isales-contract` binary to run instead of the workspace's release build.
    pub binary: Option<PathBuf>,
    /// Write the section into BENCHMARKS.md (otherwise only print it).
    pub write: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            requests: 200_000,
            seconds: 20,
            connections: 16,
            long_requests: 1_000_000,
            skip_prism: false,
            binary: None,
            write: true,
        }
    }
}

impl Options {
    /// Parses the arguments after `bench-mock`.
    pub(crate) fn parse(arguments: &[String]) -> Result<Self, String> {
        let mut options = Self::default();
        let mut rest = arguments.iter();
        while let Some(flag) = rest.next() {
            let mut value = || rest.next().ok_or_else(|| format!("`{flag}` needs a value"));
            let number = |text: &String, least: u64| {
                text.replace('_', "")
                    .parse::<u64>()
                    .ok()
                    .filter(|number| *number >= least)
                    .ok_or_else(|| {
                        if least == 0 {
                            format!("`{text}` is not a number")
                        } else {
                            format!("`{text}` is not a positive number")
                        }
                    })
            };
            match flag.as_str() {
                "--requests" => options.requests = number(value()?, 1)?,
                "--seconds" => options.seconds = number(value()?, 1)?,
                "--connections" => {
                    let text = value()?;
                    options.connections = usize::try_from(number(text, 1)?)
                        .ok()
                        .filter(|connections| *connections <= 1024)
                        .ok_or_else(|| format!("`{text}` connections are more than 1024"))?;
                }
                "--long-requests" => options.long_requests = number(value()?, 0)?,
                "--skip-prism" => options.skip_prism = true,
                "--binary" => options.binary = Some(PathBuf::from(value()?)),
                "--no-write" => options.write = false,
                other => return Err(format!("unknown option `{other}` of bench-mock")),
            }
        }
        Ok(options)
    }

    /// The arguments after `bench-mock` that give these options (defaults left out).
    fn arguments(&self) -> Vec<String> {
        let defaults = Self::default();
        let mut words = Vec::new();
        for (flag, value, default) in [
            ("--requests", self.requests, defaults.requests),
            ("--seconds", self.seconds, defaults.seconds),
            (
                "--connections",
                self.connections as u64,
                defaults.connections as u64,
            ),
            (
                "--long-requests",
                self.long_requests,
                defaults.long_requests,
            ),
        ] {
            if value != default {
                words.push(flag.to_owned());
                words.push(value.to_string());
            }
        }
        if self.skip_prism {
            words.push("--skip-prism".to_owned());
        }
        if let Some(binary) = &self.binary {
            words.push("--binary".to_owned());
            words.push(binary.display().to_string());
        }
        if !self.write {
            words.push("--no-write".to_owned());
        }
        words
    }

    /// The command line that gives these options, for the report; the binary's path, which
    /// is this machine's, is left out.
    fn command(&self) -> String {
        let shown = Self {
            binary: self.binary.as_ref().map(|_| PathBuf::from("BINARY")),
            write: true,
            ..self.clone()
        };
        let mut words = vec!["cargo xtask bench-mock".to_owned()];
        words.extend(shown.arguments());
        words.join(" ")
    }
}

/// Which server a scenario loads, and how it is started.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Serving {
    /// `isales-contract mock`, generating, or serving the fixtures.
    Ours {
        fixtures: bool,
    },
    Prism(Mode),
}

/// One column of the comparison: a server and what it is asked.
#[derive(Debug, Clone)]
struct Scenario {
    name: String,
    serving: Serving,
    requests: Requests,
    description: String,
}

/// The headers every request carries: the two the interface requires.
fn headers() -> Vec<(String, String)> {
    vec![
        (
            "Content-Type".to_owned(),
            "application/json;charset=UTF-8".to_owned(),
        ),
        (
            "Authorization".to_owned(),
            "bench-mock-placeholder".to_owned(),
        ),
    ]
}

/// The rules the violation scenarios break: a condition on the device type, and the order of
/// a schedule's segments.
const VIOLATED: [Rule; 2] = [
    registry::IVR_PARAM_REQUIRED,
    registry::SCHEDULE_SEGMENT_ORDER,
];

/// The scenarios of a run, in the table's order; the fixtures scenario asks for the
/// campaigns of `fixture_ids`, which the mock matches recorded answers on.
fn scenarios(skip_prism: bool, fixture_ids: &[i64]) -> Vec<Scenario> {
    let varied = |query: String| Requests {
        vdn_ids: VDN_IDS,
        campaigns: Campaigns::Range(CAMPAIGN_IDS),
        query,
        headers: headers(),
    };
    let mut all = vec![Scenario {
        name: "generated".to_owned(),
        serving: Serving::Ours { fixtures: false },
        requests: varied(String::new()),
        description: "a generated campaign per request.".to_owned(),
    }];
    all.push(Scenario {
        name: "generated-repeated".to_owned(),
        serving: Serving::Ours { fixtures: false },
        requests: Requests {
            campaigns: Campaigns::Range(REPEATED_CAMPAIGN_IDS),
            ..varied(String::new())
        },
        description: format!(
            "generated campaigns of a client's working set: `campaignId` over 1 to {}, so \
             the same {} campaigns come back and are answered from the mock's cache after \
             their first request (the warm-up makes most of them).",
            report::thousands(REPEATED_CAMPAIGN_IDS),
            report::thousands(VDN_IDS * REPEATED_CAMPAIGN_IDS)
        ),
    });
    for rule in VIOLATED {
        all.push(Scenario {
            name: format!("violate={}", rule.id),
            serving: Serving::Ours { fixtures: false },
            requests: varied(format!("?violate={}", rule.id)),
            description: format!(
                "generated campaigns that break `{}` (`?violate={}`).",
                rule.id, rule.id
            ),
        });
    }
    let mut recorded = varied(String::new());
    let mut which = "the same campaign ids as the other scenarios";
    if !fixture_ids.is_empty() {
        recorded.campaigns = Campaigns::Listed(fixture_ids.to_vec());
        which = "campaign ids cycling over those of the recorded campaigns";
    }
    all.push(Scenario {
        name: "fixtures".to_owned(),
        serving: Serving::Ours { fixtures: true },
        requests: recorded,
        description: format!(
            "recorded answers, `--from` an NDJSON file of {FIXTURES} payloads written by \
             `isales-contract generate -n {FIXTURES} --seed {SEED}`, {which} ({}).",
            report::thousands(fixture_ids.len() as u64)
        ),
    });
    if !skip_prism {
        for mode in [Mode::Static, Mode::Dynamic] {
            all.push(Scenario {
                name: format!("prism-{}", mode.name()),
                serving: Serving::Prism(mode),
                requests: varied(String::new()),
                description: format!(
                    "`prism mock{}` of `{OPENAPI_3_1}`{}.",
                    mode.flags()
                        .iter()
                        .map(|flag| format!(" {flag}"))
                        .collect::<String>(),
                    match mode {
                        Mode::Static => {
                            ": one answer, the document's example, for every request; Prism \
                             runs in one Node.js thread, so it uses at most one core"
                        }
                        Mode::Dynamic => {
                            ": a body made up from the schema (json-schema-faker) for every \
                             request"
                        }
                    }
                ),
            });
        }
    }
    all
}

/// Set in the environment of the optimised xtask a debug one starts.
const OPTIMISED: &str = "XTASK_BENCH_MOCK_OPTIMISED";

/// Runs `bench-mock`. The load generator must not be slowed by a debug build, since it
/// shares the cores with the server: a debug xtask (what `cargo xtask` runs) hands the task
/// to an optimised build of itself.
pub(crate) fn bench_mock(options: &Options) -> ExitCode {
    if cfg!(debug_assertions) && std::env::var_os(OPTIMISED).is_none() {
        eprintln!("running bench-mock in an optimised build of the xtask");
        let status = cargo()
            .args([
                "run",
                "--quiet",
                "--release",
                "--locked",
                "--package",
                "xtask",
                "--",
            ])
            .arg("bench-mock")
            .args(options.arguments())
            .env(OPTIMISED, "1")
            .status();
        return match status {
            Ok(status) if status.success() => ExitCode::SUCCESS,
            Ok(_) => ExitCode::FAILURE,
            Err(error) => {
                eprintln!("error: cannot run cargo: {error}");
                ExitCode::FAILURE
            }
        };
    }
    match measure(options) {
        Ok(section) => {
            #[allow(clippy::print_stdout, reason = "the section is the command's output")]
            {
                print!("{section}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What the run needs beside the options.
struct Setup {
    binary: PathBuf,
    fixtures: PathBuf,
    prism: Option<NpmPrefix>,
    dir: PathBuf,
    ticks: u64,
}

fn measure(options: &Options) -> Result<String, String> {
    let root = crate::codegen::project_root();
    let dir = target_dir().join("bench-mock");
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let binary = match &options.binary {
        Some(binary) => binary.clone(),
        None => {
            eprintln!("building the CLI (release)");
            build()?;
            release_dir().join("isales-contract")
        }
    };
    let load_average = std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let fixtures = dir.join("fixtures.ndjson");
    write_fixtures(&binary, &fixtures)?;
    let prism = if options.skip_prism {
        None
    } else {
        let node_dir = peers_dir().join("node");
        Some(NpmPrefix::ensure(&node_dir, &[PRISM]).map_err(|error| error.to_string())?)
    };
    let setup = Setup {
        binary,
        fixtures,
        prism,
        dir,
        ticks: memory::ticks_per_second(),
    };
    let load = Load {
        connections: options.connections,
        requests: options.requests,
        duration: Duration::from_secs(options.seconds),
        timeout: TIMEOUT,
    };
    let mut runs = Vec::new();
    let mut notes = Vec::new();
    let fixture_ids = read_fixture_ids(&setup.fixtures)?;
    for scenario in scenarios(options.skip_prism, &fixture_ids) {
        eprintln!("scenario `{}`", scenario.name);
        match run_scenario(&setup, &scenario, load, true) {
            Ok(run) => runs.push(run),
            // Without generated answers there is nothing to compare; any other scenario
            // that cannot run (a flag the binary lacks, Prism refusing to start) is
            // reported and the rest go on.
            Err(error) if runs.is_empty() => {
                return Err(format!(
                    "{error}\n(does {} have the `mock` command? `--binary` names another \
                     build)",
                    setup.binary.display()
                ));
            }
            Err(error) => {
                eprintln!("  not run: {error}");
                notes.push(format!(
                    "`{}` was not run: {}",
                    scenario.name,
                    reason(&relative(&error))
                ));
            }
        }
    }
    if options.skip_prism {
        notes.push("Prism was not run (`--skip-prism`).".to_owned());
    }

    let long = if options.long_requests == 0 {
        None
    } else {
        let scenario = Scenario {
            name: "generated-long".to_owned(),
            serving: Serving::Ours { fixtures: false },
            requests: Requests {
                vdn_ids: LONG_VDN_IDS,
                campaigns: Campaigns::Range(LONG_CAMPAIGN_IDS),
                query: String::new(),
                headers: headers(),
            },
            description: format!(
                "One run of generated answers, {} requests over the same {} connections, \
                 `vdnId` cycling over 1 to {LONG_VDN_IDS} and `campaignId` over 1 to {}, so \
                 that no campaign is asked for twice, with no warm-up: the first sample is \
                 taken after the probe's one request, before the load.",
                report::thousands(options.long_requests),
                options.connections,
                report::thousands(LONG_CAMPAIGN_IDS),
            ),
        };
        eprintln!(
            "long run: {} requests of generated answers",
            report::thousands(options.long_requests)
        );
        let long_load = Load {
            requests: options.long_requests,
            duration: LONG_LIMIT,
            ..load
        };
        let (run, samples) = run_measured(&setup, &scenario, long_load, false)?;
        Some(LongRun {
            run,
            samples,
            requested: options.long_requests,
        })
    };

    let machine = crate::bench::Machine::read();
    let ours = command_output(&setup.binary, "--version");
    let mut versions = vec![(
        "isales-contract".to_owned(),
        ours.trim_start_matches("isales-contract ").to_owned(),
    )];
    if let Some(prism) = &setup.prism {
        versions.push((
            PRISM.name.to_owned(),
            prism.version(PRISM.name).unwrap_or_default(),
        ));
        versions.push(("node".to_owned(), node_version()));
    }
    let report = Report {
        command: options.command(),
        date: today(),
        requested: format!(
            "`vdnId` cycling over 1 to {VDN_IDS} and `campaignId` over 1 to {}",
            report::thousands(CAMPAIGN_IDS)
        ),
        machine: vec![
            format!("CPU: {} ({} cores available)", machine.cpu, machine.cores),
            format!("kernel: {}", machine.kernel),
        ],
        versions,
        connections: options.connections,
        requests: options.requests,
        seconds: options.seconds,
        warm_up: warm_up_text(load),
        load_average,
        scenarios: runs,
        long,
        notes,
    };
    let section = report.render();
    if options.write {
        let path = root.join("BENCHMARKS.md");
        let document = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, report::splice(&document, &section))
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        eprintln!("wrote the section into {}", path.display());
    }
    Ok(section)
}

/// The date and time of the run, in UTC.
fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Builds the CLI in release mode.
fn build() -> Result<(), String> {
    release_build(&["isales-cli"], false)
}

/// Writes the fixtures with the binary's own `generate`.
fn write_fixtures(binary: &Path, path: &Path) -> Result<(), String> {
    let output = Command::new(binary)
        .args([
            "generate",
            "-n",
            &FIXTURES.to_string(),
            "--seed",
            &SEED.to_string(),
        ])
        .output()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} generate failed ({}):\n{}",
            binary.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    std::fs::write(path, &output.stdout)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Why a scenario did not run, on one line: the error up to the first `error:` line of the
/// server's log, when it quotes one (what follows is usage text).
fn reason(error: &str) -> String {
    let mut kept = Vec::new();
    for line in error.lines() {
        kept.push(line);
        if line.trim_start().starts_with("error:") {
            break;
        }
    }
    one_line(&kept.join(" "), 300)
}

/// `text` on one line, cut to about `limit` characters.
fn one_line(text: &str, limit: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}...", &joined[..cut]),
        None => joined,
    }
}

/// The campaign ids of the recorded answers in `path`.
fn read_fixture_ids(path: &Path) -> Result<Vec<i64>, String> {
    std::fs::read_to_string(path)
        .map(|text| fixture_ids(&text))
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// The distinct `returnObject.id`s of an NDJSON text, in their order (an id written as a
/// string of digits counts, as the mock reads it); lines without one are left out.
fn fixture_ids(ndjson: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for line in ndjson.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let id = &value["returnObject"]["id"];
        let id = id
            .as_i64()
            .or_else(|| id.as_str().and_then(|text| text.parse().ok()));
        if let Some(id) = id.filter(|id| !ids.contains(id)) {
            ids.push(id);
        }
    }
    ids
}

/// The warm-up before each measured run: a tenth of the requests, at most two seconds.
fn warm_up(load: Load) -> Load {
    Load {
        requests: (load.requests / 10).max(1),
        duration: load.duration.min(Duration::from_secs(2)),
        ..load
    }
}

fn warm_up_text(load: Load) -> String {
    let warm = warm_up(load);
    format!(
        "{} requests or {} s, not counted",
        report::thousands(warm.requests),
        warm.duration.as_secs()
    )
}

/// Starts the scenario's server.
fn start(setup: &Setup, scenario: &Scenario) -> Result<Server, String> {
    let log = setup
        .dir
        .join(format!("{}.log", scenario.name.replace('=', "-")));
    match &scenario.serving {
        Serving::Ours { fixtures } => {
            let from = fixtures.then_some(setup.fixtures.as_path());
            let arguments = servers::our_arguments(SEED, from);
            OurMock::start(&setup.binary, &arguments, &log).map(Server::Ours)
        }
        Serving::Prism(mode) => {
            let prism_tools = setup
                .prism
                .as_ref()
                .ok_or("Prism is not installed (`--skip-prism`)")?;
            let port = prism::free_port()?;
            let document = crate::codegen::project_root().join(OPENAPI_3_1);
            let arguments = prism::arguments(&document, port, *mode);
            Mock::start(&prism_tools.program("prism"), &arguments, port, &log).map(Server::Prism)
        }
    }
}

/// Runs one scenario: server, probe, warm-up, measured run, stop.
fn run_scenario(
    setup: &Setup,
    scenario: &Scenario,
    load: Load,
    warm: bool,
) -> Result<ScenarioRun, String> {
    run_measured(setup, scenario, load, warm).map(|(run, _)| run)
}

/// Runs one scenario and gives its memory samples too.
fn run_measured(
    setup: &Setup,
    scenario: &Scenario,
    load: Load,
    warm: bool,
) -> Result<(ScenarioRun, Vec<memory::Sample>), String> {
    let server = start(setup, scenario)?;
    let address = server.address();
    let pid = server.pid();
    let probe = probe(setup, scenario, address)?;
    eprintln!("  first answer: {probe}");
    if warm {
        let warm_up = load::run(address, &scenario.requests, warm_up(load));
        eprintln!(
            "  warm-up: {} responses, {:.0} req/s",
            warm_up.responses(),
            warm_up.throughput()
        );
    }
    let sampler = Sampler::start(pid, Duration::from_secs(1));
    let server_before = memory::read_cpu_time(pid, setup.ticks).ok();
    let load_before = memory::read_cpu_time(std::process::id(), setup.ticks).ok();
    let outcome: Outcome = load::run(address, &scenario.requests, load);
    let server_cpu = memory::read_cpu_time(pid, setup.ticks)
        .ok()
        .zip(server_before)
        .map(|(after, before)| after.saturating_sub(before));
    let load_cpu = memory::read_cpu_time(std::process::id(), setup.ticks)
        .ok()
        .zip(load_before)
        .map(|(after, before)| after.saturating_sub(before));
    let samples = sampler.finish(pid);
    let stopped = server.stop()?;
    eprintln!(
        "  {} responses in {:.1} s: {:.0} req/s, mean {}, p50 {}, p99 {}, {} errors, {} non-2xx",
        outcome.responses(),
        outcome.elapsed.as_secs_f64(),
        outcome.throughput(),
        report::millis(outcome.latencies.mean()),
        report::millis(outcome.latencies.quantile(0.5)),
        report::millis(outcome.latencies.quantile(0.99)),
        outcome.errors,
        outcome.non_2xx()
    );
    let server_name = match &scenario.serving {
        Serving::Ours { .. } => "isales-contract mock".to_owned(),
        Serving::Prism(mode) => format!("Prism, {}", mode.name()),
    };
    let run = ScenarioRun {
        name: scenario.name.clone(),
        server: server_name,
        description: scenario.description.clone(),
        outcome,
        server_cpu,
        load_cpu,
        memory: MemorySummary::of(&samples),
        probe,
        stopped: format!("{} in {}", stopped.how, report::millis(stopped.took)),
    };
    Ok((run, samples))
}

/// Sends the scenario's first request on a connection of its own, keeps the body in
/// `target/bench-mock/` and says what our validator makes of it.
fn probe(
    setup: &Setup,
    scenario: &Scenario,
    address: std::net::SocketAddr,
) -> Result<String, String> {
    let path = scenario.requests.path(0);
    let response = http::get(address, &path, &scenario.requests.headers, TIMEOUT)?;
    let file = setup
        .dir
        .join(format!("answer-{}.json", scenario.name.replace('=', "-")));
    std::fs::write(&file, &response.body)
        .map_err(|error| format!("cannot write {}: {error}", file.display()))?;
    let mut said = format!("status {}, {} bytes", response.status, response.body.len());
    let output = Command::new(&setup.binary)
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .map_err(|error| format!("cannot run {}: {error}", setup.binary.display()))?;
    match findings::summarise(&String::from_utf8_lossy(&output.stdout)) {
        Ok(findings) => {
            let verdict = findings
                .verdicts
                .keys()
                .next()
                .cloned()
                .unwrap_or_else(|| "no verdict".to_owned());
            let rules: Vec<String> = findings
                .rules
                .iter()
                .map(|rule| format!("`{}` ({})", rule.rule, rule.level))
                .collect();
            said.push_str(&format!(", our validator: {verdict}"));
            if !rules.is_empty() {
                said.push_str(&format!(", {}", rules.join(", ")));
            }
        }
        Err(error) => said.push_str(&format!(", our validator could not read it: {error}")),
    }
    Ok(relative(&said))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_default_to_the_documented_load() {
        let defaults = Options::parse(&[]).expect("defaults");
        assert_eq!(defaults, Options::default());
        assert_eq!(defaults.long_requests, 1_000_000);
        assert_eq!(defaults.command(), "cargo xtask bench-mock");
        let given = Options::parse(&words(
            "--requests 50_000 --seconds 5 --connections 8 --long-requests 0 --skip-prism \
             --binary /tmp/isales-contract --no-write",
        ))
        .expect("options");
        assert_eq!(
            given,
            Options {
                requests: 50_000,
                seconds: 5,
                connections: 8,
                long_requests: 0,
                skip_prism: true,
                binary: Some(PathBuf::from("/tmp/isales-contract")),
                write: false,
            }
        );
        assert_eq!(Options::parse(&given.arguments()), Ok(given.clone()));
        assert_eq!(
            given.command(),
            "cargo xtask bench-mock --requests 50000 --seconds 5 --connections 8 \
             --long-requests 0 --skip-prism --binary BINARY"
        );
    }

    #[test]
    fn option_mistakes_are_named() {
        for (line, fragment) in [
            ("--requests 0", "`0` is not a positive number"),
            ("--long-requests many", "`many` is not a number"),
            ("--connections 5000", "more than 1024"),
            ("--binary", "`--binary` needs a value"),
            ("--fast", "unknown option `--fast`"),
        ] {
            let error = Options::parse(&words(line)).expect_err(line);
            assert!(error.contains(fragment), "`{line}` gave `{error}`");
        }
    }

    #[test]
    fn a_reason_is_told_on_one_line() {
        assert_eq!(one_line("a\n  b\tc\n", 10), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc...");
        assert_eq!(
            reason("`mock --from f` ended; its log:\nerror: unexpected argument\n\nUsage: mock"),
            "`mock --from f` ended; its log: error: unexpected argument"
        );
    }

    #[test]
    fn fixtures_are_asked_for_by_the_ids_they_carry() {
        let ndjson = "{\"returnObject\":{\"id\":52652}}\n\
            {\"resultCode\":\"0200001\"}\n\
            {\"returnObject\":{\"id\":\"15799\"}}\n\
            not json\n\
            {\"returnObject\":{\"id\":52652}}\n\
            {\"returnObject\":{\"id\":\"x\"}}\n";
        assert_eq!(fixture_ids(ndjson), [52652, 15799]);
        let all = scenarios(true, &[52652, 15799]);
        let fixtures = all.iter().find(|scenario| scenario.name == "fixtures");
        assert_eq!(
            fixtures.map(|scenario| &scenario.requests.campaigns),
            Some(&Campaigns::Listed(vec![52652, 15799]))
        );
        // Without ids, the fixtures are asked for like the rest.
        let all = scenarios(true, &[]);
        let fixtures = all.iter().find(|scenario| scenario.name == "fixtures");
        assert_eq!(
            fixtures.map(|scenario| &scenario.requests.campaigns),
            Some(&Campaigns::Range(CAMPAIGN_IDS))
        );
    }

    #[test]
    fn every_scenario_gets_the_same_requests_but_for_the_rule_it_breaks() {
        let all = scenarios(false, &[]);
        let names: Vec<&str> = all.iter().map(|scenario| scenario.name.as_str()).collect();
        assert_eq!(names.len(), 7);
        assert_eq!(names[..2], ["generated", "generated-repeated"]);
        assert_eq!(names[4..], ["fixtures", "prism-static", "prism-dynamic"]);
        for scenario in &all {
            assert_eq!(scenario.requests.vdn_ids, VDN_IDS);
            let campaigns = if scenario.name == "generated-repeated" {
                REPEATED_CAMPAIGN_IDS
            } else {
                CAMPAIGN_IDS
            };
            assert_eq!(scenario.requests.campaigns, Campaigns::Range(campaigns));
            let violating = scenario.name.starts_with("violate=");
            assert_eq!(
                !scenario.requests.query.is_empty(),
                violating,
                "{}",
                scenario.name
            );
        }
        assert_eq!(scenarios(true, &[]).len(), 5);
    }
}
