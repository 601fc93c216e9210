//! The streaming reader: `log.entries` of a HAR document, one entry at a time, each with its
//! text and its place in the file.
//!
//! A HAR file is one JSON document that can be hundreds of megabytes. [`stream_entries`] reads
//! it with `serde_json::Deserializer` and a chain of `DeserializeSeed` visitors (root → `log` →
//! `entries`) that hand each entry's raw text to a callback and keep nothing else, so memory is
//! bounded by the largest entry. A reader wrapper tracks the byte offset, line and column and
//! records the bytes of the entry being read, which gives each entry its text and its place in
//! the file without a second pass. The recording stops at the caller's size limit: a larger
//! entry is read on (serde skips its strings without keeping them) but its bytes are dropped,
//! so a 512 MB body costs no more memory than the limit, and the entry is marked too large.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, Read};

use isales_json::Position;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One entry of `log.entries`, as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// Index in `log.entries`, from 0.
    pub index: usize,
    /// The entry's JSON text, from its `{` to its `}`.
    pub text: Vec<u8>,
    /// The file position of the `{`.
    pub base: Position,
    /// Whether the entry was longer than the limit; its `text` is then empty.
    pub too_large: bool,
}

/// Why streaming a HAR file stopped early.
#[derive(Debug)]
pub enum HarError {
    /// Reading the file failed.
    Read(io::Error),
    /// The callback failed, with this error (the command's: writing its report).
    Callback(io::Error),
    /// The file is not a HAR document.
    Invalid(String),
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarError::Read(error) | HarError::Callback(error) => error.fmt(f),
            HarError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for HarError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HarError::Read(error) | HarError::Callback(error) => Some(error),
            HarError::Invalid(_) => None,
        }
    }
}

/// Where the reader is, and the bytes of the entry being read.
#[derive(Debug)]
struct Tracker {
    offset: usize,
    line: usize,
    column: usize,
    recording: Option<Vec<u8>>,
    /// The most bytes one recording keeps.
    limit: usize,
    /// Whether the current recording passed `limit` (and was dropped).
    overflowed: bool,
    /// Where the current recording's first byte other than whitespace or a comma is.
    first: Option<Position>,
}

impl Tracker {
    fn new(limit: usize) -> Self {
        Tracker {
            offset: 0,
            line: 1,
            column: 1,
            recording: None,
            limit,
            overflowed: false,
            first: None,
        }
    }

    fn position(&self) -> Position {
        Position {
            offset: self.offset,
            line: self.line,
            column: self.column,
        }
    }

    fn advance(&mut self, bytes: &[u8]) {
        for byte in bytes {
            if self.first.is_none()
                && self.recording.is_some()
                && !(byte.is_ascii_whitespace() || *byte == b',')
            {
                self.first = Some(self.position());
            }
            self.offset += 1;
            if *byte == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if *byte & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        if let Some(recording) = &mut self.recording {
            if recording.len() + bytes.len() > self.limit {
                // Drop what was kept: the entry will not be checked, so holding it is waste.
                *recording = Vec::new();
                self.overflowed = true;
            } else if !self.overflowed {
                recording.extend_from_slice(bytes);
            }
        }
    }

    fn start_recording(&mut self) -> Position {
        self.recording = Some(Vec::new());
        self.overflowed = false;
        self.first = None;
        self.position()
    }
}

/// A reader that reports every byte it hands out to a [`Tracker`].
struct Tracking<'t, R> {
    inner: R,
    tracker: &'t RefCell<Tracker>,
}

impl<R: Read> Read for Tracking<'_, R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.tracker.borrow_mut().advance(&buffer[..read]);
        Ok(read)
    }
}

struct Context<'t, F> {
    tracker: &'t RefCell<Tracker>,
    on_entry: F,
    callback_error: Option<io::Error>,
    saw_entries: bool,
    next_index: usize,
}

