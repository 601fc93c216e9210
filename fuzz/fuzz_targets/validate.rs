//! Any bytes as a payload: see `isales_fuzz::validate` for the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isales_fuzz::validate(data));
