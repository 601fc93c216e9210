//! Any bytes through the located parser alone: see `isales_fuzz::json` for the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isales_fuzz::json(data));
