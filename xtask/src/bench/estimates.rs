//! The criterion results BENCHMARKS.md quotes: each benchmark's median time per iteration and
//! its confidence interval (`target/criterion/<group>/<id>/new/estimates.json`) and the bytes
//! one iteration reads (`benchmark.json`'s throughput).

use std::path::Path;
use std::time::SystemTime;

use serde_json::Value;

/// One benchmark's result from criterion's last run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Estimate {
    /// The benchmark's id inside its group (`ours-validate`).
    pub id: String,
    /// Median time of one iteration, in nanoseconds.
    pub median_ns: f64,
    /// The confidence interval of the median, in nanoseconds.
    pub interval_ns: (f64, f64),
    /// Bytes one iteration reads, when the group declares a byte throughput.
    pub bytes: Option<u64>,
}

impl Estimate {
    /// Throughput in megabytes (10^6 bytes) per second.
    pub(crate) fn megabytes_per_second(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss, reason = "a byte count far below 2^52")]
        self.bytes
            .map(|bytes| bytes as f64 / self.median_ns * 1e9 / 1e6)
    }
}

/// Reads every benchmark of `group` under `criterion_dir`, in `order` (ids not in it last, by
/// name); with `since`, only the results written since then (the others are named on
/// standard error).
pub(crate) fn read_group(
    criterion_dir: &Path,
    group: &str,
    order: &[&str],
    since: Option<SystemTime>,
) -> Result<Vec<Estimate>, String> {
    let dir = criterion_dir.join(group);
    let entries = std::fs::read_dir(&dir).map_err(|error| {
        format!(
            "cannot read {}: {error} (run `cargo bench -p isales-bench --bench validate`)",
            dir.display()
        )
    })?;
    let mut estimates = Vec::new();
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        let written = std::fs::metadata(path.join("new/estimates.json"))
            .and_then(|metadata| metadata.modified());
        let Ok(written) = written else {
            continue;
        };
        if since.is_some_and(|since| written < since) {
            eprintln!(
                "left out {}: not measured by this run",
                path.strip_prefix(criterion_dir).unwrap_or(&path).display()
            );
            continue;
        }
        let read = |name: &str| -> Result<Value, String> {
            let file = path.join(name);
            let text = std::fs::read_to_string(&file)
                .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
            serde_json::from_str(&text)
                .map_err(|error| format!("{} is not JSON: {error}", file.display()))
        };
        estimates.push(parse(
            &read("new/benchmark.json")?,
            &read("new/estimates.json")?,
        )?);
    }
    if estimates.is_empty() {
        return Err(format!("no criterion results under {}", dir.display()));
    }
    let rank = |id: &str| {
        order
            .iter()
            .position(|known| *known == id)
            .unwrap_or(order.len())
    };
    estimates.sort_by(|a, b| rank(&a.id).cmp(&rank(&b.id)).then_with(|| a.id.cmp(&b.id)));
    Ok(estimates)
}

/// One benchmark from its `benchmark.json` and `estimates.json`.
pub(crate) fn parse(benchmark: &Value, estimates: &Value) -> Result<Estimate, String> {
    let id = benchmark["function_id"]
        .as_str()
        .ok_or("benchmark.json has no function_id")?
        .to_owned();
    let median = &estimates["median"];
    let number = |value: &Value, what: &str| {
        value
            .as_f64()
            .ok_or_else(|| format!("estimates.json of `{id}` has no {what}"))
    };
    Ok(Estimate {
        median_ns: number(&median["point_estimate"], "median")?,
        interval_ns: (
            number(&median["confidence_interval"]["lower_bound"], "lower bound")?,
            number(&median["confidence_interval"]["upper_bound"], "upper bound")?,
        ),
        bytes: benchmark["throughput"]["Bytes"].as_u64(),
        id,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_the_median_its_interval_and_the_bytes() {
        let benchmark = json!({
            "group_id": "valid",
            "function_id": "ours-validate",
            "throughput": {"Bytes": 2_000_000},
        });
        let estimates = json!({
            "mean": {"point_estimate": 9.0e6},
            "median": {
                "point_estimate": 4.0e6,
                "confidence_interval": {"lower_bound": 3.9e6, "upper_bound": 4.2e6},
            },
        });
        let estimate = parse(&benchmark, &estimates).expect("complete");
        assert_eq!(estimate.id, "ours-validate");
        assert!((estimate.median_ns - 4.0e6).abs() < 1e-6);
        assert_eq!(estimate.interval_ns, (3.9e6, 4.2e6));
        let rate = estimate.megabytes_per_second().expect("a throughput");
        assert!((rate - 500.0).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn results_older_than_the_run_are_left_out() {
        let criterion =
            std::env::temp_dir().join(format!("xtask-estimates-{}", std::process::id()));
        let write = |id: &str, age: std::time::Duration| {
            let dir = criterion.join("valid").join(id).join("new");
            std::fs::create_dir_all(&dir).expect("create");
            let benchmark = json!({"function_id": id, "throughput": {"Bytes": 10}});
            let estimates = json!({"median": {
                "point_estimate": 1.0e6,
                "confidence_interval": {"lower_bound": 0.9e6, "upper_bound": 1.1e6},
            }});
            std::fs::write(dir.join("benchmark.json"), benchmark.to_string()).expect("write");
            let file = std::fs::File::create(dir.join("estimates.json")).expect("create");
            std::io::Write::write_all(&mut &file, estimates.to_string().as_bytes()).expect("write");
            file.set_modified(SystemTime::now() - age)
                .expect("set the time");
        };
        let hour = std::time::Duration::from_secs(3600);
        write("ours-validate", std::time::Duration::ZERO);
        write("serde_json-value", std::time::Duration::ZERO);
        write("an-old-experiment", hour);
        let ids = |since| -> Vec<String> {
            read_group(
                &criterion,
                "valid",
                &["serde_json-value", "ours-validate"],
                since,
            )
            .expect("read")
            .into_iter()
            .map(|estimate| estimate.id)
            .collect()
        };
        let run_start = SystemTime::now() - std::time::Duration::from_secs(60);
        assert_eq!(ids(Some(run_start)), ["serde_json-value", "ours-validate"]);
        assert_eq!(
            ids(None),
            ["serde_json-value", "ours-validate", "an-old-experiment"],
            "reusing the last results keeps them all"
        );
        std::fs::remove_dir_all(&criterion).expect("clean up");
    }

    #[test]
    fn a_missing_median_is_an_error() {
        let error =
            parse(&json!({"function_id": "x"}), &json!({"mean": {}})).expect_err("no median");
        assert!(error.contains("`x`"), "{error}");
    }
}
