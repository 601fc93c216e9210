//! Timing whole commands: each run under `/usr/bin/time -v` (for the peak resident set size,
//! which only the kernel knows), its wall time taken around the child, its output kept in
//! files so a tool's verdicts can be read back; and the median of several runs.

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One command to time.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub arguments: Vec<String>,
    /// The working directory.
    pub directory: PathBuf,
    /// Exit codes that mean "ran to the end" (validators exit 1 when they found something).
    pub accepted: &'static [i32],
}

impl Job {
    /// The command line as a reader would type it (long argument lists shortened).
    pub(crate) fn display(&self) -> String {
        let mut words = vec![self.program.display().to_string()];
        let shown = self.arguments.len().min(8);
        words.extend(self.arguments.iter().take(shown).cloned());
        if self.arguments.len() > shown {
            words.push(format!("... ({} arguments in all)", self.arguments.len()));
        }
        words.join(" ")
    }
}

/// What one run of a [`Job`] cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Run {
    /// Wall time, start to exit.
    pub wall: Duration,
    /// Peak resident set size in bytes.
    pub peak_rss: u64,
    /// User plus system CPU time, in seconds.
    pub cpu_seconds: f64,
    /// The exit code.
    pub code: i32,
}

/// The median of several runs, and where the last run's output is.
#[derive(Debug, Clone)]
pub(crate) struct Timing {
    /// Median wall time.
    pub wall: Duration,
    /// Median peak resident set size in bytes.
    pub peak_rss: u64,
    /// Median CPU time in seconds.
    pub cpu_seconds: f64,
    /// Runs measured.
    pub runs: usize,
    /// The last run's standard output.
    pub stdout: PathBuf,
    /// The last run's standard error.
    pub stderr: PathBuf,
}

/// Why a job could not be timed.
#[derive(Debug)]
pub(crate) enum TimingError {
    /// The child could not be started or its files written.
    Io(String, std::io::Error),
    /// It exited with a code the job does not accept.
    Failed {
        job: String,
        code: i32,
        stderr: PathBuf,
    },
    /// `/usr/bin/time` wrote something this module cannot read.
    Unreadable(String),
}

impl fmt::Display for TimingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(what, error) => write!(f, "{what}: {error}"),
            Self::Failed { job, code, stderr } => write!(
                f,
                "`{job}` exited with {code}; its standard error is in {}",
                stderr.display()
            ),
            Self::Unreadable(text) => write!(f, "cannot read /usr/bin/time's report: {text}"),
        }
    }
}

/// Runs `job` `runs` times (at least once), writing outputs to `out_dir/<name>.{stdout,stderr,time}`.
pub(crate) fn time(
    job: &Job,
    runs: usize,
    out_dir: &Path,
    name: &str,
) -> Result<Timing, TimingError> {
    let stdout = out_dir.join(format!("{name}.stdout"));
    let stderr = out_dir.join(format!("{name}.stderr"));
    let report = out_dir.join(format!("{name}.time"));
    let mut measured = Vec::new();
    for _ in 0..runs.max(1) {
        let create = |path: &Path| {
            File::create(path).map_err(|error| TimingError::Io(path.display().to_string(), error))
        };
        let started = Instant::now();
        let status = Command::new("/usr/bin/time")
            .arg("-v")
            .arg("-o")
            .arg(&report)
            .arg(&job.program)
            .args(&job.arguments)
            .current_dir(&job.directory)
            .stdin(Stdio::null())
            .stdout(create(&stdout)?)
            .stderr(create(&stderr)?)
            .status()
            .map_err(|error| TimingError::Io(job.display(), error))?;
        let wall = started.elapsed();
        let text = std::fs::read_to_string(&report)
            .map_err(|error| TimingError::Io(report.display().to_string(), error))?;
        let run = parse_time_report(&text, wall)?;
        if !job.accepted.contains(&run.code) || status.code().is_none() {
            return Err(TimingError::Failed {
                job: job.display(),
                code: run.code,
                stderr,
            });
        }
        measured.push(run);
    }
    Ok(Timing {
        wall: median(measured.iter().map(|run| run.wall).collect()),
        peak_rss: median(measured.iter().map(|run| run.peak_rss).collect()),
        cpu_seconds: median_f64(measured.iter().map(|run| run.cpu_seconds).collect()),
        runs: measured.len(),
        stdout,
        stderr,
    })
}

/// Reads GNU time's `-v` report; `wall` is the time measured around it.
pub(crate) fn parse_time_report(text: &str, wall: Duration) -> Result<Run, TimingError> {
    let field = |label: &str| -> Result<&str, TimingError> {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(label))
            .and_then(|rest| rest.strip_prefix(':'))
            .map(str::trim)
            .ok_or_else(|| TimingError::Unreadable(format!("no `{label}` line")))
    };
    let number = |label: &str| -> Result<f64, TimingError> {
        let value = field(label)?;
        value
            .parse::<f64>()
            .map_err(|_| TimingError::Unreadable(format!("`{label}` is `{value}`")))
    };
    let kilobytes = number("Maximum resident set size (kbytes)")?;
    let code = number("Exit status")?;
    Ok(Run {
        wall,
        // Whole kilobytes, as GNU time prints them.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a non-negative integer count of kilobytes"
        )]
        peak_rss: kilobytes as u64 * 1024,
        cpu_seconds: number("User time (seconds)")? + number("System time (seconds)")?,
        #[allow(clippy::cast_possible_truncation, reason = "an exit status, 0 to 255")]
        code: code as i32,
    })
}

/// The median (the lower middle one of an even count); zero when empty.
pub(crate) fn median<T: Ord + Copy + Default>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or_default()
}

fn median_f64(mut values: Vec<f64>) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "\tCommand being timed: \"isales-contract validate capture.ndjson\"
\tUser time (seconds): 5.57
\tSystem time (seconds): 0.83
\tPercent of CPU this job got: 184%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:03.47
\tMaximum resident set size (kbytes): 17700
\tExit status: 1
";

    #[test]
    fn reads_gnu_time_verbose_reports() {
        let run = parse_time_report(REPORT, Duration::from_millis(3470)).expect("readable");
        assert_eq!(run.peak_rss, 17_700 * 1024);
        assert_eq!(run.code, 1);
        assert!((run.cpu_seconds - 6.40).abs() < 1e-9);
        assert_eq!(run.wall, Duration::from_millis(3470));
    }

    #[test]
    fn a_report_without_the_memory_line_is_an_error_not_a_zero() {
        let text = REPORT.replace("Maximum resident", "Average resident");
        let error = parse_time_report(&text, Duration::ZERO).expect_err("incomplete");
        assert!(
            error.to_string().contains("Maximum resident set size"),
            "{error}"
        );
    }

    #[test]
    fn the_median_is_the_middle_run() {
        assert_eq!(median(vec![5, 1, 3]), 3);
        assert_eq!(median(vec![4, 1, 3, 2]), 2);
        assert_eq!(median(Vec::<u64>::new()), 0);
        assert!((median_f64(vec![0.3, 0.1, 0.2]) - 0.2).abs() < 1e-12);
    }
}
