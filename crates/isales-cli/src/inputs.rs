//! From the `PATH` arguments to a sorted list of inputs, each with its format.
//!
//! An argument is `-` or `/dev/stdin` (standard input), an existing file (taken whatever its
//! extension), an existing directory (searched recursively for `.json`, `.ndjson`, `.jsonl`
//! and `.har`), or a glob pattern (matched by `globset` while walkdir walks the pattern's
//! literal leading directories: `*`, `?` and `[...]` never cross a `/`, `**` crosses any number
//! of them, `{a,b}` is either; a pattern that matches nothing is a problem of its own). A
//! file matched by a pattern is taken whatever its extension, a directory matched by one is
//! searched like a directory argument. Files are deduplicated by their canonical path (`a.json`,
//! `./a.json`, its absolute path and a link to it are one input, reported under the first
//! spelling met) and sorted by path so the report's order never depends on the file system or
//! on thread scheduling.
//!
//! `--exclude GLOB` (repeatable) leaves paths out: a pattern without `/` matches a file or
//! directory name at any depth (`--exclude fixtures`, `--exclude '*.bad.json'`), one with `/`
//! matches the path as found or any trailing part of it (`--exclude 'captures/old/**'`); a
//! directory left out is not walked. Paths typed on the command line are held to it with the
//! directories they name (`old/a.json` is left out by `--exclude old`); standard input never is.
//!
//! Only regular files are opened. A FIFO, socket or device named on the command line is
//! unreadable (its type is checked before any `open`, which on a FIFO without a writer would
//! wait forever); one found in a directory or by a pattern is skipped with a note. Symbolic
//! links named on the command line, or matched by a pattern, are followed, as the user meant
//! them; links met while walking a directory (or passed through by a pattern's walk) are
//! skipped, with a note in a directory, unless `--follow-symlinks`, under which walkdir notices
//! a link back to a directory being walked and the loop is a note, not a hang.
//!
//! The format comes from the extension; when the extension says nothing (`capture.log`,
//! standard input) the first bytes decide ([`sniff`]). Sniffing never merges lines: reading
//! NDJSON as one document would give a whole capture one verdict, while reading a one-line
//! document as NDJSON gives it the same single verdict, so whatever is ambiguous is NDJSON.

use std::fs::FileType;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::shown;

/// How a file holds its payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The whole file is one payload.
    Json,
    /// One payload per line.
    Ndjson,
    /// An HTTP Archive: payloads are response bodies of matching entries.
    Har,
}

impl Format {
    /// The format an extension stands for.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "har" => Some(Format::Har),
            _ => None,
        }
    }
}

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

/// One input to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where its bytes come from.
    pub origin: Origin,
    /// The format named by the extension; `None` means "look at the content".
    pub format: Option<Format>,
}

impl Input {
    /// The name reports use.
    #[must_use]
    pub fn name(&self) -> String {
        match &self.origin {
            Origin::Stdin => "<stdin>".to_owned(),
            Origin::File(path) => path.display().to_string(),
        }
    }
}

/// An argument that names nothing readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The argument or path.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// What the arguments name: the inputs, sorted and deduplicated; the arguments (or parts of
/// directories) that could not be read; and notes on what was passed over on purpose
/// (special files and symbolic links met in directories, link loops).
#[derive(Debug, Default)]
pub struct Expanded {
    /// The inputs, sorted by origin.
    pub inputs: Vec<Input>,
    /// What could not be read, and why.
    pub unreadable: Vec<Unreadable>,
    /// One sentence per file skipped on purpose, its name escaped for people.
    pub notes: Vec<String>,
}

/// How the arguments are expanded.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// Follow symbolic links met while walking directories and patterns (links named on the
    /// command line, or matched by a pattern, are always followed).
    pub follow_symlinks: bool,
    /// The paths to leave out.
    pub exclude: Exclude,
}

/// The `--exclude` patterns, compiled into one set.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    set: globset::GlobSet,
}

