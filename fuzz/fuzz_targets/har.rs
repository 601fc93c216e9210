//! Any bytes as a HAR capture: see `isales_fuzz::har` for the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isales_fuzz::har(data));
