//! The traits `#[derive(Contract)]` implements, and their implementations for field types.
//!
//! Validation runs on two representations of the same payload:
//! - typed values (the fast path, and library users holding a model), and
//! - the located JSON tree (the full path, which also reports structure and positions).
//!
//! Rules about the fields of one object (conditions, ranges, formats, hand-written checks) are
//! written once, against [`Fields`], which both representations implement; they live in
//! [`Contract::check_fields`]. Only recursion and structure differ: [`Contract::validate_in`]
//! walks typed values, [`Contract::check_object`] walks the tree and checks JSON types,
//! integers, duplicate and undocumented keys first. Field types take part through [`Shape`].

use crate::json::{Node, Span, Value};
use crate::paths::Presence;
use crate::rule::{DocRef, Provenance, Read, Rule};
use crate::scope::{Collector, Scope};
use crate::violation::{Found, IntegerProblem, Violation, ViolationKind};

/// A field's value as rules see it.
#[derive(Clone, Copy)]
pub enum FieldRef<'a> {
    /// Missing or `null`.
    Absent,
    /// An integer.
    Int(i64),
    /// A string.
    Str(&'a str),
    /// A string of a payload's tree written with escapes, decoded only when read
    /// ([`FieldRef::as_str`]): a check that only asks whether it is there (a document held
    /// by a string, say) never pays for decoding it. Never the empty string.
    Escaped(Escaped<'a>),
    /// An object.
    Object(&'a dyn Fields),
    /// An array (or, on typed values, the parsed content of an embedded document).
    Items(&'a dyn Items),
    /// Present, but not a value rules can read (wrong JSON type, malformed number).
    Other,
}

impl std::fmt::Debug for FieldRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldRef::Absent => f.write_str("Absent"),
            FieldRef::Int(value) => write!(f, "Int({value})"),
            FieldRef::Str(value) => write!(f, "Str({value:?})"),
            FieldRef::Escaped(value) => value.fmt(f),
            FieldRef::Object(_) => f.write_str("Object(..)"),
            FieldRef::Items(items) => write!(f, "Items(len {})", items.count()),
            FieldRef::Other => f.write_str("Other"),
        }
    }
}

impl<'a> FieldRef<'a> {
    /// Whether the field is present (anything but missing or `null`).
    #[must_use]
    pub fn is_present(self) -> bool {
        !matches!(self, FieldRef::Absent)
    }

    /// The integer, if the field holds one.
    #[must_use]
    pub fn as_int(self) -> Option<i64> {
        match self {
            FieldRef::Int(value) => Some(value),
            _ => None,
        }
    }

    /// The string, if the field holds one.
    #[must_use]
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            FieldRef::Str(value) => Some(value),
            FieldRef::Escaped(value) => Some(value.text()),
            _ => None,
        }
    }
}

/// A string of a payload's tree written with escapes ([`FieldRef::Escaped`]).
#[derive(Clone, Copy)]
pub struct Escaped<'a>(&'a (dyn Decode + 'a));

impl std::fmt::Debug for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Escaped").field(&self.text()).finish()
    }
}

impl<'a> Escaped<'a> {
    /// The decoded text (decoded on first read, then kept by the tree).
    #[must_use]
    pub fn text(self) -> &'a str {
        self.0.text()
    }
}

/// A string whose text is decoded on first read: the tree's strings, whatever the lifetime
/// of the tree they belong to.
trait Decode {
    fn text(&self) -> &str;
}

impl Decode for crate::json::Str<'_> {
    fn text(&self) -> &str {
        crate::json::Str::text(self)
    }
}

/// An object's fields by wire name.
pub trait Fields {
    /// The value of a field; undocumented names are [`FieldRef::Absent`].
    fn get(&self, name: &str) -> FieldRef<'_>;

    /// Where a field's value is, in the text walked (located tree only).
    fn span_of(&self, _name: &str) -> Option<Span> {
        None
    }

    /// Whether the field arrived as the empty string `""`. For a field whose `""` means "not
    /// set" (`#[contract(empty_as_absent)]`), [`Fields::get`] then answers
    /// [`FieldRef::Absent`] and this is how the rule that reports it still sees the `""`.
    fn is_blank(&self, _name: &str) -> bool {
        false
    }

    /// Where the object is (located tree only).
    fn own_span(&self) -> Option<Span> {
        None
    }

