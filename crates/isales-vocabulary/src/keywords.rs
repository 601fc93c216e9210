//! JSON Schema keywords the contract's two schemas treat alike: the spec's, written by
//! `cargo xtask codegen`, and the models', which `isales_contract`'s schema module assembles from the
//! derive's rules.

/// Keywords of a property's schema that describe the property rather than assert anything
/// about its values. Where `""` means "not set", the property's assertions move into an
/// `else` beside `"if": {"const": ""}` and these stay outside it, where readers look for them.
pub const ANNOTATIONS: [&str; 12] = [
    "title",
    "description",
    "default",
    "examples",
    "x-param",
    "x-not-on-page",
    "x-table",
    "x-provenance",
    "x-secret",
    "x-personal",
    "x-format",
    "x-enum-meanings",
];
