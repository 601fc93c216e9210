//! The named examples of the OpenAPI documents: the page's own response, as the corpus keeps
//! it, and payloads of the spec-driven generator (`isales-generator`): one success per device
//! type the spec lists and one failure envelope.
//!
//! The generated ones are what `isales-contract generate` writes with its defaults for a
//! device-type filter (or an error code) and seed [`EXAMPLE_SEED`]: each is one command away,
//! and changes only when the generator or the spec does.

use isales_generator::{FormFilter, Generator, Recipe, Size, Values};
use isales_spec::{FieldType, Spec, TableKind};
use serde_json::Value;

/// The page's example response, byte for byte as the corpus keeps it.
const PAGE_EXAMPLE: &str = include_str!("../../../../tests/corpus/valid/page-example.json");
/// Where [`PAGE_EXAMPLE`] lives, for its description.
const PAGE_EXAMPLE_PATH: &str = "tests/corpus/valid/page-example.json";

/// The seed of every generated example.
const EXAMPLE_SEED: u64 = 1;

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

/// Every example, the page's first.
///
/// # Errors
/// When the page example is not JSON, the generator refuses the spec, or no payload of a
/// device type the spec lists (or no failure) can be made.
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

    // The same generator and recipe as `isales-contract generate` with its defaults, so each
    // example is one command away.
    let generator = Generator::new(
        spec.clone(),
        Size::from_hint(3).with_values(Values::Realistic),
    )
    .map_err(|error| format!("the payload generator cannot follow the spec: {error}"))?;
    for (value, meaning) in device_type_meanings(spec) {
        let recipe = Recipe {
            form: FormFilter {
                device_type: Some(value),
                ..FormFilter::default()
            },
            ..Recipe::default()
        };
        let payload = generator
            .payload(&recipe, EXAMPLE_SEED, 0)
            .map_err(|error| format!("no example with {DEVICE_TYPE} {value}: {error}"))?;
        let payload: Value = serde_json::from_slice(&payload.bytes)
            .map_err(|error| format!("a generated payload is not JSON: {error}"))?;
        examples.push(Example {
            name: format!("generated-device-type-{value}"),
            summary: format!("Generated success: {DEVICE_TYPE} {value}, {meaning}"),
            description: format!(
                "Generated from the spec: `isales-contract generate --seed {EXAMPLE_SEED} \
                 --form device-type={value}`."
            ),
            value: payload,
            failure: false,
        });
    }
    let code = spec
        .error_codes()
        .first()
        .map(|code| code.code.clone())
        .ok_or("Table 21 lists no failure code")?;
    let failure = generator
        .failure(&code, EXAMPLE_SEED, 0)
        .map_err(|error| error.to_string())?;
    let failure: Value = serde_json::from_slice(&failure.bytes)
        .map_err(|error| format!("a generated failure is not JSON: {error}"))?;
    examples.push(Example {
        name: "generated-failure".to_owned(),
        summary: format!("Generated failure: resultCode {code}"),
        description: format!(
            "Generated from the spec: `isales-contract generate --seed {EXAMPLE_SEED} \
             --error-code {code}`."
        ),
        value: failure,
        failure: true,
    });
    Ok(examples)
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
