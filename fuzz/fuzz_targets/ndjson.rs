//! Any bytes as an NDJSON capture: see `isales_fuzz::ndjson` for the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isales_fuzz::ndjson(data));
