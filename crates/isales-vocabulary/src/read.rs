//! A row that a hand-written check of the validator reads, as the generated
//! [`wiring`](crate::wiring) names it.

use crate::DocRef;

/// A row a hand-written check reads, from an object of one of the tables it runs on.
///
/// The spec states these once (the `[rule.reads]` of a builtin rule); the validator's rule
/// modules, the payload generator and the mutation operators read the names from the
/// generated constants instead of spelling them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Read {
    /// The table of the object the check runs on.
    pub table: u8,
    /// From that object to the row: the row's name, or a path through an object
    /// (`skillParam.outBoundType`).
    pub path: &'static str,
    /// The row's wire name (the last field of [`Read::path`]).
    pub name: &'static str,
    /// The row, as a violation about it cites it.
    pub doc: DocRef,
    /// When the path is the row itself: its number among the members of the table's model,
    /// in the order the model declares them (the order `#[derive(Contract)]` numbers a
    /// located object's members by), so that a check on such an object reads the row without
    /// comparing names. `None` for a path through an object.
    pub slot: Option<usize>,
}
