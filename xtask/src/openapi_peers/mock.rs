//! Prism's mock server as a process this task owns: started in a process group of its own on
//! the loopback address, waited for until it accepts connections, and stopped by signalling
//! the whole group (TERM, then KILL if it lingers), also when the task fails halfway, since
//! [`Mock`] stops it when dropped.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How Prism makes up its responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `--dynamic`: a new body per request, from the schema, by json-schema-faker.
    Dynamic,
    /// The default: the document's examples, or one body Prism builds from the schema.
    Static,
}

impl Mode {
    pub(crate) const ALL: [Self; 2] = [Self::Dynamic, Self::Static];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Dynamic => "dynamic",
            Self::Static => "static",
        }
    }

    /// The arguments of `prism mock` that choose the mode.
    pub(crate) fn flags(self) -> &'static [&'static str] {
        match self {
            Self::Dynamic => &["--dynamic"],
            Self::Static => &[],
        }
    }
}

/// A port of the loopback address nobody listened on a moment ago.
pub(crate) fn free_port() -> Result<u16, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| format!("cannot find a free port: {error}"))
}

/// The arguments of `prism mock` serving `document` on `port` in `mode`.
pub(crate) fn arguments(document: &Path, port: u16, mode: Mode) -> Vec<String> {
    let mut arguments: Vec<String> = ["mock", "--host", "127.0.0.1", "--port"]
        .map(str::to_owned)
        .to_vec();
    arguments.push(port.to_string());
    arguments.extend(mode.flags().iter().map(|flag| (*flag).to_owned()));
    arguments.push(document.display().to_string());
    arguments
}

/// A running mock server.
#[derive(Debug)]
pub(crate) struct Mock {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
    stopped: bool,
}

/// How long Prism may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(90);
/// How long Prism may take to leave after TERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

impl Mock {
    /// Starts `program` (Prism) with `arguments`, its output going to `log`, and waits until
    /// `port` accepts connections.
    pub(crate) fn start(
        program: &Path,
        arguments: &[String],
        port: u16,
        log: &Path,
    ) -> Result<Self, String> {
        let output = File::create(log)
            .and_then(|file| Ok((file.try_clone()?, file)))
            .map_err(|error| format!("cannot create {}: {error}", log.display()))?;
        let child = Command::new(program)
            .args(arguments)
            .stdin(Stdio::null())
            .stdout(output.0)
            .stderr(output.1)
            .process_group(0)
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", program.display()))?;
        let mut mock = Self {
            child,
            address: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            log: log.to_path_buf(),
            stopped: false,
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = mock.child.try_wait() {
                mock.stopped = true;
                return Err(format!(
                    "Prism left before listening ({status}); its log, {}:\n{}",
                    log.display(),
                    mock.log_tail()
                ));
            }
            if TcpStream::connect_timeout(&mock.address, Duration::from_millis(200)).is_ok() {
                return Ok(mock);
            }
            if started.elapsed() > START_TIMEOUT {
                // Dropping `mock` stops it.
                return Err(format!(
                    "Prism did not listen on {} within {START_TIMEOUT:?}; its log:\n{}",
                    mock.address,
                    mock.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }

    /// The process Prism runs as (Node.js, the leader of its process group).
    pub(crate) fn id(&self) -> u32 {
        self.child.id()
    }

    /// The last lines of Prism's log.
    pub(crate) fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// Stops the server and everything it started; an error says what would not stop.
    pub(crate) fn stop(mut self) -> Result<(), String> {
        self.terminate()
    }

    fn terminate(&mut self) -> Result<(), String> {
        if self.stopped {
            return Ok(());
        }
        self.stopped = true;
        let group = format!("-{}", self.child.id());
        for signal in ["-TERM", "-KILL"] {
            // The group may be gone already; `kill` then fails, which is what we want.
            let _ = Command::new("kill")
                .args([signal, "--", &group])
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + STOP_TIMEOUT;
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return Ok(());
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Err(format!(
            "Prism (process group {}) did not stop",
            self.child.id()
        ))
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Err(error) = self.terminate() {
            eprintln!("error: {error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_is_a_flag_of_prism_mock() {
        let document = Path::new("doc.json");
        assert_eq!(
            arguments(document, 4010, Mode::Dynamic).join(" "),
            "mock --host 127.0.0.1 --port 4010 --dynamic doc.json"
        );
        assert_eq!(
            arguments(document, 4011, Mode::Static).join(" "),
            "mock --host 127.0.0.1 --port 4011 doc.json"
        );
    }
}