    /// The value of the field `name`, which is member `slot` of the type (in the order
    /// `#[derive(Contract)]` numbers them): [`Fields::get`], unless the implementation can
    /// find the member by its number, as [`NodeFields`] does.
    fn get_slot(&self, slot: usize, name: &str) -> FieldRef<'_> {
        let _ = slot;
        self.get(name)
    }

    /// [`Fields::is_blank`] of the field `name`, which is member `slot` of the type, found by
    /// its number where the implementation can (as [`Fields::get_slot`]).
    fn is_blank_slot(&self, slot: usize, name: &str) -> bool {
        let _ = slot;
        self.is_blank(name)
    }

    /// The value of the row a hand-written check reads ([`Read`], from the wiring): by its
    /// number, where the implementation knows it is an object of the row's table (as
    /// [`NodeFields`] does); by its name otherwise.
    fn read(&self, row: &Read) -> FieldRef<'_> {
        self.get(row.name)
    }
}

/// The items of an array.
pub trait Items {
    /// How many.
    fn count(&self) -> usize;
    /// One of them.
    fn item(&self, index: usize) -> FieldRef<'_>;
}

impl Fields for Node<'_> {
    fn get(&self, name: &str) -> FieldRef<'_> {
        match self.member(name) {
            Some(member) => node_ref(&member.value),
            None => FieldRef::Absent,
        }
    }

    fn span_of(&self, name: &str) -> Option<Span> {
        self.member(name).map(|member| member.value.span())
    }

    fn own_span(&self) -> Option<Span> {
        Some(self.span())
    }
}

/// An object node seen through the spellings its type accepts: `get("mimAvgCallTime")` also
/// finds a member spelled `minAvgCallTime`.
///
/// `check_object`'s walk has already found each of the type's members (`slots`), so a field of
/// the type is read without going over the object's members again: by its number
/// ([`Fields::get_slot`]), or by its name through `slot_of`, a `match` on the type's own names.
/// Only a name the type does not document is looked for among the members.
#[derive(Debug, Clone, Copy)]
pub struct NodeFields<'n, 's> {
    /// The object node.
    pub node: &'n Node<'s>,
    /// (documented name, other spelling) pairs.
    pub aliases: &'static [(&'static str, &'static str)],
    /// The value of each of the type's members, by number, as `check_object`'s walk found
    /// them (the first member spelled as documented, else the first spelled as an alias;
    /// what looking the name up would find). Empty when unknown.
    pub slots: &'n [Option<&'n Node<'s>>],
    /// The number of the member documented as `name`, if the type has one (an alias is not a
    /// documented name: asked for, it is looked up among the members as written).
    pub slot_of: fn(&str) -> Option<usize>,
    /// Documented names of the fields whose `""` means "not set": `get` answers
    /// [`FieldRef::Absent`] for them when they hold the empty string.
    pub blank_as_absent: &'static [&'static str],
    /// The documentation table of the type, when it has one: a [`Read`] of that table
    /// ([`Fields::read`]) numbers its row as the walk numbers `slots`.
    pub table: Option<u8>,
}

impl<'n, 's> NodeFields<'n, 's> {
    /// The value of member `slot`, when the walk numbered it.
    #[inline]
    fn slot(&self, slot: usize) -> Option<Option<&'n Node<'s>>> {
        self.slots.get(slot).copied()
    }

    /// The value of the field `name`: its slot, or (for a name the type does not document, or
    /// slots unknown) the first member spelled `name`, else the first spelled as its alias.
    fn member_value(&self, name: &str) -> Option<&'n Node<'s>> {
        match (self.slot_of)(name).and_then(|slot| self.slot(slot)) {
            Some(found) => found,
            None => self.member_named(name),
        }
    }

    /// The first member spelled `name`, else the first spelled as its alias: a name the type
    /// does not document, or slots unknown.
    #[inline(never)]
    fn member_named(&self, name: &str) -> Option<&'n Node<'s>> {
        if let Some(member) = self.node.member(name) {
            return Some(&member.value);
        }
        let (_, alias) = self
            .aliases
            .iter()
            .find(|(documented, _)| *documented == name)?;
        self.node.member(alias).map(|member| &member.value)
    }

    /// What rules see of a member's value: [`FieldRef::Absent`] for `""` in a field whose
    /// empty string means "not set".
    #[inline]
    fn seen<'a>(&self, name: &str, node: &'a Node<'_>) -> FieldRef<'a> {
        match node_ref(node) {
            FieldRef::Str("") if self.blank_as_absent.contains(&name) => FieldRef::Absent,
            value => value,
        }
    }
}

