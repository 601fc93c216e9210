//! Requirements on fields below an object: `turns[].turnType` must be present in every item of
//! the array `turns` holds, `skillParam.outBoundType` inside the object `skillParam` holds.
//!
//! `#[contract(required_if(fields = ["turns[].turnType"], ..))]` compiles to a [`Requirement`]
//! that the generated code hands to one of two navigators, one per representation:
//! [`check_typed`] walks typed values through [`Fields`] and [`FieldRef`], [`check_located`] walks
//! the located tree and steps into JSON documents embedded in strings, so that positions point
//! inside the string.
//!
//! Both give a path the same meaning: the field a path ends at must be present wherever its
//! containers are. A missing or `null` container has nothing below it to check, so it is not a
//! violation of the path (a rule that wants the container requires it explicitly, as
//! `number-policy-fields` does with `policy`). Each item of an array is checked on its own and
//! reported at its own pointer (`/turns/0/turnType`). A container of the wrong shape (a number
//! where an object is documented, a string that does not hold a JSON array) is left to the
//! type checks of the field, which already report it: the navigators never report one defect
//! twice.
//!
//! The located navigator walks the tree again, member by member, after `check_object`'s own
//! walk has been through the same objects. That walk says what it found on its way back
//! ([`Presence`]): the members of the object below, and of every object of the array below,
//! that are there and not `null`. When that already shows a group's leaves in every item, the
//! navigator has nothing to report and is not run; otherwise it runs and reports as it always
//! does. So the shortcut decides no violation: it only skips a walk that would find none.

use crate::contract::{FieldRef, Fields};
use crate::json::Node;
use crate::rule::{DocRef, Rule};
use crate::scope::Scope;
use crate::violation::{Violation, ViolationKind};

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A member of the current object, by wire name.
    Field(&'static str),
    /// Every item of the current array (a real array, or a document embedded in a string).
    Items,
    /// As [`Step::Items`], for a field whose embedded document may be one object where the
    /// array of them is documented (`#[contract(lone_object)]`): the object is the only item.
    ItemsOrLone,
}

/// A field below an object that must be present: the path to it and what to report when not.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    /// The path, starting and ending with a field; `[]` is always followed by a field.
    pub path: &'static [Step],
    /// The rule reported.
    pub rule: Rule,
    /// The condition that made the requirement apply, for the message.
    pub when: Option<&'static str>,
    /// The documentation row of the required field.
    pub doc: Option<DocRef>,
}

impl Requirement {
    fn missing(&self, field: &'static str) -> Violation {
        Violation::new(
            self.rule,
            ViolationKind::Missing {
                field,
                when: self.when,
            },
        )
        .with_doc(self.doc)
    }
}

/// What a located walk found below a field ([`Shape::check_node_present`]): the members
/// of the object there, or of every object item of the array there, that are present under
/// their documented spelling and not `null`. Bit `n` stands for the member numbered `n` in the
/// object type's [`Descend::SLOTS`] (the first 64 members; later ones are never shown).
///
/// A walk that shows nothing it cannot vouch for: an item that is no object, a document that
/// does not parse, a value of the wrong type all give [`Presence::UNKNOWN`], which shows no
/// member, and an array shows only what every one of its items shows.
///
/// [`Shape::check_node_present`]: crate::contract::Shape::check_node_present
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence(u64);

impl Presence {
    /// Nothing shown: what a walk that is no object's (or an object's of the wrong type) says.
    pub const UNKNOWN: Presence = Presence(0);
    /// Every member shown: what an array with no items says (each of its none has them all).
    pub const EVERY: Presence = Presence(u64::MAX);

    /// The bit of the member numbered `slot` (none beyond the 64th).
    #[must_use]
    #[inline]
    pub const fn bit(slot: usize) -> u64 {
        if slot < 64 { 1 << slot } else { 0 }
    }

    /// Shows the members of `bits`.
    #[must_use]
    #[inline]
    pub const fn from_bits(bits: u64) -> Presence {
        Presence(bits)
    }

    /// What both show: of an array, what every item shows.
    #[must_use]
    #[inline]
    pub const fn and(self, other: Presence) -> Presence {
        Presence(self.0 & other.0)
    }

    /// Whether every member of `leaves` (made by [`slot_bits`]) is shown. Never for no
    /// leaves: `slot_bits` gives none when it cannot number one of them.
    #[must_use]
    #[inline]
    pub const fn covers(self, leaves: u64) -> bool {
        leaves != 0 && self.0 & leaves == leaves
    }
}

