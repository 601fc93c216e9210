//! The human format: rustc-style diagnostics drawn by `annotate-snippets`.
//!
//! ```text
//! error[ivr-param-required]: `ivrParam` is mandatory when deviceType in [1, 3], but missing
//!  --> examples/invalid.json:3:19
//!   |
//! 3 |   "returnObject": {
//!   |                   ^ /returnObject/ivrParam
//!   |
//!   = doc: Table 4, 5.10 ivrParam
//!   = help: add `ivrParam`
//! ```
//!
//! `annotate-snippets` is the renderer rustc and cargo use, so the output looks like what Rust
//! users already read, and it cuts long lines around the annotated spot (captured payloads are
//! often one 10 KB line). miette draws its own style and wraps long lines instead of cutting
//! them. Only a window of the line holding the spot is handed over (200 characters on each
//! side of the highlight, 300 of each end of a long highlight), so neither a 1 GB file nor a
//! 60 MB line nor a 60 MB value reaches it: what it builds is bounded by what it prints.

use std::borrow::Cow;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use isales_contract::Severity;
use isales_json::Span;

use super::{ItemRenderer, Render, Summary};
use crate::baseline::{Mark, Outcome};
use crate::payload::{Finding, Part, Payload, Status, Text};

/// The note on a finding the baseline knows.
const KNOWN: &str = "known: in the baseline, so it fails nothing";

/// The human format. It keeps no state while writing, so it is its own item renderer.
#[derive(Debug, Clone)]
pub struct Human {
    renderer: Renderer,
    mask: bool,
}

impl Human {
    /// A renderer; `color` adds ANSI styles, `mask` blanks the values of the fields the spec
    /// marks personal (the payload's `personal` spans) in quoted source.
    #[must_use]
    pub fn new(color: bool, mask: bool) -> Self {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Human { renderer, mask }
    }
}

/// How many characters of a line are quoted on each side of the highlighted part: more than
/// `annotate-snippets` shows beside a highlight on a 140-column terminal, so cutting there
/// does not change what it prints, and little enough that laying the line out (which it does
/// character by character) stays cheap.
const CONTEXT_CHARS: usize = 200;

/// How many characters of each end of a long highlighted part are quoted. `annotate-snippets`
/// shows about a third of the terminal's width of each end of a highlight wider than twice
/// the terminal and elides the middle; quoting more than that of each end, and leaving the
/// middle out, prints the same and keeps a 60 MB value from reaching it.
const KEEP_CHARS: usize = 300;

/// What of a line `text` quotes for a violation: `start..head_end` and `tail_start..end`
/// (one piece when `head_end == tail_start`), at most [`CONTEXT_CHARS`] around the highlight
/// and at most [`KEEP_CHARS`] of each end of it, cut at character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    /// First byte quoted, relative to `text.bytes`.
    start: usize,
    /// End of the first piece.
    head_end: usize,
    /// Start of the second piece.
    tail_start: usize,
    /// End of the quoted bytes (before a newline and a carriage return, at the end of the
    /// text, or at a cut).
    end: usize,
    /// Whether the line goes on before `start`.
    cut_left: bool,
}

/// Whether `byte` starts a character (is not a UTF-8 continuation byte).
fn starts_char(byte: u8) -> bool {
    (byte & 0xC0) != 0x80
}

/// The offset `chars` characters before `at`, stopping after a newline or at the start.
fn back(bytes: &[u8], mut at: usize, chars: usize) -> usize {
    let mut counted = 0;
    while at > 0 && counted < chars && bytes[at - 1] != b'\n' {
        at -= 1;
        if starts_char(bytes[at]) {
            counted += 1;
        }
    }
    at
}

/// The offset `chars` characters after `at`, stopping before a newline or at the end.
fn ahead(bytes: &[u8], mut at: usize, chars: usize) -> usize {
    let mut counted = 0;
    while at < bytes.len() && counted < chars && bytes[at] != b'\n' {
        at += 1;
        if at == bytes.len() || starts_char(bytes[at]) {
            counted += 1;
        }
    }
    at
}

