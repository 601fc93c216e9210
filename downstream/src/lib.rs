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

/// The service's own messages: what it hands to its dialer workers, checked with the same
/// derive as the vendor's models.
///
/// A path a rule names is checked through the nested types when the crate compiles, so a
/// typo in any step is a compile error, not a job refused at run time:
///
/// ```compile_fail
/// use isales_contract::Contract;
///
/// #[derive(serde::Deserialize, Contract)]
/// #[contract(required_if(fields = ["contact.mobil"]))]
/// struct Job {
///     contact: Option<downstream::job::Contact>,
/// }
/// ```
pub mod job {
    use isales_contract::check::{Fields, Scope};
    use isales_contract::{
        Contract, JsonString, Provenance, Rule, Severity, Violation, ViolationKind,
    };
    use serde::Deserialize;

    /// How a job reaches the callee.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Contract)]
    #[serde(rename_all = "kebab-case")]
    pub enum Channel {
        /// A voice call through the IVR.
        Voice,
        /// A text message.
        Sms,
        /// A voice call that falls back to a text message.
        VoiceThenSms,
    }

    /// A batch of calls for one campaign.
    #[derive(Debug, Deserialize, Contract)]
    #[serde(rename_all = "camelCase")]
    #[contract(required_if(
        when = "channel in [\"sms\", \"voice-then-sms\"]",
        fields = ["contact.mobile", "targets[].locale"]
    ))]
    #[contract(check = window_in_order)]
    pub struct DialJob {
        /// The vendor's campaign the job belongs to.
        #[contract(range(min = 1))]
        pub campaign_id: i64,
        /// The tenant (the vendor's vdnId).
        #[contract(range(min = 1, max = 9999))]
        pub vdn_id: u16,
        /// How the callees are reached.
        pub channel: Channel,
        /// Whether calls may be recorded.
        pub record: Option<bool>,
        /// Seconds between attempts.
        #[contract(range(min = 30, max = 86_400))]
        pub retry_after: Option<u32>,
        /// Share of agents kept free, 0 to 1.
        pub reserve: Option<f64>,
        /// Where the dialer reports back.
        #[contract(format(kind = "http_url", rule = "job-callback", severity = "error"))]
        pub callback_url: Option<String>,
        /// First minute of the calling window, HH:mm.
        #[contract(format = "time_of_day")]
        pub window_start: Option<String>,
        /// Last minute of the calling window, HH:mm.
        #[contract(format = "time_of_day")]
        pub window_end: Option<String>,
        /// Who answers for the job.
        pub contact: Option<Contact>,
        /// The callees, as the vendor's tools write them: a JSON document in a string.
        pub targets: Option<JsonString<Vec<Target>>>,
        /// Labels for reporting.
        pub tags: Option<Vec<String>>,
    }

    /// A person to reach about the job.
    #[derive(Debug, Deserialize, Contract)]
    pub struct Contact {
        /// Display name.
        #[contract(length(min = 1, max = 40))]
        pub name: String,
        /// Mobile number, digits only.
        #[contract(personal, length(min = 5, max = 20))]
        pub mobile: Option<String>,
    }

    /// One callee.
    #[derive(Debug, Deserialize, Contract)]
    pub struct Target {
        /// The number to dial.
        #[contract(personal, length(min = 3, max = 24))]
        pub number: String,
        /// The callee's language, for text messages.
        #[contract(format = "locale")]
        pub locale: Option<String>,
    }

    /// The rule the job's hand-written check reports: the calling window starts before it ends.
    pub const WINDOW_ORDER: Rule =
        Rule::new("window-order", Severity::Error, Provenance::Documented);

    /// A hand-written check: the window's start comes before its end.
    fn window_in_order(fields: &dyn Fields, scope: &mut Scope<'_>) {
        let (Some(start), Some(end)) = (
            fields.get("windowStart").as_str(),
            fields.get("windowEnd").as_str(),
        ) else {
            return;
        };
        if start >= end {
            let kind = ViolationKind::Custom {
                message: format!("the window starts at {start} but ends at {end}"),
            };
            scope.report_field(
                "windowEnd",
                Violation::new(WINDOW_ORDER, kind),
                fields.span_of("windowEnd"),
            );
        }
    }
}