impl Fields for NodeFields<'_, '_> {
    fn get(&self, name: &str) -> FieldRef<'_> {
        self.member_value(name)
            .map_or(FieldRef::Absent, |node| self.seen(name, node))
    }

    #[inline]
    fn get_slot(&self, slot: usize, name: &str) -> FieldRef<'_> {
        match self.slot(slot) {
            Some(Some(node)) => self.seen(name, node),
            Some(None) => FieldRef::Absent,
            None => self.get(name),
        }
    }

    fn is_blank(&self, name: &str) -> bool {
        self.member_value(name).is_some_and(Node::is_empty_string)
    }

    #[inline]
    fn read(&self, row: &Read) -> FieldRef<'_> {
        match row.slot {
            Some(slot) if self.table == Some(row.table) => self.get_slot(slot, row.name),
            _ => self.get(row.name),
        }
    }

    #[inline]
    fn is_blank_slot(&self, slot: usize, name: &str) -> bool {
        match self.slot(slot) {
            Some(found) => found.is_some_and(Node::is_empty_string),
            None => self.is_blank(name),
        }
    }

    fn span_of(&self, name: &str) -> Option<Span> {
        self.member_value(name).map(|node| node.span())
    }

    fn own_span(&self) -> Option<Span> {
        Some(self.node.span())
    }
}

impl Items for Node<'_> {
    fn count(&self) -> usize {
        self.as_array().map_or(0, <[_]>::len)
    }

    fn item(&self, index: usize) -> FieldRef<'_> {
        self.as_array()
            .and_then(|items| items.get(index))
            .map_or(FieldRef::Absent, node_ref)
    }
}

fn node_ref<'a>(node: &'a Node<'_>) -> FieldRef<'a> {
    match &node.value {
        Value::Null => FieldRef::Absent,
        Value::Number(_) => node.as_i64().map_or(FieldRef::Other, FieldRef::Int),
        Value::String(text) if text.is_escaped() => FieldRef::Escaped(Escaped(*text)),
        Value::String(text) => FieldRef::Str(text.text()),
        Value::Object(_) => FieldRef::Object(node),
        Value::Array(_) => FieldRef::Items(node),
        Value::Bool(_) => FieldRef::Other,
    }
}

impl<T: Shape> Items for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }

    fn item(&self, index: usize) -> FieldRef<'_> {
        self.get(index).map_or(FieldRef::Absent, Shape::field_ref)
    }
}

/// What a model kept of a payload besides its documented fields: the type of a field marked
/// `#[contract(extra)]`.
pub trait Unlisted {
    /// Names of the undocumented members, in a stable order.
    fn undocumented(&self) -> impl Iterator<Item = &str>;

    /// The spelling the payload used for a documented field, when it was not the documented
    /// one (an alias).
    fn spelling_of(&self, _documented: &str) -> Option<&'static str> {
        None
    }

    /// Whether a documented field whose `""` means "not set" arrived as `""` (and so was read
    /// as absent).
    fn arrived_blank(&self, _documented: &str) -> bool {
        false
    }
}

impl Unlisted for std::collections::BTreeMap<String, serde_json::Value> {
    fn undocumented(&self) -> impl Iterator<Item = &str> {
        self.keys().map(String::as_str)
    }
}

/// What a derive knows about one field, for the reports of its type checks.
#[derive(Debug, Clone, Copy)]
pub struct FieldInfo {
    /// The documentation row.
    pub doc: Option<DocRef>,
    /// Whether values may be personal data.
    pub personal: bool,
    /// For a field holding a JSON document: the rule that reports one object where the array
    /// of them is documented, when the field accepts it (`#[contract(lone_object)]`); the
    /// object is then checked as the array's only item.
    pub lone_object: Option<Rule>,
}

/// JSON structure: the rules a derived type reports it under, and what the derived checks of
/// it keep while they walk one object.
pub mod structure {
    use crate::rule::{Provenance, Rule, Severity, registry};

