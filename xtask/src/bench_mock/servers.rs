//! The servers under load, as processes this task owns: our `isales-contract mock`, started on
//! a port the system picks and found by the first line it prints (`listening on
//! http://HOST:PORT`), stopped with SIGTERM as a user would stop it (and killed, with its
//! process group, only if it does not leave); and Prism's mock, through
//! [`crate::openapi_peers::mock`], which owns starting and stopping it. Either is stopped when
//! dropped, also when the task fails halfway.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::openapi_peers::mock::Mock;

/// How long our mock may take to say where it listens.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long it may take to leave after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// The first line our mock prints.
const LISTENING: &str = "listening on http://";

/// The address in our mock's first line.
pub(crate) fn listening_address(line: &str) -> Result<SocketAddr, String> {
    let rest = line.trim().strip_prefix(LISTENING).ok_or_else(|| {
        format!(
            "the mock's first line, `{}`, is not `{LISTENING}HOST:PORT`",
            line.trim()
        )
    })?;
    let authority = rest.trim_end_matches('/');
    // `localhost` is not an address; the task asks for 127.0.0.1 and expects it back.
    authority
        .parse()
        .map_err(|_| format!("`{authority}` in the mock's first line is not an address and port"))
}

/// The arguments of `isales-contract mock` for one scenario.
pub(crate) fn our_arguments(seed: u64, from: Option<&Path>) -> Vec<String> {
    let mut arguments: Vec<String> = ["mock", "--port", "0", "--host", "127.0.0.1", "--seed"]
        .map(str::to_owned)
        .to_vec();
    arguments.push(seed.to_string());
    if let Some(file) = from {
        arguments.push("--from".to_owned());
        arguments.push(file.display().to_string());
    }
    arguments
}

/// How a server left when asked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stopped {
    /// From the signal to the process's end.
    pub took: Duration,
    /// Its exit status, or how it was made to leave.
    pub how: String,
}

/// Our mock, running.
#[derive(Debug)]
pub(crate) struct OurMock {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
    stopped: bool,
}

impl OurMock {
    /// Starts `binary` with `arguments`, its standard error going to `log`, and waits for the
    /// line that says where it listens.
    pub(crate) fn start(binary: &Path, arguments: &[String], log: &Path) -> Result<Self, String> {
        let errors = File::create(log)
            .map_err(|error| format!("cannot create {}: {error}", log.display()))?;
        let mut child = Command::new(binary)
            .args(arguments)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(errors)
            .process_group(0)
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
        let stdout = child.stdout.take();
        let mut mock = Self {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            log: log.to_path_buf(),
            stopped: false,
        };
        let Some(stdout) = stdout else {
            return Err("the mock's standard output was not captured".to_owned());
        };
        // A thread reads the first line and then drains the rest, so that the mock never
        // blocks on a full pipe; the first line comes back through the channel.
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let first = reader.read_line(&mut line).map(|_| line);
            let _ = sender.send(first);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let first = match receiver.recv_timeout(START_TIMEOUT) {
            Ok(Ok(line)) => line,
            Ok(Err(error)) => return Err(format!("cannot read the mock's output: {error}")),
            Err(_) => {
                return Err(format!(
                    "the mock said nothing within {START_TIMEOUT:?}; its log:\n{}",
                    mock.log_tail()
                ));
            }
        };
        if first.is_empty() {
            return Err(format!(
                "`isales-contract {}` ended without saying where it listens; its log:\n{}",
                arguments.join(" "),
                mock.log_tail()
            ));
        }
        mock.address = listening_address(&first)?;
        Ok(mock)
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// Sends SIGTERM and waits; the process group is killed if it lingers.
    fn terminate(&mut self) -> Result<Stopped, String> {
        if self.stopped {
            return Ok(Stopped {
                took: Duration::ZERO,
                how: "already stopped".to_owned(),
            });
        }
        self.stopped = true;
        let pid = self.child.id().to_string();
        let group = format!("-{pid}");
        let started = Instant::now();
        for (signal, target) in [("-TERM", pid.as_str()), ("-KILL", group.as_str())] {
            let _ = Command::new("kill")
                .args([signal, "--", target])
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + STOP_TIMEOUT;
            while Instant::now() < deadline {
                if let Ok(Some(status)) = self.child.try_wait() {
                    return Ok(Stopped {
                        took: started.elapsed(),
                        how: describe(status, signal),
                    });
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        Err(format!("the mock (process {pid}) did not stop"))
    }
}

fn describe(status: ExitStatus, signal: &str) -> String {
    let what = status
        .code()
        .map_or_else(|| status.to_string(), |code| format!("exit status {code}"));
    if signal == "-KILL" {
        format!("killed after ignoring SIGTERM for {STOP_TIMEOUT:?} ({what})")
    } else {
        what
    }
}

impl Drop for OurMock {
    fn drop(&mut self) {
        if let Err(error) = self.terminate() {
            eprintln!("error: {error}");
        }
    }
}

/// A server under load.
#[derive(Debug)]
pub(crate) enum Server {
    Ours(OurMock),
    Prism(Mock),
}

impl Server {
    pub(crate) fn address(&self) -> SocketAddr {
        match self {
            Self::Ours(mock) => mock.address,
            Self::Prism(mock) => mock.address(),
        }
    }

    /// The process whose memory and CPU time are measured: ours, or Prism's Node.js.
    pub(crate) fn pid(&self) -> u32 {
        match self {
            Self::Ours(mock) => mock.child.id(),
            Self::Prism(mock) => mock.id(),
        }
    }

    /// Stops the server; how it left.
    pub(crate) fn stop(self) -> Result<Stopped, String> {
        match self {
            Self::Ours(mut mock) => mock.terminate(),
            Self::Prism(mock) => {
                let started = Instant::now();
                mock.stop()?;
                Ok(Stopped {
                    took: started.elapsed(),
                    how: "stopped with its process group".to_owned(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_gives_the_address() {
        assert_eq!(
            listening_address("listening on http://127.0.0.1:40123\n"),
            Ok(SocketAddr::from(([127, 0, 0, 1], 40123)))
        );
        assert_eq!(
            listening_address("listening on http://[::1]:8080/"),
            Ok("[::1]:8080".parse().expect("an address"))
        );
        for (line, fragment) in [
            (
                "Listening at 127.0.0.1:1",
                "is not `listening on http://HOST:PORT`",
            ),
            (
                "listening on http://localhost:1",
                "`localhost:1` in the mock's first line",
            ),
            (
                "listening on http://127.0.0.1",
                "is not an address and port",
            ),
        ] {
            let error = listening_address(line).expect_err(line);
            assert!(error.contains(fragment), "`{line}` gave `{error}`");
        }
    }

    #[test]
    fn our_mock_is_asked_for_a_free_port_on_the_loopback_address() {
        assert_eq!(
            our_arguments(7, None).join(" "),
            "mock --port 0 --host 127.0.0.1 --seed 7"
        );
        assert_eq!(
            our_arguments(1, Some(Path::new("f.ndjson"))).join(" "),
            "mock --port 0 --host 127.0.0.1 --seed 1 --from f.ndjson"
        );
    }
}
