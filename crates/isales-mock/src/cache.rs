//! A bounded cache of made answers, so a client asking for the same campaign again costs a
//! lookup instead of a generation, and memory stays flat whatever ids the clients send.
//!
//! Two generations of at most `capacity / 2` entries each: entries go into the young one; when
//! it is full it becomes the old one and the previous old one is dropped whole. A hit in the
//! old generation moves the entry back into the young one, so what clients keep asking for
//! stays. At most `capacity` entries are ever held, and no entry costs more than one map slot
//! (no recency list to maintain under the lock).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// The cache.
#[derive(Debug)]
pub struct Cache<K, V> {
    half: usize,
    inner: Mutex<Generations<K, V>>,
}

#[derive(Debug)]
struct Generations<K, V> {
    young: HashMap<K, V>,
    old: HashMap<K, V>,
}

impl<K: Hash + Eq + Clone, V: Clone> Cache<K, V> {
    /// A cache of at most `capacity` entries (0 caches nothing).
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Cache {
            half: capacity / 2,
            inner: Mutex::new(Generations {
                young: HashMap::new(),
                old: HashMap::new(),
            }),
        }
    }

    /// The value of `key`, if held.
    pub fn get(&self, key: &K) -> Option<V> {
        if self.half == 0 {
            return None;
        }
        let mut inner = self.lock();
        if let Some(value) = inner.young.get(key) {
            return Some(value.clone());
        }
        let value = inner.old.remove(key)?;
        self.insert_young(&mut inner, key.clone(), value.clone());
        Some(value)
    }

    /// Holds `value` for `key`.
    pub fn insert(&self, key: K, value: V) {
        if self.half == 0 {
            return;
        }
        let mut inner = self.lock();
        self.insert_young(&mut inner, key, value);
    }

    /// How many entries are held.
    #[must_use]
    pub fn len(&self) -> usize {
        let inner = self.lock();
        inner.young.len() + inner.old.len()
    }

    /// Whether nothing is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn insert_young(&self, inner: &mut Generations<K, V>, key: K, value: V) {
        if inner.young.len() >= self.half && !inner.young.contains_key(&key) {
            inner.old = std::mem::take(&mut inner.young);
        }
        inner.young.insert(key, value);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations<K, V>> {
        // A panic while holding the lock cannot leave the maps inconsistent (every step is
        // one map operation), so a poisoned lock is used as it is.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_at_most_its_capacity_and_keeps_what_is_asked_for() {
        let cache = Cache::new(4);
        for key in 0..1000_u32 {
            cache.insert(key, key * 2);
            // Key 0 is asked for all along and stays.
            assert_eq!(cache.get(&0), Some(0), "after {key}");
            assert!(cache.len() <= 4);
        }
        assert_eq!(cache.get(&999), Some(1998));
        assert_eq!(cache.get(&500), None);
        let none = Cache::new(0);
        none.insert(1, 1);
        assert!(none.is_empty() && none.get(&1).is_none());
    }
}
