//! The full path for any [`Contract`] type: bytes to every violation, each with its position.

use std::cell::RefCell;

use crate::config::Config;
use crate::contract::{Contract, FieldInfo, report_type_mismatch};
use crate::json::{Arena, Span, SyntaxProblem};
use crate::placement::Placement;
use crate::report::Report;
use crate::scope::Collector;
use crate::violation::{Violation, ViolationKind};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An arena kept after a payload only if it stays below this size, so that one huge payload
/// does not hold its memory for the rest of the thread's life.
const KEEP_ARENA_BYTES: usize = 1 << 20;

thread_local! {
    /// The arena of the thread's last payload, reset, for the next one: in a steady state,
    /// parsing allocates nothing from the system allocator.
    static ARENA: RefCell<Option<Arena>> = const { RefCell::new(None) };
}

/// Runs `walk` with an empty arena: the thread's spare one, or a new one.
fn with_arena<R>(walk: impl FnOnce(&Arena) -> R) -> R {
    let spare = ARENA.with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()));
    let mut arena = spare.unwrap_or_default();
    let result = walk(&arena);
    if arena.allocated_bytes() <= KEEP_ARENA_BYTES {
        arena.reset();
        ARENA.with(|cell| {
            if let Ok(mut slot) = cell.try_borrow_mut() {
                *slot = Some(arena);
            }
        });
    }
    result
}

/// Parses `bytes` and checks the value as a `T`, returning every violation with its position,
/// sorted by position.
pub(crate) fn located_violations<T: Contract>(bytes: &[u8]) -> Vec<Violation> {
    let (mut violations, mut personal) =
        with_arena(|arena| walk::<T>(bytes, arena, Collector::new()));
    locate(bytes, &mut violations, &mut personal, &Placement::Whole);
    violations
}

/// Parses `bytes`, checks the value as a `T` and reports under `config`. Levels apply before
/// positions are computed, so an allowed violation costs its detection and nothing more.
pub(crate) fn located_report<T: Contract>(
    bytes: &[u8],
    config: &Config,
    placement: &Placement<'_>,
) -> Report {
    let collector = Collector::allowing(config.allowed());
    let (mut violations, mut personal) = with_arena(|arena| walk::<T>(bytes, arena, collector));
    config.apply(&mut violations);
    personal.sort_unstable_by_key(|span| (span.start, span.end));
    locate(bytes, &mut violations, &mut personal, placement);
    let mut report = Report::from_applied(violations, config);
    report.personal = personal;
    report
}

/// The violations of `bytes` as a `T`, without positions, and the spans of personal values.
fn walk<T: Contract>(
    bytes: &[u8],
    arena: &Arena,
    mut collector: Collector,
) -> (Vec<Violation>, Vec<Span>) {
    let (body, base) = match bytes.strip_prefix(BOM) {
        Some(rest) => {
            let violation =
                Violation::new(T::STRUCTURE.malformed_json, ViolationKind::ByteOrderMark)
                    .with_rule_doc();
            collector
                .root()
                .report(violation, Some(Span::new(0, BOM.len())));
            (rest, BOM.len())
        }
        None => (bytes, 0),
    };
    let parsed = if crate::json::looks_like_utf16(bytes) {
        Err(crate::json::SyntaxError {
            offset: 0,
            problem: SyntaxProblem::Utf16,
        })
    } else {
        crate::json::utf8(body)
            .map_err(|offset| crate::json::SyntaxError {
                offset,
                problem: SyntaxProblem::InvalidUtf8,
            })
            .and_then(|text| {
                // This API's documents are read with their strings; another type's on first
                // use, as ever (the keys only decide when a document is read, never what).
                let documents = crate::json::Documents::under(crate::models::DOCUMENT_FIELDS);
                crate::json::parse_str_at_with(text, base, documents, arena)
            })
    };
    match parsed {
        Err(error) => {
            let rule = match error.problem {
                SyntaxProblem::TooDeep { .. } => T::STRUCTURE.nesting_limit,
                _ => T::STRUCTURE.malformed_json,
            };
            let offset = if matches!(error.problem, SyntaxProblem::InvalidUtf8) {
                error.offset + base
            } else {
                error.offset
            };
            let violation = Violation::new(
                rule,
                ViolationKind::Syntax {
                    problem: error.problem,
                },
            )
            .with_rule_doc();
            collector
                .root()
                .report(violation, Some(Span::new(offset, offset)));
        }
        Ok(node) => {
            let mut root = collector.root();
            let mut root = root.with_structure(T::STRUCTURE);
            if node.as_object().is_some() {
                T::check_object(&node, &mut root);
            } else {
                report_type_mismatch(
                    "object",
                    &node,
                    &mut root,
                    &FieldInfo {
                        doc: T::DOC,
                        personal: false,
                        lone_object: None,
                    },
                );
            }
        }
    }
    collector.into_parts()
}

