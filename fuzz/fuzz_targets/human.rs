//! A hostile file name and a payload through the human and GitHub formats: see
//! `isales_fuzz::human` for the invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isales_fuzz::human(data));