    /// The rules JSON structure is reported under: what no attribute names, from the JSON
    /// types of the fields to the syntax of the text. A derived type's own
    /// ([`Contract::STRUCTURE`](super::Contract::STRUCTURE)): the contract's models report
    /// [`CONTRACT`], a service's own structs [`NEUTRAL`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Rules {
        /// A value of the wrong JSON type.
        pub type_mismatch: Rule,
        /// A number the field's numeric type cannot hold: a fraction or an exponent in an
        /// integer, `-0`, a value outside the type's range.
        pub number: Rule,
        /// A key given twice in one object.
        pub duplicate_key: Rule,
        /// A key the type does not document.
        pub undocumented_field: Rule,
        /// A string that should hold a JSON document and does not (broken JSON, not an array).
        pub embedded_json: Rule,
        /// An embedded document in single quotes.
        pub single_quoted_json: Rule,
        /// The array itself where a string holding it is documented.
        pub array_instead_of_string: Rule,
        /// Text that is not JSON (or starts with a byte order mark).
        pub malformed_json: Rule,
        /// JSON nested deeper than the parser follows.
        pub nesting_limit: Rule,
    }

    /// The contract's rules of structure, from its registry: its models report these.
    pub const CONTRACT: Rules = Rules {
        type_mismatch: registry::TYPE_MISMATCH,
        number: registry::INTEGER_FORMAT,
        duplicate_key: registry::DUPLICATE_KEY,
        undocumented_field: registry::UNDOCUMENTED_FIELD,
        embedded_json: registry::EMBEDDED_JSON,
        single_quoted_json: registry::SINGLE_QUOTED_JSON,
        array_instead_of_string: registry::ARRAY_INSTEAD_OF_STRING,
        malformed_json: registry::MALFORMED_JSON,
        nesting_limit: registry::NESTING_LIMIT,
    };

    const fn error(id: &'static str, provenance: Provenance) -> Rule {
        Rule::new(id, Severity::Error, provenance)
    }

    const fn warning(id: &'static str) -> Rule {
        Rule::new(id, Severity::Warning, Provenance::Inferred)
    }

    /// The rules of structure of a service's own structs: ids of their own, none of them a
    /// rule of the contract (whose levels, documentation rows and explanations are the
    /// vendor's). What a typed value could not hold is an error; what serde accepts
    /// (an undocumented key, the array where the string holding it is documented) a warning.
    pub const NEUTRAL: Rules = Rules {
        type_mismatch: error("type", Provenance::Documented),
        number: error("type", Provenance::Documented),
        duplicate_key: error("duplicate-field", Provenance::Inferred),
        undocumented_field: warning("unknown-field"),
        embedded_json: error("json-string", Provenance::Documented),
        single_quoted_json: error("json-string", Provenance::Documented),
        array_instead_of_string: warning("json-string-as-array"),
        malformed_json: error("json-syntax", Provenance::Documented),
        nesting_limit: error("json-syntax", Provenance::Documented),
    };

    impl Rules {
        /// Every rule, for listings and tests.
        #[must_use]
        pub const fn all(&self) -> [Rule; 9] {
            [
                self.type_mismatch,
                self.number,
                self.duplicate_key,
                self.undocumented_field,
                self.embedded_json,
                self.single_quoted_json,
                self.array_instead_of_string,
                self.malformed_json,
                self.nesting_limit,
            ]
        }
    }

    /// The undocumented keys of one object seen so far, to tell a repeated one from a new one.
    ///
    /// A short list searched in order while it is small (an object has a few unknown keys, if
    /// any), a hash set once it grows: an object with a million distinct unknown keys is
    /// checked in linear time, not quadratic. The set hashes with foldhash, seeded per
    /// process: about twice as fast as SipHash on short keys, and the keys cannot be chosen
    /// to collide without knowing the seed.
    #[derive(Debug, Default)]
    pub struct UnknownKeys<'a> {
        few: Vec<&'a str>,
        many: Option<std::collections::HashSet<&'a str, foldhash::fast::RandomState>>,
        /// How many more keys the object can hold, to size the set once.
        capacity: usize,
    }

    impl<'a> UnknownKeys<'a> {
        /// How many keys the list holds before they move to a hash set.
        const FEW: usize = 16;

        /// None seen yet.
        #[must_use]
        pub fn new() -> Self {
            UnknownKeys::default()
        }

        /// None seen yet, in an object of `members` members: the set, if one is needed, is
        /// sized once instead of growing.
        #[must_use]
        pub fn for_members(members: usize) -> Self {
            UnknownKeys {
                capacity: members,
                ..UnknownKeys::default()
            }
        }

        /// Records `key`; `false` when it was seen before.
        pub fn insert(&mut self, key: &'a str) -> bool {
            if let Some(many) = &mut self.many {
                return many.insert(key);
            }
            if self.few.contains(&key) {
                return false;
            }
            if self.few.len() < Self::FEW {
                self.few.push(key);
            } else {
                let mut many = std::collections::HashSet::with_capacity_and_hasher(
                    self.capacity.max(64),
                    foldhash::fast::RandomState::default(),
                );
                many.extend(self.few.drain(..));
                many.insert(key);
                self.many = Some(many);
            }
            true
        }
    }

    #[cfg(test)]
    mod tests {
        use super::{CONTRACT, NEUTRAL, UnknownKeys};
        use crate::rule::RuleId;

        #[test]
        fn neutral_rules_are_none_of_the_contracts() {
            for rule in NEUTRAL.all() {
                assert_eq!(RuleId::from_id(rule.id), None, "{}", rule.id);
                assert!(
                    rule.summary.is_empty() && rule.docs.is_empty(),
                    "{}",
                    rule.id
                );
            }
            for rule in CONTRACT.all() {
                assert!(RuleId::from_id(rule.id).is_some(), "{}", rule.id);
            }
        }

        #[test]
        fn unknown_keys_tell_repeats_before_and_after_growing() {
            let keys: Vec<String> = (0..100).map(|index| format!("k{index}")).collect();
            let mut unknown = UnknownKeys::new();
            for key in &keys {
                assert!(unknown.insert(key), "{key} is new");
                assert!(!unknown.insert(key), "{key} is repeated");
            }
            for key in &keys {
                assert!(!unknown.insert(key), "{key} is still known");
            }
        }
    }
}

