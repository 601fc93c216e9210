//! NDJSON input read in chunks of lines: blocks read straight into the chunk's buffer and
//! split at newlines where they lie, with no copy through a reader's buffer and no read call
//! per line.
//!
//! A chunk ends after [`Sizes::lines`] lines, once its lines hold [`Sizes::bytes`] bytes, or
//! after a line that filled the limit before its newline was read; and when it holds whole
//! lines and the input has no more at hand (its last read gave a fraction of what was asked),
//! so that lines a slow writer sends (a pipe, `tail -f`) are checked and reported as they
//! come instead of waiting for a chunk's worth of them. A file, and a pipe that keeps up,
//! fill what each read asks for.
//! The last block read usually runs past that line: what it holds of the next lines is carried
//! into the next chunk's buffer. A line longer than the limit is read to its end, but only its
//! first `limit` bytes are kept (it is reported as too large, never checked); so a chunk's
//! buffer holds at most its lines and the first `limit` bytes of one more, and the memory of
//! a huge line is the limit, whatever its length.
//!
//! Each line is what a reading of one line at a time gives (the tests hold the chunks to
//! one): without its `\n` or `\r\n`, cut at the limit, the last one with or without a
//! newline.

use std::io::{self, Read};
use std::ops::Range;

/// How large chunks and reads are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    /// Lines per chunk.
    pub(crate) lines: usize,
    /// Bytes of line text per chunk: a chunk ends at the first line that reaches it.
    pub(crate) bytes: usize,
    /// Bytes asked of the input per read.
    pub(crate) block: usize,
}

/// NDJSON lines read together: their bytes side by side in one buffer.
#[derive(Debug)]
pub(crate) struct Chunk {
    /// The buffer the lines are in (its bytes past the last line are no line's).
    pub(crate) text: Vec<u8>,
    /// The lines, in order.
    pub(crate) lines: Vec<Line>,
}

/// One NDJSON line as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// Its number in the input, from 1.
    pub(crate) number: usize,
    /// The offset of its first byte in the input.
    pub(crate) offset: usize,
    /// The bytes it took in the input, its newline included.
    pub(crate) consumed: usize,
    /// Where its bytes are in its chunk's text.
    pub(crate) range: Range<usize>,
    /// Whether it was longer than the limit (its bytes are then the first `limit`).
    pub(crate) cut: bool,
    /// Whether it holds only whitespace (and so no payload). The test stops at the first
    /// byte that is not whitespace: on a payload's line it costs one byte, read by the
    /// thread that just wrote it.
    pub(crate) blank: bool,
}

impl Line {
    /// The line's bytes, in the text of its chunk.
    pub(crate) fn bytes<'t>(&self, text: &'t [u8]) -> &'t [u8] {
        text.get(self.range.clone()).unwrap_or_default()
    }
}

/// Reads the chunks of one input, in order.
#[derive(Debug)]
pub(crate) struct ChunkReader<R> {
    input: R,
    sizes: Sizes,
    /// The most bytes of a line kept.
    limit: usize,
    /// The number of the next line.
    line: usize,
    /// The input's offset of the next line.
    offset: usize,
    /// Bytes read past the last line of the chunk before: how the lines after it begin.
    carry: Vec<u8>,
    /// Where the bytes of a line past the limit are read, to be counted and dropped.
    aside: Vec<u8>,
    /// Whether the input has ended.
    ended: bool,
    /// Whether the last read gave less than [`WAITING_READ`] of what it asked for: the input
    /// had no more at hand, and reading again may wait for its writer.
    waiting: bool,
    /// A failure to read that came after complete lines: those were the chunk, and this is
    /// the answer of the next call.
    failed: Option<io::Error>,
}

