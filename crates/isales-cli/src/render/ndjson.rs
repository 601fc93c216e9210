//! The NDJSON format: one line per payload, the JSON report's payload object (documented in
//! the crate documentation), written as soon as the payload's verdict is known, in report
//! order, and flushed after each batch, so the command works as a step of a stream: a shell
//! pipeline, a batch engine's `pipe`, a log shipper. The run's summary goes to standard
//! error, like the other machine formats'; notes and a run that checked nothing too.

use std::io::{self, Write};

use super::json::{self, Item, Records};
use super::{Render, Summary};

/// The NDJSON format.
#[derive(Debug, Default)]
pub struct Ndjson;

impl Render for Ndjson {
    type Items = Records;

    fn items(&self) -> Records {
        Records
    }

    fn emit(&mut self, item: Item, out: &mut dyn Write) -> io::Result<()> {
        match item {
            Item::Record(text) => out.write_all(text.as_bytes())?,
            Item::Payload(payload) => json::write_record(&payload, out)?,
        }
        out.write_all(b"\n")
    }

    fn end_batch(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.flush()
    }

    fn nothing_checked(
        &mut self,
        _reason: &str,
        _fatal: bool,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        // Said on standard error by the runner; a record here would read as a payload.
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        out.flush()
    }
}
