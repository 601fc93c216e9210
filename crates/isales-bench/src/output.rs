//! Writes a corpus: one file per payload (with a manifest), and NDJSON captures of any size.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::corpus::Payload;

/// The manifest's name inside a payload directory: one line per file, `name<TAB>valid|invalid
/// <TAB>what it is`. Not a `.json` file, so validators given the directory skip it.
pub const MANIFEST: &str = "manifest.tsv";

/// The name of payload `index`'s file.
#[must_use]
pub fn file_name(index: usize) -> String {
    format!("payload-{index:05}.json")
}

/// Writes one file per payload into `dir` (created if missing; earlier payload files removed),
/// and the manifest.
///
/// # Errors
/// When a file cannot be written.
pub fn write_files(dir: &Path, payloads: &[Payload]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if name.starts_with("payload-") && name.ends_with(".json") {
            fs::remove_file(&path)?;
        }
    }
    let mut manifest = BufWriter::new(File::create(dir.join(MANIFEST))?);
    for (index, payload) in payloads.iter().enumerate() {
        let name = file_name(index);
        fs::write(dir.join(&name), &payload.bytes)?;
        writeln!(manifest, "{name}\t{}", payload.kind)?;
    }
    manifest.flush()
}

/// What [`write_ndjson`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Lines (payloads).
    pub lines: u64,
    /// Lines holding invalid payloads.
    pub invalid: u64,
    /// Bytes, line ends included.
    pub bytes: u64,
}

/// Writes payloads one per line until the next line would pass `size` bytes: the corpus over and
/// over, each pass in another order (a permutation fixed by the pass number), so a capture
/// larger than the corpus does not repeat it line for line.
///
/// # Errors
/// When the file cannot be written, or `payloads` is empty.
pub fn write_ndjson(path: &Path, payloads: &[Payload], size: u64) -> io::Result<Written> {
    if payloads.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no payloads to write",
        ));
    }
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        fs::create_dir_all(parent)?;
    }
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let mut written = Written {
        lines: 0,
        invalid: 0,
        bytes: 0,
    };
    let count = payloads.len() as u64;
    let mut pass = 0_u64;
    'passes: loop {
        // index * step + offset mod count visits every index once when step and count are
        // coprime; the step changes from pass to pass.
        let (step, offset) = permutation(count, pass);
        for position in 0..count {
            let index = (position * step + offset) % count;
            let payload = &payloads[usize::try_from(index).unwrap_or(0)];
            let line = payload.bytes.len() as u64 + 1;
            if written.bytes + line > size {
                break 'passes;
            }
            out.write_all(&payload.bytes)?;
            out.write_all(b"\n")?;
            written.lines += 1;
            written.bytes += line;
            written.invalid += u64::from(!payload.kind.is_valid());
        }
        pass += 1;
    }
    out.flush()?;
    Ok(written)
}

/// A step coprime with `count` and an offset for pass `pass` (pass 0 is the corpus order).
fn permutation(count: u64, pass: u64) -> (u64, u64) {
    if pass == 0 || count < 2 {
        return (1, 0);
    }
    let mut step = (pass * 7919) % count;
    while step == 0 || gcd(step, count) != 1 {
        step = (step + 1) % count;
    }
    (step, (pass * 104_729) % count)
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Parses a size such as `1G`, `500M`, `64K` or `1000` (powers of 1024).
///
/// # Errors
/// When the text is not a number with an optional K, M or G.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.char_indices().last() {
        Some((at, 'K' | 'k')) => (&text[..at], 1 << 10),
        Some((at, 'M' | 'm')) => (&text[..at], 1 << 20),
        Some((at, 'G' | 'g')) => (&text[..at], 1 << 30),
        _ => (text, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|number| number.checked_mul(unit))
        .ok_or_else(|| format!("`{text}` is not a size (a number with an optional K, M or G)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("1T").is_err());
        assert!(parse_size("").is_err());
    }

    #[test]
    fn every_pass_visits_every_payload_once() {
        for count in [1, 2, 10, 97, 10_000] {
            for pass in 0..5 {
                let (step, offset) = permutation(count, pass);
                let mut seen: Vec<u64> = (0..count).map(|i| (i * step + offset) % count).collect();
                seen.sort_unstable();
                seen.dedup();
                assert_eq!(seen.len() as u64, count, "count {count}, pass {pass}");
            }
        }
    }
}