impl Window {
    /// The window of `text` around the highlight `spot..span_end` (text offsets), stopping
    /// at the line's ends; apart from a search for a newline inside the highlight, it reads
    /// no more than it quotes, however long the line is.
    fn around(text: &Text<'_>, spot: usize, span_end: usize) -> Window {
        let bytes = text.bytes;
        let spot = spot.min(bytes.len());
        let start = back(bytes, spot, CONTEXT_CHARS);
        let cut_left = start > 0 && bytes[start - 1] != b'\n';
        let span_end = span_end.clamp(spot, bytes.len());
        let highlight_end = memchr::memchr(b'\n', &bytes[spot..span_end])
            .map_or(span_end, |newline| spot + newline);
        let mut end = ahead(bytes, highlight_end, CONTEXT_CHARS);
        // A line ending in CRLF is quoted without its carriage return.
        if end > start
            && bytes[end - 1] == b'\r'
            && bytes.get(end).is_none_or(|&byte| byte == b'\n')
        {
            end -= 1;
        }
        let head_end = ahead(bytes, spot, KEEP_CHARS).min(highlight_end);
        let tail_start = back(bytes, highlight_end, KEEP_CHARS).max(head_end);
        let (head_end, tail_start) = if head_end < tail_start {
            (head_end, tail_start)
        } else {
            (end, end)
        };
        Window {
            start,
            head_end,
            tail_start,
            end,
            cut_left,
        }
    }

    /// The quoted text, with `pad` spaces before it.
    fn line(&self, text: &Text<'_>, pad: usize) -> String {
        let mut line = " ".repeat(pad);
        line.push_str(&String::from_utf8_lossy(
            &text.bytes[self.start..self.head_end],
        ));
        line.push_str(&String::from_utf8_lossy(
            &text.bytes[self.tail_start..self.end],
        ));
        line
    }

    /// Where text offset `offset` is in [`Window::line`]: offsets outside the window go to
    /// its ends, offsets in the part left out to the start of the second piece.
    fn line_offset(&self, text: &Text<'_>, pad: usize, offset: usize) -> usize {
        let offset = offset.clamp(self.start, self.end);
        let lossy = |from: usize, to: usize| String::from_utf8_lossy(&text.bytes[from..to]).len();
        if offset <= self.head_end {
            pad + lossy(self.start, offset)
        } else {
            pad + lossy(self.start, self.head_end)
                + lossy(self.tail_start, offset.max(self.tail_start))
        }
    }
}

/// Replaces the column of the `--> path:line:column` line `annotate-snippets` wrote, when the
/// quoted line was cut on the left and the column it counted is the cut line's.
fn fix_column(rendered: &mut String, line: usize, counted: usize, column: usize) {
    let Some(header_start) = rendered.find('\n').map(|newline| newline + 1) else {
        return;
    };
    let header_end = rendered[header_start..]
        .find('\n')
        .map_or(rendered.len(), |newline| header_start + newline);
    let wrong = format!(":{line}:{counted}");
    if let Some(at) = rendered[header_start..header_end].rfind(&wrong) {
        let at = header_start + at;
        rendered.replace_range(at..at + wrong.len(), &format!(":{line}:{column}"));
    }
}

/// Blanks, in `line` (the quote of `window`), every byte of the personal values that the
/// window shows. `personal` holds the values' spans in the file, sorted and not nested, so the
/// ones in the window are found by binary search, whatever their number.
fn blank_personal(
    line: &mut String,
    window: &Window,
    text: &Text<'_>,
    pad: usize,
    personal: &[Span],
) {
    let relative = |offset: usize| offset.saturating_sub(text.base.offset);
    let from = personal.partition_point(|span| relative(span.end) <= window.start);
    for span in &personal[from..] {
        if relative(span.start) >= window.end {
            break;
        }
        let first = window.line_offset(text, pad, relative(span.start));
        let last = window.line_offset(text, pad, relative(span.end));
        if first < last && line.is_char_boundary(first) && line.is_char_boundary(last) {
            line.replace_range(first..last, &"*".repeat(last - first));
        }
    }
}

