//! [`Extra`]: what a payload carried besides a model's documented fields.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::contract::Unlisted;

/// The members of an object that its model has no field for, plus what a round trip needs to
/// give the same JSON back: which documented fields arrived as explicit `null`, which as `""`
/// read as "not set", and which under another accepted spelling.
///
/// It serializes as the undocumented members followed by the explicit nulls and the `""`s, so
/// that a model flattening it (`#[serde(flatten)]`) serializes back to the JSON it was read
/// from, modulo alias spellings, which come back documented.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra {
    /// Undocumented members, by name.
    pub fields: BTreeMap<String, serde_json::Value>,
    /// Documented fields that arrived as `null` (and so are `None`).
    pub nulls: Vec<&'static str>,
    /// Documented fields whose `""` means "not set" that arrived as `""` (and so are `None`).
    pub blanks: Vec<&'static str>,
    /// (documented name, spelling used) for fields that arrived under an alias.
    pub spellings: Vec<(&'static str, &'static str)>,
}

impl Extra {
    /// Whether the payload carried nothing beyond the documented fields, in documented
    /// spellings, without explicit nulls.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.nulls.is_empty()
            && self.blanks.is_empty()
            && self.spellings.is_empty()
    }
}

impl Unlisted for Extra {
    fn undocumented(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }

    fn spelling_of(&self, documented: &str) -> Option<&'static str> {
        self.spellings
            .iter()
            .find(|(name, _)| *name == documented)
            .map(|(_, used)| *used)
    }

    fn arrived_blank(&self, documented: &str) -> bool {
        self.blanks.contains(&documented)
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = self.fields.len() + self.nulls.len() + self.blanks.len();
        let mut map = serializer.serialize_map(Some(len))?;
        for (name, value) in &self.fields {
            map.serialize_entry(name, value)?;
        }
        for name in &self.nulls {
            map.serialize_entry(name, &())?;
        }
        for name in &self.blanks {
            map.serialize_entry(name, "")?;
        }
        map.end()
    }
}

/// Flattened into a model, it adds `"additionalProperties": true`: members no row documents are
/// allowed, because `undocumented-field` is a warning (a test keeps the two in step).
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Extra {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Extra".into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        "isales_contract::models::Extra".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": true,
        })
    }
}

#[cfg(all(test, feature = "schemars"))]
mod tests {
    use crate::registry::UNDOCUMENTED_FIELD;
    use crate::rule::Severity;

    #[test]
    fn undocumented_members_are_allowed_because_their_rule_only_warns() {
        assert_eq!(UNDOCUMENTED_FIELD.severity, Severity::Warning);
        let schema = schemars::schema_for!(super::Extra);
        assert_eq!(
            schema.get("additionalProperties"),
            Some(&serde_json::Value::Bool(true))
        );
    }
}