/// The bits of [`Presence`] that stand for the members `leaves` of an object type whose
/// members are numbered as `slots` ([`Descend::SLOTS`]); `0` (which [`Presence::covers`]
/// never) when one of them is not there or is numbered beyond 64.
#[must_use]
pub const fn slot_bits(slots: &[&str], leaves: &[&str]) -> u64 {
    let mut bits = 0;
    let mut leaf = 0;
    while leaf < leaves.len() {
        let mut slot = 0;
        let mut found = false;
        while slot < slots.len() {
            if equal(slots[slot].as_bytes(), leaves[leaf].as_bytes()) {
                found = true;
                break;
            }
            slot += 1;
        }
        let bit = Presence::bit(slot);
        if !found || bit == 0 {
            return 0;
        }
        bits |= bit;
        leaf += 1;
    }
    bits
}

/// Typed path: reports every place below `fields` where `requirement`'s path is not satisfied.
pub fn check_typed(fields: &dyn Fields, requirement: &Requirement, scope: &mut Scope<'_>) {
    typed_steps(fields, requirement.path, requirement, scope);
}

fn typed_steps(
    fields: &dyn Fields,
    steps: &[Step],
    requirement: &Requirement,
    scope: &mut Scope<'_>,
) {
    let [Step::Field(name), rest @ ..] = steps else {
        return;
    };
    let mut field_scope = scope.field(name);
    match (fields.get(name), rest) {
        (FieldRef::Absent, _) => report_missing(&mut field_scope, requirement, name, rest, None),
        (FieldRef::Object(inner), [Step::Field(_), ..]) => {
            typed_steps(inner, rest, requirement, &mut field_scope);
        }
        (FieldRef::Items(items), [Step::Items | Step::ItemsOrLone, after @ ..]) => {
            for index in 0..items.count() {
                if let FieldRef::Object(item) = items.item(index) {
                    typed_steps(item, after, requirement, &mut field_scope.item(index));
                }
            }
        }
        // The leaf is present, or a container has the wrong shape (left to its type check).
        _ => {}
    }
}

/// Reports that step `name` of `requirement`'s path is missing, at `scope`, when it is the
/// field the path requires. A missing container has nothing below it to check: a rule that wants
/// the container names it on its own (`required_if(fields = ["policy", "policy[].retryDay"])`).
fn report_missing(
    scope: &mut Scope<'_>,
    requirement: &Requirement,
    name: &'static str,
    rest: &[Step],
    span: Option<crate::json::Span>,
) {
    if rest.is_empty() {
        scope.report(requirement.missing(name), span);
    }
}

/// A [`Fields`] view that answers some names with values parsed by the caller: the content of
/// `#[contract(json_string = "..")]` fields, which the typed value holds only as text.
#[derive(Clone, Copy)]
pub struct WithParsed<'a> {
    /// The object.
    pub fields: &'a dyn Fields,
    /// (wire name, parsed value) pairs that replace the object's own values.
    pub parsed: &'a [(&'static str, FieldRef<'a>)],
}

impl std::fmt::Debug for WithParsed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithParsed")
            .field("parsed", &self.parsed)
            .finish_non_exhaustive()
    }
}

impl Fields for WithParsed<'_> {
    fn get(&self, name: &str) -> FieldRef<'_> {
        match self.parsed.iter().find(|(parsed, _)| *parsed == name) {
            Some((_, value)) => *value,
            None => self.fields.get(name),
        }
    }

    fn span_of(&self, name: &str) -> Option<crate::json::Span> {
        self.fields.span_of(name)
    }

    fn own_span(&self) -> Option<crate::json::Span> {
        self.fields.own_span()
    }
}

/// Located paths: reports every place below the object `node` where the path of one of
/// `requirements` is not satisfied. `aliases` are the (documented, other spelling) pairs of the
/// object's type; they apply to the first step, the only one whose type is known here.
///
/// The requirements share every step but the last (`policy[].retryDay` and
/// `policy[].retryTimes`, under the same condition): their containers are walked once, and
/// each item is asked for every leaf, in the order of `requirements`. What is reported is
/// what checking them one by one reports.
///
/// # Panics
/// In debug builds, when `requirements` is empty or their paths differ before the last step
/// (the derive groups them so).
pub fn check_located(
    node: &Node<'_>,
    aliases: &[(&'static str, &'static str)],
    requirements: &[Requirement],
    scope: &mut Scope<'_>,
) {
    let Some(first) = requirements.first() else {
        return;
    };
    debug_assert!(
        requirements.iter().all(|requirement| {
            requirement.path.len() == first.path.len()
                && requirement.path.split_last().map(|(_, prefix)| prefix)
                    == first.path.split_last().map(|(_, prefix)| prefix)
        }),
        "requirements checked together share their path up to the leaf"
    );
    located_steps(node, aliases, first.path, requirements, scope);
}

