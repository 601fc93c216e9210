//! The load generator: a fixed number of connections over the loopback address, one thread
//! each, every connection sending its next request as soon as the previous response has been
//! read whole (HTTP/1.1 keep-alive, one request in flight per connection, so the latency of a
//! request is the time from its first byte written to its response's last byte read). A run
//! ends after a number of requests or a duration, whichever comes first; the requests are
//! numbered across all connections and [`Requests`] turns a number into the bytes sent, so the
//! URL parameters cycle over their ranges whatever the number of connections.

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use isales_vocabulary::registry::ROUTE;

use super::framing::frame;
use super::histogram::Histogram;

/// Consecutive failures after which a connection gives up: the server is gone or refuses.
const GIVE_UP_AFTER: u32 = 50;

/// The campaign ids a run asks for, in turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Campaigns {
    /// 1 to this.
    Range(u64),
    /// These (the ids of recorded answers).
    Listed(Vec<i64>),
}

impl Campaigns {
    /// How many different ids there are.
    pub(crate) fn len(&self) -> u64 {
        match self {
            Self::Range(count) => *count,
            Self::Listed(ids) => ids.len() as u64,
        }
    }

    /// The id of request `index`.
    fn id(&self, index: u64) -> String {
        match self {
            Self::Range(count) => (1 + index % (*count).max(1)).to_string(),
            Self::Listed(ids) => usize::try_from(index % self.len().max(1))
                .ok()
                .and_then(|at| ids.get(at))
                .map_or_else(|| "1".to_owned(), ToString::to_string),
        }
    }
}

/// The requests of a run: request `n` asks for the `n`th campaign id (modulo their number)
/// of the tenant `n` modulo the tenant range (counted from 1), with the same query and
/// headers every time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Requests {
    /// `vdnId` takes the values 1 to this.
    pub vdn_ids: u64,
    pub campaigns: Campaigns,
    /// Appended to the path (`?violate=...`), or empty.
    pub query: String,
    /// Sent with every request, `Host` aside.
    pub headers: Vec<(String, String)>,
}

impl Requests {
    /// The path of request `index`.
    pub(crate) fn path(&self, index: u64) -> String {
        let vdn = 1 + index % self.vdn_ids.max(1);
        let path = ROUTE
            .replace("{vdnId}", &vdn.to_string())
            .replace("{campaignId}", &self.campaigns.id(index));
        format!("{path}{}", self.query)
    }

    /// Writes the bytes of request `index` to `host` into `out`.
    pub(crate) fn write(&self, index: u64, host: &str, out: &mut Vec<u8>) {
        out.clear();
        out.extend_from_slice(b"GET ");
        out.extend_from_slice(self.path(index).as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\nHost: ");
        out.extend_from_slice(host.as_bytes());
        out.extend_from_slice(b"\r\n");
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
    }
}

/// The bounds of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Load {
    pub connections: usize,
    /// Requests sent at most.
    pub requests: u64,
    /// How long requests are started for, at most.
    pub duration: Duration,
    /// How long one response may take.
    pub timeout: Duration,
}

/// What a run measured.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    /// Latencies of the requests that got a whole response (any status).
    pub latencies: Histogram,
    /// Responses per status code.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no whole response (connection refused or reset, timeout, a response
    /// that is not HTTP).
    pub errors: u64,
    /// The first error's message, for the report.
    pub first_error: Option<String>,
    /// Body bytes received, over all responses.
    pub body_bytes: u64,
    /// From the first request started to the last response read.
    pub elapsed: Duration,
    /// Connections opened, reconnections included.
    pub connects: u64,
}

impl Outcome {
    /// Responses received, whatever their status.
    pub(crate) fn responses(&self) -> u64 {
        self.statuses.values().sum()
    }

    /// Responses with a status outside 200-299.
    pub(crate) fn non_2xx(&self) -> u64 {
        self.statuses
            .iter()
            .filter(|(status, _)| !(200..300).contains(*status))
            .map(|(_, count)| count)
            .sum()
    }