/// What a finding's annotation says: where (the pointer, or the URL parameter or header of a
/// HAR entry) and the value found.
fn label(finding: Finding<'_>) -> String {
    let violation = finding.violation;
    let pointer = if violation.pointer().is_empty() {
        "/"
    } else {
        violation.pointer()
    };
    let mut label = match finding.part {
        Some(Part::RequestUrl) => format!("URL parameter {}", pointer.trim_start_matches('/')),
        Some(Part::RequestHeaders) => {
            format!("request header {}", pointer.trim_start_matches('/'))
        }
        Some(Part::ResponseBody) | None => pointer.to_owned(),
    };
    if let Some(found) = violation.found() {
        label.push_str(": found ");
        label.push_str(found.text());
    }
    // The pointer and the value come from the payload: a key may hold a carriage return.
    crate::shown::text(&label).into_owned()
}

/// How many findings of one payload are drawn in full, with the source line around them; the
/// rest are written one line each. A person reads the first hundred; a payload with a million
/// undocumented keys then costs a line per key instead of a drawing per key (about 12 µs
/// each, 12 seconds for the million).
pub const DRAWN_FINDINGS: usize = 100;

impl Human {
    /// One line for a finding beyond the first [`DRAWN_FINDINGS`]:
    /// `file:line:column: level[rule] at label: message`, the form editors and terminals
    /// recognise as a location.
    fn brief(name: &str, payload: &Payload, finding: Finding<'_>, out: &mut String) {
        use std::fmt::Write as _;
        let violation = finding.violation;
        out.push_str(name);
        match (violation.position(), payload.locus.line()) {
            (Some(position), _) => {
                let _ = write!(out, ":{}:{}", position.line, position.column);
            }
            (None, Some(line)) => {
                let _ = write!(out, ":{line}");
            }
            (None, None) => {}
        }
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            ": {}[{}] at {}: {}{}",
            violation.level(),
            violation.rule(),
            label(finding),
            crate::shown::text(&violation.message()),
            if finding.baseline == Some(Mark::Known) {
                " (known: in the baseline)"
            } else {
                ""
            }
        );
    }

    fn finding(&self, payload: &Payload, finding: Finding<'_>, text: Option<Text<'_>>) -> String {
        let violation = finding.violation;
        let level = match violation.level() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let label = label(finding);
        let name = crate::shown::name(&payload.source.name);
        let name = name.as_ref();
        let message = violation.message();
        let title = level
            .primary_title(crate::shown::text(&message))
            .id(violation.rule());
        let mut group = Group::with_title(title);
        let mut fixed_column = None;
        match (violation.position(), text) {
            (Some(position), Some(text)) => {
                let relative = |offset: usize| {
                    offset
                        .saturating_sub(text.base.offset)
                        .min(text.bytes.len())
                };
                let spot = relative(position.offset);
                let span_end = violation.span().map_or(spot, |span| relative(span.end));
                let window = Window::around(&text, spot, span_end);
                let pad = if window.start == 0 {
                    text.base.column - 1
                } else {
                    0
                };
                let mut line = window.line(&text, pad);
                let to_str = |offset: usize| window.line_offset(&text, pad, offset);
                let first = to_str(spot);
                let mut last = to_str(span_end.max(spot));
                if last == first {
                    last = line[first..]
                        .chars()
                        .next()
                        .map_or(first, |character| first + character.len_utf8());
                }
                if self.mask {
                    blank_personal(&mut line, &window, &text, pad, &payload.personal);
                }
                let first = first.min(line.len());
                let last = last.clamp(first, line.len());
                if window.cut_left {
                    fixed_column = Some((
                        position.line,
                        line[..first].chars().count() + 1,
                        position.column,
                    ));
                }
                group = group.element(
                    Snippet::source(line)
                        .line_start(position.line)
                        .path(name)
                        .annotation(AnnotationKind::Primary.span(first..last).label(label)),
                );
            }
            _ => {
                let mut origin = Origin::path(name);
                if let Some(line) = violation
                    .position()
                    .map(|position| position.line)
                    .or(payload.locus.line())
                {
                    origin = origin.line(line);
                    if let Some(position) = violation.position() {
                        origin = origin.char_column(position.column);
                    }
                }
                group = group
                    .element(origin)
                    .element(Level::NOTE.message(format!("at {label}")));
            }
        }
        if let Some(string) = violation.embedded_in() {
            group = group.element(Level::NOTE.message(format!(
                "inside the JSON document held by the string at {}:{}",
                string.line, string.column
            )));
        }
        if let Some(doc) = violation.doc() {
            group = group.element(Level::NOTE.with_name("doc").message(doc.to_string()));
        }
        if finding.baseline == Some(Mark::Known) {
            group = group.element(Level::NOTE.message(KNOWN));
        }
        if let Some(help) = violation.kind().help() {
            // A repeated key is named in the help: it comes from the payload.
            let help = crate::shown::text(&help).into_owned();
            group = group.element(Level::HELP.message(help));
        }
        let mut rendered = self.renderer.render(&[group]);
        if let Some((line, counted, column)) = fixed_column {
            fix_column(&mut rendered, line, counted, column);
        }
        rendered
    }

    fn note(&self, payload: &Payload, level: Level<'_>, title: String) -> String {
        let name = crate::shown::name(&payload.source.name);
        let mut origin = Origin::path(name.as_ref());
        if let Some(line) = payload.locus.line() {
            origin = origin.line(line);
        }
        let group = Group::with_title(level.primary_title(Cow::Owned(title))).element(origin);
        self.renderer.render(&[group])
    }
}