/// The walk at `node`, `steps` of the path still to go (the first requirement's; the others
/// differ only at their leaf).
fn located_steps(
    node: &Node<'_>,
    aliases: &[(&'static str, &'static str)],
    steps: &[Step],
    requirements: &[Requirement],
    scope: &mut Scope<'_>,
) {
    let [Step::Field(name), rest @ ..] = steps else {
        return;
    };
    if rest.is_empty() {
        // The leaf: each requirement's own.
        for requirement in requirements {
            if let Some(Step::Field(leaf)) = requirement.path.last() {
                located_leaf(node, aliases, leaf, requirement, scope);
            }
        }
        return;
    }
    let Some(member) = find(node, aliases, name) else {
        // A missing container has nothing below it to check.
        return;
    };
    if member.value.is_null() {
        return;
    }
    located_below(&member.value, rest, requirements, &mut scope.field(name));
}

/// The member `name` of the object `node`, or the other spelling `aliases` give it.
fn find<'n, 'a>(
    node: &'n Node<'a>,
    aliases: &[(&'static str, &'static str)],
    name: &str,
) -> Option<&'n crate::json::Member<'a>> {
    node.member(name).or_else(|| {
        let (_, alias) = aliases.iter().find(|(documented, _)| *documented == name)?;
        node.member(alias)
    })
}

/// The last step: reports `requirement`'s field `leaf` missing (or `null`) in `node`.
fn located_leaf(
    node: &Node<'_>,
    aliases: &[(&'static str, &'static str)],
    leaf: &'static str,
    requirement: &Requirement,
    scope: &mut Scope<'_>,
) {
    let span = match find(node, aliases, leaf) {
        None => node.span(),
        Some(member) if member.value.is_null() => member.value.span(),
        Some(_) => return,
    };
    report_missing(&mut scope.field(leaf), requirement, leaf, &[], Some(span));
}

/// Continues the walk below a present value.
fn located_below(
    node: &Node<'_>,
    rest: &[Step],
    requirements: &[Requirement],
    scope: &mut Scope<'_>,
) {
    match rest {
        [Step::Field(_), ..] if node.as_object().is_some() => {
            located_steps(node, &[], rest, requirements, scope);
        }
        [step @ (Step::Items | Step::ItemsOrLone), after @ ..] => {
            if let Some(items) = node.as_array() {
                located_items(items, after, requirements, scope);
                return;
            }
            let Some(Ok(document)) = node.embedded().map(|embedded| embedded.document.as_ref())
            else {
                return;
            };
            scope.embedded(node.span(), |inner| match (document.as_array(), step) {
                (Some(items), _) => located_items(items, after, requirements, inner),
                // The lone object is the only item, where the document stands.
                (None, Step::ItemsOrLone) if document.as_object().is_some() => {
                    located_steps(document, &[], after, requirements, inner);
                }
                // Anything else is the field's own `embedded-json` defect.
                (None, _) => {}
            });
        }
        // A container has the wrong shape (left to its type check).
        _ => {}
    }
}

fn located_items(
    items: &[Node<'_>],
    steps: &[Step],
    requirements: &[Requirement],
    scope: &mut Scope<'_>,
) {
    for (index, item) in items.iter().enumerate() {
        if item.as_object().is_some() {
            located_steps(item, &[], steps, requirements, &mut scope.item(index));
        }
    }
}

/// What a type shows of itself to the compile-time checks of paths.
///
/// A proc macro sees the fields of the struct it derives on, not those of the types below it,
/// so `#[derive(Contract)]` checks the later steps of a path (`contact.phone`,
/// `parcels[].weight`) through the types themselves: each step is a type projection
/// (`<T as Descend>::Items` for `[]`, `<T as Descend>::Object` then the field's type,
/// [`Member`], for `.name`), and the index of `name` among the object's [`Descend::FIELDS`] is
/// a constant the compiler evaluates with [`lookup`], which fails with a message naming the
/// step (and a close name, and the fields there are) when it is not one of them.
#[diagnostic::on_unimplemented(
    message = "a path of `required_if` cannot step through `{Self}`",
    label = "a field of the path has this type",
    note = "paths step through the types `#[derive(Contract)]` validates: structs and enums deriving it, `Vec`, `Option`, `JsonString` and scalars"
)]
pub trait Descend {
    /// What `[]` steps into: the items' type, or [`NoItems`] when there are none.
    type Items: Descend + ?Sized;
    /// What `.name` steps into: the object type, or [`NoFields`] when it is no object.
    type Object: Descend + ?Sized;
    /// What the values are, for messages (`"an integer"`, `"an object"`).
    const WHAT: &'static str;
    /// The type's name, for an object (`"Contact"`); empty otherwise.
    const NAME: &'static str = "";
    /// An object's validated fields, by wire name, in the order of its [`Member`] impls.
    const FIELDS: &'static [&'static str] = &[];
    /// An object's members, by wire name, in the order its located walk numbers them (the
    /// bits of its [`Presence`]): the validated fields and those it only skips.
    const SLOTS: &'static [&'static str] = &[];
    /// Whether `[]` steps into items.
    const HAS_ITEMS: bool = false;
    /// Whether `.name` steps into an object.
    const IS_OBJECT: bool = false;
    /// Where a walk stopped: [`Stop::Go`] for every type but the markers of a wrong step.
    const STOP: Stop = Stop::Go;
}

