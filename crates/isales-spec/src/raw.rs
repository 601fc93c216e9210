//! The spec file as written: plain serde shapes of the TOML, before any cross-reference is
//! checked. Unknown keys are rejected here so that a typo never silently drops a constraint.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpec {
    pub(crate) interface: RawInterface,
    #[serde(default, rename = "table")]
    pub(crate) tables: Vec<RawTable>,
    #[serde(default, rename = "rule")]
    pub(crate) rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawInterface {
    pub(crate) title: String,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) success_code: String,
    pub(crate) source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTable {
    pub(crate) number: u8,
    pub(crate) kind: String,
    pub(crate) type_name: String,
    pub(crate) title: String,
    pub(crate) description: String,
    #[serde(default, rename = "field")]
    pub(crate) fields: Vec<RawField>,
    #[serde(default, rename = "code")]
    pub(crate) codes: Vec<RawCode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    #[serde(default)]
    pub(crate) param: Option<String>,
    #[serde(default)]
    pub(crate) off_page: Option<String>,
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) ty: String,
    pub(crate) description: String,
    #[serde(default)]
    pub(crate) table: Option<u8>,
    #[serde(default)]
    pub(crate) embedded: Option<u8>,
    #[serde(default)]
    pub(crate) required: Option<RawRequired>,
    #[serde(default, rename = "enum")]
    pub(crate) enumeration: Option<RawEnum>,
    #[serde(default)]
    pub(crate) range: Option<RawBounds>,
    #[serde(default)]
    pub(crate) length: Option<RawBounds>,
    #[serde(default)]
    pub(crate) forbidden_chars: Option<RawForbidden>,
    #[serde(default)]
    pub(crate) format: Option<String>,
    #[serde(default)]
    pub(crate) fixed: Option<RawFixed>,
    #[serde(default)]
    pub(crate) aliases: Vec<RawAlias>,
    #[serde(default)]
    pub(crate) empty: Option<String>,
    #[serde(default)]
    pub(crate) lone_object: Option<String>,
    #[serde(default)]
    pub(crate) secret: bool,
    #[serde(default)]
    pub(crate) personal: bool,
}

/// `required = "rule-id"`, or `required = { rule = "rule-id", provenance = "inferred" }` when
/// the requirement's provenance differs from its rule's.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawRequired {
    Rule(String),
    Detailed(RawRequiredDetailed),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequiredDetailed {
    pub(crate) rule: String,
    pub(crate) provenance: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEnum {
    pub(crate) type_name: String,
    pub(crate) provenance: String,
    #[serde(default)]
    pub(crate) rule: Option<String>,
    #[serde(default)]
    pub(crate) default: Option<i64>,
    pub(crate) values: Vec<RawEnumValue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEnumValue {
    pub(crate) value: i64,
    pub(crate) name: String,
    pub(crate) meaning: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBounds {
    #[serde(default)]
    pub(crate) min: Option<i64>,
    #[serde(default)]
    pub(crate) max: Option<i64>,
    #[serde(default)]
    pub(crate) rule: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawForbidden {
    pub(crate) chars: String,
    pub(crate) rule: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFixed {
    pub(crate) value: String,
    pub(crate) rule: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAlias {
    pub(crate) name: String,
    pub(crate) rule: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCode {
    pub(crate) no: u32,
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) severity: String,
    pub(crate) provenance: String,
    pub(crate) doc: RawDocs,
    pub(crate) summary: String,
    pub(crate) explanation: String,
    #[serde(default)]
    pub(crate) example: Option<String>,
    #[serde(default, rename = "case")]
    pub(crate) cases: Vec<RawCase>,
    #[serde(default)]
    pub(crate) table: Option<u8>,
    #[serde(default)]
    pub(crate) when: Option<String>,
    #[serde(default)]
    pub(crate) forms: Vec<Vec<String>>,
    #[serde(default, rename = "part")]
    pub(crate) parts: Vec<RawPart>,
    #[serde(default)]
    pub(crate) check: Option<String>,
    #[serde(default)]
    pub(crate) reads: Option<RawReads>,
}

/// `[rule.reads]` of a builtin rule: the tables its hand-written check runs on, and the rows
/// it reads there by role (`rows.min = "mimAvgCallTime"`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReads {
    pub(crate) tables: Vec<u8>,
    pub(crate) rows: std::collections::BTreeMap<String, RawRows>,
}

/// `role = "field"` for one row, `role = ["field", ..]` for several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawRows {
    One(String),
    Many(Vec<String>),
}

impl RawRows {
    pub(crate) fn as_slice(&self) -> &[String] {
        match self {
            RawRows::One(row) => std::slice::from_ref(row),
            RawRows::Many(rows) => rows,
        }
    }
}

/// `doc = { .. }` for one reference, `doc = [{ .. }, ..]` for several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawDocs {
    One(RawDocRef),
    Many(Vec<RawDocRef>),
}

impl RawDocs {
    pub(crate) fn as_slice(&self) -> &[RawDocRef] {
        match self {
            RawDocs::One(doc) => std::slice::from_ref(doc),
            RawDocs::Many(docs) => docs,
        }
    }
}

/// A table, or a row of it named by parameter number (`param`) or, for a row the page does not
/// number, by wire name (`field`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDocRef {
    pub(crate) table: u8,
    #[serde(default)]
    pub(crate) param: Option<String>,
    #[serde(default)]
    pub(crate) field: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPart {
    pub(crate) provenance: String,
    pub(crate) summary: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCase {
    pub(crate) table: u8,
    #[serde(default)]
    pub(crate) when: Option<String>,
    #[serde(default)]
    pub(crate) require: Vec<String>,
    #[serde(default)]
    pub(crate) field: Option<String>,
    #[serde(default)]
    pub(crate) unless: Option<String>,
    #[serde(default)]
    pub(crate) provenance: Option<String>,
}
