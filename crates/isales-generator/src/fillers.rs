//! [`Fillers`]: one valid object of each object table, for the mutation operators that add a
//! sub-object a payload lacks (a `required-if` case made to hold, a failure's campaign).
//!
//! Most operators never add one, so a generator's fillers are made on first use, table by
//! table, each from its own seed: drawing every object table up front cost a violating
//! recipe more than the rest of its work.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use isales_spec::{TableKind, TableNo};
use serde_json::Value;

use crate::generate::Generator;

/// One valid object of each object table, given or made on first use.
#[derive(Clone, Default)]
pub struct Fillers {
    /// Where objects not given come from, and the seed they are drawn with.
    source: Option<(Generator, u64)>,
    objects: BTreeMap<TableNo, OnceLock<Value>>,
}

impl Fillers {
    /// No fillers: operators that need one find none and pick another site.
    #[must_use]
    pub fn new() -> Self {
        Fillers::default()
    }

    /// Fillers of every object table of `generator`'s spec, each drawn from `seed` when
    /// first asked for.
    pub(crate) fn drawn(generator: &Generator, seed: u64) -> Self {
        let objects = generator
            .spec()
            .tables
            .iter()
            .filter(|table| table.kind == TableKind::Object)
            .map(|table| (table.number, OnceLock::new()))
            .collect();
        Fillers {
            source: Some((generator.clone(), seed)),
            objects,
        }
    }

    /// Gives `table` this filler, in place of any other.
    pub fn insert(&mut self, table: TableNo, value: Value) {
        self.objects.insert(table, OnceLock::from(value));
    }

    /// The filler of `table`, made now if it was not yet.
    #[must_use]
    pub fn get(&self, table: &TableNo) -> Option<&Value> {
        let cell = self.objects.get(table)?;
        if let Some(value) = cell.get() {
            return Some(value);
        }
        let (generator, seed) = self.source.as_ref()?;
        Some(cell.get_or_init(|| {
            let seed = seed ^ u64::from(table.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            generator.generate_object(*table, seed)
        }))
    }

    /// Every table with a filler, and the filler, in table order (all of them made).
    pub fn iter(&self) -> impl Iterator<Item = (&TableNo, &Value)> {
        self.objects
            .keys()
            .filter_map(|table| Some((table, self.get(table)?)))
    }

    /// How many tables have a filler.
    #[must_use]
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Whether no table has one.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }
}

impl<'f> IntoIterator for &'f Fillers {
    type Item = (&'f TableNo, &'f Value);
    type IntoIter = Box<dyn Iterator<Item = (&'f TableNo, &'f Value)> + 'f>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl FromIterator<(TableNo, Value)> for Fillers {
    fn from_iter<I: IntoIterator<Item = (TableNo, Value)>>(pairs: I) -> Self {
        let mut fillers = Fillers::new();
        for (table, value) in pairs {
            fillers.insert(table, value);
        }
        fillers
    }
}

impl fmt::Debug for Fillers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let made = self
            .objects
            .values()
            .filter(|cell| cell.get().is_some())
            .count();
        f.debug_struct("Fillers")
            .field("tables", &self.objects.keys().collect::<Vec<_>>())
            .field("made", &made)
            .field("seed", &self.source.as_ref().map(|(_, seed)| seed))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Size;

    #[test]
    fn drawn_fillers_are_made_on_first_use_and_the_same_for_a_seed() {
        let generator = Generator::embedded(Size::SMALL);
        let fillers = generator.generate_fillers(5);
        let table = *fillers.objects.keys().next().expect("an object table");
        assert!(fillers.objects.values().all(|cell| cell.get().is_none()));
        let first = fillers.get(&table).cloned();
        assert!(first.is_some());
        assert_eq!(
            fillers
                .objects
                .values()
                .filter(|c| c.get().is_some())
                .count(),
            1
        );
        assert_eq!(generator.generate_fillers(5).get(&table).cloned(), first);
        assert_eq!(fillers.iter().count(), fillers.len());
        assert!(Fillers::new().get(&table).is_none());
    }
}
