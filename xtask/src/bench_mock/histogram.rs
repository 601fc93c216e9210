//! Latencies kept as a log-linear histogram: every value below 256 ns in a bucket of its own,
//! above that 128 buckets per power of two, so a percentile read back is within 0.8% of the
//! latency it stands for, whatever the number of requests, in a fixed few kilobytes per
//! connection. Exact count, sum and maximum are kept beside the buckets.

use std::time::Duration;

/// Bits of a value kept below its leading one: 2^7 = 128 buckets per power of two.
const SUB_BITS: u32 = 7;
/// Values below this have a bucket each.
const LINEAR: u64 = 1 << (SUB_BITS + 1);
/// Buckets for every `u64`.
const BUCKETS: usize = ((64 - SUB_BITS as usize) << SUB_BITS) + LINEAR as usize;

/// Recorded latencies, in nanoseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Histogram {
    counts: Vec<u64>,
    count: u64,
    sum: u128,
    max: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            counts: vec![0; BUCKETS],
            count: 0,
            sum: 0,
            max: 0,
        }
    }
}

/// The bucket of `value`.
fn bucket(value: u64) -> usize {
    if value < LINEAR {
        return value as usize;
    }
    // The value's leading one is at `top` >= SUB_BITS + 1; keep SUB_BITS + 1 bits from there.
    let top = 63 - value.leading_zeros();
    let shift = top - SUB_BITS;
    let mantissa = value >> shift; // in [2^SUB_BITS, 2^(SUB_BITS + 1))
    ((shift as usize) << SUB_BITS) + mantissa as usize
}

/// The largest value of bucket `index`.
fn upper(index: usize) -> u64 {
    if index < LINEAR as usize {
        return index as u64;
    }
    let shift = (index >> SUB_BITS) - 1;
    let mantissa = (index as u64 & ((1 << SUB_BITS) - 1)) | (1 << SUB_BITS);
    // Computed wider: the last bucket ends at 2^64 - 1.
    let end = (u128::from(mantissa) + 1) << shift;
    u64::try_from(end - 1).unwrap_or(u64::MAX)
}

impl Histogram {
    pub(crate) fn record(&mut self, latency: Duration) {
        let nanos = u64::try_from(latency.as_nanos()).unwrap_or(u64::MAX);
        self.counts[bucket(nanos)] += 1;
        self.count += 1;
        self.sum += u128::from(nanos);
        self.max = self.max.max(nanos);
    }

    /// Adds what `other` recorded.
    pub(crate) fn merge(&mut self, other: &Self) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
        self.count += other.count;
        self.sum += other.sum;
        self.max = self.max.max(other.max);
    }

    #[cfg(test)]
    pub(crate) fn count(&self) -> u64 {
        self.count
    }

    pub(crate) fn max(&self) -> Duration {
        Duration::from_nanos(self.max)
    }

    pub(crate) fn mean(&self) -> Duration {
        if self.count == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(u64::try_from(self.sum / u128::from(self.count)).unwrap_or(u64::MAX))
    }

    /// The latency `quantile` (0 to 1) of the recorded ones do not exceed: the upper edge of
    /// the bucket holding the value of that rank (nearest rank), never above the maximum.
    pub(crate) fn quantile(&self, quantile: f64) -> Duration {
        if self.count == 0 {
            return Duration::ZERO;
        }
        // Nearest rank: the smallest rank r with r / count >= quantile, at least the first.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "a rank between 1 and the count, which is far below 2^52"
        )]
        let rank = ((quantile.clamp(0.0, 1.0) * self.count as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (index, count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return Duration::from_nanos(upper(index).min(self.max));
            }
        }
        Duration::from_nanos(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_value_in_order_within_their_precision() {
        let mut previous = 0;
        for value in (0..5000).chain([1 << 20, (1 << 20) + 4097, 1 << 40, u64::MAX - 1, u64::MAX]) {
            let index = bucket(value);
            assert!(index < BUCKETS, "{value}");
            assert!(index >= previous, "{value}");
            previous = index;
            let top = upper(index);
            assert!(top >= value, "{value}: bucket {index} ends at {top}");
            // The bucket is at most 1/128 of its values wide.
            assert!(
                top - value <= value / 128,
                "{value}: bucket {index} ends at {top}"
            );
        }
        // The buckets meet: each one starts where the one before it ends.
        for index in 1..=bucket(u64::MAX) {
            assert_eq!(bucket(upper(index - 1) + 1), index, "{index}");
        }
    }

    #[test]
    fn quantiles_follow_the_nearest_rank() {
        let mut histogram = Histogram::default();
        assert_eq!(histogram.quantile(0.5), Duration::ZERO);
        assert_eq!(histogram.mean(), Duration::ZERO);
        // 1 µs to 100 µs, one request each.
        for micros in 1..=100 {
            histogram.record(Duration::from_micros(micros));
        }
        let within = |got: Duration, micros: u64| {
            let want = micros * 1000;
            let got = u64::try_from(got.as_nanos()).expect("small");
            assert!(
                got >= want && got - want <= want / 128,
                "{got} ns for {want}"
            );
        };
        within(histogram.quantile(0.5), 50);
        within(histogram.quantile(0.99), 99);
        within(histogram.quantile(0.0), 1);
        assert_eq!(histogram.quantile(1.0), Duration::from_micros(100));
        assert_eq!(histogram.max(), Duration::from_micros(100));
        assert_eq!(histogram.mean(), Duration::from_nanos(50_500));
        assert_eq!(histogram.count(), 100);
    }

    #[test]
    fn merged_histograms_answer_as_one() {
        let mut fast = Histogram::default();
        let mut slow = Histogram::default();
        let mut both = Histogram::default();
        for micros in 0..990 {
            fast.record(Duration::from_micros(100 + micros % 7));
            both.record(Duration::from_micros(100 + micros % 7));
        }
        for _ in 0..10 {
            slow.record(Duration::from_millis(40));
            both.record(Duration::from_millis(40));
        }
        fast.merge(&slow);
        assert_eq!(fast, both);
        assert!(fast.quantile(0.99) < Duration::from_micros(110));
        assert_eq!(fast.quantile(0.995), Duration::from_millis(40));
    }
}