/// A glob as the command reads it: `*`, `?` and `[...]` stop at `/`, `**` does not.
fn glob(pattern: &str) -> Result<globset::Glob, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|error| error.kind().to_string())
}

/// clap value parser of `--exclude`: a pattern the command can compile.
///
/// # Errors
/// When the pattern is not a valid glob; the message says why.
pub fn parse_exclude(text: &str) -> Result<String, String> {
    match exclude_variants(text)
        .iter()
        .try_for_each(|variant| glob(variant).map(drop))
    {
        Ok(()) => Ok(text.to_owned()),
        Err(reason) => Err(format!("not a valid glob pattern: {reason}")),
    }
}

/// The globs one `--exclude` pattern stands for: the pattern (without a leading `./` or a
/// trailing `/`), the directory a trailing `/**` names (so the walk prunes it), and each of
/// those below any directory unless the pattern is anchored by a leading `/` or `**/`.
fn exclude_variants(pattern: &str) -> Vec<String> {
    let trimmed = pattern.strip_prefix("./").unwrap_or(pattern);
    let without_slash = trimmed.trim_end_matches('/');
    let trimmed = if without_slash.is_empty() {
        trimmed
    } else {
        without_slash
    };
    let mut variants = vec![trimmed.to_owned()];
    if let Some(directory) = trimmed.strip_suffix("/**")
        && !directory.is_empty()
    {
        variants.push(directory.to_owned());
    }
    if !trimmed.starts_with('/') && !trimmed.starts_with("**") {
        let below: Vec<String> = variants
            .iter()
            .map(|variant| format!("**/{variant}"))
            .collect();
        variants.extend(below);
    }
    variants
}

impl Exclude {
    /// The set of `patterns`.
    ///
    /// # Errors
    /// When a pattern is not a valid glob (the command line's parser has already refused it).
    pub fn new(patterns: &[String]) -> Result<Exclude, String> {
        let mut builder = globset::GlobSetBuilder::new();
        for pattern in patterns {
            for variant in exclude_variants(pattern) {
                let glob = glob(&variant).map_err(|reason| {
                    format!("--exclude {pattern}: not a valid glob pattern: {reason}")
                })?;
                builder.add(glob);
            }
        }
        let set = builder.build().map_err(|error| error.to_string())?;
        Ok(Exclude { set })
    }

    /// Whether a path met while walking is left out (a leading `./` is not part of it).
    #[must_use]
    pub fn matches(&self, path: &Path) -> bool {
        if self.set.is_empty() {
            return false;
        }
        let path = path.strip_prefix(".").unwrap_or(path);
        !path.as_os_str().is_empty() && self.set.is_match(path)
    }

    /// Whether a path typed on the command line is left out: it, or a directory it names.
    #[must_use]
    pub fn matches_typed(&self, path: &Path) -> bool {
        !self.set.is_empty() && path.ancestors().any(|ancestor| self.matches(ancestor))
    }
}

/// The inputs named by the arguments, walked as `walk` says.
#[must_use]
pub fn expand(arguments: &[String], walk: &Walk) -> Expanded {
    let mut found = Expanded::default();
    let mut excluded = 0;
    for argument in arguments {
        if argument == "-" || argument == "/dev/stdin" {
            found.inputs.push(Input {
                origin: Origin::Stdin,
                format: None,
            });
            continue;
        }
        let path = Path::new(argument);
        match std::fs::metadata(path) {
            Ok(_) if walk.exclude.matches_typed(path) => excluded += 1,
            Ok(metadata) if metadata.is_dir() => walk_directory(path, walk, &mut found),
            Ok(metadata) if metadata.is_file() => found.inputs.push(Input {
                origin: Origin::File(path.to_owned()),
                format: Format::from_path(path),
            }),
            Ok(metadata) => found.unreadable.push(Unreadable {
                name: argument.clone(),
                reason: not_regular(metadata.file_type()),
            }),
            Err(error) if error.kind() == io::ErrorKind::NotFound && is_pattern(argument) => {
                if !expand_pattern(argument, walk, &mut found) {
                    excluded += 1;
                }
            }
            Err(error) => found.unreadable.push(Unreadable {
                name: argument.clone(),
                reason: describe_io(&error),
            }),
        }
    }
    if excluded > 0 {
        found.notes.push(format!(
            "left out {excluded} {} named on the command line: --exclude matches {}",
            if excluded == 1 { "path" } else { "paths" },
            if excluded == 1 { "it" } else { "them" },
        ));
    }
    // One directory walked without following links meets every file once; anything else may
    // reach a file twice, under two spellings or through a link.
    let may_repeat = arguments.len() > 1
        || walk.follow_symlinks
        || arguments.iter().any(|argument| is_pattern(argument));
    dedupe(&mut found.inputs, may_repeat);
    found
}