/// The type of an object's field number `N` (of [`Descend::FIELDS`]).
pub trait Member<const N: usize> {
    /// The field's type (for a `json_string` field, the `JsonString` of its document).
    type Type: ?Sized;
}

/// Why a compile-time walk of a path cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// It can.
    Go,
    /// A `[]` stepped into something without items.
    NoItems {
        /// What that is.
        what: &'static str,
        /// Its name, for an object.
        name: &'static str,
        /// Whether it is an object (so `.` would step into it).
        object: bool,
    },
    /// A `.name` stepped into something that is no object.
    NoFields {
        /// What that is.
        what: &'static str,
        /// Its name, for an object.
        name: &'static str,
        /// Whether it has items (so `[]` would step into them).
        items: bool,
    },
}

/// The type a `[]` steps into when `T` has no items: every later step fails on it.
#[derive(Debug)]
pub struct NoItems<T: ?Sized>(std::marker::PhantomData<T>);

/// The type a `.name` steps into when `T` is no object: every later step fails on it.
#[derive(Debug)]
pub struct NoFields<T: ?Sized>(std::marker::PhantomData<T>);

impl<T: Descend + ?Sized> Descend for NoItems<T> {
    type Items = Self;
    type Object = Self;
    const WHAT: &'static str = T::WHAT;
    const STOP: Stop = match T::STOP {
        Stop::Go => Stop::NoItems {
            what: T::WHAT,
            name: T::NAME,
            object: T::IS_OBJECT,
        },
        stop => stop,
    };
}

impl<T: Descend + ?Sized> Descend for NoFields<T> {
    type Items = Self;
    type Object = Self;
    const WHAT: &'static str = T::WHAT;
    const STOP: Stop = match T::STOP {
        Stop::Go => Stop::NoFields {
            what: T::WHAT,
            name: T::NAME,
            items: T::HAS_ITEMS,
        },
        stop => stop,
    };
}

/// `Descend` for a type with nothing below it.
macro_rules! scalars {
    ($($what:literal: $($ty:ty),*;)*) => {$($(
        impl Descend for $ty {
            type Items = NoItems<Self>;
            type Object = NoFields<Self>;
            const WHAT: &'static str = $what;
        }
    )*)*};
}

scalars! {
    "an integer": i8, i16, i32, i64, u8, u16, u32, u64, isize, usize;
    "a number": f32, f64;
    "a boolean": bool;
    "a string": String;
}

impl<T: Descend> Descend for Option<T> {
    type Items = T::Items;
    type Object = T::Object;
    const WHAT: &'static str = T::WHAT;
    const NAME: &'static str = T::NAME;
    const FIELDS: &'static [&'static str] = T::FIELDS;
    const SLOTS: &'static [&'static str] = T::SLOTS;
    const HAS_ITEMS: bool = T::HAS_ITEMS;
    const IS_OBJECT: bool = T::IS_OBJECT;
    const STOP: Stop = T::STOP;
}

impl<T: Descend> Descend for Vec<T> {
    type Items = T;
    type Object = NoFields<Self>;
    const WHAT: &'static str = "an array";
    const HAS_ITEMS: bool = true;
}

/// A document held as text: `[]` steps into its items as the navigators do. They do not step
/// into an object held as text, so neither does `.`.
impl<T: Descend> Descend for crate::JsonString<T> {
    type Items = T::Items;
    type Object = NoFields<Self>;
    const WHAT: &'static str = "a JSON document in a string";
    const HAS_ITEMS: bool = T::HAS_ITEMS;
}

/// The texts a step's messages are made of, written by the derive: the whole path, the field
/// the step names, the path to the container it looks in, and the path as it would read with
/// the `[]` before the step removed, or added.
#[derive(Debug, Clone, Copy)]
pub struct StepText {
    /// The whole path (`contacts[].phone`).
    pub path: &'static str,
    /// The field this step names (`phone`).
    pub name: &'static str,
    /// The path to what it steps into (`contacts[]`).
    pub container: &'static str,
    /// The path without the `[]` before the step, when there is one (`contacts.phone`).
    pub without_items: &'static str,
    /// The path with `[]` before the step, when there is none.
    pub with_items: &'static str,
}

/// The outcome of looking one step of a path up at compile time.
#[derive(Debug, Clone, Copy)]
pub struct Lookup {
    /// The field's number in the object's [`Descend::FIELDS`]; `None` when the step is wrong.
    pub index: Option<usize>,
    message: Message,
}

impl Lookup {
    /// Why the step is wrong.
    #[must_use]
    pub const fn message(&self) -> &str {
        self.message.as_str()
    }
}

