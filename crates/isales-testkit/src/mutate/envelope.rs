//! Operators of the envelope's rules, which only the root object of a response can break: a
//! result code the error-code table does not list, a `returnCode` that differs from
//! `resultCode`, success without a `returnObject` and failure with one.

use isales_spec::{Spec, TableKind};

use super::Subject;
use super::site::{Edit, Site};
use crate::builtin::{RESULT_CODE, RETURN_CODE, RETURN_OBJECT};
use crate::doc::{Doc, Object, child_pointer};
use crate::presence::filler;

#[derive(Debug, Clone)]
pub(super) enum Kind {
    UnknownCode,
    CodeMismatch,
    SuccessWithoutObject,
    FailureWithObject,
}

/// (rule, what the operator does, how), in the order the operators are listed.
pub(super) const OPERATORS: [(&str, &str, Kind); 4] = [
    (
        "unknown-error-code",
        "a code Table 21 does not list",
        Kind::UnknownCode,
    ),
    (
        "result-code-mismatch",
        "returnCode differs",
        Kind::CodeMismatch,
    ),
    (
        "return-object-required",
        "success without returnObject",
        Kind::SuccessWithoutObject,
    ),
    (
        "return-object-on-failure",
        "failure with a returnObject",
        Kind::FailureWithObject,
    ),
];

impl Kind {
    pub(super) fn sites(&self, subject: &Subject<'_>, variant: usize) -> Vec<Site> {
        let spec = subject.spec;
        let doc = &subject.doc;
        let mut sites = Vec::new();
        match self {
            Kind::UnknownCode => {
                if let Some(envelope) = envelope(spec, doc) {
                    let codes = ["0200099", "999", "", "0200000 ", "02000012", "200000"];
                    let code = Doc::String(codes[variant % codes.len()].to_owned());
                    // Both codes change, so they still agree; an unknown code is no success,
                    // so the campaign goes too.
                    let mut edits = vec![
                        Edit::Put(String::new(), RESULT_CODE.into(), code.clone()),
                        Edit::Put(String::new(), RETURN_CODE.into(), code),
                    ];
                    if envelope.get(RETURN_OBJECT).is_some() {
                        edits.push(Edit::Remove(String::new(), RETURN_OBJECT.into()));
                    }
                    sites.push(Site {
                        edit: Edit::All(edits),
                        pointer: child_pointer("", RESULT_CODE),
                    });
                }
            }
            Kind::CodeMismatch => {
                if let Some(result_code) = envelope(spec, doc)
                    .and_then(|envelope| envelope.get(RESULT_CODE))
                    .and_then(Doc::as_str)
                {
                    let candidates: Vec<&str> =
                        std::iter::once(spec.interface.success_code.as_str())
                            .chain(spec.error_codes().iter().map(|code| code.code.as_str()))
                            .filter(|code| *code != result_code)
                            .collect();
                    let code = candidates[variant % candidates.len()];
                    sites.push(Site {
                        edit: Edit::Put(
                            String::new(),
                            RETURN_CODE.into(),
                            Doc::String(code.into()),
                        ),
                        pointer: child_pointer("", RETURN_CODE),
                    });
                }
            }
            Kind::SuccessWithoutObject => {
                if envelope_succeeds(spec, doc) == Some(true) {
                    let edit = if variant.is_multiple_of(2) {
                        Edit::Remove(String::new(), RETURN_OBJECT.into())
                    } else {
                        Edit::Put(String::new(), RETURN_OBJECT.into(), Doc::Null)
                    };
                    sites.push(Site {
                        edit,
                        pointer: child_pointer("", RETURN_OBJECT),
                    });
                }
            }
            Kind::FailureWithObject => {
                let envelope_table = spec.table_of_kind(TableKind::Envelope);
                if let (Some(false), Some(envelope), Some(table)) = (
                    envelope_succeeds(spec, doc),
                    envelope(spec, doc),
                    envelope_table,
                ) && !envelope.is_present(RETURN_OBJECT)
                    && let Some(campaign) = filler(spec, subject.fillers, table, RETURN_OBJECT)
                {
                    sites.push(Site {
                        edit: Edit::Put(String::new(), RETURN_OBJECT.into(), campaign),
                        pointer: child_pointer("", RETURN_OBJECT),
                    });
                }
            }
        }
        sites
    }
}

/// The root object, when the document is an envelope.
fn envelope<'d>(spec: &Spec, doc: &'d Doc) -> Option<&'d Object> {
    let number = spec.table_of_kind(TableKind::Envelope)?.number;
    match doc {
        Doc::Object(object) if object.table == Some(number) => Some(object),
        _ => None,
    }
}

/// Whether the envelope reports success, by resultCode.
fn envelope_succeeds(spec: &Spec, doc: &Doc) -> Option<bool> {
    let code = envelope(spec, doc)?.get(RESULT_CODE)?.as_str()?;
    Some(code == spec.interface.success_code)
}
