//! Writes a large NDJSON capture for memory and throughput measurements of `validate`.
//!
//! ```text
//! cargo run --release -p isales-cli --example gen_ndjson -- OUT SIZE
//! ```
//!
//! SIZE is in bytes, with an optional `K`, `M` or `G` suffix (powers of 1024). Lines repeat the
//! bundled examples with varied values: mostly valid campaigns, one in ten invalid (an IVR
//! campaign without ivrParam and a bad callerNo), one in a hundred a warning (plain http
//! callback), one in a thousand truncated, and a blank line every five thousand, so the run
//! exercises every path of the pipeline. The file is deterministic for a given size.

use std::fs::File;
use std::io::{BufWriter, Write};

fn parse_size(text: &str) -> Option<u64> {
    let (digits, unit) = match text.char_indices().last()? {
        (at, 'K' | 'k') => (&text[..at], 1 << 10),
        (at, 'M' | 'm') => (&text[..at], 1 << 20),
        (at, 'G' | 'g') => (&text[..at], 1 << 30),
        _ => (text, 1),
    };
    digits.parse::<u64>().ok().map(|number| number * unit)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(size)) = (args.first(), args.get(1).and_then(|size| parse_size(size)))
    else {
        return Err("usage: gen_ndjson OUT SIZE (for example /tmp/big.ndjson 1G)".into());
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let template: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("valid.json"))?)?;
    let mut writer = BufWriter::with_capacity(1 << 20, File::create(out)?);
    let mut written: u64 = 0;
    let mut index: u64 = 0;
    while written < size {
        index += 1;
        let line = if index.is_multiple_of(5000) {
            String::new()
        } else {
            let mut payload = template.clone();
            let campaign = &mut payload["returnObject"];
            campaign["id"] = serde_json::json!(index);
            campaign["name"] = serde_json::json!(format!("campaign-{index}"));
            campaign["callerNo"] =
                serde_json::json!(format!("{}", 10_000_000 + index % 89_999_999));
            campaign["maxAlertingTime"] = serde_json::json!(5 + index % 116);
            if index % 10 == 3 {
                campaign["deviceType"] = serde_json::json!(1);
                campaign["callerNo"] = serde_json::json!(format!("+86-{index}"));
            }
            if index % 100 == 7 {
                campaign["callBackUrl"] = serde_json::json!("http://callbacks.example.com/r");
            }
            let text = payload.to_string();
            if index % 1000 == 11 {
                text[..text.len() / 2].to_owned()
            } else {
                text
            }
        };
        writer.write_all(line.as_bytes())?;
        writer.write_all(b"\n")?;
        written += line.len() as u64 + 1;
    }
    writer.flush()?;
    eprintln!("wrote {index} lines, {written} bytes to {out}");
    Ok(())
}
