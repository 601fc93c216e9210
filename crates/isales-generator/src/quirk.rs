//! Quirks: the ways real answers of CC-iSales differ from this page, as sibling pages of the
//! vendor documentation show them, each applied to a generated payload on request.
//!
//! A quirk is not a mutation chosen to break a rule: it is a deviation the contract has
//! already decided about. Some it tolerates silently (explicit `null`s, the campaign's `id`),
//! the others it reports under the rule the spec gives them, whose explanation says where the
//! deviation was seen. [`Quirk::rule`] is that rule, from the registry; a payload carrying a
//! quirk reports exactly it, which the generator confirms with the validator before handing
//! the payload out.

use std::fmt;

use isales_spec::{Spec, TableNo};
use isales_vocabulary::{RuleId, registry, wiring};

use crate::doc::{Doc, Embedded, Member, Quoting, child_pointer};
use crate::form::{CallForm, FormFilter, RetryForm};

/// A deviation of real answers from the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quirk {
    /// `strBeginTime` as a date alone (`2024-07-01`), as in the page's own example.
    DateOnlyTime,
    /// `policyJson` in single quotes (`[{'dataType':'SI'}]`), as sibling pages print it.
    SingleQuotedPolicyJson,
    /// `turns` as a JSON array instead of a string holding one.
    TurnsAsArray,
    /// `minAvgCallTime`, the creation interface's spelling, instead of `mimAvgCallTime`.
    MinAvgCallTime,
    /// Every optional member the payload leaves out written as `null` instead.
    ExplicitNulls,
    /// The campaign's numeric `id`, which sibling pages return and this page does not list.
    CampaignId,
}

impl Quirk {
    /// Every quirk.
    pub const ALL: [Quirk; 6] = [
        Quirk::DateOnlyTime,
        Quirk::SingleQuotedPolicyJson,
        Quirk::TurnsAsArray,
        Quirk::MinAvgCallTime,
        Quirk::ExplicitNulls,
        Quirk::CampaignId,
    ];

    /// Its name on the command line and in manifests.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Quirk::DateOnlyTime => "date-only-time",
            Quirk::SingleQuotedPolicyJson => "single-quoted-policy-json",
            Quirk::TurnsAsArray => "turns-as-array",
            Quirk::MinAvgCallTime => "min-avg-call-time",
            Quirk::ExplicitNulls => "explicit-nulls",
            Quirk::CampaignId => "campaign-id",
        }
    }

    /// The quirk of a name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Quirk> {
        Quirk::ALL.into_iter().find(|quirk| quirk.name() == name)
    }

    /// The rule the contract reports it under; `None` for the deviations it accepts.
    #[must_use]
    pub fn rule(self) -> Option<RuleId> {
        match self {
            Quirk::DateOnlyTime => Some(RuleId::DatetimeLenient),
            Quirk::SingleQuotedPolicyJson => Some(RuleId::SingleQuotedJson),
            Quirk::TurnsAsArray => Some(RuleId::ArrayInsteadOfString),
            Quirk::MinAvgCallTime => Some(RuleId::MinAvgCallTimeAlias),
            Quirk::ExplicitNulls | Quirk::CampaignId => None,
        }
    }

    /// One line on what it does.
    #[must_use]
    pub fn summary(self) -> &'static str {
        match self {
            Quirk::DateOnlyTime => "strBeginTime as a date alone",
            Quirk::SingleQuotedPolicyJson => "policyJson written with single quotes",
            Quirk::TurnsAsArray => "turns as a real JSON array",
            Quirk::MinAvgCallTime => "minAvgCallTime instead of mimAvgCallTime",
            Quirk::ExplicitNulls => "optional members left out written as null",
            Quirk::CampaignId => "the campaign's off-page id",
        }
    }

    /// Fixes the form the quirk needs in `filter` (a `policyJson` needs number-type retry
    /// policies, `turns` round dialling); `false` when the filter already wants another.
    pub(crate) fn steer(self, filter: &mut FormFilter) -> bool {
        match self {
            Quirk::SingleQuotedPolicyJson => steer(&mut filter.retry_policy, RetryForm::NumberType),
            Quirk::TurnsAsArray => steer(&mut filter.call_policy, CallForm::Round),
            _ => true,
        }
    }

    /// Applies the quirk to a success envelope; returns the pointers where the payload now
    /// deviates (those its rule will be reported at), or `None` when this payload has no
    /// place for it (no `mimAvgCallTime`, say).
    pub(crate) fn apply(self, spec: &Spec, doc: &mut Doc) -> Option<Vec<String>> {
        let campaign = format!("/{}", wiring::envelope::RETURN_OBJECT.name);
        match self {
            Quirk::DateOnlyTime => {
                let name = row_name(spec, registry::DATETIME_LENIENT.docs.first()?)?;
                let pointer = child_pointer(&campaign, &name);
                let Doc::String(text) = doc.pointer_mut(&pointer)? else {
                    return None;
                };
                let date = text.split_once(' ')?.0.to_owned();
                *text = date;
                Some(vec![pointer])
            }
            Quirk::SingleQuotedPolicyJson => {
                let pointer = embedded_pointer(doc, POLICY_JSON)?;
                match doc.pointer_mut(&pointer)? {
                    Doc::Embedded(embedded) => embedded.quoting = Quoting::Single,
                    _ => return None,
                }
                Some(vec![pointer])
            }
            Quirk::TurnsAsArray => {
                let pointer = embedded_pointer(doc, TURNS)?;
                let slot = doc.pointer_mut(&pointer)?;
                let Doc::Embedded(Embedded { document, .. }) = slot else {
                    return None;
                };
                *slot = (**document).clone();
                Some(vec![pointer])
            }
            Quirk::MinAvgCallTime => respell(spec, doc),
            Quirk::ExplicitNulls => {
                let mut pointers = Vec::new();
                null_absent(spec, doc, String::new(), &mut pointers);
                (!pointers.is_empty()).then_some(pointers)
            }
            Quirk::CampaignId => {
                // The generator was told to write the campaign's off-page rows
                // (`off_page_rows`); this only finds them.
                let object = doc.object_mut(&campaign)?;
                let names = off_page_rows(spec);
                let pointers: Vec<String> = names
                    .iter()
                    .filter(|name| object.is_present(name))
                    .map(|name| child_pointer(&campaign, name))
                    .collect();
                (!pointers.is_empty() && pointers.len() == names.len()).then_some(pointers)
            }
        }
    }
}