/// Keeps the first input of each file (by canonical path when `by_file`, else by spelling),
/// then sorts them by path.
fn dedupe(inputs: &mut Vec<Input>, by_file: bool) {
    if by_file {
        let mut canonical = Canonical::default();
        let mut seen = std::collections::HashSet::new();
        inputs.retain(|input| {
            seen.insert(match &input.origin {
                Origin::Stdin => None,
                Origin::File(path) => Some(canonical.of(path)),
            })
        });
    }
    inputs.sort_by(|a, b| a.origin.cmp(&b.origin));
    inputs.dedup_by(|a, b| a.origin == b.origin);
}

/// Canonical paths of files for one expansion. `fs::canonicalize` resolves every component
/// of every path, a system call each; a file that is not a link is instead its directory's
/// canonical path (resolved once per directory) joined with its name, which costs one
/// `lstat`. 10,000 files named as arguments: deduplicating them costs 15 ms of CPU time
/// instead of 36.
#[derive(Debug, Default)]
struct Canonical {
    directories: std::collections::HashMap<PathBuf, Option<PathBuf>>,
}

impl Canonical {
    /// The canonical path of `path`; a file that vanished since it was found keeps its own
    /// spelling (reading it will say what happened).
    fn of(&mut self, path: &Path) -> PathBuf {
        let plain = std::fs::symlink_metadata(path)
            .is_ok_and(|metadata| !metadata.file_type().is_symlink());
        if plain && let Some(name) = path.file_name() {
            let directory = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            let resolved = self
                .directories
                .entry(directory.to_owned())
                .or_insert_with(|| std::fs::canonicalize(directory).ok());
            if let Some(resolved) = resolved {
                return resolved.join(name);
            }
        }
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
    }
}

/// What a file that is neither regular nor a directory is, in a few words.
fn kind_of(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO";
        } else if file_type.is_socket() {
            return "a socket";
        } else if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// Why a special file named on the command line is not read.
fn not_regular(file_type: FileType) -> String {
    format!(
        "not a regular file ({}); pipe it to standard input with `-` instead",
        kind_of(file_type)
    )
}

fn is_pattern(argument: &str) -> bool {
    argument.contains(['*', '?', '[', '{'])
}

fn walk_directory(dir: &Path, walk: &Walk, found: &mut Expanded) {
    let exclude = &walk.exclude;
    // In name order, so the notes about what a walk passed over come in the same order on
    // every file system.
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(walk.follow_symlinks)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !exclude.matches(entry.path()));
    for entry in entries {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if let Some(format) = Format::from_path(entry.path()) {
                    found.inputs.push(Input {
                        origin: Origin::File(entry.into_path()),
                        format: Some(format),
                    });
                }
            }
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) if entry.file_type().is_symlink() => found.notes.push(format!(
                "skipped {}: a symbolic link in a directory (--follow-symlinks follows it)",
                shown::name(&entry.path().display().to_string())
            )),
            Ok(entry) => found.notes.push(format!(
                "skipped {}: not a regular file ({})",
                shown::name(&entry.path().display().to_string()),
                kind_of(entry.file_type())
            )),
            Err(error) => walk_error(&error, dir, found),
        }
    }
}

