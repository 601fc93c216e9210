//! The answers themselves: a campaign made by the generator for the request's ids and
//! steering, a failure envelope of a Table 21 code, or the envelope refusing a broken
//! request; each with a description of what it is ([`Served`]), which becomes the `X-Mock-*`
//! headers, the log line and the coverage.
//!
//! A campaign is a pure function of (seed, vdnId, campaignId, steering): the generator's seed
//! is the server's seed mixed with `vdnId`, and its payload index is `campaignId` itself, so
//! consecutive campaign ids walk the generator's plan of forms (forty ids in a row hold every
//! device type, dialling mode, forecasting algorithm, retry and call policy) and
//! `isales-contract generate --seed X-Mock-Seed` writes the same campaign at line
//! `X-Mock-Index + 1`. Made answers are kept in a bounded [`Cache`].

use std::sync::Arc;

use bytes::Bytes;
use isales_contract::RuleId;
use isales_generator::{FormFilter, Generator, Quirk, Recipe, RecipeError};
use serde_json::Value;

use crate::cache::Cache;
use crate::steer::Steering;
use crate::vendor::{Ids, Refusal};

/// What an answer is, in words that fit ASCII headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Served {
    /// The generator's seed (the server's, mixed with `vdnId`).
    pub seed: Option<u64>,
    /// The generator's payload index (`campaignId`).
    pub index: Option<u64>,
    /// The campaign's form (`device-type=2,...`), when it has a campaign.
    pub form: Option<String>,
    /// The rules it breaks (a quirk's rule included).
    pub violations: Vec<&'static str>,
    /// Rules that break unavoidably with those (`round-call-fields` brings `turn-fields`).
    pub companions: Vec<&'static str>,
    /// The quirks it carries.
    pub quirks: Vec<&'static str>,
    /// Its failure code, for a failure envelope.
    pub error_code: Option<String>,
    /// The fixture it came from (`file:line`).
    pub fixture: Option<String>,
    /// The request's broken rules, for a refusal.
    pub request_rules: Vec<&'static str>,
}

/// A body and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The response body.
    pub body: Bytes,
    /// What it is.
    pub served: Served,
}

/// The cache's key: everything an answer's content depends on besides the server's seed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    ids: Ids,
    form: FormFilter,
    violate: Vec<RuleId>,
    quirks: Vec<Quirk>,
    error_code: Option<String>,
}

impl Key {
    fn new(ids: Ids, steering: &Steering) -> Self {
        Key {
            ids,
            form: steering.form,
            violate: steering.violate.clone(),
            quirks: steering.quirks.clone(),
            error_code: steering.error_code.clone(),
        }
    }
}

/// Makes answers, through the cache.
#[derive(Debug)]
pub struct Maker {
    generator: Arc<Generator>,
    seed: u64,
    cache: Cache<Key, Result<Arc<Answer>, RecipeError>>,
}

impl Maker {
    /// A maker of the server's `seed`, caching up to `capacity` answers.
    #[must_use]
    pub fn new(generator: Arc<Generator>, seed: u64, capacity: usize) -> Self {
        Maker {
            generator,
            seed,
            cache: Cache::new(capacity),
        }
    }

    /// The generator.
    #[must_use]
    pub fn generator(&self) -> &Generator {
        &self.generator
    }

    /// How many answers the cache holds.
    #[must_use]
    pub fn cache_len(&self) -> usize {
        self.cache.len()
    }

    /// The answer to a request for `ids` steered by `steering`, from the cache when it was
    /// made before (refusals of a recipe too, so a recipe no payload follows costs its
    /// attempts once).
    ///
    /// # Errors
    /// When no payload follows the recipe.
    pub fn answer(&self, ids: Ids, steering: &Steering) -> Result<Arc<Answer>, RecipeError> {
        let key = Key::new(ids, steering);
        if let Some(made) = self.cache.get(&key) {
            return made;
        }
        let made = self.make(&key).map(Arc::new);
        self.cache.insert(key, made.clone());
        made
    }

    /// The answer, when the cache holds it.
    #[must_use]
    pub fn cached(
        &self,
        ids: Ids,
        steering: &Steering,
    ) -> Option<Result<Arc<Answer>, RecipeError>> {
        self.cache.get(&Key::new(ids, steering))
    }

