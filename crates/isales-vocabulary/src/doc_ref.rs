//! References into the vendor page: a table, or a row of it.

use std::fmt;

use serde::Serialize;

/// A place in the vendor documentation: a table, and a row of it when one is meant.
///
/// A field the page does not list (the campaign's `id`, seen in the page's example; the
/// `locale` header of newer revisions) has no parameter number: [`DocRef::off_page`] says where
/// it is known from instead, and no row number is ever invented for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DocRef {
    /// Table number.
    pub table: u8,
    /// Parameter number (`5.11.4`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<&'static str>,
    /// The row's wire name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    /// For a field the page does not list: where it is known from (`newer revisions of the
    /// page`). A fact that is not on the page is never documented.
    #[serde(rename = "not_on_page", skip_serializing_if = "Option::is_none")]
    pub off_page: Option<&'static str>,
}

impl DocRef {
    /// A whole table.
    #[must_use]
    pub const fn table(table: u8) -> Self {
        DocRef {
            table,
            param: None,
            name: None,
            off_page: None,
        }
    }

    /// One row of a table.
    #[must_use]
    pub const fn row(table: u8, param: &'static str, name: &'static str) -> Self {
        DocRef {
            table,
            param: Some(param),
            name: Some(name),
            off_page: None,
        }
    }

    /// A field of a table that the page does not list, and where it is known from.
    #[must_use]
    pub const fn off_page(table: u8, name: &'static str, source: &'static str) -> Self {
        DocRef {
            table,
            param: None,
            name: Some(name),
            off_page: Some(source),
        }
    }

    /// Whether the reference is to something the page states: a table, or a row of it.
    #[must_use]
    pub const fn is_on_page(&self) -> bool {
        self.off_page.is_none()
    }
}

impl fmt::Display for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Table {}", self.table)?;
        if let Some(param) = self.param {
            write!(f, ", {param}")?;
        }
        if let Some(name) = self.name {
            write!(f, " {name}")?;
        }
        if let Some(source) = self.off_page {
            write!(f, " (not on the page: {source})")?;
        }
        Ok(())
    }
}