/// A problem met while walking under `root`: a link loop is a note, anything else unreadable.
fn walk_error(error: &walkdir::Error, root: &Path, found: &mut Expanded) {
    if let Some(ancestor) = error.loop_ancestor() {
        let name = error.path().unwrap_or(root).display().to_string();
        let ancestor = ancestor.display().to_string();
        found.notes.push(format!(
            "skipped {}: a symbolic link loop back to {}",
            shown::name(&name),
            shown::name(&ancestor)
        ));
    } else {
        found.unreadable.push(Unreadable {
            name: error.path().unwrap_or(root).display().to_string(),
            reason: error
                .io_error()
                .map_or_else(|| error.to_string(), describe_io),
        });
    }
}

/// Where a pattern's walk starts and how deep it goes: its leading components without
/// metacharacters (`""` when the first has one, `/` for `/*.json`), and the number of
/// components after them, or `None` when `**` or an alternation (which may hold a `/`) can
/// match at any depth.
fn pattern_base(pattern: &str) -> (&str, Option<usize>) {
    let components: Vec<&str> = pattern.split('/').collect();
    let has_meta = |component: &&str| component.contains(['*', '?', '[', '{', '\\']);
    let literal = components
        .iter()
        .take_while(|component| !has_meta(component))
        .count()
        .min(components.len().saturating_sub(1));
    let length: usize = components[..literal].iter().map(|c| c.len() + 1).sum();
    let base = match &pattern[..length.saturating_sub(1)] {
        "" if literal > 0 => "/",
        base => base,
    };
    let rest = &components[literal..];
    let unbounded = pattern.contains('{') || rest.iter().any(|component| component.contains("**"));
    (base, (!unbounded).then_some(rest.len()))
}

/// Adds what `pattern` matches; gives `false` when `--exclude` leaves out the directory the
/// pattern starts in (so it matches nothing by the user's choice).
fn expand_pattern(pattern: &str, walk: &Walk, found: &mut Expanded) -> bool {
    let matcher = match glob(pattern) {
        Ok(glob) => glob.compile_matcher(),
        Err(reason) => {
            found.unreadable.push(Unreadable {
                name: pattern.to_owned(),
                reason: format!("not a valid glob pattern: {reason}"),
            });
            return true;
        }
    };
    let (base, depth) = pattern_base(pattern);
    let root = Path::new(if base.is_empty() { "." } else { base });
    if !base.is_empty() && walk.exclude.matches_typed(root) {
        return false;
    }
    let exclude = &walk.exclude;
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(walk.follow_symlinks)
        .sort_by_file_name();
    if let Some(depth) = depth {
        walker = walker.max_depth(depth);
    }
    let before = found.inputs.len() + found.unreadable.len() + found.notes.len();
    let entries = walker
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !exclude.matches(entry.path()));
    for entry in entries {
        let entry = match entry {
            Ok(entry) if entry.depth() == 0 => continue,
            Ok(entry) => entry,
            // The pattern's directory does not exist: nothing matches, said below.
            Err(error)
                if error.depth() == 0
                    && error
                        .io_error()
                        .is_some_and(|io| io.kind() == io::ErrorKind::NotFound) =>
            {
                continue;
            }
            Err(error) => {
                walk_error(&error, root, found);
                continue;
            }
        };
        // Matched as typed: `*.json` against `a.json`, not `./a.json`.
        let path = if base.is_empty() {
            entry.path().strip_prefix(".").unwrap_or(entry.path())
        } else {
            entry.path()
        };
        if !matcher.is_match(path) {
            continue;
        }
        let path = path.to_owned();
        // A link the pattern names is followed, as a link typed on the command line is.
        let file_type = if entry.file_type().is_symlink() {
            std::fs::metadata(&path).map(|metadata| metadata.file_type())
        } else {
            Ok(entry.file_type())
        };
        match file_type {
            Ok(file_type) if file_type.is_dir() => walk_directory(&path, walk, found),
            Ok(file_type) if file_type.is_file() => found.inputs.push(Input {
                format: Format::from_path(&path),
                origin: Origin::File(path),
            }),
            Ok(file_type) => found.notes.push(format!(
                "skipped {}: not a regular file ({})",
                shown::name(&path.display().to_string()),
                kind_of(file_type)
            )),
            Err(error) => found.unreadable.push(Unreadable {
                name: path.display().to_string(),
                reason: describe_io(&error),
            }),
        }
    }
    if found.inputs.len() + found.unreadable.len() + found.notes.len() == before {
        found.unreadable.push(Unreadable {
            name: pattern.to_owned(),
            reason: "no file matches this pattern".to_owned(),
        });
    }
    true
}