    fn make(&self, key: &Key) -> Result<Answer, RecipeError> {
        let seed = mix(self.seed, key.ids.vdn_id as u64);
        // Two's complement: a negative campaign id is a payload index like any other.
        let index = key.ids.campaign_id as u64;
        if let Some(code) = &key.error_code {
            let payload = self.generator.failure(code, seed, index)?;
            return Ok(Answer {
                body: Bytes::from(payload.bytes),
                served: Served {
                    seed: Some(seed),
                    index: Some(index),
                    error_code: Some(code.clone()),
                    ..Served::default()
                },
            });
        }
        let recipe = Recipe {
            form: key.form,
            violate: key.violate.clone(),
            quirks: key.quirks.clone(),
        };
        let payload = self.generator.payload(&recipe, seed, index)?;
        let mut violations: Vec<&'static str> =
            payload.broken.iter().map(|b| b.rule.as_str()).collect();
        violations.dedup();
        Ok(Answer {
            body: Bytes::from(payload.bytes),
            served: Served {
                seed: Some(seed),
                index: Some(index),
                form: Some(payload.form.to_string()),
                violations,
                companions: payload.companions.iter().map(|r| r.as_str()).collect(),
                quirks: payload.quirks.iter().map(|q| q.name()).collect(),
                ..Served::default()
            },
        })
    }

    /// The failure envelope refusing a broken request: the refusal's code, its description
    /// in `resultDesc` and `returnDesc`.
    #[must_use]
    pub fn refusal(&self, refusal: &Refusal) -> Answer {
        let served = Served {
            error_code: Some(refusal.code.to_owned()),
            request_rules: refusal.rules.clone(),
            ..Served::default()
        };
        let body = failure_envelope(
            &self.generator,
            refusal.code,
            &refusal.description,
            self.seed,
        );
        Answer {
            body: Bytes::from(body),
            served,
        }
    }
}

/// A failure envelope of `code` saying `description`, checked by the validator; the
/// generator's own envelope of the code when the description would break a rule.
pub(crate) fn failure_envelope(
    generator: &Generator,
    code: &str,
    description: &str,
    seed: u64,
) -> Vec<u8> {
    let described = serde_json::to_vec(&serde_json::json!({
        "resultCode": code,
        "resultDesc": description,
        "returnCode": code,
        "returnDesc": description,
    }))
    .unwrap_or_default();
    if isales_contract::validate(&described).passed() {
        return described;
    }
    match generator.failure(code, seed, 0) {
        Ok(payload) => payload.bytes,
        Err(_) => described,
    }
}

/// The `returnObject.id` of a body, when it has one (fixtures are matched on it).
#[must_use]
pub fn campaign_id_of(body: &[u8]) -> Option<i64> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let id = value.get("returnObject")?.get("id")?;
    id.as_i64()
        .or_else(|| id.as_str().and_then(|text| text.parse().ok()))
}

/// SplitMix64 of a seed and a number, so neighbouring ids give unrelated seeds.
#[must_use]
pub fn mix(seed: u64, value: u64) -> u64 {
    let mut z = seed ^ value.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use isales_generator::{Size, Values};

    fn maker() -> Maker {
        let generator = Generator::embedded(Size::from_hint(3).with_values(Values::Realistic));
        Maker::new(Arc::new(generator), 1, 64)
    }

    #[test]
    fn an_answer_is_a_function_of_its_ids_and_matches_generate() {
        let maker = maker();
        let ids = Ids {
            vdn_id: 3,
            campaign_id: 7,
        };
        let plain = Steering::default();
        let first = maker.answer(ids, &plain).expect("made");
        let again = maker.answer(ids, &plain).expect("made");
        assert_eq!(first.body, again.body);
        let other = maker
            .answer(
                Ids {
                    vdn_id: 3,
                    campaign_id: 8,
                },
                &plain,
            )
            .expect("made");
        assert_ne!(first.body, other.body);
        // What `generate --seed X-Mock-Seed` writes at line X-Mock-Index + 1.
        let (seed, index) = (
            first.served.seed.expect("seed"),
            first.served.index.expect("index"),
        );
        let generated = maker
            .generator()
            .payload(&Recipe::default(), seed, index)
            .expect("generated");
        assert_eq!(first.body.as_ref(), generated.bytes.as_slice());
        assert!(isales_contract::validate(&first.body).passed());
    }

    #[test]
    fn refusals_are_valid_failure_envelopes() {
        let maker = maker();
        let refusal = Refusal {
            code: crate::vendor::WRONG_TYPE,
            rules: Vec::new(),
            description: "vdnId: 中 is not an integer".to_owned(),
        };
        let answer = maker.refusal(&refusal);
        let report = isales_contract::validate(&answer.body);
        assert!(report.passed(), "{report:?}");
        let value: Value = serde_json::from_slice(&answer.body).expect("JSON");
        assert_eq!(value["resultCode"], crate::vendor::WRONG_TYPE);
    }
}
