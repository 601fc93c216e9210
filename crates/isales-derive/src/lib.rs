//! `#[derive(Contract)]`: validation rules for JSON models, written as attributes next to the
//! fields they are about.
//!
//! The derive implements three traits of [`isales_contract`](https://docs.rs/isales-contract) for a struct with named fields:
//! `Fields` (fields by wire name), `Shape` (so the struct can be a field of another) and
//! `Contract`, which validates on two paths that share every rule (on an enum of unit
//! variants it makes a field type of listed values instead; see [Enums](#enums)):
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
//! The default rule is the one your structs report when the attribute names none (see
//! [Rules](#rules)); the contract's own models report the contract's, in parentheses.
//!
//! | Key | Default rule | Meaning |
//! |---|---|---|
//! | `doc(table = 7, param = "5.11.4")` | | The documentation row; the row name is the wire name, `table` defaults to the struct's. |
//! | `required`, `required(rule = ..)` | `required` (`required-field`) | An `Option` field that must be present. A field that is not an `Option` (and has no `#[serde(default)]`) is always required; typed values always have it, JSON may lack it or hold `null`. `required(..)` on it only renames its rule. |
//! | `required_if = ".."`, `required_if(when = "..", rule, severity, provenance)` | `required-if` | Must be present when the condition holds. Repeatable. |
//! | `absent_unless = ".."` (or the long form) | `absent-unless` (`unexpected-field`, a warning) | Must be absent unless the condition holds. |
//! | `one_of = [2, 3, 4]`, `one_of(values = [..], ..)` | `one-of` (`enum-value`) | An integer among the listed values. |
//! | `range(min = 1, max = 9999, ..)` | `range` (`out-of-range`) | An integer within inclusive bounds; either bound may be left out. |
//! | `length(min, max, ..)` | `length` | A string's length in characters. |
//! | `chars(forbid = "<>", ..)` | `forbidden-chars` (`forbidden-character`) | A string without any of these characters. |
//! | `format = ".."`, `format(kind = "..", rule, severity, provenance)` | `format` (the runtime's) | A string of a format: `"time_of_day"` or `"hh_mm"` (HH:mm), `"datetime"` (yyyy-MM-dd HH:mm:ss), `"http_url"` (an absolute http or https URL), `"dial_string"` (1 to 24 of `0-9*#`), `"locale"` (`en` or `en_US`). See [Formats](#formats). |
//! | `fixed = ".."`, `fixed(value = .., ..)` | `fixed-value` | The only value allowed, compared as HTTP compares media types. |
//! | `alias = ".."`, `alias(name = .., ..)` | `alias` (a warning) | Another accepted spelling. Give serde the same `#[serde(alias)]`. |
//! | `json_string = "Vec<Item>"` | `json-string` (`embedded-json`) | The `String` holds JSON of this type: validated like a `JsonString<Vec<Item>>` field on both paths. |
//! | `doc(table = 4, off_page = "..")` | | For a field the documentation does not list: where it is known from, instead of a row number; what it reports is `inferred`. |
//! | `empty_as_absent`, `empty_as_absent(rule = ..)` | `blank-as-absent` (`empty-as-absent`), a warning | `""` means "not set": rules see the field as absent, its format or document is not checked, and the `""` is reported. |
//! | `lone_object`, `lone_object(rule = ..)` | `lone-object` (`object-instead-of-array`), a warning | On a field holding a JSON array (a `JsonString` or `json_string`): one object alone is reported and checked as the array's only item, by the type checks and by a path requirement through the field's `[]`. |
//! | `personal` | | Values may be personal data: `Violation::masked` hides them. |
//! | `extra` | `unknown-field` (`undocumented-field`), a warning | The catch-all of undocumented members (its type implements `Unlisted`, e.g. a `#[serde(flatten)]` `BTreeMap<String, Value>`); not a wire field. One per struct. |
//! | `skip` | | A wire field that is not validated (its type need not implement `Shape`). |
//! | `rule = ".."`, `severity = ".."`, `provenance = ".."` | | Defaults for this field's constraints that do not set their own, its format included. |
//!
//! Every constraint with parentheses takes `rule = "kebab-case-id"`, `severity = "error" |
//! "warning"` and `provenance = "documented" | "inferred"`.
//!
//! # Rules
//!
//! Your structs report rules of their own. Unless an attribute names one, a constraint reports
//! its neutral rule, at error level except where the payload only used a form the attributes
//! accept (another spelling, `""` read as not set, one object for the array):
//!
//! | Rule | Level | Reported for |
//! |---|---|---|
//! | `required` | error | `required`, and a field that is not an `Option` |
//! | `required-if` | error | `required_if`, on a field or on the struct |
//! | `absent-unless` | error | `absent_unless` |
//! | `one-of` | error | `one_of`, and a value that is none of an [enum](#enums)'s |
//! | `range` | error | `range` |
//! | `length` | error | `length` |
//! | `forbidden-chars` | error | `chars` |
//! | `format` | error | `format` |
//! | `fixed-value` | error | `fixed` |
//! | `one-of-forms` | error | `one_of_forms` |
//! | `alias` | warning | `alias`: the other spelling was used |
//! | `blank-as-absent` | warning | `empty_as_absent`: the field was `""` |
//! | `lone-object` | warning | `lone_object`: one object where the array is documented |
//! | `type` | error | a value of the wrong JSON type, or a number the field's type cannot hold (a fraction in an integer, 300 in a `u8`, 1e400) |
//! | `duplicate-field` | error | a key given twice in one object |
//! | `unknown-field` | warning | a key the struct does not have (serde ignores it) |
//! | `json-string` | error | a `JsonString` or `json_string` field whose text is not JSON, is not an array, or is in single quotes |
//! | `json-string-as-array` | warning | the array itself where the string holding it is documented (`JsonString` accepts both) |
//! | `json-syntax` | error | text that is not JSON, or nests deeper than the parser follows |
//!
//! None of them is a rule of the contract, and none is close enough to one to be taken for a
//! typo of it, so a report tells a vendor's violation from yours, and you may name these ids
//! in `rule = ".."` yourself.
//!
//! The contract's own models (`crate = "crate"`, generated into `isales_contract::models`)
//! report the contract's rules instead, from its registry (`out-of-range`, `required-field`,
//! `type-mismatch`, `duplicate-key`, ...), each at the level the spec gives it. A model of the
//! contract nested in your struct keeps them: every type reports under its own rules.
//!
//! A rule of the contract (`isales_contract::registry`, generated from the spec: `out-of-range`,
//! `required-field`, `ivr-param-required`, ...) named in `rule = ".."` is named by its id
//! alone: its level and provenance are the registry's. `provenance` on such a rule marks one
//! requirement of a documented rule as our reading; the rule keeps its id and level. An id a
//! letter or two away from a rule of the contract is refused as a typo of it.
//!
//! Any other id is a rule of your own. Unless set, its provenance and severity are those of
//! the constraint's default rule (on the contract's models, documented rules are errors and
//! inferred ones warnings; `absent_unless` and `alias` default to warnings there).
//!
//! # Formats
//!
//! On your structs a format is one rule: the value has the format or breaks it (`format`, or
//! the rule the attribute names), at error level unless `severity` says otherwise. A `datetime`
//! is `yyyy-MM-dd HH:mm:ss` exactly, a real date; an `http_url` is an absolute `http` or
//! `https` URL, plain `http` included.
//!
//! The contract's models refine two formats with rules of their own, at the spec's levels, when
//! the attribute names no rule: a `datetime` in a lenient form the vendor's examples use (a date
//! alone, a one-digit hour) is only `datetime-lenient`, a warning, beside `datetime-format`; a
//! plain `http` callback is `insecure-callback-url`, a warning, beside `callback-url`. Those
//! warnings are the vendor's advice about its own payloads, so your fields never get them:
//! neither under the contract's ids nor under neutral ones. `severity` or `provenance` on such
//! a model's format sets the level or provenance of whichever rule the runtime picks; `rule`
//! makes it one rule, as on your structs.
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
//! Every step of a path is checked at compile time, through the types it passes: the first by
//! the derive, which sees the struct's own fields, the others by the compiler, since a proc
//! macro cannot see another type's fields. The derive writes, for each struct, what a path
//! can step into (its validated fields by wire name, and the type of each) and, for each path,
//! one constant per step that the compiler evaluates: a step that names no validated field of
//! the type below, that steps with `.` into an array or a scalar, or with `[]` into something
//! without items, fails to compile, at the path's string, with the step, a close name when
//! there is one, and the fields there are:
//!
//! ```text
//! error[E0080]: evaluation panicked: the path `contact.phnoe` names `phnoe`, which is not a
//!               validated field of `Contact`; did you mean `phone`?
//!               fields: `name`, `phone`
//!  --> src/lib.rs:5:54
//!   |
//! 5 | #[contract(required_if(when = "mode == 1", fields = ["contact.phnoe"]))]
//!   |                                                      ^^^^^^^^^^^^^^^
//! ```
//!
//! The types a path steps through derive `Contract` (or are `Vec`, `Option`, `JsonString` of
//! such types). On a generic struct the fields' types name its parameters, which a constant
//! cannot, so its paths are checked to their first step only. Conditions and the forms of
//! `one_of_forms` name sibling fields only, which the derive checks itself.
//!
//! # Compile-time checks
//!
//! Mistakes are reported all at once, each at the offending tokens: unknown keys (with the keys
//! valid there), duplicates, malformed values, keys on the wrong item (`range` on the struct,
//! `one_of_forms` on a field), derive on anything but a struct with named fields, conditions
//! that do not parse (with the parser's message and a caret), conditions, paths and forms naming
//! something that is not a validated field (with a suggestion when the name is close, or is the
//! Rust name), literals of the wrong type in conditions (and any literal for a boolean, float
//! or array), `range`/`one_of` on fields that are not integers and
//! `length`/`chars`/`format`/`fixed`/`json_string` on fields that are not strings (judged by
//! the type's last path segment, silent for other types), `format(..)` without `kind`, a field
//! type without validation, variants of an enum that are not unit variants or mix codes with
//! none, `min > max`, more than one `extra`, keys on `extra` or
//! `skip` fields, two fields or aliases with one wire name, presence rules on fields that are
//! not `Option`s (a typed value always has those, so the two paths would disagree; `required`
//! may still rename the rule of a field that is always required), and `doc` without a table.
//! The steps of a path below the struct are checked by the compiler (see [Paths](#paths)), once
//! the attributes have no mistake the derive itself reports.
//!
//! # Field types
//!
//! Every validated field's type implements the runtime's hidden `Shape` trait:
//!
//! - `String`; `bool`; `f32` and `f64` (any JSON number within the type's finite range);
//! - every integer width, `i8` to `i64`, `u8` to `u64`, `isize` and `usize`: JSON outside the
//!   type's range (300 or -1 for a `u8`) is `type` at the field's pointer, where serde would
//!   refuse it, and the field's own `range` and `one_of` judge only values of its type. Rules
//!   read integers as `i64`, as the contract's JSON does, so a `u64` or `usize` takes 0 to
//!   `i64::MAX` (a typed value above it is reported too);
//! - `Vec<T>` and `Option<T>` of any of these, `JsonString<T>`, structs and [enums](#enums)
//!   that derive `Contract`.
//!
//! Rules read integers and strings; a boolean or a float is present or absent to them (a
//! condition never compares one, `range` and `length` do not apply). A field of any other type
//! is one compile error at its type, saying which types are validated and that the field can be
//! marked `#[contract(skip)]`. Type parameters need their bounds written on the struct.
//!
//! # Enums
//!
//! `#[derive(Contract)]` on an enum of unit variants makes it a field type whose values are
//! listed:
//!
//! - without discriminants, an enum of **strings**: the allowed values are the names serde
//!   reads, its `#[serde(rename)]` and `#[serde(alias)]`es, else the enum's
//!   `#[serde(rename_all)]` applied to the variant's name, else the name. Rules and conditions
//!   see the value as its wire name (`required_if = "mode == \"express\""`);
//! - with a discriminant on every variant (`Low = 1, High = 3`), an enum of **integer codes**,
//!   read with `serde_repr` or a `Deserialize` of your own: the allowed values are the
//!   discriminants, and rules see the code.
//!
//! A value that is none of them is reported at the field's pointer with the allowed values,
//! under `one-of` (or the enum's own `#[contract(rule = .., severity = .., provenance = ..)]`);
//! a value of another JSON type is `type`. A variant JSON never gives (`#[serde(other)]`,
//! `#[serde(skip)]`) is in no allowed list, and a typed value holding one is reported too.
//! `crate = ".."` names the runtime as on a struct. (The contract's own coded enums use
//! `#[derive(Coded)]`, which keeps an unlisted code in `Other(i64)` and leaves it to the
//! field's `one_of`.)
//!
//! ```
//! use isales_contract::Contract;
//!
//! #[derive(serde::Deserialize, Contract)]
//! #[serde(rename_all = "lowercase")]
//! enum Mode {
//!     Standard,
//!     Express,
//! }
//!
//! #[derive(serde::Deserialize, Contract)]
//! struct Shipment {
//!     mode: Mode,
//!     #[contract(required_if = "mode == \"express\"", format(kind = "http_url"))]
//!     callback: Option<String>,
//!     #[contract(range(min = 1))]
//!     weight: Option<u16>,
//! }
//!
//! let found = |payload: &[u8]| -> Vec<(&'static str, String)> {
//!     Shipment::violations_of_json(payload)
//!         .iter()
//!         .map(|v| (v.rule(), v.pointer().to_owned()))
//!         .collect()
//! };
//! assert_eq!(found(br#"{"mode": "by sea"}"#), [("one-of", "/mode".to_owned())]);
//! assert_eq!(
//!     found(br#"{"mode": "express", "callback": "ftp://x", "weight": 70000}"#),
//!     [("format", "/callback".to_owned()), ("type", "/weight".to_owned())]
//! );
//! ```
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
//! | `chars`, `fixed`, `format` | a `pattern` built by the runtime next to the rule function it stands for (a format of the contract's models without a rule of its own: the runtime's patterns, each with its rule and level) |
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