struct RootSeed<'c, 't, F>(&'c mut Context<'t, F>);
struct LogSeed<'c, 't, F>(&'c mut Context<'t, F>);
struct EntriesSeed<'c, 't, F>(&'c mut Context<'t, F>);

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> DeserializeSeed<'de> for RootSeed<'_, '_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> Visitor<'de> for RootSeed<'_, '_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR document (an object with a `log` member)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "log" {
                map.next_value_seed(LogSeed(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> DeserializeSeed<'de> for LogSeed<'_, '_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> Visitor<'de> for LogSeed<'_, '_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR `log` object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "entries" {
                map.next_value_seed(EntriesSeed(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> DeserializeSeed<'de> for EntriesSeed<'_, '_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(RawEntry) -> io::Result<()>> Visitor<'de> for EntriesSeed<'_, '_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR `log.entries` array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let context = self.0;
        context.saw_entries = true;
        loop {
            let mark = context.tracker.borrow_mut().start_recording();
            let next = seq.next_element::<IgnoredAny>()?;
            let (recorded, too_large, first) = {
                let mut tracker = context.tracker.borrow_mut();
                let recorded = tracker.recording.take().unwrap_or_default();
                (recorded, tracker.overflowed, tracker.first.unwrap_or(mark))
            };
            if next.is_none() {
                return Ok(());
            }
            // The recording starts before the separator and whitespace that precede the entry;
            // the tracker noted where the entry itself starts.
            let lead = recorded
                .iter()
                .position(|byte| !(byte.is_ascii_whitespace() || *byte == b','))
                .unwrap_or(recorded.len());
            let mut text = recorded;
            text.drain(..lead);
            while text.last().is_some_and(|byte| byte.is_ascii_whitespace()) {
                text.pop();
            }
            let entry = RawEntry {
                index: context.next_index,
                text,
                base: first,
                too_large,
            };
            context.next_index += 1;
            if let Err(error) = (context.on_entry)(entry) {
                context.callback_error = Some(error);
                return Err(de::Error::custom("the report could not be written"));
            }
        }
    }
}

/// Reads a HAR document from `reader` and calls `on_entry` with each entry of `log.entries`,
/// in order; an entry longer than `limit` bytes comes without its text, marked `too_large`.
/// Gives the number of entries.
///
/// # Errors
/// When reading fails, when the callback fails, or when the text is not a HAR document (the
/// message has the line and column).
pub fn stream_entries<R: Read>(
    reader: R,
    limit: usize,
    on_entry: impl FnMut(RawEntry) -> io::Result<()>,
) -> Result<usize, HarError> {
    let tracker = RefCell::new(Tracker::new(limit));
    let mut context = Context {
        tracker: &tracker,
        on_entry,
        callback_error: None,
        saw_entries: false,
        next_index: 0,
    };
    let mut deserializer = serde_json::Deserializer::from_reader(Tracking {
        inner: reader,
        tracker: &tracker,
    });
    let result = RootSeed(&mut context)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let Some(error) = context.callback_error {
        return Err(HarError::Callback(error));
    }
    match result {
        Err(error) if error.is_io() => Err(HarError::Read(io::Error::other(error.to_string()))),
        Err(error) => Err(HarError::Invalid(format!("not a valid HAR file: {error}"))),
        Ok(()) if !context.saw_entries => Err(HarError::Invalid(
            "not a HAR file: there is no `log.entries` array".to_owned(),
        )),
        Ok(()) => Ok(context.next_index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<RawEntry> {
        let mut seen = Vec::new();
        stream_entries(text.as_bytes(), usize::MAX, |entry| {
            seen.push(entry);
            Ok(())
        })
        .expect("a HAR");
        seen
    }

    #[test]
    fn streams_entries_with_their_text_and_position() {
        let har = "{\"log\": {\"version\": \"1.2\",\n  \"entries\": [\n    {\"a\": 1},\n    {\"b\": [2, \"é\"]}\n  ],\n  \"pages\": []}}\n";
        let seen = entries(har);
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].text, b"{\"a\": 1}");
        assert_eq!(seen[0].base.line, 3);
        assert_eq!(seen[0].base.column, 5);
        assert_eq!(
            &har.as_bytes()[seen[1].base.offset..][..seen[1].text.len()],
            seen[1].text.as_slice()
        );
        assert_eq!(seen[1].index, 1);
        assert_eq!(seen[1].base.line, 4);
    }

    #[test]
    fn columns_count_characters_and_entries_may_share_a_line() {
        // Two entries on one line after a multi-byte character: the column of the second
        // counts characters, its offset bytes.
        let har = "{\"log\": {\"comment\": \"中文\",\n\"entries\": [{\"x\": \"é\"}, {},\n\t{}]}}";
        let seen = entries(har);
        let places: Vec<(usize, usize, usize)> = seen
            .iter()
            .map(|entry| (entry.index, entry.base.line, entry.base.column))
            .collect();
        assert_eq!(places, [(0, 2, 13), (1, 2, 25), (2, 3, 2)]);
        for entry in &seen {
            assert_eq!(
                &har.as_bytes()[entry.base.offset..][..entry.text.len()],
                entry.text.as_slice()
            );
        }
        assert_eq!(seen[0].text, "{\"x\": \"é\"}".as_bytes());
    }

    #[test]
    fn entries_over_the_limit_come_without_their_text() {
        let big = "x".repeat(100);
        let har = format!(
            "{{\"log\": {{\"entries\": [\n  {{\"a\": 1}},\n  {{\"b\": \"{big}\"}},\n  {{\"c\": 3}}]}}}}"
        );
        let mut seen = Vec::new();
        stream_entries(har.as_bytes(), 64, |entry| {
            seen.push(entry);
            Ok(())
        })
        .expect("a HAR");
        let summary: Vec<(usize, bool, usize, usize)> = seen
            .iter()
            .map(|entry| {
                (
                    entry.index,
                    entry.too_large,
                    entry.text.len(),
                    entry.base.line,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [(0, false, 8, 2), (1, true, 0, 3), (2, false, 8, 4)]
        );
        assert_eq!(seen[1].base.column, 3);
        assert_eq!(&har.as_bytes()[seen[1].base.offset..][..5], b"{\"b\":");
    }

    #[test]
    fn rejects_what_is_not_a_har() {
        let no_entries = stream_entries(&b"{\"log\": {}}"[..], usize::MAX, |_| Ok(()));
        assert!(
            matches!(no_entries, Err(HarError::Invalid(message)) if message.contains("log.entries"))
        );
        let broken = stream_entries(
            &b"{\"log\": {\"entries\": [{]}}"[..],
            usize::MAX,
            |_| Ok(()),
        );
        assert!(matches!(broken, Err(HarError::Invalid(message)) if message.contains("line 1")));
        for text in [
            &b"[1, 2]"[..],
            b"\"log\"",
            b"",
            b"{\"log\": {\"entries\": {}}}",
        ] {
            let outcome = stream_entries(text, usize::MAX, |_| Ok(()));
            assert!(
                matches!(outcome, Err(HarError::Invalid(_))),
                "{:?}: {outcome:?}",
                String::from_utf8_lossy(text)
            );
        }
        let trailing = stream_entries(&b"{\"log\": {\"entries\": []}} x"[..], usize::MAX, |_| {
            Ok(())
        });
        assert!(
            matches!(trailing, Err(HarError::Invalid(_))),
            "{trailing:?}"
        );
    }

    #[test]
    fn a_failing_callback_stops_the_stream_with_its_error() {
        let har = b"{\"log\": {\"entries\": [{}, {}, {}]}}";
        let mut calls = 0;
        let outcome = stream_entries(&har[..], usize::MAX, |_| {
            calls += 1;
            Err(io::Error::other("closed"))
        });
        assert_eq!(calls, 1);
        assert!(
            matches!(&outcome, Err(HarError::Callback(error)) if error.to_string() == "closed"),
            "{outcome:?}"
        );
    }
}