    /// Responses per second of the run.
    pub(crate) fn throughput(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.responses() as f64 / seconds
        } else {
            0.0
        }
    }

    /// Mean body size of the responses.
    pub(crate) fn mean_body(&self) -> u64 {
        self.body_bytes / self.responses().max(1)
    }

    fn merge(&mut self, other: Self) {
        self.latencies.merge(&other.latencies);
        for (status, count) in other.statuses {
            *self.statuses.entry(status).or_default() += count;
        }
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
        self.body_bytes += other.body_bytes;
        self.connects += other.connects;
    }
}

/// Runs `load` against the server at `address`.
pub(crate) fn run(address: SocketAddr, requests: &Requests, load: Load) -> Outcome {
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + load.duration;
    let host = address.to_string();
    let mut outcome = Outcome::default();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..load.connections.max(1))
            .map(|_| {
                let next = Arc::clone(&next);
                let host = host.as_str();
                scope.spawn(move || connection(address, host, requests, load, &next, deadline))
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(part) => outcome.merge(part),
                Err(_) => {
                    outcome.errors += 1;
                    outcome
                        .first_error
                        .get_or_insert_with(|| "a connection's thread panicked".to_owned());
                }
            }
        }
    });
    outcome.elapsed = started.elapsed();
    outcome
}

/// One connection's share of a run.
fn connection(
    address: SocketAddr,
    host: &str,
    requests: &Requests,
    load: Load,
    next: &AtomicU64,
    deadline: Instant,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut stream: Option<TcpStream> = None;
    let mut request = Vec::with_capacity(512);
    let mut buffer = Vec::with_capacity(64 * 1024);
    let mut failures = 0;
    loop {
        if Instant::now() >= deadline {
            break;
        }
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= load.requests {
            break;
        }
        requests.write(index, host, &mut request);
        let started = Instant::now();
        let result = match stream.as_mut() {
            Some(open) => exchange(open, &request, &mut buffer),
            None => connect(address, load.timeout).and_then(|mut open| {
                outcome.connects += 1;
                let result = exchange(&mut open, &request, &mut buffer);
                stream = Some(open);
                result
            }),
        };
        match result {
            Ok((status, body, close)) => {
                outcome.latencies.record(started.elapsed());
                *outcome.statuses.entry(status).or_default() += 1;
                outcome.body_bytes += body as u64;
                failures = 0;
                if close {
                    stream = None;
                }
            }
            Err(error) => {
                outcome.errors += 1;
                outcome.first_error.get_or_insert(error);
                stream = None;
                failures += 1;
                if failures >= GIVE_UP_AFTER {
                    break;
                }
            }
        }
    }
    outcome
}

fn connect(address: SocketAddr, timeout: Duration) -> Result<TcpStream, String> {
    let stream = TcpStream::connect_timeout(&address, timeout)
        .map_err(|error| format!("cannot connect to {address}: {error}"))?;
    stream
        .set_nodelay(true)
        .and_then(|()| stream.set_read_timeout(Some(timeout)))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|error| format!("cannot set up the connection to {address}: {error}"))?;
    Ok(stream)
}