/// Fills in positions from spans, in the coordinates `placement` gives, and sorts by position
/// (then pointer and rule, so the order is stable whatever order rules ran in). Spans, the
/// starts of embedded strings and the personal spans move into the same coordinates. All
/// offsets are mapped in one walk and all positions come from one pass over the text
/// ([`line_columns`](crate::json::line_columns)): the time is linear in the payload plus the
/// violations.
pub(crate) fn locate(
    bytes: &[u8],
    violations: &mut [Violation],
    personal: &mut Vec<Span>,
    placement: &Placement<'_>,
) {
    if *placement == Placement::Whole {
        if violations.is_empty() {
            // A clean payload: its personal spans are already the text's, and there is no
            // position to compute.
            return;
        }
        // The common case: spans are already the text's; only positions are computed.
        let offsets: Vec<usize> = violations
            .iter()
            .flat_map(|violation| {
                let start = violation.span.map(|span| span.start);
                start.into_iter().chain(violation.embedded_offset)
            })
            .collect();
        let mut positions = crate::json::line_columns(bytes, &offsets).into_iter();
        for violation in violations.iter_mut() {
            if violation.span.is_some() {
                violation.position = positions.next();
            }
            if violation.embedded_offset.is_some() {
                violation.embedded_in = positions.next();
            }
        }
    } else if let Some(string) = placement.encoded_string() {
        // Nothing inside maps back: every violation points at the literal's opening quote.
        let at = placement.positions(bytes, &[string.start]).pop();
        let base = placement.base_offset();
        for violation in violations.iter_mut() {
            violation.span = Some(Span::new(base + string.start, base + string.start + 1));
            violation.position = at;
            violation.embedded_offset = None;
            violation.embedded_in = None;
        }
        personal.clear();
    } else {
        let mut offsets: Vec<usize> = Vec::with_capacity(violations.len() * 2);
        for violation in violations.iter() {
            if let Some(span) = violation.span {
                offsets.extend([span.start, span.end]);
            }
            offsets.extend(violation.embedded_offset);
        }
        for span in personal.iter() {
            offsets.extend([span.start, span.end]);
        }
        let mapped = placement.map_offsets(&mut offsets).is_some();
        debug_assert!(mapped, "only an encoded placement maps nothing");
        // Positions of span starts and embedded strings, in one pass.
        let mut starts = Vec::with_capacity(offsets.len());
        let mut cursor = offsets.iter();
        for violation in violations.iter() {
            if violation.span.is_some() {
                starts.extend(cursor.next());
                cursor.next();
            }
            if violation.embedded_offset.is_some() {
                starts.extend(cursor.next());
            }
        }
        let mut positions = placement.positions(bytes, &starts).into_iter();
        let base = placement.base_offset();
        let mut cursor = offsets.iter().map(|offset| offset + base);
        for violation in violations.iter_mut() {
            if violation.span.is_some() {
                let (start, end) = (cursor.next(), cursor.next());
                if let (Some(start), Some(end)) = (start, end) {
                    violation.span = Some(Span::new(start, end.max(start)));
                }
                violation.position = positions.next();
            }
            if violation.embedded_offset.is_some() {
                violation.embedded_offset = cursor.next();
                violation.embedded_in = positions.next();
            }
        }
        for span in personal.iter_mut() {
            if let (Some(start), Some(end)) = (cursor.next(), cursor.next()) {
                *span = Span::new(start, end.max(start));
            }
        }
    }
    violations.sort_by(|a, b| {
        fn key(v: &Violation) -> (usize, &str, &str) {
            (
                v.position.map_or(0, |p| p.offset),
                v.pointer.as_str(),
                v.rule,
            )
        }
        key(a).cmp(&key(b))
    });
}
