//! `isales-contract mock`: the `isales-mock` server run from the command line. This module
//! turns the flags into options, binds, announces the address as the first line of standard
//! output (`listening on http://HOST:PORT`, flushed at once: scripts and benchmarks wait for
//! it), serves until SIGINT or SIGTERM (or, with `--exit-on-stdin-close`, the end of
//! standard input), and prints the coverage summary on standard error.

use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs as _};

use isales_mock::{LogFormat, Options, Server};

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
    let options = Options {
        seed: args.seed,
        log_format: match args.log_format {
            MockLogFormat::Text => LogFormat::Text,
            MockLogFormat::Json => LogFormat::Json,
            MockLogFormat::Off => LogFormat::Off,
        },
        cache_capacity: args.cache,
        workers: args.workers.map(usize::from),
    };
    let server = Server::bind(address, options)
        .map_err(|error| format!("cannot listen on {address}: {error}"))?;
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
