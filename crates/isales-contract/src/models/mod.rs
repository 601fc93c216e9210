//! The typed models of the response, generated from the spec, and what they are built on.
//!
//! `generated.rs` holds one struct per object table (Table 3's [`Envelope`] down to Table 20's
//! [`PolicySetting`]), one enum per coded field ([`CampaignStatus`], [`DeviceType`], ...), and
//! the error-code catalog [`ErrorCode`] of Table 21. Each struct derives
//! [`Contract`](crate::Contract), so `value.violations()` checks it and everything below it.
//!
//! Reading a response:
//!
//! ```
//! use isales_contract::models::{DeviceType, Envelope};
//!
//! let body = br#"{"resultCode": "0200000", "resultDesc": "", "returnCode": "0200000",
//!                 "returnObject": {"name": "spring", "deviceType": 1}}"#;
//! let envelope: Envelope = serde_json::from_slice(body)?;
//! let campaign = envelope.return_object.as_ref().expect("a campaign");
//! assert_eq!(campaign.device_type, Some(DeviceType::IntelligentIvr));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod coded;
pub(crate) mod de;
mod extra;
#[rustfmt::skip]
mod generated;

pub use coded::Coded;
pub use extra::Extra;
pub use generated::*;

impl Envelope {
    /// Whether the answer reports success (`resultCode` is `0200000`).
    #[must_use]
    pub fn is_success(&self) -> bool {
        self.result_code == crate::rules::envelope::SUCCESS
    }

    /// The catalog entry of a failure code, if it is one.
    #[must_use]
    pub fn error_code(&self) -> Option<ErrorCode> {
        ErrorCode::from_code(&self.result_code)
    }
}

/// The schema of a result code (the models' `resultCode` and `returnCode` use it): a string.
/// The codes of Table 21 and success are listed as `examples`; an unlisted code is
/// `unknown-error-code`, asserted with `enum` only if that rule were an error.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for ErrorCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorCode".into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        "isales_contract::models::ErrorCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use crate::schema::{Map, Value, constrain};

        let codes: Vec<Value> = std::iter::once(crate::rules::envelope::SUCCESS)
            .chain(ErrorCode::ALL.iter().map(|code| code.code()))
            .map(Value::from)
            .collect();
        let mut schema = Map::new();
        schema.insert("type".into(), Value::from("string"));
        schema.insert("examples".into(), Value::Array(codes.clone()));
        let mut keywords = Map::new();
        keywords.insert("enum".into(), Value::Array(codes));
        constrain(
            &mut schema,
            crate::registry::UNKNOWN_ERROR_CODE,
            Value::Object(keywords),
        );
        schema.into()
    }
}