/// How a field type takes part in validation.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a type `#[derive(Contract)]` can validate",
    label = "this field's type has no validation",
    note = "validated field types: `String`, `bool`, the integers (`i8`..`i64`, `u8`..`u64`, `isize`, `usize`), `f32`, `f64`, `Vec<T>`, `Option<T>`, `JsonString<T>` and types that derive `Contract` (structs with named fields, unit enums)",
    note = "derive `Contract` on a struct or an enum of yours to validate it; mark the field `#[contract(skip)]` to leave it unvalidated"
)]
pub trait Shape {
    /// The JSON type the field documents, for messages (`"integer"`).
    const EXPECTED: &'static str;

    /// The value as rules see it.
    fn field_ref(&self) -> FieldRef<'_>;

    /// Typed path: checks below this value (nested objects, embedded documents), and what a
    /// typed value can hold that its JSON type cannot (a `u64` above `i64::MAX`).
    fn validate_in(&self, _scope: &mut Scope<'_>) {}

    /// Located path: checks a present value of this field; `scope` is at the field.
    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo);

    /// Whether the value is the empty string (for `#[contract(empty_as_absent)]`).
    fn is_blank(&self) -> bool {
        false
    }

    /// Located path, for an array type: checks `node`, a lone item where the array of them
    /// is documented, as the array's only item (`#[contract(lone_object)]`). Other types
    /// report a type mismatch.
    fn check_lone_item(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        report_type_mismatch(Self::EXPECTED, node, scope, info);
    }

    /// [`Shape::check_node`], saying on the way back which members the object below (or
    /// every object item of the array below) holds, for the requirements of paths through
    /// the field ([`Presence`]). Types with no object below show nothing.
    fn check_node_present(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) -> Presence {
        Self::check_node(node, scope, info);
        Presence::UNKNOWN
    }

    /// [`Shape::check_lone_item`], saying what [`Shape::check_node_present`] says.
    fn check_lone_item_present(
        node: &Node<'_>,
        scope: &mut Scope<'_>,
        info: &FieldInfo,
    ) -> Presence {
        Self::check_lone_item(node, scope, info);
        Presence::UNKNOWN
    }
}

