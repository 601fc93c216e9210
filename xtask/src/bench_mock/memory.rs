//! What the kernel says of a server process while the load runs: its resident set size,
//! read from `/proc/PID/status` (`VmRSS`) once a second by a sampler thread, and the CPU time
//! it has used, from `/proc/PID/stat`, read before and after a run. Also the judgement of
//! whether a series of samples is flat.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One reading of the resident set size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sample {
    /// Time since the sampler started.
    pub at: Duration,
    /// Resident set size in kB.
    pub rss_kb: u64,
}

/// The `VmRSS` of a `/proc/PID/status` text, in kB.
pub(crate) fn rss_kb(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let mut words = line["VmRSS:".len()..].split_whitespace();
    let value = words.next()?.parse().ok()?;
    (words.next() == Some("kB")).then_some(value)
}

/// The resident set size of process `pid` now, in kB.
pub(crate) fn read_rss_kb(pid: u32) -> Result<u64, String> {
    let path = format!("/proc/{pid}/status");
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("cannot read {path}: {error}"))?;
    rss_kb(&text).ok_or_else(|| format!("{path} has no `VmRSS: N kB` line"))
}

/// User plus system CPU time in clock ticks, from a `/proc/PID/stat` text (fields 14 and 15;
/// the command name in parentheses before them may hold spaces).
pub(crate) fn cpu_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // After the name, the state is field 3 of the line, so utime (14) is at index 11.
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

/// The CPU time process `pid` has used so far; `ticks_per_second` is `getconf CLK_TCK`.
pub(crate) fn read_cpu_time(pid: u32, ticks_per_second: u64) -> Result<Duration, String> {
    let path = format!("/proc/{pid}/stat");
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let ticks = cpu_ticks(&text).ok_or_else(|| format!("{path} is not a stat line"))?;
    Ok(Duration::from_secs_f64(
        ticks as f64 / ticks_per_second.max(1) as f64,
    ))
}

/// The clock ticks per second `/proc` counts CPU time in (100 nearly everywhere).
pub(crate) fn ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|output| String::from_utf8_lossy(&output.stdout).trim().parse().ok())
        .unwrap_or(100)
}

/// A thread reading a process's resident set size every `period` until stopped.
pub(crate) struct Sampler {
    started: Instant,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Vec<Sample>>,
}

impl Sampler {
    /// Starts sampling `pid`, with a first sample at once.
    pub(crate) fn start(pid: u32, period: Duration) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let started = Instant::now();
        let thread = std::thread::spawn(move || {
            let mut samples = Vec::new();
            let mut next = started;
            // A process that is gone has no more samples to give.
            while let Ok(rss_kb) = read_rss_kb(pid) {
                samples.push(Sample {
                    at: started.elapsed(),
                    rss_kb,
                });
                next += period;
                // Short sleeps, so that stopping does not wait out a whole period.
                while Instant::now() < next {
                    if stopping.load(Ordering::Relaxed) {
                        return samples;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
            samples
        });
        Self {
            started,
            stop,
            thread,
        }
    }

    /// Stops sampling after one last sample; the samples in order.
    pub(crate) fn finish(self, pid: u32) -> Vec<Sample> {
        self.stop.store(true, Ordering::Relaxed);
        let mut samples = self.thread.join().unwrap_or_default();
        if let Ok(rss_kb) = read_rss_kb(pid) {
            samples.push(Sample {
                at: self.started.elapsed(),
                rss_kb,
            });
        }
        samples
    }
}

/// What a series of samples says about memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MemorySummary {
    /// The first sample, before any request.
    pub start_kb: u64,
    pub peak_kb: u64,
    /// The last sample, after the last response.
    pub end_kb: u64,
    /// The highest sample of the first half of the run and of the second.
    pub first_half_peak_kb: u64,
    pub second_half_peak_kb: u64,
    /// The first sample of the second half.
    pub second_half_start_kb: u64,
    /// How much a straight line fitted through the second half's samples (least squares)
    /// rises from the half's first sample to its last: the trend, which one high sample of
    /// an allocator's ups and downs does not move much.
    pub second_half_growth_kb: i64,
}

/// The second half's growth that still counts as flat: the larger of 5% of the first half's
/// peak and 2 MB (allocators keep freed pages, and a page or two of stack or buffer comes and
/// goes).
const FLAT_SHARE: f64 = 0.05;
const FLAT_KB: u64 = 2048;

impl MemorySummary {
    /// The summary of `samples`; `None` when there are fewer than two.
    pub(crate) fn of(samples: &[Sample]) -> Option<Self> {
        let (first, last) = (samples.first()?, samples.last()?);
        if samples.len() < 2 {
            return None;
        }
        let half = samples.len() / 2;
        let peak = |part: &[Sample]| part.iter().map(|sample| sample.rss_kb).max().unwrap_or(0);
        Some(Self {
            start_kb: first.rss_kb,
            peak_kb: peak(samples),
            end_kb: last.rss_kb,
            first_half_peak_kb: peak(&samples[..half]),
            second_half_peak_kb: peak(&samples[half..]),
            second_half_start_kb: samples[half].rss_kb,
            second_half_growth_kb: trend(&samples[half..]),
        })
    }

