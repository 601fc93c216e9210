//! `explain RULE`, `rules` and `schema`: the catalog and the schema, printed for people.

use std::io::{self, Write};

use isales_contract::rules::{self, RuleInfo};
use isales_contract::{DocRef, Provenance, Severity};
use serde::Serialize;

use crate::inputs::{self, Format};

/// Whether a rule's example is a HAR capture (the example of a rule only a request can break)
/// rather than a response payload: the test `validate` itself applies to standard input.
#[must_use]
pub fn example_is_har(example: &str) -> bool {
    inputs::guess(example.as_bytes(), true).format == Format::Har
}

/// What an example is, as the heading that introduces it.
#[must_use]
pub fn example_heading(example: &str) -> &'static str {
    if example_is_har(example) {
        "A request that breaks it, as a HAR capture"
    } else {
        "A payload that breaks it"
    }
}

/// Writes everything the catalog says about one rule, like `rustc --explain`.
///
/// # Errors
/// When writing fails.
pub fn explain(info: &RuleInfo, out: &mut dyn Write) -> io::Result<()> {
    let rule = info.rule;
    writeln!(out, "{}: {}", rule.id, info.summary())?;
    writeln!(out)?;
    writeln!(out, "{}", info.explanation)?;
    writeln!(out)?;
    writeln!(out, "default level: {}", rule.severity)?;
    writeln!(out, "provenance:    {}", info.provenance_text())?;
    for (index, doc) in info.docs().iter().enumerate() {
        let label = if index == 0 { "documentation:" } else { "" };
        writeln!(out, "{label:14} {doc}")?;
    }
    writeln!(out, "checked as:    {}", info.kind)?;
    if !info.applies_to.is_empty() {
        writeln!(out)?;
        if info.is_mixed() {
            writeln!(
                out,
                "Applies to (each part with where it comes from: the page, or our reading):"
            )?;
        } else {
            writeln!(out, "Applies to:")?;
        }
        for part in info.applies_to {
            if info.is_mixed() {
                writeln!(out, "  - {part}")?;
            } else {
                writeln!(out, "  - {}", part.text)?;
            }
        }
    }
    if let Some(example) = info.example {
        writeln!(out)?;
        if example_is_har(example) {
            // A bare request is not something `validate` reads; a one-entry capture is.
            writeln!(
                out,
                "{} (save it as capture.har and run `isales-contract validate capture.har`):",
                example_heading(example)
            )?;
        } else {
            writeln!(out, "{}:", example_heading(example))?;
        }
        writeln!(out)?;
        writeln!(out, "    {example}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Change its level with --deny {id}, --warn {id} or --allow {id}, or in isales-contract.toml:\n\n    [rules]\n    {id} = \"warn\"",
        id = rule.id
    )
}

/// Writes the table of every rule: id, default level, provenance, documentation row, summary.
///
/// # Errors
/// When writing fails.
pub fn rules_table(out: &mut dyn Write) -> io::Result<()> {
    let catalog = rules::catalog();
    let docs: Vec<String> = catalog
        .iter()
        .map(|info| info.doc().map_or_else(String::new, |doc| doc.to_string()))
        .collect();
    let id_width = catalog
        .iter()
        .map(|info| info.rule.id.len())
        .chain([4])
        .max()
        .unwrap_or(4);
    let doc_width = docs.iter().map(String::len).chain([3]).max().unwrap_or(3);
    writeln!(
        out,
        "{:id_width$}  {:7}  {:10}  {:doc_width$}  SUMMARY",
        "RULE", "LEVEL", "PROVENANCE", "DOC"
    )?;
    for (info, doc) in catalog.iter().zip(&docs) {
        writeln!(
            out,
            "{:id_width$}  {:7}  {:10}  {:doc_width$}  {}",
            info.rule.id,
            info.rule.severity.as_str(),
            if info.is_mixed() {
                "mixed"
            } else {
                info.rule.provenance.as_str()
            },
            doc,
            info.summary()
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} rules. Provenance `mixed`: a documented rule with inferred parts. DOC is the main \
         reference. `isales-contract explain RULE` tells more about one.",
        catalog.len()
    )
}

/// The value of the catalog's `version` member; raised only when a change would break
/// readers.
pub const RULES_VERSION: u32 = 1;

#[derive(Serialize)]
struct Catalog {
    version: u32,
    rules: Vec<CatalogRule>,
}

#[derive(Serialize)]
struct CatalogRule {
    id: &'static str,
    level: Severity,
    provenance: Provenance,
    partly_inferred: bool,
    summary: &'static str,
    kind: &'static str,
    doc: &'static [DocRef],
    applies_to: Vec<CatalogPart>,
}

#[derive(Serialize)]
struct CatalogPart {
    text: &'static str,
    provenance: Provenance,
}

/// Writes the catalog as one JSON document (its shape is in the crate documentation): per
/// rule, the registry's id, default level, provenance, summary and documentation rows, with
/// how the spec checks it and where it applies.
///
/// # Errors
/// When writing fails.
pub fn rules_json(out: &mut dyn Write) -> io::Result<()> {
    let catalog = Catalog {
        version: RULES_VERSION,
        rules: rules::catalog()
            .iter()
            .map(|info| CatalogRule {
                id: info.rule.id,
                level: info.rule.severity,
                provenance: info.rule.provenance,
                partly_inferred: info.is_mixed(),
                summary: info.summary(),
                kind: info.kind,
                doc: info.docs(),
                applies_to: info
                    .applies_to
                    .iter()
                    .map(|part| CatalogPart {
                        text: part.text,
                        provenance: part.provenance,
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &catalog).map_err(io::Error::from)?;
    writeln!(out)
}

/// Writes the generated JSON Schema exactly as committed.
///
/// # Errors
/// When writing fails.
pub fn schema(out: &mut dyn Write, document: crate::cli::SchemaDocument) -> io::Result<()> {
    use crate::cli::SchemaDocument;
    let text = match document {
        SchemaDocument::JsonSchema => isales_schema::SCHEMA_JSON,
        SchemaDocument::Openapi => isales_schema::OPENAPI_3_1,
        SchemaDocument::Openapi30 => isales_schema::OPENAPI_3_0,
    };
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}
