//! Where an operator acts: a [`Site`] pairs an [`Edit`] of the document with the JSON pointer
//! the validator must report the broken rule at. Every family of operators describes its
//! changes with these edits, so applying one and checking it against the presence rules
//! happens once, in the dispatch; the lookups every family finds its places with live here too.

use isales_spec::{Field, Spec, Table, TableNo};

use crate::doc::{Doc, Member, Object, child_pointer};

/// A place an operator acts, and where the violation is expected.
#[derive(Debug, Clone)]
pub(super) struct Site {
    pub(super) edit: Edit,
    pub(super) pointer: String,
}

/// A change to a document; pointers are JSON pointers through embedded documents.
#[derive(Debug, Clone)]
pub(super) enum Edit {
    /// Replaces the value at a pointer.
    Set(String, Doc),
    /// Sets a member of the object at a pointer, appending it when missing.
    Put(String, String, Doc),
    /// Removes a member of the object at a pointer.
    Remove(String, String),
    /// Inserts a member at a position of the object at a pointer (keys may repeat).
    Insert(String, usize, String, Doc),
    /// Renames a member of the object at a pointer.
    Rename(String, String, String),
    /// Several edits, in order.
    All(Vec<Edit>),
    /// Replaces the whole payload with bytes.
    Text(Vec<u8>),
}

impl Edit {
    /// Applies the edit; `None` when a pointer leads nowhere (or the edit is [`Edit::Text`],
    /// which replaces the document rather than changing it).
    pub(super) fn apply(self, doc: &mut Doc) -> Option<()> {
        match self {
            Edit::Set(pointer, value) => *doc.pointer_mut(&pointer)? = value,
            Edit::Put(pointer, key, value) => doc.object_mut(&pointer)?.set(&key, value),
            Edit::Remove(pointer, key) => {
                doc.object_mut(&pointer)?.remove(&key).then_some(())?;
            }
            Edit::Insert(pointer, index, key, value) => {
                let object = doc.object_mut(&pointer)?;
                let index = index.min(object.members.len());
                object.members.insert(index, Member { key, value });
            }
            Edit::Rename(pointer, from, to) => {
                let object = doc.object_mut(&pointer)?;
                let member = object.members.iter_mut().find(|m| m.key == from)?;
                member.key = to;
            }
            Edit::All(edits) => {
                for edit in edits {
                    edit.apply(doc)?;
                }
            }
            Edit::Text(_) => return None,
        }
        Some(())
    }
}

/// The objects of one table, with their pointers.
pub(super) fn objects_of<'d, 's>(
    spec: &'s Spec,
    doc: &'d Doc,
    number: TableNo,
) -> Vec<(String, &'d Object, &'s Table)> {
    let Some(table) = spec.table(number) else {
        return Vec::new();
    };
    doc.objects()
        .into_iter()
        .filter(|(_, object)| object.table == Some(number))
        .map(|(pointer, object)| (pointer, object, table))
        .collect()
}

/// Every member of a documented object that its table documents (aliases included), with the
/// member's pointer and row.
pub(super) fn documented_members<'d, 's>(
    spec: &'s Spec,
    doc: &'d Doc,
) -> Vec<(String, &'s Field, &'d Doc)> {
    let mut found = Vec::new();
    for (pointer, object) in doc.objects() {
        let Some(table) = object.table.and_then(|number| spec.table(number)) else {
            continue;
        };
        for entry in &object.members {
            if let Some(field) = table.field(&entry.key) {
                found.push((child_pointer(&pointer, &entry.key), field, &entry.value));
            }
        }
    }
    found
}

/// An integer as the document writes it.
pub(super) fn number(value: i64) -> Doc {
    Doc::Number(value.to_string())
}

/// `{}`, belonging to no table.
pub(super) fn empty_object() -> Doc {
    Doc::Object(Object {
        table: None,
        members: Vec::new(),
    })
}