    /// Whether memory stopped growing: the second half's trend rises by at most
    /// [`FLAT_SHARE`] of the first half's peak or [`FLAT_KB`], or the second half never goes
    /// that much above the first half's peak. Memory that grows with the number of requests
    /// served does both: it keeps climbing and keeps making new highs. Caches and buffers
    /// that fill once do so early and then only go up and down; an allocator that returns
    /// pages to the system now and then dips and recovers, a rising trend without a new high.
    pub(crate) fn flat(&self) -> bool {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "kilobytes of a process, far below 2^52"
        )]
        let allowed = ((self.first_half_peak_kb as f64 * FLAT_SHARE) as i64).max(FLAT_KB as i64);
        let new_high = i64::try_from(self.second_half_peak_kb).unwrap_or(i64::MAX)
            - i64::try_from(self.first_half_peak_kb).unwrap_or(i64::MAX);
        self.second_half_growth_kb <= allowed || new_high <= allowed
    }
}

/// The rise, from the first sample's time to the last's, of the least-squares line through
/// `samples`, in kB (0 for fewer than two samples or no time between them).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "seconds and kilobytes of one run, far below 2^52"
)]
fn trend(samples: &[Sample]) -> i64 {
    let n = samples.len() as f64;
    if samples.len() < 2 {
        return 0;
    }
    let x = |sample: &Sample| sample.at.as_secs_f64();
    let y = |sample: &Sample| sample.rss_kb as f64;
    let mean_x = samples.iter().map(x).sum::<f64>() / n;
    let mean_y = samples.iter().map(y).sum::<f64>() / n;
    let covariance: f64 = samples
        .iter()
        .map(|s| (x(s) - mean_x) * (y(s) - mean_y))
        .sum();
    let variance: f64 = samples.iter().map(|s| (x(s) - mean_x).powi(2)).sum();
    if variance == 0.0 {
        return 0;
    }
    let span = x(&samples[samples.len() - 1]) - x(&samples[0]);
    (covariance / variance * span).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resident_set_size_is_read_from_its_status_line() {
        let status = "Name:\tisales-contract\nVmPeak:\t  20000 kB\nVmRSS:\t    5812 kB\n\
            RssAnon:\t 1000 kB\n";
        assert_eq!(rss_kb(status), Some(5812));
        assert_eq!(rss_kb("Name:\tx\n"), None);
        assert_eq!(rss_kb("VmRSS:\tmany kB\n"), None);
        assert_eq!(rss_kb("VmRSS:\t12 MB\n"), None);
        // A kernel thread has no VmRSS line at all.
        assert_eq!(rss_kb("Name:\tkthreadd\nState:\tS (sleeping)\n"), None);
    }

    #[test]
    fn cpu_time_is_read_past_a_name_with_spaces() {
        let stat = "4242 (isales contract) S 1 4242 4242 0 -1 4194560 1000 0 0 0 \
            731 269 0 0 20 0 3 0 123 456 789";
        assert_eq!(cpu_ticks(stat), Some(1000));
        assert_eq!(cpu_ticks("4242 (x) S 1"), None);
        assert_eq!(cpu_ticks("no name here"), None);
    }

    #[test]
    fn this_process_can_be_sampled() {
        let pid = std::process::id();
        let sampler = Sampler::start(pid, Duration::from_millis(10));
        std::thread::sleep(Duration::from_millis(60));
        let samples = sampler.finish(pid);
        assert!(samples.len() >= 3, "{samples:?}");
        assert!(samples.iter().all(|sample| sample.rss_kb > 0));
        assert!(samples.windows(2).all(|pair| pair[0].at <= pair[1].at));
        assert!(read_cpu_time(pid, ticks_per_second()).is_ok());
        // A process that is not there has no samples.
        let gone = Sampler::start(u32::MAX, Duration::from_millis(10)).finish(u32::MAX);
        assert_eq!(gone, Vec::new());
    }

    fn samples(kb: &[u64]) -> Vec<Sample> {
        kb.iter()
            .enumerate()
            .map(|(second, &rss_kb)| Sample {
                at: Duration::from_secs(second as u64),
                rss_kb,
            })
            .collect()
    }

    #[test]
    fn memory_that_fills_once_is_flat_and_memory_that_climbs_is_not() {
        let filled = MemorySummary::of(&samples(&[4000, 30000, 31000, 30500, 31200, 31000]))
            .expect("samples");
        assert_eq!(
            (filled.start_kb, filled.peak_kb, filled.end_kb),
            (4000, 31200, 31000)
        );
        assert_eq!(
            (
                filled.first_half_peak_kb,
                filled.second_half_peak_kb,
                filled.second_half_start_kb
            ),
            (31000, 31200, 30500)
        );
        assert_eq!(filled.second_half_growth_kb, 500);
        assert!(filled.flat());
        // One high sample late in a run of ups and downs is not a trend.
        let wobbling = MemorySummary::of(&samples(&[
            8000, 51000, 50000, 52000, 58000, 55000, 56000, 58000, 54000, 63000, 52000,
        ]))
        .expect("samples");
        assert!(wobbling.flat(), "{wobbling:?}");

        // An allocator returning pages dips and recovers: a rising trend, no new high.
        let dipping = MemorySummary::of(&samples(&[
            8500, 48300, 48700, 50900, 49600, 50200, 30000, 32000, 50200, 50400, 50600,
        ]))
        .expect("samples");
        assert!(dipping.second_half_growth_kb > 2048, "{dipping:?}");
        assert!(dipping.flat(), "{dipping:?}");

        let climbing = MemorySummary::of(&samples(&[4000, 20000, 30000, 40000, 50000, 60000]))
            .expect("samples");
        assert!(!climbing.flat());

        // Small processes may move by a couple of megabytes.
        let small =
            MemorySummary::of(&samples(&[3000, 5000, 5000, 6500, 6900, 7000])).expect("samples");
        assert!(small.flat());
        assert_eq!(MemorySummary::of(&samples(&[5000])), None);
        assert_eq!(MemorySummary::of(&[]), None);
    }
}