impl fmt::Display for Quirk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rows of the campaign the page does not list (`id`), which [`Quirk::CampaignId`] has
/// the generator write.
pub(crate) fn off_page_rows(spec: &Spec) -> Vec<String> {
    let campaign = spec
        .table_of_kind(isales_spec::TableKind::Envelope)
        .and_then(|envelope| envelope.field(wiring::envelope::RETURN_OBJECT.name))
        .and_then(|field| match field.ty {
            isales_spec::FieldType::Object(table) => spec.table(table),
            _ => None,
        });
    campaign.map_or_else(Vec::new, |table| {
        table
            .fields
            .iter()
            .filter(|field| field.row.off_page().is_some())
            .map(|field| field.name.clone())
            .collect()
    })
}

/// The rows the quirks act on that no rule's documentation rows single out.
const POLICY_JSON: &str = "policyJson";
const TURNS: &str = "turns";

fn steer<T: PartialEq + Copy>(slot: &mut Option<T>, wanted: T) -> bool {
    match slot {
        Some(have) => *have == wanted,
        None => {
            *slot = Some(wanted);
            true
        }
    }
}

/// The wire name of a documentation row.
fn row_name(spec: &Spec, doc: &isales_vocabulary::DocRef) -> Option<String> {
    match doc.name {
        Some(name) => Some(name.to_owned()),
        None => Some(spec.field_by_param(doc.param?)?.1.name.clone()),
    }
}

/// The pointer of the first embedded document held in a member called `name`.
fn embedded_pointer(doc: &Doc, name: &str) -> Option<String> {
    doc.objects().into_iter().find_map(|(pointer, object)| {
        object
            .members
            .iter()
            .any(|member| member.key == name && matches!(member.value, Doc::Embedded(_)))
            .then(|| child_pointer(&pointer, name))
    })
}

/// Renames every present member that has an alias flagged by `min-avg-call-time-alias`.
fn respell(spec: &Spec, doc: &mut Doc) -> Option<Vec<String>> {
    let renames: Vec<(TableNo, &str, &str)> = spec
        .tables
        .iter()
        .flat_map(|table| {
            table.fields.iter().flat_map(move |field| {
                field
                    .aliases
                    .iter()
                    .filter(|alias| alias.rule == registry::MIN_AVG_CALL_TIME_ALIAS.id)
                    .map(move |alias| (table.number, field.name.as_str(), alias.name.as_str()))
            })
        })
        .collect();
    // (object's pointer, documented name, alias), found first: the walk borrows the document.
    let targets: Vec<(String, &str, &str)> = doc
        .objects()
        .into_iter()
        .flat_map(|(pointer, object)| {
            renames
                .iter()
                .filter(|(table, name, _)| object.table == Some(*table) && object.is_present(name))
                .map(|&(_, name, alias)| (pointer.clone(), name, alias))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut pointers = Vec::new();
    for (pointer, name, alias) in targets {
        let object = doc.object_mut(&pointer)?;
        let member = object.members.iter_mut().find(|m| m.key == name)?;
        member.key = alias.to_owned();
        pointers.push(child_pointer(&pointer, alias));
    }
    (!pointers.is_empty()).then_some(pointers)
}

/// Writes `null` for every documented row an object of the document leaves out, inside
/// embedded documents too.
fn null_absent(spec: &Spec, doc: &mut Doc, pointer: String, pointers: &mut Vec<String>) {
    match doc {
        Doc::Object(object) => {
            if let Some(table) = object.table.and_then(|table| spec.table(table)) {
                for field in &table.fields {
                    let spelled = object.members.iter().any(|member| {
                        member.key == field.name
                            || field.aliases.iter().any(|alias| alias.name == member.key)
                    });
                    if !spelled {
                        object.members.push(Member {
                            key: field.name.clone(),
                            value: Doc::Null,
                        });
                        pointers.push(child_pointer(&pointer, &field.name));
                    }
                }
            }
            for member in &mut object.members {
                let below = child_pointer(&pointer, &member.key);
                null_absent(spec, &mut member.value, below, pointers);
            }
        }
        Doc::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                null_absent(
                    spec,
                    item,
                    child_pointer(&pointer, &index.to_string()),
                    pointers,
                );
            }
        }
        Doc::Embedded(embedded) => null_absent(spec, &mut embedded.document, pointer, pointers),
        _ => {}
    }
}
