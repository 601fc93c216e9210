//! `isales-contract mock`: the `isales-mock` server run from the command line. This module
//! turns the flags into options, binds, announces the address as the first line of standard
//! output (`listening on http://HOST:PORT`, flushed at once: scripts and benchmarks wait for
//! it), serves until SIGINT or SIGTERM (or, with `--exit-on-stdin-close`, the end of
//! standard input), and prints the coverage summary on standard error.

use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs as _};

use std::sync::Arc;

use isales_mock::{Fixtures, LogFormat, Options, Recorder, Server};

use crate::Exit;
use crate::cli::{MockArgs, MockLogFormat};

/// Runs `mock` until a signal stops it.
pub fn mock(args: &MockArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    match run(args, out, err) {
        Ok(()) => Exit::Success,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Exit::Trouble
        }
    }
}

fn run(args: &MockArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), String> {
    let address = address(&args.host, args.port)?;
    let fixtures = match &args.from {
        Some(path) => Some(Arc::new(fixtures(path, args.allow_invalid_fixtures, err)?)),
        None => None,
    };
    let recorder = match &args.record {
        Some(path) => Some(Arc::new(Recorder::create(path).map_err(|error| {
            format!("cannot create {}: {error}", crate::shown::path(path))
        })?)),
        None => None,
    };
    let options = Options {
        seed: args.seed,
        log_format: match args.log_format {
            MockLogFormat::Text => LogFormat::Text,
            MockLogFormat::Json => LogFormat::Json,
            MockLogFormat::Off => LogFormat::Off,
        },
        cache_capacity: args.cache,
        workers: args.workers.map(usize::from),
        fixtures,
        recorder,
    };
    let mut server = Server::bind(address, options)
        .map_err(|error| format!("cannot listen on {address}: {error}"))?;
    // Before the address is announced: a client may signal as soon as it reads it.
    server
        .catch_signals()
        .map_err(|error| format!("cannot handle signals: {error}"))?;
    if args.exit_on_stdin_close {
        let stop = server.stop_handle();
        std::thread::spawn(move || {
            // Whatever comes in is read and dropped; the end of it (or an error) stops.
            let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
            stop.stop();
        });
    }
    writeln!(out, "listening on http://{}", server.local_addr())
        .and_then(|()| out.flush())
        .map_err(|error| format!("cannot write the address: {error}"))?;
    let counts = server
        .run_until_signal()
        .map_err(|error| format!("the server stopped: {error}"))?;
    let _ = write!(err, "{counts}");
    let _ = err.flush();
    Ok(())
}

/// The fixtures of `--from`, every problem printed; refused when one fails, unless
/// `allow_invalid`.
fn fixtures(
    path: &std::path::Path,
    allow_invalid: bool,
    err: &mut dyn Write,
) -> Result<Fixtures, String> {
    let loaded = Fixtures::load(path)?;
    for problem in &loaded.problems {
        let _ = writeln!(err, "{problem}");
    }
    let count = loaded.fixtures.len();
    if !loaded.problems.is_empty() {
        if !allow_invalid {
            return Err(format!(
                "{} problem(s) in the fixtures of {}; fix them, or serve them anyway with \
                 --allow-invalid-fixtures",
                loaded.problems.len(),
                crate::shown::path(path)
            ));
        }
        let _ = writeln!(
            err,
            "warning: serving {count} fixture(s) despite {} problem(s)",
            loaded.problems.len()
        );
    }
    let _ = writeln!(
        err,
        "serving {count} fixture(s) from {}",
        crate::shown::path(path)
    );
    Ok(loaded.fixtures)
}

/// The socket address of `--host` and `--port`: an IP address, or a name resolved to its
/// first address.
fn address(host: &str, port: u16) -> Result<SocketAddr, String> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    (host, port)
        .to_socket_addrs()
        .map_err(|error| format!("cannot resolve --host {host}: {error}"))?
        .next()
        .ok_or_else(|| format!("--host {host} resolves to no address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_addresses_or_names() {
        assert_eq!(
            address("127.0.0.1", 80).map(|a| a.to_string()),
            Ok("127.0.0.1:80".to_owned())
        );
        assert_eq!(
            address("[::1]", 0).map(|a| a.to_string()),
            Ok("[::1]:0".to_owned())
        );
        assert!(address("localhost", 1).is_ok());
    }
}
