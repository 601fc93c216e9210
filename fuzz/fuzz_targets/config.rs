//! Any text as the configuration file: see `isales_fuzz::config` for the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isales_fuzz::config(data));