/// What rules see of a field whose `""` means "not set": [`FieldRef::Absent`] for the empty
/// string, the value otherwise.
#[must_use]
pub fn blank_as_absent(value: FieldRef<'_>) -> FieldRef<'_> {
    match value {
        FieldRef::Str("") => FieldRef::Absent,
        value => value,
    }
}

/// Reports `found`, a value of a field whose type lists its values (a `#[derive(Contract)]`
/// enum), as none of `allowed`, under `rule`: on the located path with `node`'s span, on the
/// typed path (a variant JSON never gives, such as serde's `other`) without one.
pub fn report_unlisted(
    rule: Rule,
    allowed: &'static [&'static str],
    found: Found,
    scope: &mut Scope<'_>,
    at: Option<(&Node<'_>, &FieldInfo)>,
) {
    let kind = ViolationKind::NotAllowed { allowed };
    let violation = Violation::new(rule, kind).with_found(Some(found));
    match at {
        Some((node, info)) => {
            scope.report(violation.with_doc(info.doc), Some(node.span()));
        }
        None => scope.report(violation, None),
    }
}

/// Located path, for a field whose type lists integer codes (a `#[derive(Contract)]` enum with
/// discriminants): reports `node` under `rule` unless it is one of `listed` (and under the
/// scope's rules of structure unless it is an integer at all).
pub fn check_code(
    node: &Node<'_>,
    scope: &mut Scope<'_>,
    info: &FieldInfo,
    rule: Rule,
    listed: &'static [i64],
) {
    let Some(value) = check_integer(node, scope, info, (i64::MIN, i64::MAX)) else {
        return;
    };
    if !listed.contains(&value) {
        let violation = Violation::new(rule, ViolationKind::NotListed { value, listed })
            .with_doc(info.doc)
            .with_found(Some(found_of(node, info)));
        scope.report(violation, Some(node.span()));
    }
}

/// Reports that `node` has the wrong JSON type for a field of type `T`.
pub fn report_type_mismatch(
    expected: &'static str,
    node: &Node<'_>,
    scope: &mut Scope<'_>,
    info: &FieldInfo,
) {
    let found = node.json_type();
    let text = found_of(node, info);
    let violation = Violation::new(
        scope.structure().type_mismatch,
        ViolationKind::TypeMismatch { expected, found },
    )
    .with_doc(info.doc)
    .with_found(Some(text));
    scope.report(violation, Some(node.span()));
}

/// A value as a violation quotes it.
fn found_of(node: &Node<'_>, info: &FieldInfo) -> Found {
    match &node.value {
        Value::String(text) => Found::string(text.text(), info.personal),
        Value::Number(number) => Found::new(number.raw, info.personal),
        Value::Bool(value) => Found::new(if *value { "true" } else { "false" }, info.personal),
        Value::Null => Found::new("null", false),
        Value::Array(_) => Found::new("[…]", info.personal),
        Value::Object(_) => Found::new("{…}", info.personal),
    }
}

/// Located path: reports `node` unless it is a plain integer within `min..=max`; gives the
/// integer when it is one.
///
/// A number that is no integer to typed clients (a fraction, an exponent, `-0`, more than 64
/// bits) is a [`ViolationKind::NotAnInteger`]; an integer outside the field type's own range
/// (300 for a `u8`) is [`ViolationKind::OutOfRange`] with the type's bounds. Both report the
/// scope's [`number`](structure::Rules::number) rule, where serde would fail to deserialize.
///
/// The common case, an integer in range, is checked inline; the rest is reported out of line.
#[inline]
pub fn check_integer(
    node: &Node<'_>,
    scope: &mut Scope<'_>,
    info: &FieldInfo,
    bounds: (i64, i64),
) -> Option<i64> {
    match node.as_i64() {
        Some(value) if (bounds.0..=bounds.1).contains(&value) => Some(value),
        _ => {
            report_integer(node, scope, info, bounds);
            None
        }
    }
}

/// Reports `node`, which is no integer within `min..=max` (see [`check_integer`]).
#[cold]
#[inline(never)]
fn report_integer(
    node: &Node<'_>,
    scope: &mut Scope<'_>,
    info: &FieldInfo,
    (min, max): (i64, i64),
) {
    let Value::Number(crate::json::Number { raw, .. }) = &node.value else {
        report_type_mismatch("integer", node, scope, info);
        return;
    };
    let rule = scope.structure().number;
    if let Some(value) = node.as_i64() {
        let violation = Violation::new(
            rule,
            ViolationKind::OutOfRange {
                value,
                min: Some(min),
                max: Some(max),
            },
        )
        .with_doc(info.doc)
        .with_found(Some(Found::new(raw, info.personal)));
        scope.report(violation, Some(node.span()));
        return;
    }
    let problem = if crate::json::is_negative_zero(raw) {
        IntegerProblem::NegativeZero
    } else if raw.contains('.') {
        IntegerProblem::Fraction
    } else if raw.contains(['e', 'E']) {
        IntegerProblem::Exponent
    } else {
        IntegerProblem::Overflow
    };
    let mut violation = Violation::new(
        rule,
        ViolationKind::NotAnInteger {
            written: Found::new(raw, false).text,
            problem,
        },
    )
    .with_doc(info.doc)
    .with_found(Some(Found::new(raw, info.personal)));
    // The page asks for integers; refusing `-0`, which JSON's grammar allows, is our
    // reading (the spec's `integer-format` lists it as an inferred part).
    if problem == IntegerProblem::NegativeZero {
        violation = violation.with_provenance(Provenance::Inferred);
    }
    scope.report(violation, Some(node.span()));
}

#[diagnostic::do_not_recommend]
impl Shape for i64 {
    const EXPECTED: &'static str = "integer";

    fn field_ref(&self) -> FieldRef<'_> {
        FieldRef::Int(*self)
    }

    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        check_integer(node, scope, info, (i64::MIN, i64::MAX));
    }
}

/// The integer types narrower than `i64`: every value is an `i64` to rules, and JSON outside
/// the type's range is reported where serde would refuse it.
macro_rules! narrow_integers {
    ($($ty:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl Shape for $ty {
            const EXPECTED: &'static str = "integer";

            fn field_ref(&self) -> FieldRef<'_> {
                FieldRef::Int(i64::from(*self))
            }

            fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
                check_integer(node, scope, info, (i64::from(<$ty>::MIN), i64::from(<$ty>::MAX)));
            }
        }
    )*};
}

