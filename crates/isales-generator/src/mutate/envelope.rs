//! Operators of the envelope's rules, which only the root object of a response can break: a
//! result code the error-code table does not list, a `returnCode` that differs from
//! `resultCode`, success without a `returnObject` and failure with one.

use isales_spec::{Spec, TableKind};
use isales_vocabulary::RuleId;
use isales_vocabulary::wiring::envelope::{RESULT_CODE, RETURN_CODE, RETURN_OBJECT};

use super::Subject;
use super::site::{Edit, Site};
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
pub(super) const OPERATORS: [(RuleId, &str, Kind); 4] = [
    (
        RuleId::UnknownErrorCode,
        "a code Table 21 does not list",
        Kind::UnknownCode,
    ),
    (
        RuleId::ResultCodeMismatch,
        "returnCode differs",
        Kind::CodeMismatch,
    ),
    (
        RuleId::ReturnObjectRequired,
        "success without returnObject",
        Kind::SuccessWithoutObject,
    ),
    (
        RuleId::ReturnObjectOnFailure,
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
                        Edit::Put(String::new(), RESULT_CODE.name.into(), code.clone()),
                        Edit::Put(String::new(), RETURN_CODE.name.into(), code),
                    ];
                    if envelope.get(RETURN_OBJECT.name).is_some() {
                        edits.push(Edit::Remove(String::new(), RETURN_OBJECT.name.into()));
                    }
                    sites.push(Site {
                        edit: Edit::All(edits),
                        pointer: child_pointer("", RESULT_CODE.name),
                    });
                }
            }
            Kind::CodeMismatch => {
                if let Some(result_code) = envelope(spec, doc)
                    .and_then(|envelope| envelope.get(RESULT_CODE.name))
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
                            RETURN_CODE.name.into(),
                            Doc::String(code.into()),
                        ),
                        pointer: child_pointer("", RETURN_CODE.name),
                    });
                }
            }
            Kind::SuccessWithoutObject => {
                if envelope_succeeds(spec, doc) == Some(true) {
                    let edit = if variant.is_multiple_of(2) {
                        Edit::Remove(String::new(), RETURN_OBJECT.name.into())
                    } else {
                        Edit::Put(String::new(), RETURN_OBJECT.name.into(), Doc::Null)
                    };
                    sites.push(Site {
                        edit,
                        pointer: child_pointer("", RETURN_OBJECT.name),
                    });
                }
            }
            Kind::FailureWithObject => {
                let envelope_table = spec.table_of_kind(TableKind::Envelope);
                if let (Some(false), Some(envelope), Some(table)) = (
                    envelope_succeeds(spec, doc),
                    envelope(spec, doc),
                    envelope_table,
                ) && !envelope.is_present(RETURN_OBJECT.name)
                    && let Some(campaign) = filler(spec, subject.fillers, table, RETURN_OBJECT.name)
                {
                    sites.push(Site {
                        edit: Edit::Put(String::new(), RETURN_OBJECT.name.into(), campaign),
                        pointer: child_pointer("", RETURN_OBJECT.name),
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
    let code = envelope(spec, doc)?.get(RESULT_CODE.name)?.as_str()?;
    Some(code == spec.interface.success_code)
}
