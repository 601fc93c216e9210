//! The named examples of the OpenAPI documents: the page's own response, as the corpus keeps
//! it, and payloads of the spec-driven generator (`isales-generator`): one success per device
//! type the spec lists and one failure envelope.
//!
//! The seed scan is [`scan_generated`], kept apart so that a filter of the generator's own can
//! replace it without touching the rest: it walks seeds from 0 and keeps the first payload of
//! each kind, so the examples change only when the generator or the spec does.

use isales_generator::{Generator, Size};
use isales_spec::{FieldType, Spec, TableKind};
use serde_json::Value;

/// The page's example response, byte for byte as the corpus keeps it.
const PAGE_EXAMPLE: &str = include_str!("../../../../tests/corpus/valid/page-example.json");
/// Where [`PAGE_EXAMPLE`] lives, for its description.
const PAGE_EXAMPLE_PATH: &str = "tests/corpus/valid/page-example.json";

/// How many seeds [`scan_generated`] tries before giving up on a kind.
const SEED_LIMIT: u64 = 5_000;

/// The campaign row the generated examples are chosen by.
const DEVICE_TYPE: &str = "deviceType";

/// One named example of a response body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Example {
    /// The key under `components/examples`.
    pub(crate) name: String,
    /// One line for the example's `summary`.
    pub(crate) summary: String,
    /// Where it comes from, for its `description`.
    pub(crate) description: String,
    /// The response body.
    pub(crate) value: Value,
    /// Whether it is a failure envelope (shown under `default` too).
    pub(crate) failure: bool,
}

/// The payloads [`scan_generated`] found.
#[derive(Debug, Default)]
pub(crate) struct Generated {
    /// Per device type value, in the spec's order: the seed and its success payload.
    pub(crate) by_device_type: Vec<(i64, u64, Value)>,
    /// The first failure envelope, with its seed.
    pub(crate) failure: Option<(u64, Value)>,
}

/// Every example, the page's first.
///
/// # Errors
/// When the page example is not JSON, the generator refuses the spec, or a device type the
/// spec lists (or a failure) is not generated within [`SEED_LIMIT`] seeds.
pub(crate) fn examples(spec: &Spec) -> Result<Vec<Example>, String> {
    let page: Value = serde_json::from_str(PAGE_EXAMPLE)
        .map_err(|error| format!("{PAGE_EXAMPLE_PATH} is not JSON: {error}"))?;
    let mut examples = vec![Example {
        name: "page-example".to_owned(),
        summary: "The vendor page's own example response".to_owned(),
        description: format!(
            "The success response the vendor page shows, as the corpus keeps it \
             (`{PAGE_EXAMPLE_PATH}`)."
        ),
        value: page,
        failure: false,
    }];

    let generator = Generator::new(spec.clone(), Size::SMALL)
        .map_err(|error| format!("the payload generator cannot follow the spec: {error}"))?;
    let device_types = device_types(spec);
    let generated = scan_generated(&generator, &device_types, &spec.interface.success_code);
    let meanings = device_type_meanings(spec);
    for (value, meaning) in &meanings {
        let Some((_, seed, payload)) = generated
            .by_device_type
            .iter()
            .find(|(found, _, _)| found == value)
        else {
            return Err(format!(
                "no generated success with {DEVICE_TYPE} {value} in {SEED_LIMIT} seeds"
            ));
        };
        examples.push(Example {
            name: format!("generated-device-type-{value}"),
            summary: format!("Generated success: {DEVICE_TYPE} {value}, {meaning}"),
            description: generated_description(*seed),
            value: payload.clone(),
            failure: false,
        });
    }
    let Some((seed, failure)) = generated.failure else {
        return Err(format!(
            "no generated failure envelope in {SEED_LIMIT} seeds"
        ));
    };
    let code = failure
        .get("resultCode")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    examples.push(Example {
        name: "generated-failure".to_owned(),
        summary: format!("Generated failure: resultCode {code}"),
        description: generated_description(seed),
        value: failure,
        failure: true,
    });
    Ok(examples)
}

fn generated_description(seed: u64) -> String {
    format!(
        "Generated from the spec by `isales_generator::Generator::embedded(Size::SMALL)\
         .generate({seed})`: the first seed from 0 that gives this kind of response."
    )
}

/// The device type values the spec lists, in its order.
fn device_types(spec: &Spec) -> Vec<i64> {
    device_type_meanings(spec)
        .into_iter()
        .map(|(value, _)| value)
        .collect()
}

/// The device type values with their meanings: the enumeration of the `deviceType` row of the
/// table the envelope's object row holds.
fn device_type_meanings(spec: &Spec) -> Vec<(i64, String)> {
    let campaign = spec
        .table_of_kind(TableKind::Envelope)
        .and_then(|envelope| {
            envelope.fields.iter().find_map(|field| match field.ty {
                FieldType::Object(target) => Some(target),
                _ => None,
            })
        })
        .and_then(|target| spec.table(target));
    campaign
        .and_then(|table| table.field(DEVICE_TYPE))
        .and_then(|field| field.enumeration.as_ref())
        .map(|enumeration| {
            enumeration
                .values
                .iter()
                .map(|value| (value.value, value.meaning.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Scans seeds 0, 1, ... for the first success payload of each device type in `wanted` and
/// the first failure envelope (a `resultCode` other than `success_code`), up to
/// [`SEED_LIMIT`] seeds.
pub(crate) fn scan_generated(
    generator: &Generator,
    wanted: &[i64],
    success_code: &str,
) -> Generated {
    let mut found = Generated::default();
    for seed in 0..SEED_LIMIT {
        let done = found.failure.is_some() && found.by_device_type.len() == wanted.len();
        if done {
            break;
        }
        let payload = generator.generate(seed);
        let success = payload.get("resultCode").and_then(Value::as_str) == Some(success_code);
        if !success {
            if found.failure.is_none() {
                found.failure = Some((seed, payload));
            }
            continue;
        }
        let device_type = payload
            .pointer(&format!("/returnObject/{DEVICE_TYPE}"))
            .and_then(Value::as_i64);
        if let Some(device_type) = device_type
            && wanted.contains(&device_type)
            && !found
                .by_device_type
                .iter()
                .any(|(known, _, _)| *known == device_type)
        {
            found.by_device_type.push((device_type, seed, payload));
        }
    }
    found
        .by_device_type
        .sort_by_key(|(value, _, _)| wanted.iter().position(|wanted| wanted == value));
    found
}