narrow_integers!(i8, i16, i32, u8, u16, u32);

/// The integer types that reach beyond `i64` (`u64`, `usize`, `isize` on any platform): rules
/// read integers as `i64`, as the contract's JSON does, so the part of the type's range that
/// `i64` holds is what the field takes. A typed value beyond it is reported on the typed path
/// too, as [`IntegerProblem::Overflow`], so both paths agree.
macro_rules! wide_integers {
    ($($ty:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl Shape for $ty {
            const EXPECTED: &'static str = "integer";

            fn field_ref(&self) -> FieldRef<'_> {
                i64::try_from(*self).map_or(FieldRef::Other, FieldRef::Int)
            }

            fn validate_in(&self, scope: &mut Scope<'_>) {
                if i64::try_from(*self).is_err() {
                    let written = self.to_string();
                    let violation = Violation::new(
                        scope.structure().number,
                        ViolationKind::NotAnInteger {
                            problem: IntegerProblem::Overflow,
                            written,
                        },
                    );
                    scope.report(violation, None);
                }
            }

            fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
                let min = i64::try_from(<$ty>::MIN).unwrap_or(i64::MIN);
                let max = i64::try_from(<$ty>::MAX).unwrap_or(i64::MAX);
                check_integer(node, scope, info, (min, max));
            }
        }
    )*};
}

wide_integers!(u64, usize, isize);

#[diagnostic::do_not_recommend]
impl Shape for bool {
    const EXPECTED: &'static str = "boolean";

    fn field_ref(&self) -> FieldRef<'_> {
        FieldRef::Other
    }

    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        if !matches!(node.value, Value::Bool(_)) {
            report_type_mismatch(Self::EXPECTED, node, scope, info);
        }
    }
}

/// Floating-point fields: any JSON number within the type's finite range (an integer too, as
/// serde reads it). No rule reads their values; they are present or absent.
macro_rules! floats {
    ($($ty:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl Shape for $ty {
            const EXPECTED: &'static str = "number";

            fn field_ref(&self) -> FieldRef<'_> {
                FieldRef::Other
            }

            fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
                let Value::Number(crate::json::Number { raw, .. }) = &node.value else {
                    report_type_mismatch(Self::EXPECTED, node, scope, info);
                    return;
                };
                // serde_json refuses a number beyond `f64`'s range; `f32` takes what `f64`
                // reads, rounded.
                if raw.parse::<f64>().is_ok_and(f64::is_finite) {
                    return;
                }
                let violation = Violation::new(
                    scope.structure().number,
                    ViolationKind::Custom {
                        message: "the number is beyond the range of a 64-bit floating-point number"
                            .to_owned(),
                    },
                )
                .with_doc(info.doc)
                .with_found(Some(Found::new(raw, info.personal)));
                scope.report(violation, Some(node.span()));
            }
        }
    )*};
}

floats!(f32, f64);

#[diagnostic::do_not_recommend]
impl Shape for String {
    const EXPECTED: &'static str = "string";

    fn field_ref(&self) -> FieldRef<'_> {
        FieldRef::Str(self)
    }

    #[inline]
    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        // Not `as_str`, which would decode a string written with escapes only to drop it.
        if !matches!(node.value, Value::String(_)) {
            report_type_mismatch(Self::EXPECTED, node, scope, info);
        }
    }

    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

#[diagnostic::do_not_recommend]
impl<T: Shape> Shape for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;

    fn field_ref(&self) -> FieldRef<'_> {
        self.as_ref().map_or(FieldRef::Absent, Shape::field_ref)
    }

    fn validate_in(&self, scope: &mut Scope<'_>) {
        if let Some(value) = self {
            value.validate_in(scope);
        }
    }

    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        if !node.is_null() {
            T::check_node(node, scope, info);
        }
    }

    fn check_node_present(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) -> Presence {
        if node.is_null() {
            return Presence::UNKNOWN;
        }
        T::check_node_present(node, scope, info)
    }

    fn is_blank(&self) -> bool {
        self.as_ref().is_some_and(Shape::is_blank)
    }
}

#[diagnostic::do_not_recommend]
impl<T: Shape> Shape for Vec<T> {
    const EXPECTED: &'static str = "array";