/// An I/O error in a few words, without the OS error number.
#[must_use]
pub fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_owned(),
                None => text,
            }
        }
    }
}

/// A reader that yields the bytes [`sniff`] looked at, then the rest.
pub type Sniffed<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// How many bytes [`sniff`] looks at.
pub const SNIFF_BYTES: usize = 256 * 1024;

/// What [`sniff`] decided, and why when the content alone could not settle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guess {
    /// The format the input is read as.
    pub format: Format,
    /// Set when a non-empty input was read as NDJSON only because nothing showed it to be
    /// one document: why, for a note to the user.
    pub ambiguous: Option<&'static str>,
}

impl Guess {
    fn sure(format: Format) -> Self {
        Guess {
            format,
            ambiguous: None,
        }
    }
}

/// Reads up to [`SNIFF_BYTES`] from `reader`, decides the format from them, and gives back a
/// reader that still yields every byte.
///
/// # Errors
/// When reading fails.
pub fn sniff<R: Read>(mut reader: R) -> io::Result<(Guess, Sniffed<R>)> {
    let mut prefix = Vec::with_capacity(8 * 1024);
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)?;
    let whole = prefix.len() < SNIFF_BYTES;
    let guess = guess(&prefix, whole);
    Ok((guess, io::Cursor::new(prefix).chain(reader)))
}