/// Looks `step` up in `T`, the object a field step of a path stepped into: the field's number,
/// or why there is none (`T` is no object, or has no such field; with a close name and the
/// fields it has).
#[must_use]
pub const fn lookup<T: Descend + ?Sized>(step: &StepText) -> Lookup {
    let fields = T::FIELDS;
    let mut message = Message::new().push("the path `").push(step.path).push("` ");
    match T::STOP {
        Stop::Go => {}
        Stop::NoItems { what, name, object } => {
            message = message
                .push("steps into the items of `")
                .push(trim_items(step.container))
                .push("`, which holds ")
                .push(what)
                .with_name(name)
                .push(" and has no items");
            if object {
                message = message
                    .push("; to step into the object, write `")
                    .push(step.without_items)
                    .push("`");
            }
            return Lookup {
                index: None,
                message,
            };
        }
        Stop::NoFields { what, name, items } => {
            message = message
                .push("steps into `")
                .push(step.container)
                .push("` for `")
                .push(step.name)
                .push("`, but it holds ")
                .push(what)
                .with_name(name)
                .push(", which has no fields");
            if items {
                message = message
                    .push("; to step into its items, write `")
                    .push(step.with_items)
                    .push("`");
            }
            return Lookup {
                index: None,
                message,
            };
        }
    }
    let mut index = 0;
    while index < fields.len() {
        if equal(fields[index].as_bytes(), step.name.as_bytes()) {
            return Lookup {
                index: Some(index),
                message: Message::new(),
            };
        }
        index += 1;
    }
    message = message
        .push("names `")
        .push(step.name)
        .push("`, which is not a validated field of `")
        .push(T::NAME)
        .push("`");
    let mut index = 0;
    while index < fields.len() {
        if similar(fields[index].as_bytes(), step.name.as_bytes()) {
            message = message
                .push("; did you mean `")
                .push(fields[index])
                .push("`?");
            break;
        }
        index += 1;
    }
    if fields.is_empty() {
        message = message.push(" (it has none)");
    } else {
        message = message.push("\nfields: ");
        let mut index = 0;
        while index < fields.len() {
            if index > 0 {
                message = message.push(", ");
            }
            message = message.push("`").push(fields[index]).push("`");
            index += 1;
        }
    }
    Lookup {
        index: None,
        message,
    }
}

/// `a[]` without its `[]`.
const fn trim_items(container: &str) -> &str {
    let bytes = container.as_bytes();
    if bytes.len() >= 2 && bytes[bytes.len() - 2] == b'[' && bytes[bytes.len() - 1] == b']' {
        match container.split_at_checked(bytes.len() - 2) {
            Some((head, _)) => head,
            None => container,
        }
    } else {
        container
    }
}

const fn equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// Whether a written name is close to a known one: equal but for case, `_` and `-`, or (for
/// names of four bytes or more) at most two edits away. The derive's own check of sibling
/// names says the same.
const fn similar(known: &[u8], written: &[u8]) -> bool {
    squashed_equal(known, written) || (written.len() >= 4 && edit_distance(known, written) <= 2)
}

/// Equal, ignoring ASCII case, `_` and `-`.
const fn squashed_equal(a: &[u8], b: &[u8]) -> bool {
    let (mut i, mut j) = (0, 0);
    loop {
        while i < a.len() && (a[i] == b'_' || a[i] == b'-') {
            i += 1;
        }
        while j < b.len() && (b[j] == b'_' || b[j] == b'-') {
            j += 1;
        }
        match (i < a.len(), j < b.len()) {
            (false, false) => return true,
            (true, true) => {
                if !a[i].eq_ignore_ascii_case(&b[j]) {
                    return false;
                }
                i += 1;
                j += 1;
            }
            _ => return false,
        }
    }
}

/// Levenshtein distance over bytes; names longer than 64 bytes are never close.
const fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    const MAX: usize = 64;
    if a.len() > MAX || b.len() > MAX {
        return usize::MAX;
    }
    let mut previous = [0usize; MAX + 1];
    let mut current = [0usize; MAX + 1];
    let mut j = 0;
    while j <= b.len() {
        previous[j] = j;
        j += 1;
    }
    let mut i = 0;
    while i < a.len() {
        current[0] = i + 1;
        let mut j = 0;
        while j < b.len() {
            let substitution = previous[j] + if a[i] == b[j] { 0 } else { 1 };
            let deletion = previous[j + 1] + 1;
            let insertion = current[j] + 1;
            let mut best = substitution;
            if deletion < best {
                best = deletion;
            }
            if insertion < best {
                best = insertion;
            }
            current[j + 1] = best;
            j += 1;
        }
        previous = current;
        i += 1;
    }
    previous[b.len()]
}

/// A message written at compile time, into a fixed buffer (cut short, at a character, when
/// longer).
#[derive(Debug, Clone, Copy)]
struct Message {
    bytes: [u8; Message::CAPACITY],
    len: usize,
}

