//! Recording (`--record`): every answer of the route written to a file as it is sent, by a
//! writer thread of its own so no request waits on the disk. NDJSON holds one response body
//! per line (what `isales-contract validate FILE.ndjson` reads back); a `.har` file holds HTTP
//! Archive 1.2 entries with the request (its `Authorization` value blanked) and the response.
//! A HAR document is closed at shutdown; until then its last `]}}` is missing.
//!
//! An answer cut short by `drop` is recorded whole: what the server meant to send. A body that
//! holds a line break cannot be one NDJSON line and is left out, with a note at the end.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use bytes::Bytes;
use serde_json::json;

use crate::server::JSON_UTF8;

/// One exchange to write.
#[derive(Debug)]
struct Exchange {
    started: SystemTime,
    elapsed: Duration,
    method: String,
    path_and_query: String,
    headers: Vec<(String, String)>,
    status: u16,
    body: Bytes,
    dropped: bool,
}

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Ndjson,
    Har,
}

/// Writes exchanges to a file on its own thread.
#[derive(Debug)]
pub struct Recorder {
    sender: Mutex<Option<Sender<Exchange>>>,
    writer: Mutex<Option<JoinHandle<io::Result<u64>>>>,
    address: Mutex<Option<SocketAddr>>,
}

impl Recorder {
    /// Creates (truncates) `path`: HAR when it ends in `.har`, NDJSON otherwise.
    ///
    /// # Errors
    /// When the file cannot be created.
    pub fn create(path: &Path) -> io::Result<Recorder> {
        let format = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("har"))
        {
            Format::Har
        } else {
            Format::Ndjson
        };
        let file = BufWriter::new(File::create(path)?);
        let (sender, receiver) = channel();
        let shown = path.display().to_string();
        let writer = std::thread::Builder::new()
            .name("isales-mock-record".to_owned())
            .spawn(move || write_all(file, format, &receiver, &shown))?;
        Ok(Recorder {
            sender: Mutex::new(Some(sender)),
            writer: Mutex::new(Some(writer)),
            address: Mutex::new(None),
        })
    }

    /// The address requests were sent to, for the URLs of HAR entries.
    pub(crate) fn set_address(&self, address: SocketAddr) {
        *lock(&self.address) = Some(address);
    }

    /// Records one exchange.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &self,
        started: SystemTime,
        elapsed: Duration,
        method: &str,
        path_and_query: &str,
        headers: Vec<(String, String)>,
        status: u16,
        body: &Bytes,
        dropped: bool,
    ) {
        let host = lock(&self.address).map_or_else(|| "localhost".to_owned(), |a| a.to_string());
        if let Some(sender) = lock(&self.sender).as_ref() {
            // The writer is gone only after `finish`, or after a write error it reported.
            let _ = sender.send(Exchange {
                started,
                elapsed,
                method: method.to_owned(),
                path_and_query: format!("http://{host}{path_and_query}"),
                headers,
                status,
                body: body.clone(),
                dropped,
            });
        }
    }

    /// Writes what is pending, closes the file and returns how many exchanges it holds.
    ///
    /// # Errors
    /// When writing failed.
    pub fn finish(&self) -> io::Result<u64> {
        drop(lock(&self.sender).take());
        match lock(&self.writer).take() {
            Some(writer) => writer
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the recording thread panicked"))),
            None => Ok(0),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The writer thread: every exchange until the channel closes.
fn write_all(
    mut file: BufWriter<File>,
    format: Format,
    receiver: &Receiver<Exchange>,
    shown: &str,
) -> io::Result<u64> {
    let mut written = 0_u64;
    let mut left_out = 0_u64;
    if format == Format::Har {
        let creator = json!({"name": "isales-mock", "version": env!("CARGO_PKG_VERSION")});
        write!(
            file,
            "{{\"log\": {{\"version\": \"1.2\", \"creator\": {creator}, \"entries\": ["
        )?;
    }
    loop {
        // Flush before waiting, so a reader sees each answer soon after it is sent.
        let exchange = match receiver.try_recv() {
            Ok(exchange) => exchange,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                file.flush()?;
                match receiver.recv() {
                    Ok(exchange) => exchange,
                    Err(_) => break,
                }
            }
        };
        match format {
            Format::Ndjson => {
                if exchange.body.contains(&b'\n') {
                    left_out += 1;
                    continue;
                }
                file.write_all(&exchange.body)?;
                file.write_all(b"\n")?;
            }
            Format::Har => {
                if written > 0 {
                    file.write_all(b",")?;
                }
                write!(file, "\n{}", har_entry(&exchange))?;
            }
        }
        written += 1;
    }
    if format == Format::Har {
        file.write_all(b"\n]}}\n")?;
    }
    file.flush()?;
    if left_out > 0 {
        eprintln!("record: {left_out} answer(s) holding a line break were left out of {shown}");
    }
    Ok(written)
}

/// A HAR 1.2 entry of an exchange.
fn har_entry(exchange: &Exchange) -> serde_json::Value {
    let headers: Vec<serde_json::Value> = exchange
        .headers
        .iter()
        .map(|(name, value)| {
            let value = if name.eq_ignore_ascii_case("authorization") {
                "***"
            } else {
                value.as_str()
            };
            json!({"name": name, "value": value})
        })
        .collect();
    let size = exchange.body.len();
    let content = match std::str::from_utf8(&exchange.body) {
        Ok(text) => json!({"size": size, "mimeType": JSON_UTF8, "text": text}),
        Err(_) => json!({
            "size": size,
            "mimeType": JSON_UTF8,
            "encoding": "base64",
            "text": base64::engine::general_purpose::STANDARD.encode(&exchange.body),
        }),
    };
    let ms = exchange.elapsed.as_secs_f64() * 1000.0;
    let mut entry = json!({
        "startedDateTime": rfc3339(exchange.started),
        "time": ms,
        "request": {
            "method": exchange.method,
            "url": exchange.path_and_query,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": headers,
            "queryString": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": exchange.status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [{"name": "Content-Type", "value": JSON_UTF8}],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": size,
        },
        "cache": {},
        "timings": {"send": 0, "wait": ms, "receive": 0},
    });
    if exchange.dropped {
        entry["comment"] = json!("the connection was closed after part of this body (drop)");
    }
    entry
}

/// `2024-07-01T08:30:00.123Z`.
fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs();
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let rest = seconds % 86_400;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let leap = UNIX_EPOCH + Duration::from_millis(951_782_400_250);
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00.250Z");
        let later = UNIX_EPOCH + Duration::from_secs(1_719_822_600);
        assert_eq!(rfc3339(later), "2024-07-01T08:30:00.000Z");
    }
}