impl ItemRenderer for Human {
    type Item = String;

    fn item(&self, payload: Payload, text: Option<Text<'_>>) -> String {
        let payload = &payload;
        let entry = payload
            .locus
            .entry()
            .map(|index| format!("HAR entry {index} "))
            .unwrap_or_default();
        let reason = payload.reason.as_deref().unwrap_or("");
        let mut out = String::new();
        match payload.status {
            Status::Skipped => {
                let what = match payload.locus {
                    crate::payload::Locus::Line(_) => "line skipped".to_owned(),
                    _ => format!("{entry}ignored"),
                };
                out.push_str(&self.note(payload, Level::NOTE, format!("{what}: {reason}")));
                out.push_str("\n\n");
            }
            Status::Unchecked => {
                out.push_str(&self.note(
                    payload,
                    Level::ERROR,
                    format!("{entry}could not be checked: {reason}"),
                ));
                out.push_str("\n\n");
            }
            Status::Pass | Status::Fail => {}
        }
        let name = crate::shown::name(&payload.source.name);
        for (index, finding) in payload.findings().enumerate() {
            if index < DRAWN_FINDINGS {
                out.push_str(&self.finding(payload, finding, text));
                out.push_str("\n\n");
                continue;
            }
            if index == DRAWN_FINDINGS {
                let rest = payload.finding_count() - DRAWN_FINDINGS;
                out.push_str(&self.note(
                    payload,
                    Level::NOTE,
                    format!(
                        "{rest} more finding{} in this payload, one line each",
                        if rest == 1 { "" } else { "s" }
                    ),
                ));
                out.push_str("\n\n");
            }
            Self::brief(&name, payload, finding, &mut out);
        }
        if payload.finding_count() > DRAWN_FINDINGS {
            out.push('\n');
        }
        out
    }
}

impl Render for Human {
    type Items = Human;

    fn items(&self) -> Human {
        self.clone()
    }

    fn emit(&mut self, item: String, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(item.as_bytes())
    }

    fn note(&mut self, text: &str, out: &mut dyn Write) -> io::Result<bool> {
        let group = Group::with_title(Level::NOTE.primary_title(text));
        writeln!(out, "{}\n", self.renderer.render(&[group]))?;
        Ok(true)
    }

    fn nothing_checked(
        &mut self,
        reason: &str,
        fatal: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let level = if fatal { Level::ERROR } else { Level::NOTE };
        let title = format!("{}: {reason}", super::NOTHING_CHECKED);
        let group = Group::with_title(level.primary_title(title));
        writeln!(out, "{}\n", self.renderer.render(&[group]))
    }

