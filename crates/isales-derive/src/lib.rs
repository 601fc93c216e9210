//! `#[derive(Contract)]`: validation rules for JSON models, written as attributes next to the
//! fields they are about.
//!
//! The derive implements three traits of [`isales_contract`] for a struct with named fields:
//! `Fields` (fields by wire name), `Shape` (so the struct can be a field of another) and
//! `Contract`, which validates on two paths that share every rule:
//!
//! - `value.violations()` checks a typed value (the fast path, after `serde` deserialized it);
//! - `T::violations_of_json(bytes)` checks JSON text, also reporting what typed values cannot
//!   show (JSON types, duplicate and undocumented keys, `null`) with a line and column for
//!   every violation, also inside JSON documents embedded in strings.
//!
//! It also implements `isales_contract::json_schema::SchemaRules`: the same rules as JSON Schema
//! keywords, for schemas generated from the types (see [JSON Schema](#json-schema)).
//!
//! The logic lives in `isales-derive-core`; this crate only forwards to it.
//!
//! # Example
//!
//! ```
//! use isales_contract::{Contract, JsonString};
//!
//! #[derive(serde::Deserialize, Contract)]
//! #[serde(rename_all = "camelCase")]
//! #[contract(doc(table = 16))]
//! #[contract(required_if(when = "chooseType == 0", fields = ["turns[].turnType"]))]
//! struct CallPolicy {
//!     #[contract(doc(param = "5.14.1"), one_of = [0, 1])]
//!     call_type: Option<i64>,
//!     #[contract(required_if = "callType == 1", one_of = [0, 1])]
//!     choose_type: Option<i64>,
//!     #[contract(required_if = "callType == 1")]
//!     turns: Option<JsonString<Vec<Turn>>>,
//! }
//!
//! #[derive(serde::Deserialize, Contract)]
//! #[serde(rename_all = "camelCase")]
//! struct Turn {
//!     turn_type: Option<i64>,
//!     #[contract(range(min = 1))]
//!     turn_order: Option<i64>,
//! }
//!
//! let payload = br#"{"callType": 1, "chooseType": 0, "turns": "[{\"turnOrder\": 0}]"}"#;
//! let violations = CallPolicy::violations_of_json(payload);
//! let found: Vec<_> = violations
//!     .iter()
//!     .map(|v| (v.rule(), v.pointer(), v.position().map(|p| p.column)))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [
//!         // Inside the string: the columns are those of the payload.
//!         ("required-if", "/turns/0/turnType", Some(45)),
//!         ("range", "/turns/0/turnOrder", Some(61)),
//!     ]
//! );
//!
//! let typed: CallPolicy = serde_json::from_slice(payload)?;
//! assert_eq!(typed.violations().len(), 2);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Wire names
//!
//! Rules, conditions and reports name fields as payloads do. The wire name of a field is its
//! `#[serde(rename = "..")]` (the `deserialize` name of `rename(..)`), else the struct's
//! `#[serde(rename_all = "..")]` applied to the Rust name (`camelCase`, `snake_case`,
//! `PascalCase`, `lowercase`, `UPPERCASE`, `SCREAMING_SNAKE_CASE`, `kebab-case`,
//! `SCREAMING-KEBAB-CASE`), else the Rust name.
//!
//! # On the struct
//!
//! | Key | Meaning |
//! |---|---|
//! | `doc(table = 4)` | The table documenting the object (`Contract::DOC`); fields and constraints without a `table` of their own use it. `param = ".."` may be added. |
//! | `required_if(when = "..", fields = ["a", "b[].c", "d.e"], ..)` | When the condition holds (always, without `when`), each path must be present. Repeatable. See [Paths](#paths). Takes `rule`, `severity`, `provenance`, `doc(table, param)`. |
//! | `one_of_forms(when = "..", forms = [["a", "b"], ["c"]], ..)` | When the condition holds, at least one form must have all its fields present; otherwise one `IncompleteForms` violation at the object, listing the missing fields. Two or more forms of sibling fields. Same extra keys as `required_if`. |
//! | `check = path::to::function` | A hand-written `fn(&dyn Fields, &mut Scope<'_>)`, run on both paths after the generated rules. Repeatable. |
//! | `crate = "path"` | Where the runtime is (default `::isales_contract`); `crate = "crate"` inside it. |
//! | `deserialize = "a skillParam object (Table 7)"` | Only inside the runtime (`crate = "crate"`), for the contract's own models: writes `serde::Deserialize` through the runtime's one reader, which keeps explicit nulls, alias spellings, `""` read as not set and undocumented members in the `extra` field for round trips; the text is what error messages say was expected. Needs an `#[contract(extra)]` field. |
//!
//! # On a field
//!
//! | Key | Default rule | Meaning |
//! |---|---|---|
//! | `doc(table = 7, param = "5.11.4")` | | The documentation row; the row name is the wire name, `table` defaults to the struct's. |
//! | `required`, `required(rule = ..)` | `required-field` | An `Option` field that must be present. A field that is not an `Option` (and has no `#[serde(default)]`) is always required; typed values always have it, JSON may lack it or hold `null`. `required(..)` on it only renames its rule. |
//! | `required_if = ".."`, `required_if(when = "..", rule, severity, provenance)` | `required-if` | Must be present when the condition holds. Repeatable. |
//! | `absent_unless = ".."` (or the long form) | `unexpected-field` (warning, inferred) | Should be absent unless the condition holds. |
//! | `one_of = [2, 3, 4]`, `one_of(values = [..], ..)` | `enum-value` | An integer among the listed values. |
//! | `range(min = 1, max = 9999, ..)` | `out-of-range` | An integer within inclusive bounds; either bound may be left out. |
//! | `length(min, max, ..)` | `length` | A string's length in characters. |
//! | `chars(forbid = "<>", ..)` | `forbidden-character` | A string without any of these characters. |
//! | `format = ".."` | decided by the runtime | `"time_of_day"` or `"hh_mm"` (HH:mm), `"datetime"` (yyyy-MM-dd HH:mm:ss, lenient forms warn), `"http_url"` (http warns), `"dial_string"`, `"locale"`. |
//! | `fixed = ".."`, `fixed(value = .., ..)` | `fixed-value` | The only value allowed, compared as HTTP compares media types. |
//! | `alias = ".."`, `alias(name = .., ..)` | `alias` (warning, inferred) | Another accepted spelling. Give serde the same `#[serde(alias)]`. |
//! | `json_string = "Vec<Item>"` | `embedded-json` | The `String` holds JSON of this type: validated like a `JsonString<Vec<Item>>` field on both paths. |
//! | `doc(table = 4, off_page = "..")` | | For a field the documentation does not list: where it is known from, instead of a row number; what it reports is `inferred`. |
//! | `empty_as_absent`, `empty_as_absent(rule = ..)` | `empty-as-absent` (warning, inferred) | `""` means "not set": rules see the field as absent, its format or document is not checked, and the `""` is reported. |
//! | `lone_object`, `lone_object(rule = ..)` | `object-instead-of-array` (warning, inferred) | On a field holding a JSON array (a `JsonString` or `json_string`): one object alone is reported and checked as the array's only item, by the type checks and by a path requirement through the field's `[]`. |
//! | `personal` | | Values may be personal data: `Violation::masked` hides them. |
//! | `extra` | `undocumented-field` | The catch-all of undocumented members (its type implements `Unlisted`, e.g. a `#[serde(flatten)]` `BTreeMap<String, Value>`); not a wire field. One per struct. |
//! | `skip` | | A wire field that is not validated (its type need not implement `Shape`). |
//! | `rule = ".."`, `severity = ".."`, `provenance = ".."` | | Defaults for this field's constraints that do not set their own. |
//!
//! Every constraint with parentheses takes `rule = "kebab-case-id"`, `severity = "error" |
//! "warning"` and `provenance = "documented" | "inferred"`.
//!
//! A rule of the contract (`isales_contract::registry`, generated from the spec: `out-of-range`,
//! `required-field`, `ivr-param-required`, ...) is named by its id alone: its level and
//! provenance are the registry's. `provenance` on such a rule marks one requirement of a
//! documented rule as our reading; the rule keeps its id and level. An id a letter or two away
//! from a rule of the contract is refused as a typo of it.
//!
//! Any other id is a rule of your own. Unless set, its provenance is `documented` (`inferred`
//! for `absent_unless` and `alias`) and its severity follows it: documented rules are errors,
//! inferred ones warnings (`absent_unless` and `alias` always default to warnings).
//!
//! # Conditions
//!
//! The condition language of `isales_spec::Condition`: sibling fields by wire name compared
//! with integer or double-quoted string literals by `==`, `!=`, `in [..]`, `not in [..]`,
//! joined by `and`, `or`, `not` and parentheses: `deviceType in [1, 3] and outBoundType != 2`.
//! An absent field (missing or `null`) equals nothing: `x == 1` and `x in [..]` are false,
//! `x != 1` and `x not in [..]` true. Types never coerce: `"1"` does not equal `1`. Conditions
//! are compiled to Rust; nothing is parsed at run time.
//!
//! # Paths
//!
//! The struct's `required_if` names fields below it: `ivrParam` (a sibling),
//! `skillParam.outBoundType` (in a nested object), `turns[].turnType` (in every item of an
//! array, a real one or the JSON document held by a `JsonString` or `json_string` field). A path
//! is satisfied only where every step exists: a missing or `null` container is reported once,
//! at the container; each item is checked and reported at its own pointer
//! (`/turns/0/turnType`). Containers of the wrong shape are left to the field's type check.
//!
//! # Compile-time checks
//!
//! Mistakes are reported all at once, each at the offending tokens: unknown keys (with the keys
//! valid there), duplicates, malformed values, keys on the wrong item (`range` on the struct,
//! `one_of_forms` on a field), derive on anything but a struct with named fields, conditions
//! that do not parse (with the parser's message and a caret), conditions, paths and forms naming
//! something that is not a validated field (with a suggestion when the name is close, or is the
//! Rust name), literals of the wrong type in conditions, `range`/`one_of` on string fields and
//! `length`/`chars`/`format`/`fixed`/`json_string` on integer fields (judged by the type's last
//! path segment, silent for other types), `min > max`, more than one `extra`, keys on `extra` or
//! `skip` fields, two fields or aliases with one wire name, presence rules on fields that are
//! not `Option`s (a typed value always has those, so the two paths would disagree; `required`
//! may still rename the rule of a field that is always required), and `doc` without a table.
//!
//! # Field types
//!
//! Every validated field's type implements `isales_contract::Shape`: `i64`, `String`,
//! `Option<T>`, `Vec<T>` of derived structs, `JsonString<T>`, derived structs, and any type with
//! a hand-written impl. Type parameters need their bounds written on the struct.
//!
//! # JSON Schema
//!
//! `T::schema_rules()` (trait `isales_contract::json_schema::SchemaRules`) describes the rules of
//! the attributes as JSON Schema (draft 2020-12) fragments; `Rules::apply` merges them into an
//! object schema of `T`, and with `schemars`, `#[schemars(transform =
//! isales_contract::json_schema::transform::<Self>)]` does it for the schema `schemars` derives.
//! The derive itself needs no `schemars`. Rules at error level are asserted, rules at warning
//! level become `x-warnings` annotations (`{"rule": id, ..keywords}`), so a payload the
//! validator passes at the default levels passes the schema.
//!
//! | Key | In the schema |
//! |---|---|
//! | `one_of`, `range`, `length` | `enum` (with `null` where the property admits it), `minimum`/`maximum`, `minLength`/`maxLength` on the property |
//! | `chars`, `fixed`, `format` | a `pattern` built by the runtime next to the rule function it stands for (a format's rule and level are the runtime's) |
//! | `required`, or none, on a field that is not an `Option` | `required` |
//! | `required` on an `Option`, `required_if` | an `allOf` entry per rule and condition, tagged `x-rule`: `{"if": <condition>, "then": {"required": [..], "properties": {f: {"not": {"type": "null"}}}}}`; a path through `[]` requires below every item of a document held as text (`contentSchema.items`, beside `contentMediaType`) and of a real array (`items`) |
//! | `absent_unless` | `{"if": {"not": <condition>}, "then": {"properties": {f: {"type": "null"}}}}` |
//! | `one_of_forms` | `{"if": <condition>, "then": {"anyOf": [<each form required>]}}` |
//! | `alias` | the alias as a property with the field's schema (`deprecated`), and `{"not": {"required": [both]}}` (`duplicate-key`) |
//! | `empty_as_absent` | `{"if": {"const": ""}, "then": <annotation>, "else": <the property's schema>}`; a requirement on it refuses `""` as it refuses `null` (`"not": {"enum": [null, ""]}`) |
//! | `lone_object` | the property's `contentSchema` also accepts one item alone (annotated); a requirement through its `[]` holds that item to what it holds every item to |
//! | `json_string`, `check`, `extra`, `skip`, `doc`, `personal` | nothing: a field's schema is its type's, a check is code |
//!
//! A condition holds only where its fields are present (absent equals nothing): `f == v` is
//! `{"properties": {f: {"const": v}}, "required": [f]}`, `f in [..]` uses `enum`, `!=` and
//! `not in` are the `not` of those, `and`/`or`/`not` are `allOf`/`anyOf`/`not`.
//!
//! # The two paths
//!
//! `check_fields` holds every rule about one object's fields and runs on both paths, so a rule
//! cannot mean two things. What only the JSON text shows (duplicate keys, `null`, JSON types,
//! undocumented keys with positions) is reported by `violations_of_json` alone; on typed values
//! undocumented members come from the `extra` field, and aliases only when its `Unlisted` impl
//! remembers the spelling used.

use proc_macro::TokenStream;

/// Derives `isales_contract::Contract` (with the hidden runtime traits it rests on) and `isales_contract::json_schema::SchemaRules`;
/// see the [crate docs](crate) for the `#[contract(...)]` attributes.
#[proc_macro_derive(Contract, attributes(contract))]
pub fn derive_contract(input: TokenStream) -> TokenStream {
    isales_derive_core::expand(input.into()).into()
}

/// `#[derive(Coded)]`: an enum standing for an integer code with a documented list of values.
///
/// Each listed value is a unit variant with `#[coded(code = 2, meaning = "dialling is
/// running")]`; one tuple variant `Other(i64)` keeps any other value as sent, so a new server
/// value never fails to deserialize (the validator reports it instead). The derive implements
/// `isales_contract::models::Coded` and, through it, serde, `Display`, `From<i64>`, the
/// validation and the schema. `#[coded(crate = "..")]` on the enum names the runtime crate
/// when it is not `::isales_contract`.
#[proc_macro_derive(Coded, attributes(coded))]
pub fn derive_coded(input: TokenStream) -> TokenStream {
    isales_derive_core::coded::expand(input.into()).into()
}
