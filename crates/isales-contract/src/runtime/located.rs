//! The full path for any [`Contract`] type: bytes to every violation, each with its position.

use std::cell::RefCell;

use crate::contract::{Contract, FieldInfo, report_type_mismatch};
use crate::json::{Arena, Span, SyntaxProblem, line_columns};
use crate::report::{Config, Report};
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
    let (mut violations, _) = with_arena(|arena| walk::<T>(bytes, arena, Collector::new()));
    locate(bytes, &mut violations);
    violations
}

/// Parses `bytes`, checks the value as a `T` and reports under `config`. Levels apply before
/// positions are computed, so an allowed violation costs its detection and nothing more.
pub(crate) fn located_report<T: Contract>(bytes: &[u8], config: &Config) -> Report {
    let collector = Collector::allowing(config.allowed());
    let (mut violations, mut personal) = with_arena(|arena| walk::<T>(bytes, arena, collector));
    config.apply(&mut violations);
    locate(bytes, &mut violations);
    personal.sort_unstable_by_key(|span| (span.start, span.end));
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
                .root("")
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
            .and_then(|text| crate::json::parse_str_at(text, base, arena).map(|node| (text, node)))
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
                .root("")
                .report(violation, Some(Span::new(offset, offset)));
        }
        Ok((text, node)) => {
            // Spans are payload offsets; the walk's text must be indexable by them.
            let full_text = if base == 0 {
                text
            } else {
                crate::json::utf8(bytes).unwrap_or(text)
            };
            let mut root = collector.root(full_text);
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

/// Fills in positions from spans and sorts by position (then pointer and rule, so the order is
/// stable whatever order rules ran in). All positions come from one pass over `bytes`
/// ([`line_columns`]): the time is linear in the payload plus the violations.
pub(crate) fn locate(bytes: &[u8], violations: &mut [Violation]) {
    let offsets: Vec<usize> = violations
        .iter()
        .flat_map(|violation| {
            let start = violation.span.map(|span| span.start);
            start.into_iter().chain(violation.embedded_offset)
        })
        .collect();
    let mut positions = line_columns(bytes, &offsets).into_iter();
    for violation in violations.iter_mut() {
        if violation.span.is_some() {
            violation.position = positions.next();
        }
        if violation.embedded_offset.is_some() {
            violation.embedded_in = positions.next();
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