impl Message {
    const CAPACITY: usize = 2048;

    const fn new() -> Self {
        Message {
            bytes: [0; Message::CAPACITY],
            len: 0,
        }
    }

    const fn push(mut self, text: &str) -> Self {
        let text = text.as_bytes();
        let mut index = 0;
        while index < text.len() && self.len < Message::CAPACITY {
            self.bytes[self.len] = text[index];
            self.len += 1;
            index += 1;
        }
        // Never end inside a character.
        while self.len > 0
            && self.len < Message::CAPACITY
            && index < text.len()
            && (self.bytes[self.len - 1] & 0b1100_0000) == 0b1000_0000
        {
            self.len -= 1;
        }
        self
    }

    /// " `Name`" after what an object is.
    const fn with_name(self, name: &str) -> Self {
        if name.is_empty() {
            self
        } else {
            self.push(" `").push(name).push("`")
        }
    }

    const fn as_str(&self) -> &str {
        let mut len = self.len;
        loop {
            let (text, _) = self.bytes.split_at(len);
            match core::str::from_utf8(text) {
                Ok(text) => return text,
                Err(_) => len -= 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::scope::Collector;

    const TURN_TYPE: Requirement = Requirement {
        path: &[Step::Field("turns"), Step::Items, Step::Field("turnType")],
        rule: Rule::new(
            "required-if",
            crate::Severity::Error,
            crate::Provenance::Documented,
        ),
        when: Some("chooseType == 0"),
        doc: None,
    };

    const NESTED: Requirement = Requirement {
        path: &[Step::Field("skillParam"), Step::Field("outBoundType")],
        rule: Rule::new(
            "required-if",
            crate::Severity::Error,
            crate::Provenance::Documented,
        ),
        when: None,
        doc: Some(DocRef::row(7, "5.11.1", "outBoundType")),
    };

    /// (pointer, missing field, source text at the violation's span start) of each violation.
    fn located(source: &str, requirement: &Requirement) -> Vec<(String, &'static str, usize)> {
        let arena = crate::json::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("test payload parses");
        let mut collector = Collector::new();
        check_located(
            &root,
            &[("skillParam", "skill_param")],
            std::slice::from_ref(requirement),
            &mut collector.root(),
        );
        collector
            .into_violations()
            .into_iter()
            .map(|violation| {
                let ViolationKind::Missing { field, when } = violation.kind else {
                    panic!("unexpected kind {:?}", violation.kind)
                };
                assert_eq!(when, requirement.when);
                assert_eq!(violation.doc, requirement.doc);
                let span = violation.span.expect("located violations have spans");
                (violation.pointer, field, span.start)
            })
            .collect()
    }

    fn typed(fields: &dyn Fields, requirement: &Requirement) -> Vec<(String, &'static str)> {
        let mut collector = Collector::new();
        check_typed(fields, requirement, &mut collector.root());
        collector
            .into_violations()
            .into_iter()
            .map(|violation| {
                assert_eq!(violation.span, None);
                match violation.kind {
                    ViolationKind::Missing { field, .. } => (violation.pointer, field),
                    other => panic!("unexpected kind {other:?}"),
                }
            })
            .collect()
    }

    fn offset_of(source: &str, needle: &str) -> usize {
        source.find(needle).expect("needle in source")
    }

    #[test]
    fn reports_each_item_of_a_real_array() {
        let source = r#"{"turns": [{"turnType": 1}, {"turnOrder": 2}, {"turnType": null}]}"#;
        assert_eq!(
            located(source, &TURN_TYPE),
            [
                (
                    "/turns/1/turnType".to_owned(),
                    "turnType",
                    offset_of(source, r#"{"turnOrder""#)
                ),
                (
                    "/turns/2/turnType".to_owned(),
                    "turnType",
                    offset_of(source, "null")
                ),
            ]
        );
    }

    #[test]
    fn steps_into_embedded_documents_with_positions_inside_the_string() {
        let source = "{\"turns\": \"[{\\\"turnType\\\": 1},\\n {\\\"x\\\": 2}]\"}";
        let violations = located(source, &TURN_TYPE);
        assert_eq!(violations.len(), 1);
        let (pointer, field, start) = &violations[0];
        assert_eq!(
            (pointer.as_str(), *field),
            ("/turns/1/turnType", "turnType")
        );
        assert_eq!(&source[*start..*start + 4], "{\\\"x");
    }

    #[test]
    fn a_missing_or_null_container_has_nothing_to_check() {
        assert_eq!(located(r#"{"chooseType": 0}"#, &TURN_TYPE), []);
        assert_eq!(located(r#"{"turns": null}"#, &TURN_TYPE), []);
        assert_eq!(located(r#"{"skillParam": null}"#, &NESTED), []);
        let source = r#"{"skillParam": {"x": 1}}"#;
        assert_eq!(
            located(source, &NESTED),
            [(
                "/skillParam/outBoundType".to_owned(),
                "outBoundType",
                offset_of(source, r#"{"x""#)
            )]
        );
    }

    /// `policy[].retryDay` and `policy[].retryTimes` of one rule, as a policyJson item has.
    const RETRY_DAY: Requirement = Requirement {
        path: &[Step::Field("policy"), Step::Items, Step::Field("retryDay")],
        rule: crate::registry::NUMBER_POLICY_FIELDS,
        when: Some("type == 0"),
        doc: Some(DocRef::row(20, "5.13.7.3.1", "retryDay")),
    };
    const RETRY_TIMES: Requirement = Requirement {
        path: &[
            Step::Field("policy"),
            Step::Items,
            Step::Field("retryTimes"),
        ],
        doc: Some(DocRef::row(20, "5.13.7.3.2", "retryTimes")),
        ..RETRY_DAY
    };

    #[test]
    fn compile_time_lookups_name_the_step_and_suggest_a_close_field() {
        struct Contact;
        impl Descend for Contact {
            type Items = NoItems<Self>;
            type Object = Self;
            const WHAT: &'static str = "an object";
            const NAME: &'static str = "Contact";
            const FIELDS: &'static [&'static str] = &["name", "phoneNumber"];
            const IS_OBJECT: bool = true;
        }
        let step = |path, name, container| StepText {
            path,
            name,
            container,
            without_items: "contact.phoneNumber",
            with_items: "contacts[].name",
        };
        assert_eq!(
            lookup::<Contact>(&step("contact.phoneNumber", "phoneNumber", "contact")).index,
            Some(1)
        );
        let missed = lookup::<Contact>(&step("contact.phone_number", "phone_number", "contact"));
        assert_eq!(missed.index, None);
        assert_eq!(
            missed.message(),
            "the path `contact.phone_number` names `phone_number`, which is not a validated \
             field of `Contact`; did you mean `phoneNumber`?\nfields: `name`, `phoneNumber`"
        );
        let far = lookup::<Option<Contact>>(&step("contact.zip", "zip", "contact"));
        assert!(
            far.message()
                .ends_with("of `Contact`\nfields: `name`, `phoneNumber`")
        );
        let items = lookup::<<Contact as Descend>::Items>(&step(
            "contact[].phoneNumber",
            "phoneNumber",
            "contact[]",
        ));
        assert_eq!(
            items.message(),
            "the path `contact[].phoneNumber` steps into the items of `contact`, which holds an \
             object `Contact` and has no items; to step into the object, write \
             `contact.phoneNumber`"
        );
        let fields =
            lookup::<<Vec<Contact> as Descend>::Object>(&step("contacts.name", "name", "contacts"));
        assert_eq!(
            fields.message(),
            "the path `contacts.name` steps into `contacts` for `name`, but it holds an array, \
             which has no fields; to step into its items, write `contacts[].name`"
        );
        let scalar = lookup::<<<i64 as Descend>::Object as Descend>::Object>(&step(
            "count.x.y",
            "y",
            "count.x",
        ));
        assert!(
            scalar
                .message()
                .contains("it holds an integer, which has no fields"),
            "the first wrong step is the one reported: {}",
            scalar.message()
        );
    }

    #[test]
    fn messages_stop_at_their_capacity_on_a_character() {
        let long = "é".repeat(Message::CAPACITY);
        let message = Message::new().push("a").push(&long);
        assert!(message.as_str().len() <= Message::CAPACITY);
        assert!(message.as_str().starts_with("aé"));
        assert!(similar(b"deviceType", b"device_type"));
        assert!(similar(b"turnType", b"trunType"));
        assert!(!similar(b"name", b"zip"));
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
    }

    #[test]
    fn each_missing_field_below_a_present_container_is_its_own_violation() {
        for source in [r#"{"type": 0}"#, r#"{"type": 0, "policy": null}"#] {
            let arena = crate::json::Arena::new();
            let root = parse(source.as_bytes(), &arena).expect("test payload parses");
            let mut collector = Collector::new();
            {
                let mut scope = collector.root();
                check_located(&root, &[], &[RETRY_DAY], &mut scope);
                check_typed(&root, &RETRY_TIMES, &mut scope);
            }
            assert!(collector.into_violations().is_empty(), "{source}");
        }
        let source = r#"{"policy": [{"result": 1}]}"#;
        let arena = crate::json::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("test payload parses");
        let mut collector = Collector::new();
        {
            let mut scope = collector.root();
            check_located(&root, &[], &[RETRY_DAY], &mut scope);
            check_located(&root, &[], &[RETRY_TIMES], &mut scope);
        }
        let pointers: Vec<String> = collector
            .into_violations()
            .into_iter()
            .map(|violation| violation.pointer)
            .collect();
        assert_eq!(pointers, ["/policy/0/retryDay", "/policy/0/retryTimes"]);
    }

    /// Requirements that differ only at their leaf, checked together, report what checking
    /// them one by one reports: item by item, each item's leaves in the requirements' order.
    #[test]
    fn requirements_checked_together_report_what_each_reports() {
        let sources = [
            r#"{"policy": [{"result": 1}, {"retryDay": 2}, {"retryTimes": null}, 4, {}]}"#,
            r#"{"policy": "[{\"result\": 1}, {\"retryTimes\": 3}]"}"#,
            r#"{"policy": null}"#,
            r#"{"type": 0}"#,
            r#"{"policy": {"retryDay": 1}}"#,
        ];
        for source in sources {
            let arena = crate::json::Arena::new();
            let root = parse(source.as_bytes(), &arena).expect("test payload parses");
            let violations = |groups: &[&[Requirement]]| {
                let mut collector = Collector::new();
                {
                    let mut scope = collector.root();
                    for group in groups {
                        check_located(&root, &[], group, &mut scope);
                    }
                }
                collector
                    .into_violations()
                    .into_iter()
                    .map(|violation| (violation.pointer, violation.span, violation.embedded_offset))
                    .collect::<Vec<_>>()
            };
            let together = violations(&[&[RETRY_DAY, RETRY_TIMES]]);
            let mut one_by_one = violations(&[&[RETRY_DAY], &[RETRY_TIMES]]);
            one_by_one.sort_by(|a, b| a.0.cmp(&b.0));
            let mut sorted = together.clone();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(sorted, one_by_one, "{source}");
            let pointers: Vec<&str> = together.iter().map(|found| found.0.as_str()).collect();
            let expected: &[&str] = match source {
                s if s.starts_with(r#"{"policy": ["#) => &[
                    "/policy/0/retryDay",
                    "/policy/0/retryTimes",
                    "/policy/1/retryTimes",
                    "/policy/2/retryDay",
                    "/policy/2/retryTimes",
                    "/policy/4/retryDay",
                    "/policy/4/retryTimes",
                ],
                s if s.starts_with(r#"{"policy": "["#) => &[
                    "/policy/0/retryDay",
                    "/policy/0/retryTimes",
                    "/policy/1/retryDay",
                ],
                _ => &[],
            };
            assert_eq!(pointers, expected, "{source}");
        }
    }

    #[test]
    fn containers_of_the_wrong_shape_are_left_to_the_type_checks() {
        for source in [
            r#"{"turns": 3}"#,
            r#"{"turns": "not json"}"#,
            r#"{"turns": "{\"turnType\": 1}"}"#,
            r#"{"turns": [1, null, "x"]}"#,
            r#"{"turns": {"turnType": 1}}"#,
        ] {
            assert_eq!(located(source, &TURN_TYPE), [], "{source}");
        }
        for source in [r#"{"skillParam": [1]}"#, r#"{"skillParam": "x"}"#] {
            assert_eq!(located(source, &NESTED), [], "{source}");
        }
    }

    #[test]
    fn the_first_step_accepts_the_objects_aliases() {
        let source = r#"{"skill_param": {"outBoundType": 2}}"#;
        assert_eq!(located(source, &NESTED), []);
    }

    #[test]
    fn typed_values_follow_objects_and_items() {
        let source = r#"{"turns": [{"turnType": 1}, {"turnOrder": 2}], "skillParam": {}}"#;
        let arena = crate::json::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("payload");
        assert_eq!(
            typed(&root, &TURN_TYPE),
            [("/turns/1/turnType".to_owned(), "turnType")]
        );
        assert_eq!(
            typed(&root, &NESTED),
            [("/skillParam/outBoundType".to_owned(), "outBoundType")]
        );
        let arena = crate::json::Arena::new();
        let empty = parse(b"{}", &arena).expect("payload");
        assert_eq!(typed(&empty, &TURN_TYPE), []);
    }

    #[test]
    fn typed_values_see_parsed_json_strings_through_with_parsed() {
        let source = r#"{"turns": "[{\"turnOrder\": 1}]"}"#;
        let arena = crate::json::Arena::new();
        let root = parse(source.as_bytes(), &arena).expect("payload");
        // Without the parsed value, a string is not a container: nothing to walk.
        assert_eq!(typed(&root, &TURN_TYPE), []);
        let arena = crate::json::Arena::new();
        let document = parse(br#"[{"turnOrder": 1}]"#, &arena).expect("document");
        let parsed = [("turns", FieldRef::Items(&document))];
        let view = WithParsed {
            fields: &root,
            parsed: &parsed,
        };
        assert_eq!(
            typed(&view, &TURN_TYPE),
            [("/turns/0/turnType".to_owned(), "turnType")]
        );
        assert_eq!(view.own_span(), Some(root.span()));
        assert_eq!(
            view.span_of("turns").map(|span| span.start),
            Some(offset_of(source, "\"[{"))
        );
    }
}
