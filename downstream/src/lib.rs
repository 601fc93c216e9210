//! A dialer-sync service, as another team would write it on top of `isales-contract`: it reads
//! the vendor's campaign answers through the contract, and describes its own messages (the
//! dial jobs it hands to its workers) with `#[derive(Contract)]`, so they get the same
//! reports, positions and JSON Schema as the vendor's.
//!
//! Everything here uses the crate's public API only; a test holds the crate to it.

use isales_contract::models::{DeviceType, Envelope};
use isales_contract::{Config, Level, Report, RuleId, Validated, Validator};

/// The configuration the service runs the contract under: plain http callbacks are tolerated
/// in its staging tenants, and anything else at the contract's levels.
#[must_use]
pub fn validator() -> Validator {
    let config = Config::from_toml_str(
        r#"
        [rules]
        insecure-callback-url = "allow"
        "#,
    )
    .expect("the service's configuration names rules of the contract");
    Validator::new(config.with_rule_level(RuleId::UndocumentedField, Level::Warn))
}

/// What the service keeps of a campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignSummary {
    /// The campaign's name.
    pub name: String,
    /// Whether calls go through an IVR flow rather than agents.
    pub ivr: bool,
    /// How many warnings the answer carried.
    pub warnings: usize,
}

/// Reads a campaign-details answer: the summary, or the report that says why not.
///
/// # Errors
/// The contract's report when the answer breaks it, or when it is a failure envelope.
pub fn campaign(body: &[u8]) -> Result<CampaignSummary, Report> {
    let answer: Validated<Envelope> = validator().parse(body)?;
    let warnings = answer.warnings().count();
    let campaign = answer
        .value
        .return_object
        .as_ref()
        .ok_or_else(|| answer.report.clone())?;
    Ok(CampaignSummary {
        name: campaign.name.clone().unwrap_or_default(),
        ivr: matches!(
            campaign.device_type,
            Some(DeviceType::IntelligentIvr | DeviceType::AutomaticIvr)
        ),
        warnings,
    })
}