impl<R: Read> ChunkReader<R> {
    /// Reads `input` from its start, keeping at most `limit` bytes of a line.
    pub(crate) fn new(input: R, limit: usize, sizes: Sizes) -> Self {
        ChunkReader {
            input,
            sizes,
            limit,
            line: 1,
            offset: 0,
            carry: Vec::new(),
            aside: Vec::new(),
            ended: false,
            waiting: false,
            failed: None,
        }
    }

    /// The next chunk, read into `buffer`; no lines at the end of the input. What `buffer`
    /// held is overwritten, and its memory reused unless a long line grew it far past a
    /// chunk's size: that memory is given back rather than kept for the lines after it.
    ///
    /// # Errors
    /// When reading fails. The lines read whole before the failure come first, as a chunk:
    /// the failure is the answer of the call after.
    pub(crate) fn next_chunk(&mut self, mut buffer: Vec<u8>) -> io::Result<Chunk> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        let Sizes {
            lines: most_lines,
            bytes: most_bytes,
            block,
        } = self.sizes;
        if buffer.len() > 2 * most_bytes + block {
            buffer = Vec::new();
        }
        // The buffer is read into in place: its bytes stay initialized from one chunk to the
        // next, and only growing it writes zeros.
        let mut filled = self.carry.len();
        grow(&mut buffer, filled);
        if let Some(head) = buffer.get_mut(..filled) {
            head.copy_from_slice(&self.carry);
        }
        self.carry.clear();

        let mut lines = Vec::new();
        let mut kept = 0;
        // The line being read: where it starts, how far a newline was looked for, and how
        // many of its bytes past the limit were read and dropped.
        let mut start = 0;
        let mut looked = 0;
        let mut dropped = 0;
        while lines.len() < most_lines && kept < most_bytes {
            let unread = buffer.get(looked..filled).unwrap_or_default();
            // Where the line ends, and whether a newline ends it.
            let (end, newline) = match memchr::memchr(b'\n', unread) {
                Some(at) => (looked + at, true),
                // Whole lines are not held while the input waits for its writer.
                None if self.waiting && !lines.is_empty() && dropped == 0 => break,
                None if self.ended => {
                    if start == filled && dropped == 0 {
                        break;
                    }
                    (filled, false)
                }
                None => match self.read_more(&mut buffer, start, &mut filled, &mut dropped) {
                    Ok(More::From(at)) => {
                        looked = at;
                        continue;
                    }
                    Ok(More::LineEnded) => (filled, true),
                    Err(error) if !lines.is_empty() => {
                        self.failed = Some(error);
                        break;
                    }
                    Err(error) => return Err(error),
                },
            };
            // The line ended in what was read aside: what follows it is in `carry`.
            let carried = newline && end == filled;
            let length = end - start + dropped;
            let cut = length > self.limit;
            let mut last = start + (end - start).min(self.limit);
            if !cut && last > start && buffer.get(last - 1) == Some(&b'\r') {
                last -= 1;
            }
            let text = buffer.get(start..last).unwrap_or_default();
            let consumed = length + usize::from(newline);
            lines.push(Line {
                number: self.line,
                offset: self.offset,
                consumed,
                range: start..last,
                cut,
                blank: !cut && text.iter().all(u8::is_ascii_whitespace),
            });
            kept += last - start;
            self.line += 1;
            self.offset += consumed;
            start = (end + 1).min(filled);
            looked = start;
            dropped = 0;
            if carried {
                // A line read past the limit ends its chunk: what follows it waits in
                // `carry`, so that the buffer, which holds the line's first `limit` bytes,
                // does not grow again for it.
                break;
            }
        }
        self.carry
            .extend_from_slice(buffer.get(start..filled).unwrap_or_default());
        Ok(Chunk {
            text: buffer,
            lines,
        })
    }

    /// Reads more of the line that starts at `start` in `buffer` and has no newline in its
    /// `filled` bytes yet. The line's first `limit` bytes are read into the buffer, the rest
    /// aside: those are only counted (`dropped`), and what follows the line's newline waits
    /// in `carry` for the next chunk. So the buffer holds at most a chunk's lines and the
    /// first `limit` bytes of one more.
    fn read_more(
        &mut self,
        buffer: &mut Vec<u8>,
        start: usize,
        filled: &mut usize,
        dropped: &mut usize,
    ) -> io::Result<More> {
        let keep = start.saturating_add(self.limit);
        if *filled > keep {
            // Carried in from the chunk before, past the limit.
            *dropped += *filled - keep;
            *filled = keep;
        }
        let block = self.sizes.block;
        if *filled < keep {
            let want = block.min(keep - *filled);
            grow(buffer, *filled + want);
            let room = buffer.get_mut(*filled..*filled + want).unwrap_or_default();
            let read = read_some(&mut self.input, room)?;
            self.ended = read == 0;
            self.waiting = read < want / WAITING_READ;
            let added = *filled;
            *filled += read;
            return Ok(More::From(added));
        }
        grow(&mut self.aside, block);
        let room = self.aside.get_mut(..block).unwrap_or_default();
        let read = read_some(&mut self.input, room)?;
        self.ended = read == 0;
        self.waiting = read < block / WAITING_READ;
        let aside = self.aside.get(..read).unwrap_or_default();
        match memchr::memchr(b'\n', aside) {
            None => {
                *dropped += read;
                Ok(More::From(*filled))
            }
            Some(at) => {
                *dropped += at;
                self.carry
                    .extend_from_slice(aside.get(at + 1..).unwrap_or_default());
                Ok(More::LineEnded)
            }
        }
    }
}

