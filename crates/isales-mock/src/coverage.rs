//! Coverage: which forms, quirks, broken rules, failure codes and fixtures the clients
//! actually received, with counts, so a test suite can see what its run exercised. Served at
//! `GET /__mock/coverage` as JSON and printed on standard error at shutdown.
//!
//! Every key is one of a finite set (forms, rule ids, quirk names, Table 21 codes, fixtures
//! loaded, HTTP statuses), so the counts stay small however long the server runs.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use serde_json::{Value, json};

use crate::answer::Served;

/// The counts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Answers of the route sent (refusals and failures included).
    pub answers: u64,
    /// Campaign forms (`device-type=...`), by form.
    pub forms: BTreeMap<String, u64>,
    /// Quirks, by name.
    pub quirks: BTreeMap<String, u64>,
    /// Rules the answers broke, by id.
    pub violations: BTreeMap<String, u64>,
    /// Failure codes of the envelopes sent (`error-code` and refusals), by code.
    pub error_codes: BTreeMap<String, u64>,
    /// Request rules refused, by id.
    pub request_violations: BTreeMap<String, u64>,
    /// Fixtures served, by `file:line`.
    pub fixtures: BTreeMap<String, u64>,
    /// HTTP statuses of every answer (404, 405 and 400 included).
    pub statuses: BTreeMap<u16, u64>,
    /// Answers cut short on purpose (`drop`).
    pub dropped: u64,
}

/// Counts shared by the server's tasks.
#[derive(Debug, Default)]
pub struct Coverage {
    counts: Mutex<Counts>,
}

impl Coverage {
    /// Counts one answer of the route.
    pub fn answered(&self, served: &Served, dropped: bool) {
        let mut counts = self.lock();
        counts.answers += 1;
        let bump = |map: &mut BTreeMap<String, u64>, key: &str| {
            *map.entry(key.to_owned()).or_insert(0) += 1;
        };
        if let Some(form) = &served.form {
            bump(&mut counts.forms, form);
        }
        for quirk in &served.quirks {
            bump(&mut counts.quirks, quirk);
        }
        for rule in &served.violations {
            bump(&mut counts.violations, rule);
        }
        if let Some(code) = &served.error_code {
            bump(&mut counts.error_codes, code);
        }
        for rule in &served.request_rules {
            bump(&mut counts.request_violations, rule);
        }
        if let Some(fixture) = &served.fixture {
            bump(&mut counts.fixtures, fixture);
        }
        if dropped {
            counts.dropped += 1;
        }
    }

    /// Counts the HTTP status of any answer.
    pub fn status(&self, status: u16) {
        *self.lock().statuses.entry(status).or_insert(0) += 1;
    }

    /// The counts so far.
    #[must_use]
    pub fn snapshot(&self) -> Counts {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        // Counting cannot leave the maps half-updated; a poisoned lock is used as it is.
        self.counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Counts {
    /// The JSON of `GET /__mock/coverage`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let statuses: BTreeMap<String, u64> = self
            .statuses
            .iter()
            .map(|(status, count)| (status.to_string(), *count))
            .collect();
        json!({
            "answers": self.answers,
            "forms": self.forms,
            "quirks": self.quirks,
            "violations": self.violations,
            "errorCodes": self.error_codes,
            "requestViolations": self.request_violations,
            "fixtures": self.fixtures,
            "statuses": statuses,
            "dropped": self.dropped,
        })
    }
}

/// The summary printed at shutdown: one section per kind, one line per key.
impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "coverage: {} answer(s) of the route, {} dropped",
            self.answers, self.dropped
        )?;
        let sections: [(&str, &BTreeMap<String, u64>); 6] = [
            ("forms", &self.forms),
            ("quirks", &self.quirks),
            ("violations", &self.violations),
            ("error codes", &self.error_codes),
            ("request violations", &self.request_violations),
            ("fixtures", &self.fixtures),
        ];
        for (title, map) in sections {
            if map.is_empty() {
                continue;
            }
            writeln!(f, "  {title}:")?;
            for (key, count) in map {
                writeln!(f, "    {count:>7}  {key}")?;
            }
        }
        if !self.statuses.is_empty() {
            writeln!(f, "  statuses:")?;
            for (status, count) in &self.statuses {
                writeln!(f, "    {count:>7}  {status}")?;
            }
        }
        Ok(())
    }
}