    fn baseline(&mut self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<bool> {
        let lines = outcome.lines();
        if let Some((first, rest)) = lines.split_first() {
            let group = Group::with_title(Level::NOTE.primary_title(first.as_str()));
            writeln!(out, "{}", self.renderer.render(&[group]))?;
            for line in rest {
                writeln!(out, "{line}")?;
            }
            writeln!(out)?;
        }
        Ok(true)
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", summary.line())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_stop_at_newlines_or_a_few_hundred_characters_around_the_highlight() {
        let short = Text::whole(b"ab\ncdef\r\ngh");
        assert_eq!(
            Window::around(&short, 4, 6),
            Window {
                start: 3,
                head_end: 7,
                tail_start: 7,
                end: 7,
                cut_left: false
            }
        );
        let mut long = "é".repeat(3000).into_bytes();
        long.extend_from_slice(b"\nx");
        let text = Text::whole(&long);
        let cut = Window::around(&text, 3000, 3000);
        assert_eq!(
            (cut.start, cut.end, cut.cut_left),
            (3000 - 2 * CONTEXT_CHARS, 3000 + 2 * CONTEXT_CHARS, true)
        );
        assert_eq!(Window::around(&text, 10, 10).start, 0);
        assert!(!Window::around(&text, 10, 10).cut_left);
        assert_eq!(Window::around(&text, 5800, 5800).end, 6000);
    }

    #[test]
    fn long_highlights_keep_their_ends() {
        let mut value = b"\"".to_vec();
        value.extend(std::iter::repeat_n(b'a', 100_000));
        value.extend_from_slice(b"\"}");
        let text = Text::whole(&value);
        let window = Window::around(&text, 0, value.len() - 1);
        let line = window.line(&text, 0);
        assert_eq!(line.len(), 2 * KEEP_CHARS + 1);
        assert_eq!(window.line_offset(&text, 0, 50_000), KEEP_CHARS);
        assert_eq!(
            window.line_offset(&text, 0, value.len() - 1),
            line.len() - 1
        );
    }

    /// Renders the highlight `spot..span_end` of a one-line `source` the way the renderer did
    /// before windows (`whole`: the whole line) or the way it does now.
    fn rendered(source: &str, spot: usize, span_end: usize, whole: bool) -> String {
        let text = Text::whole(source.as_bytes());
        let window = if whole {
            Window {
                start: 0,
                head_end: source.len(),
                tail_start: source.len(),
                end: source.len(),
                cut_left: false,
            }
        } else {
            Window::around(&text, spot, span_end)
        };
        let line = window.line(&text, 0);
        let first = window.line_offset(&text, 0, spot);
        let last = window.line_offset(&text, 0, span_end).max(first + 1);
        let snippet = Snippet::source(line.as_str())
            .line_start(1)
            .path("f.json")
            .annotation(
                AnnotationKind::Primary
                    .span(first..last)
                    .label("/x: found 1"),
            );
        let group = Group::with_title(Level::ERROR.primary_title("m").id("r")).element(snippet);
        let mut out = Renderer::plain().render(&[group]);
        if window.cut_left {
            let column = source[..spot].chars().count() + 1;
            fix_column(&mut out, 1, line[..first].chars().count() + 1, column);
        }
        out
    }

    #[test]
    fn windows_print_what_the_whole_line_printed() {
        let source = format!(
            r#"{{"a":"{}","é":"{}","b":[{}],"c":"{}"}}"#,
            "x".repeat(5000),
            "é".repeat(3000),
            "1,".repeat(2000) + "1",
            "y".repeat(40)
        );
        let at = |needle: &str| source.find(needle).expect("needle");
        let cases = [
            (0, 1),
            (2, 5),
            (at("\"x"), at("\",\"é\"")),
            (at("\"é\":") + 5, at("\",\"b\"")),
            (at("[1,"), at("],\"c\"") + 1),
            (at("[1,") + 300, at("[1,") + 301),
            (at("\"c\""), at("\"c\"") + 3),
            (source.len() - 1, source.len()),
        ];
        for (spot, span_end) in cases {
            assert_eq!(
                rendered(&source, spot, span_end, false),
                rendered(&source, spot, span_end, true),
                "highlight {spot}..{span_end}"
            );
        }
    }

    #[test]
    fn the_column_of_a_cut_line_is_the_file_column() {
        let mut rendered = "error[x]: at :7:3\n  --> a:7:3.json:7:3\n   |".to_owned();
        fix_column(&mut rendered, 7, 3, 2051);
        assert_eq!(rendered, "error[x]: at :7:3\n  --> a:7:3.json:7:2051\n   |");
    }
}
