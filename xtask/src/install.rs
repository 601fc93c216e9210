//! Tools from the package registries, installed locally at pinned versions: a Python virtual
//! environment filled by pip and an npm prefix, each in a directory of its own under
//! `target/`, nothing global. A tool is installed when a pinned package is missing or at
//! another version, and left alone otherwise, so a rerun starts at once.
//!
//! The tasks that compare ours with other tools (`bench-peers`, `openapi-peers`) name their
//! packages here and ask for the installed versions back, for the record.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// A package at the version a task pins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pin {
    pub name: &'static str,
    pub version: &'static str,
}

impl Pin {
    /// The requirement pip is given.
    pub(crate) fn pip_requirement(self) -> String {
        format!("{}=={}", self.name, self.version)
    }

    /// The specification npm is given.
    pub(crate) fn npm_spec(self) -> String {
        format!("{}@{}", self.name, self.version)
    }
}

/// The pins whose package is not installed at the pinned version, given what is installed.
pub(crate) fn missing(pins: &[Pin], installed: impl Fn(&str) -> Option<String>) -> Vec<Pin> {
    pins.iter()
        .copied()
        .filter(|pin| installed(pin.name).as_deref() != Some(pin.version))
        .collect()
}

/// A step of an installation that failed.
#[derive(Debug)]
pub(crate) struct InstallError(pub String);

impl fmt::Display for InstallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Runs `command` to its end; its standard output, trimmed, or what it said on failing.
pub(crate) fn run(command: &mut Command) -> Result<String, InstallError> {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .map_err(|error| InstallError(format!("cannot run {shown}: {error}")))?;
    if !output.status.success() {
        return Err(InstallError(format!(
            "{shown} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn create_dir(dir: &Path) -> Result<(), InstallError> {
    std::fs::create_dir_all(dir)
        .map_err(|error| InstallError(format!("cannot create {}: {error}", dir.display())))
}

/// A Python virtual environment.
#[derive(Debug, Clone)]
pub(crate) struct PythonEnv {
    dir: PathBuf,
}

impl PythonEnv {
    /// The environment at `dir`, created with `python3 -m venv` if absent, with `pins`
    /// installed by its pip unless they are there at their versions.
    pub(crate) fn ensure(dir: &Path, pins: &[Pin]) -> Result<Self, InstallError> {
        let env = Self {
            dir: dir.to_path_buf(),
        };
        let wanted = missing(pins, |package| env.version(package));
        if wanted.is_empty() {
            return Ok(env);
        }
        let shown: Vec<String> = wanted.iter().map(|pin| pin.pip_requirement()).collect();
        eprintln!("installing {} into {}", shown.join(" "), dir.display());
        if let Some(parent) = dir.parent() {
            create_dir(parent)?;
        }
        if !env.python().exists() {
            run(Command::new("python3").arg("-m").arg("venv").arg(dir))?;
        }
        run(Command::new(env.program("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(&shown))?;
        Ok(env)
    }

    /// A program the environment's packages installed (or the environment's own, `python`).
    pub(crate) fn program(&self, name: &str) -> PathBuf {
        self.dir.join("bin").join(name)
    }

    fn python(&self) -> PathBuf {
        self.program("python")
    }

    /// The installed version of `package`, if it is installed.
    pub(crate) fn version(&self, package: &str) -> Option<String> {
        let output = Command::new(self.python())
            .args([
                "-c",
                "import sys, importlib.metadata as m; print(m.version(sys.argv[1]))",
                package,
            ])
            .output()
            .ok()
            .filter(|output| output.status.success())?;
        let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        (!version.is_empty()).then_some(version)
    }

    /// The interpreter's own version line (`Python 3.11.7`).
    pub(crate) fn python_version(&self) -> String {
        command_output(&self.python(), "--version")
    }
}

/// An npm prefix: packages under `node_modules/`, their programs in `node_modules/.bin/`.
#[derive(Debug, Clone)]
pub(crate) struct NpmPrefix {
    dir: PathBuf,
}

impl NpmPrefix {
    /// The prefix at `dir`, with `pins` installed by `npm install --prefix` unless they are
    /// there at their versions.
    pub(crate) fn ensure(dir: &Path, pins: &[Pin]) -> Result<Self, InstallError> {
        let prefix = Self {
            dir: dir.to_path_buf(),
        };
        let wanted = missing(pins, |package| prefix.version(package));
        if wanted.is_empty() {
            return Ok(prefix);
        }
        let shown: Vec<String> = wanted.iter().map(|pin| pin.npm_spec()).collect();
        eprintln!("installing {} into {}", shown.join(" "), dir.display());
        create_dir(dir)?;
        run(Command::new("npm")
            .arg("install")
            .arg("--prefix")
            .arg(dir)
            .args(["--no-audit", "--no-fund", "--loglevel=error"])
            .args(&shown))?;
        Ok(prefix)
    }

    /// A program a package installed.
    pub(crate) fn program(&self, name: &str) -> PathBuf {
        self.dir.join("node_modules/.bin").join(name)
    }

    /// The installed version of `package` (its `package.json`), if it is installed.
    pub(crate) fn version(&self, package: &str) -> Option<String> {
        let manifest = self
            .dir
            .join("node_modules")
            .join(package)
            .join("package.json");
        let text = std::fs::read_to_string(manifest).ok()?;
        let value: Value = serde_json::from_str(&text).ok()?;
        value["version"].as_str().map(str::to_owned)
    }
}

/// What `program argument` prints, trimmed; empty when it cannot run.
pub(crate) fn command_output(program: &Path, argument: &str) -> String {
    Command::new(program)
        .arg(argument)
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Node.js's version (`v20.20.2`), which the npm packages run on.
pub(crate) fn node_version() -> String {
    command_output(Path::new("node"), "--version")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINS: [Pin; 2] = [
        Pin {
            name: "a",
            version: "1.0.0",
        },
        Pin {
            name: "@scope/b",
            version: "2.1.0",
        },
    ];

    #[test]
    fn pins_are_spelt_for_each_client() {
        assert_eq!(PINS[0].pip_requirement(), "a==1.0.0");
        assert_eq!(PINS[1].npm_spec(), "@scope/b@2.1.0");
    }

    #[test]
    fn a_pin_is_missing_when_absent_or_at_another_version() {
        let none = missing(&PINS, |_| None);
        assert_eq!(none, PINS.to_vec());
        let all = missing(&PINS, |name| {
            Some(if name == "a" { "1.0.0" } else { "2.1.0" }.to_owned())
        });
        assert_eq!(all, Vec::new());
        let other = missing(&PINS, |name| {
            Some(if name == "a" { "1.0.0" } else { "2.0.0" }.to_owned())
        });
        assert_eq!(other, vec![PINS[1]]);
    }
}