/// Sends `request` and reads its response whole: its status, body size and whether the
/// connection closes after it.
fn exchange(
    stream: &mut TcpStream,
    request: &[u8],
    buffer: &mut Vec<u8>,
) -> Result<(u16, usize, bool), String> {
    stream
        .write_all(request)
        .map_err(|error| format!("cannot send a request: {error}"))?;
    buffer.clear();
    let mut chunk = [0_u8; 16 * 1024];
    loop {
        let read = match stream.read(&mut chunk) {
            Ok(read) => read,
            Err(error) if error.kind() == ErrorKind::Interrupted => continue,
            Err(error) => return Err(format!("cannot read a response: {error}")),
        };
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(response) = frame(buffer, read == 0)? {
            // One request in flight: whatever follows the response is not ours to read.
            let close = response.close || response.length != buffer.len();
            return Ok((response.status, response.body, close));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::BufRead;
    use std::net::{Ipv4Addr, TcpListener};

    use super::*;

    fn requests() -> Requests {
        Requests {
            vdn_ids: 3,
            campaigns: Campaigns::Range(10),
            query: "?violate=x".to_owned(),
            headers: vec![("Authorization".to_owned(), "t".to_owned())],
        }
    }

    #[test]
    fn requests_cycle_over_their_parameters() {
        let requests = requests();
        let paths: Vec<String> = [0, 1, 2, 3, 9, 10, 29, 30]
            .map(|index| requests.path(index))
            .to_vec();
        let prefix = "/rest/isales/v1/openapi/campaigns/";
        let expected = ["1/1", "2/2", "3/3", "1/4", "1/10", "2/1", "3/10", "1/1"]
            .map(|ids| format!("{prefix}{ids}?violate=x"));
        assert_eq!(paths, expected);
        let mut bytes = Vec::new();
        requests.write(4, "127.0.0.1:9", &mut bytes);
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            format!(
                "GET {prefix}2/5?violate=x HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\
                 Authorization: t\r\n\r\n"
            )
        );
        let listed = Requests {
            campaigns: Campaigns::Listed(vec![52652, -3]),
            ..requests
        };
        assert_eq!(listed.campaigns.len(), 2);
        let paths: Vec<String> = (0..4).map(|index| listed.path(index)).collect();
        let expected =
            ["1/52652", "2/-3", "3/52652", "1/-3"].map(|ids| format!("{prefix}{ids}?violate=x"));
        assert_eq!(paths, expected);
    }

    /// A server on the loopback address that answers every request of a kept-alive
    /// connection with `{}` (chunked on every third), until the client leaves; the first
    /// request of each connection with a path ending in `/7` gets a 404 that closes it.
    fn stand_in() -> SocketAddr {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let address = listener.local_addr().expect("address");
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().expect("clone");
                    let mut reader = std::io::BufReader::new(stream);
                    let mut served = 0;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
                        loop {
                            let mut header = String::new();
                            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                                return;
                            }
                            if header == "\r\n" {
                                break;
                            }
                        }
                        served += 1;
                        let answer: &[u8] = if path.ends_with("/7") {
                            b"HTTP/1.1 404 Not Found\r\nConnection: close\r\n\
                              Content-Length: 0\r\n\r\n"
                        } else if served % 3 == 0 {
                            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                              1\r\n{\r\n1\r\n}\r\n0\r\n\r\n"
                        } else {
                            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
                        };
                        if writer.write_all(answer).is_err() || path.ends_with("/7") {
                            return;
                        }
                    }
                });
            }
        });
        address
    }

    #[test]
    fn a_run_against_a_stand_in_counts_every_response() {
        let address = stand_in();
        let requests = Requests {
            query: String::new(),
            ..requests()
        };
        let load = Load {
            connections: 4,
            requests: 200,
            duration: Duration::from_secs(20),
            timeout: Duration::from_secs(5),
        };
        let outcome = run(address, &requests, load);
        assert_eq!(outcome.errors, 0, "{:?}", outcome.first_error);
        assert_eq!(outcome.responses(), 200);
        assert_eq!(outcome.latencies.count(), 200);
        // Campaign 7 comes every tenth request.
        assert_eq!(outcome.non_2xx(), 20);
        assert_eq!(outcome.statuses.get(&404), Some(&20));
        assert_eq!(outcome.body_bytes, 180 * 2);
        assert_eq!(outcome.mean_body(), 1);
        // Each 404 closed its connection, which the next request of that thread reopened.
        assert!(outcome.connects >= 20, "{}", outcome.connects);
        assert!(outcome.throughput() > 0.0);
    }

    #[test]
    fn a_server_that_is_not_there_gives_errors_not_a_hang() {
        let address = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .expect("a free port");
        let load = Load {
            connections: 2,
            requests: 1_000,
            duration: Duration::from_secs(20),
            timeout: Duration::from_secs(1),
        };
        let outcome = run(address, &requests(), load);
        assert_eq!(outcome.responses(), 0);
        assert_eq!(outcome.errors, 2 * u64::from(GIVE_UP_AFTER));
        assert!(
            outcome
                .first_error
                .is_some_and(|error| error.contains("cannot connect"))
        );
    }
}