    fn field_ref(&self) -> FieldRef<'_> {
        FieldRef::Items(self)
    }

    fn validate_in(&self, scope: &mut Scope<'_>) {
        for (index, item) in self.iter().enumerate() {
            item.validate_in(&mut scope.item(index));
        }
    }

    fn check_node(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        Self::check_node_present(node, scope, info);
    }

    /// The lone item sits where the array would: its pointers are the document's own.
    fn check_lone_item(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) {
        T::check_node(node, scope, info);
    }

    /// What every item shows.
    fn check_node_present(node: &Node<'_>, scope: &mut Scope<'_>, info: &FieldInfo) -> Presence {
        let Some(items) = node.as_array() else {
            report_type_mismatch(Self::EXPECTED, node, scope, info);
            return Presence::UNKNOWN;
        };
        let mut every = Presence::EVERY;
        for (index, item) in items.iter().enumerate() {
            let mut item_scope = scope.item(index);
            if item.is_null() {
                report_type_mismatch(T::EXPECTED, item, &mut item_scope, info);
                every = Presence::UNKNOWN;
            } else {
                every = every.and(T::check_node_present(item, &mut item_scope, info));
            }
        }
        every
    }

    fn check_lone_item_present(
        node: &Node<'_>,
        scope: &mut Scope<'_>,
        info: &FieldInfo,
    ) -> Presence {
        T::check_node_present(node, scope, info)
    }
}

/// A model of one JSON object, validated field by field.
///
/// Implemented by [`#[derive(Contract)]`](derive@crate::Contract), whose attributes (rules,
/// conditions, formats, documentation rows) are described in the
/// [`isales-derive` manual](https://docs.rs/isales-derive). A service calls
/// [`Contract::violations`] on a typed value, [`Contract::violations_of_json`] on text, or
/// [`parse`](crate::parse) for both at once.
pub trait Contract: Fields + Sized {
    /// The table documenting the object.
    const DOC: Option<DocRef>;

    /// The rules its JSON structure is reported under: the contract's for its own models,
    /// neutral ones for a service's structs.
    const STRUCTURE: &'static structure::Rules = &structure::CONTRACT;

    /// Rules about the fields of one object, on either representation. Generic rather than
    /// `&dyn Fields` so that on typed values every field lookup compiles to a field access.
    #[doc(hidden)]
    fn check_fields<F: Fields>(fields: &F, scope: &mut Scope<'_>);

    /// Typed path: this object's rules, then everything below it.
    #[doc(hidden)]
    fn validate_in(&self, scope: &mut Scope<'_>);

    /// Located path: structure of the members, this object's rules, everything below.
    /// `node` is an object node. Says which members it holds ([`Presence`]).
    #[doc(hidden)]
    fn check_object(node: &Node<'_>, scope: &mut Scope<'_>) -> Presence;

    /// Every violation of this value and everything below it (pointers relative to it).
    fn violations(&self) -> Vec<Violation> {
        let mut collector = Collector::new();
        self.validate_in(&mut collector.root());
        collector.into_violations()
    }

    /// Every violation of a JSON text that should hold this object, with positions.
    fn violations_of_json(text: &[u8]) -> Vec<Violation> {
        crate::located::located_violations::<Self>(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    /// The integer rule on one number, as the full path checks an `i64` field.
    fn integer_problem(text: &str) -> Option<IntegerProblem> {
        let arena = crate::json::Arena::new();
        let node = parse(text.as_bytes(), &arena).expect("JSON");
        let mut collector = Collector::new();
        let info = FieldInfo {
            doc: None,
            personal: false,
            lone_object: None,
        };
        <i64 as Shape>::check_node(&node, &mut collector.root(), &info);
        match collector.into_violations().as_slice() {
            [] => None,
            [violation] => match &violation.kind {
                ViolationKind::NotAnInteger { problem, .. } => Some(*problem),
                other => panic!("{text}: not an integer problem: {other:?}"),
            },
            more => panic!("{text}: {} violations", more.len()),
        }
    }

    #[test]
    fn integers_are_what_the_models_read_as_integers() {
        let cases = [
            ("0", None),
            ("-1", None),
            ("-9223372036854775808", None),
            ("2.0", Some(IntegerProblem::Fraction)),
            ("2e0", Some(IntegerProblem::Exponent)),
            ("9223372036854775808", Some(IntegerProblem::Overflow)),
            // Regression: `-0` passed, yet serde_json reads it as -0.0 and the models refused a
            // payload with no violation (found by the property tests' `-0` operator).
            ("-0", Some(IntegerProblem::NegativeZero)),
        ];
        for (text, expected) in cases {
            assert_eq!(integer_problem(text), expected, "{text}");
            assert_eq!(
                serde_json::from_str::<i64>(text).is_ok(),
                expected.is_none(),
                "{text}: the models and the rule disagree"
            );
        }
    }
}
