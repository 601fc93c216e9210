//! Any text as embedded JSON documents: see `isales_fuzz::embedded` for the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isales_fuzz::embedded(data));