/// A read that gives less than this fraction of what it asked for (a quarter) finds the input
/// waiting for its writer. A pipe whose writer keeps up gives what its buffer holds, 64 KiB
/// on Linux, half a block; one whose writer is slow gives a line or a few.
const WAITING_READ: usize = 4;

/// What [`ChunkReader::read_more`] read.
enum More {
    /// Bytes of the line, or none at the end of the input: the buffer's bytes from this
    /// offset on are new.
    From(usize),
    /// The rest of a line past the limit, up to its newline, which ends it at the buffer's
    /// `filled` bytes.
    LineEnded,
}

/// Makes `buffer` at least `len` bytes long.
fn grow(buffer: &mut Vec<u8>, len: usize) {
    if buffer.len() < len {
        buffer.resize(len, 0);
    }
}

/// Reads what the input has into `room`, again when interrupted; 0 at its end.
fn read_some(input: &mut impl Read, room: &mut [u8]) -> io::Result<usize> {
    loop {
        match input.read(room) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            result => return result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;

    /// The reading chunks are held to: one line onto the end of `line` (without its `\n` or
    /// `\r\n`), keeping at most `limit` bytes of it, the rest of a longer line read and
    /// dropped. Gives the number of bytes consumed (0 at the end) and whether the line was
    /// cut.
    fn read_line_limited<R: BufRead>(
        reader: &mut R,
        line: &mut Vec<u8>,
        limit: usize,
    ) -> io::Result<(usize, bool)> {
        let start = line.len();
        let mut consumed = 0;
        let mut cut = false;
        loop {
            let buffer = match reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if buffer.is_empty() {
                break;
            }
            let (chunk, done) = match memchr::memchr(b'\n', buffer) {
                Some(at) => (&buffer[..at], at + 1),
                None => (buffer, 0),
            };
            let room = limit.saturating_sub(line.len() - start);
            if chunk.len() > room {
                cut = true;
            }
            line.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let used = if done > 0 { done } else { buffer.len() };
            reader.consume(used);
            consumed += used;
            if done > 0 {
                break;
            }
        }
        if !cut && line.len() > start && line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok((consumed, cut))
    }

    #[test]
    fn lines_are_read_with_a_limit_and_crlf_removed() {
        let mut reader = io::BufReader::with_capacity(4, &b"abc\r\n0123456789\nlast"[..]);
        let mut line = Vec::new();
        assert_eq!(
            read_line_limited(&mut reader, &mut line, 100).expect("read"),
            (5, false)
        );
        assert_eq!(line, b"abc");
        line.clear();
        assert_eq!(
            read_line_limited(&mut reader, &mut line, 6).expect("read"),
            (11, true)
        );
        assert_eq!(line, b"012345");
        line.clear();
        assert_eq!(
            read_line_limited(&mut reader, &mut line, 100).expect("read"),
            (4, false)
        );
        assert_eq!(line, b"last");
        line.clear();
        assert_eq!(
            read_line_limited(&mut reader, &mut line, 100).expect("read"),
            (0, false)
        );
    }

    /// A reader that gives at most `step` bytes a read, and is interrupted before every
    /// other read.
    struct Trickle<'t> {
        text: &'t [u8],
        step: usize,
        interrupt: bool,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, room: &mut [u8]) -> io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let n = self.step.min(room.len()).min(self.text.len());
            let (head, rest) = self.text.split_at(n);
            room[..n].copy_from_slice(head);
            self.text = rest;
            Ok(n)
        }
    }

    const TEXT: &[u8] =
        b"{\"a\":1}\r\n\r\n\n  \nabcde\n0123456789abcdef\r\nshort\r\n\xff\xfe\r\rlast";

    /// Every line of `text` as read one by one: its bytes, length in the input, and whether
    /// it was cut.
    fn one_by_one(text: &[u8], limit: usize) -> Vec<(Vec<u8>, usize, bool)> {
        let mut reader = io::BufReader::with_capacity(3, text);
        let mut lines = Vec::new();
        loop {
            let mut line = Vec::new();
            let (consumed, cut) = read_line_limited(&mut reader, &mut line, limit).expect("read");
            if consumed == 0 {
                return lines;
            }
            lines.push((line, consumed, cut));
        }
    }

    /// Lines read in chunks are the lines read one by one, whatever the sizes of chunks and
    /// reads: carriage returns, blank lines, lines cut at the limit, a last line without a
    /// newline, lines split across reads and carried across chunks, interrupted reads.
    #[test]
    fn chunks_hold_the_lines_read_one_by_one() {
        let long: Vec<u8> = [TEXT, b"\n", &b"x".repeat(40), b"\r\n", TEXT].concat();
        for text in [TEXT, &long[..], b"", b"\n", b"last"] {
            for limit in [0, 1, 5, 9, 16, 17, 40, 41, 100] {
                let expected = one_by_one(text, limit);
                for (lines, bytes) in [(1, 1000), (2, 1000), (1000, 1), (1000, 12), (1000, 1000)] {
                    for block in [1, 2, 7, 64] {
                        for step in [1, 3, 100] {
                            let input = Trickle {
                                text,
                                step,
                                interrupt: false,
                            };
                            let sizes = Sizes {
                                lines,
                                bytes,
                                block,
                            };
                            let mut reader = ChunkReader::new(input, limit, sizes);
                            let mut read = Vec::new();
                            let mut numbers = Vec::new();
                            let mut offset = 0;
                            let mut buffer = b"stale".to_vec();
                            loop {
                                let chunk = reader.next_chunk(buffer).expect("read");
                                if chunk.lines.is_empty() {
                                    break;
                                }
                                // A chunk ends at its line limit or at the line that reached
                                // its byte size, never before.
                                let sizes: Vec<usize> =
                                    chunk.lines.iter().map(|line| line.range.len()).collect();
                                let before_last: usize = sizes.iter().rev().skip(1).sum::<usize>();
                                assert!(chunk.lines.len() <= lines);
                                assert!(before_last < bytes);
                                for line in &chunk.lines {
                                    let bytes = line.bytes(&chunk.text);
                                    let blank =
                                        !line.cut && bytes.iter().all(u8::is_ascii_whitespace);
                                    assert_eq!(line.blank, blank);
                                    assert_eq!(line.offset, offset);
                                    offset += line.consumed;
                                    numbers.push(line.number);
                                    read.push((bytes.to_vec(), line.consumed, line.cut));
                                }
                                buffer = chunk.text;
                            }
                            let case = format!(
                                "text {:?}, limit {limit}, {lines} lines or {bytes} bytes, \
                                 block {block}, step {step}",
                                String::from_utf8_lossy(text)
                            );
                            assert_eq!(read, expected, "{case}");
                            assert_eq!(numbers, (1..=expected.len()).collect::<Vec<_>>());
                            assert_eq!(offset, text.len(), "{case}");
                        }
                    }
                }
            }
        }
    }

    /// An input whose writer sends `sent` and then nothing more for now: reading it again
    /// would wait (here, fail the test).
    struct SlowWriter<'t> {
        sent: Option<&'t [u8]>,
    }

    impl Read for SlowWriter<'_> {
        fn read(&mut self, room: &mut [u8]) -> io::Result<usize> {
            let sent = self
                .sent
                .take()
                .expect("no read waits while whole lines are held");
            room[..sent.len()].copy_from_slice(sent);
            Ok(sent.len())
        }
    }

    #[test]
    fn whole_lines_are_handed_over_when_the_input_waits_for_its_writer() {
        let sizes = Sizes {
            lines: 1024,
            bytes: 1 << 20,
            block: 1 << 10,
        };
        let input = SlowWriter {
            sent: Some(b"{}\n{\"a\": 1}\n{\"b\""),
        };
        let mut reader = ChunkReader::new(input, 1 << 20, sizes);
        let chunk = reader.next_chunk(Vec::new()).expect("read");
        let lines: Vec<&[u8]> = chunk
            .lines
            .iter()
            .map(|line| line.bytes(&chunk.text))
            .collect();
        assert_eq!(lines, [&b"{}"[..], b"{\"a\": 1}"]);
        // The start of the third line waits for the rest of it.
        assert_eq!(reader.carry, b"{\"b\"");
    }

    #[test]
    fn a_huge_line_takes_the_limit_and_a_grown_buffer_is_given_back() {
        let sizes = Sizes {
            lines: 4,
            bytes: 1024,
            block: 64,
        };
        // A line of 100 kB under a limit of 10 bytes keeps 10, and ends its chunk; the line
        // after it comes with the next.
        let text = [b"{}\n", &b"y".repeat(100_000)[..], b"\n{}\n"].concat();
        let mut reader = ChunkReader::new(&text[..], 10, sizes);
        let chunk = reader.next_chunk(Vec::new()).expect("read");
        assert_eq!(chunk.lines.len(), 2);
        assert!(chunk.lines[1].cut);
        assert_eq!(chunk.lines[1].consumed, 100_001);
        assert_eq!(chunk.lines[1].bytes(&chunk.text), b"yyyyyyyyyy");
        assert!(chunk.text.len() <= 3 + 10, "{}", chunk.text.len());
        let next = reader.next_chunk(chunk.text).expect("read");
        assert_eq!(next.lines.len(), 1);
        assert_eq!(next.lines[0].number, 3);
        assert_eq!(next.lines[0].bytes(&next.text), b"{}");
        // A buffer a line within the limit grew far past a chunk is given back.
        let text = [&b"z".repeat(10_000)[..], b"\n{}\n"].concat();
        let mut reader = ChunkReader::new(&text[..], 100_000, sizes);
        let grown = reader.next_chunk(Vec::new()).expect("read");
        assert!(grown.text.len() > 2 * 1024 + 64);
        let mut reader = ChunkReader::new(&b"{}\n"[..], 100_000, sizes);
        let after = reader.next_chunk(grown.text).expect("read");
        assert_eq!(after.lines.len(), 1);
        assert!(after.text.len() <= 2 * 1024 + 64);
    }
}