/// The format of a text that starts with `prefix` (`whole` when the prefix is the whole text),
/// decided in this order:
/// - HAR when the top-level object opens with a `"log"` member;
/// - NDJSON when the first line that is neither blank nor a comment (`#`, `//`) is a complete
///   JSON value followed by a newline;
/// - one document when the text is one JSON value (on one line or many), or when the prefix
///   is the start of a value that spans lines and the text goes on past it (a large
///   pretty-printed document), and for UTF-16 text, which has no lines to keep;
/// - NDJSON otherwise (empty text, comments, a first line that is malformed or longer than
///   the prefix): one record per line, so no line's verdict is lost. A document on one line
///   read this way still gets its one verdict.
#[must_use]
pub fn guess(prefix: &[u8], whole: bool) -> Guess {
    if prefix.starts_with(b"\xFF\xFE") || prefix.starts_with(b"\xFE\xFF") {
        return Guess::sure(Format::Json);
    }
    let text = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let rest = trim_start(text);
    if let Some(after_brace) = rest.strip_prefix(b"{")
        && trim_start(after_brace).starts_with(b"\"log\"")
    {
        return Guess::sure(Format::Har);
    }
    let mut lines = text.split_inclusive(|byte| *byte == b'\n');
    let first = lines.find(|line| !(line.trim_ascii().is_empty() || is_comment(line)));
    if let Some(line) = first
        && let Some(value) = line.strip_suffix(b"\n")
        && serde_json::from_slice::<serde::de::IgnoredAny>(value).is_ok()
    {
        return Guess::sure(Format::Ndjson);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let parsed = serde::Deserialize::deserialize(&mut deserializer)
        .map(|_: serde::de::IgnoredAny| ())
        .and_then(|()| deserializer.end());
    let spans_lines = memchr::memchr(b'\n', text.trim_ascii()).is_some();
    match parsed {
        Ok(()) if !rest.is_empty() => Guess::sure(Format::Json),
        Err(error) if error.is_eof() && !whole && spans_lines => Guess::sure(Format::Json),
        _ if rest.is_empty() => Guess::sure(Format::Ndjson),
        _ => Guess {
            format: Format::Ndjson,
            ambiguous: Some(
                if first.is_some_and(|line| !line.ends_with(b"\n")) && !whole {
                    "its first line is longer than the part looked at to decide"
                } else {
                    "it is not one JSON document and its first line is not a complete JSON value"
                },
            ),
        },
    }
}

/// Whether a line is a comment (`#` or `//` first), as annotated NDJSON captures have.
#[must_use]
pub fn is_comment(line: &[u8]) -> bool {
    let text = line.trim_ascii_start();
    text.starts_with(b"#") || text.starts_with(b"//")
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(text: &[u8]) -> Format {
        guess(text, true).format
    }

    #[test]
    fn guesses_formats_from_content() {
        assert_eq!(format(b"{\"log\": {\"entries\": []}}"), Format::Har);
        assert_eq!(format(b"\xEF\xBB\xBF{\n  \"log\" : {"), Format::Har);
        assert_eq!(format(b"{\"a\": 1}\n{\"a\": 2}\n"), Format::Ndjson);
        assert_eq!(format(b"{\"a\": 1}\r\n\r\n{\"a\": 2}"), Format::Ndjson);
        assert_eq!(
            format(b"{\"a\": 1}\n"),
            Format::Ndjson,
            "a value and a newline"
        );
        assert_eq!(format(b"{\"a\": 1}"), Format::Json, "one value, no newline");
        assert_eq!(
            format(b"{\n  \"a\": 1\n}\n"),
            Format::Json,
            "a document on lines"
        );
        assert_eq!(format(b"\xFF\xFE{\x00"), Format::Json, "UTF-16");
    }

    #[test]
    fn ambiguous_text_keeps_one_record_per_line() {
        let sure = |text: &[u8]| guess(text, true).ambiguous.is_none();
        // A malformed first line: a document would swallow every later line.
        assert_eq!(format(b"{\"a\": \n{\"a\": 2}\n"), Format::Ndjson);
        assert!(!sure(b"{\"a\": \n{\"a\": 2}\n"), "said to be a guess");
        assert_eq!(format(b"not json\n{\"a\": 2}\n"), Format::Ndjson);
        assert_eq!(format(b"not json at all"), Format::Ndjson);
        // Comments and blank lines before the first payload.
        assert_eq!(format(b"# captured today\n\n{\"a\": 1}\n"), Format::Ndjson);
        assert_eq!(format(b"// note\n{\"a\": 1}"), Format::Ndjson);
        // Empty input is an empty stream, not a malformed document.
        assert_eq!(format(b""), Format::Ndjson);
        assert_eq!(format(b" \n\n"), Format::Ndjson);
        assert!(sure(b""), "nothing to say about an empty stream");
        // A first line longer than the part looked at.
        let long = format!("{{\"a\": \"{}", "x".repeat(SNIFF_BYTES));
        let cut = guess(&long.as_bytes()[..SNIFF_BYTES], false);
        assert_eq!(cut.format, Format::Ndjson);
        assert!(cut.ambiguous.is_some_and(|why| why.contains("longer")));
        // A pretty-printed document longer than the part looked at stays one document.
        let pretty = format!("{{\n  \"a\": [\n{}", "    1,\n".repeat(SNIFF_BYTES / 6));
        assert_eq!(
            guess(&pretty.as_bytes()[..SNIFF_BYTES], false).format,
            Format::Json
        );
        // A document on lines whose text ends early could be NDJSON with a cut first line.
        assert_eq!(format(b"{\n  \"a\": 1,\n"), Format::Ndjson);
    }

    #[test]
    fn patterns_are_walked_from_their_literal_directories() {
        assert_eq!(pattern_base("captures/*.json"), ("captures", Some(1)));
        assert_eq!(pattern_base("a/b/*/x.ndjson"), ("a/b", Some(2)));
        assert_eq!(pattern_base("*.json"), ("", Some(1)));
        assert_eq!(pattern_base("/tmp/x/*.har"), ("/tmp/x", Some(1)));
        assert_eq!(pattern_base("/*.har"), ("/", Some(1)));
        assert_eq!(pattern_base("captures/**/*.json"), ("captures", None));
        assert_eq!(pattern_base("{a,b/c}/*.json"), ("", None));
        assert_eq!(pattern_base("./c/x?.json"), ("./c", Some(1)));
    }

    #[test]
    fn exclusions_match_names_anywhere_and_paths_by_their_ends() {
        let exclude = Exclude::new(&[
            "*.bad.json".to_owned(),
            "fixtures".to_owned(),
            "captures/old/**".to_owned(),
            "./tmp/".to_owned(),
        ])
        .expect("valid patterns");
        let left_out = |path: &str| exclude.matches(Path::new(path));
        assert!(left_out("a.bad.json"));
        assert!(left_out("./deep/down/a.bad.json"));
        assert!(!left_out("a.json"));
        assert!(left_out("tests/fixtures"), "a directory name, pruned");
        assert!(
            !left_out("tests/fixtures/a.json"),
            "under it: the walk pruned it"
        );
        assert!(exclude.matches_typed(Path::new("tests/fixtures/a.json")));
        assert!(
            left_out("captures/old"),
            "the directory itself, so it is pruned"
        );
        assert!(left_out("/srv/captures/old/a.json"));
        assert!(!left_out("captures/older/a.json"));
        assert!(left_out("tmp"));
        assert!(!left_out("."), "the working directory is never left out");
        assert!(!Exclude::default().matches_typed(Path::new("a.bad.json")));
        assert!(parse_exclude("{a,b").is_err_and(|message| message.contains("not a valid")));
        assert_eq!(parse_exclude("{a,b}/*.json"), Ok("{a,b}/*.json".to_owned()));
    }

    #[test]
    fn canonical_paths_resolve_directories_once_and_links_in_full() {
        let dir = std::env::temp_dir().join(format!("isales-cli-canonical-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a/b")).expect("dirs");
        std::fs::write(dir.join("a/b/x.json"), "{}").expect("write");
        let real = dir.canonicalize().expect("canonical").join("a/b/x.json");
        let mut canonical = Canonical::default();
        assert_eq!(canonical.of(&dir.join("a/b/x.json")), real);
        assert_eq!(canonical.of(&dir.join("a/b/../b/./x.json")), real);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("b/x.json", dir.join("a/link.json")).expect("link");
            std::os::unix::fs::symlink("a/b", dir.join("dir-link")).expect("link");
            assert_eq!(canonical.of(&dir.join("a/link.json")), real);
            assert_eq!(canonical.of(&dir.join("dir-link/x.json")), real);
        }
        let gone = dir.join("a/gone.json");
        assert_eq!(
            canonical.of(&gone),
            gone,
            "a vanished file keeps its spelling"
        );
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn extensions_name_formats() {
        assert_eq!(
            Format::from_path(Path::new("a/b.JSONL")),
            Some(Format::Ndjson)
        );
        assert_eq!(Format::from_path(Path::new("x.har")), Some(Format::Har));
        assert_eq!(Format::from_path(Path::new("x.json")), Some(Format::Json));
        assert_eq!(Format::from_path(Path::new("x.log")), None);
        assert_eq!(Format::from_path(Path::new("noext")), None);
    }

    #[test]
    fn sniffing_keeps_every_byte() {
        let text = b"{\"a\": 1}\n{\"a\": 2}\n".to_vec();
        let (guess, mut reader) = sniff(io::Cursor::new(text.clone())).expect("read");
        assert_eq!(guess.format, Format::Ndjson);
        let mut all = Vec::new();
        reader.read_to_end(&mut all).expect("read");
        assert_eq!(all, text);
    }
}
