//! Payloads on demand, side by side on the same generator: a response body made through
//! proptest's value trees (what property tests get, with shrinking) against the direct draw
//! from a seeded RNG that `generate` and the mock server use, and whole recipes (draw, settle,
//! write, prove with the validator) as the mock server makes a new campaign.
//!
//! ```text
//! cargo bench -p isales-bench --bench generate
//! ```
//!
//! The generator is the mock server's: embedded arrays of up to three items, realistic values.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use isales_contract::RuleId;
use isales_generator::{Generator, Recipe, Size, Values};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

fn draws(c: &mut Criterion) {
    let generator = Generator::embedded(Size::from_hint(3).with_values(Values::Realistic));
    let mut group = c.benchmark_group("generate");

    let strategy = generator.envelope();
    let mut runner = TestRunner::deterministic();
    group.bench_function("proptest-value-tree", |b| {
        b.iter(|| match strategy.new_tree(&mut runner) {
            Ok(tree) => black_box(tree.current()),
            Err(reason) => panic!("the generator rejected its own value: {reason}"),
        });
    });

    let mut seed = 0_u64;
    group.bench_function("direct-draw", |b| {
        b.iter(|| {
            seed += 1;
            black_box(generator.generate(seed))
        });
    });

    let recipes = [
        ("recipe-valid", Recipe::default()),
        (
            "recipe-violate",
            Recipe {
                violate: vec![RuleId::ScheduleSegmentOrder],
                ..Recipe::default()
            },
        ),
    ];
    for (name, recipe) in recipes {
        let mut index = 0_u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                index += 1;
                match generator.payload(&recipe, 7, index) {
                    Ok(payload) => black_box(payload),
                    Err(error) => panic!("{name}: {error}"),
                }
            });
        });
    }
    group.finish();
}

criterion_group!(benches, draws);
criterion_main!(benches);
