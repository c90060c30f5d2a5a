//! Typed ids: an [`OrgId`] cannot be passed where a [`GoalId`] is expected.
//!
//! Ids are non-empty strings, unique per kind within a model. Reading an
//! empty id from JSON is an error with its path.
//!
//! An id is a shared string behind one thin pointer (`Arc<Box<str>>`, 8
//! bytes, so an `Option<OrgId>` is 8 bytes too): cloning one is a
//! reference count, and while [`crate::Model::from_json`] reads a model it
//! interns them, so the org id that millions of measurements name is stored
//! once and each measurement holds just the pointer. (A fat `Arc<str>`
//! would take 16 bytes in every measurement; the one extra indirection
//! costs nothing measurable next to that.)

use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

/// The text of an id, shared: a thin pointer to the boxed string.
type Text = Arc<Box<str>>;

/// An interned text, found in the set by its string.
struct Interned(Text);

impl Borrow<str> for Interned {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Hash for Interned {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // As `str` hashes, so that a `&str` finds it (`Borrow<str>`).
        (**self.0).hash(h);
    }
}

impl PartialEq for Interned {
    fn eq(&self, other: &Self) -> bool {
        **self.0 == **other.0
    }
}

impl Eq for Interned {}

/// The ids seen while a model is being read on this thread, and the last
/// one handed out (consecutive measurements mostly name the same org, so
/// it spares most look-ups).
#[derive(Default)]
struct Interner {
    set: FxHashSet<Interned>,
    last: Option<Text>,
}

thread_local! {
    /// `None` outside [`Interning`].
    static INTERNER: RefCell<Option<Interner>> = const { RefCell::new(None) };
}

/// Interns ids read on this thread until dropped.
pub(crate) struct Interning(());

impl Interning {
    pub(crate) fn start() -> Self {
        INTERNER.with(|i| *i.borrow_mut() = Some(Interner::default()));
        Self(())
    }
}

impl Drop for Interning {
    fn drop(&mut self) {
        INTERNER.with(|i| *i.borrow_mut() = None);
    }
}

/// The shared string for `s`: the interned one while interning is on.
fn shared(s: &str) -> Text {
    INTERNER.with(|i| match &mut *i.borrow_mut() {
        Some(ids) => {
            if let Some(last) = &ids.last {
                if ***last == *s {
                    return Arc::clone(last);
                }
            }
            let a = if let Some(a) = ids.set.get(s) {
                Arc::clone(&a.0)
            } else {
                let a: Text = Arc::new(s.into());
                ids.set.insert(Interned(Arc::clone(&a)));
                a
            };
            ids.last = Some(Arc::clone(&a));
            a
        }
        None => Arc::new(s.into()),
    })
}

impl OrgId {
    /// The id `s` (not empty), interned while a model is read.
    pub(crate) fn read(s: &str) -> Self {
        Self(shared(s))
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Text);

        impl $name {
            /// Makes an id; `None` when `s` is empty.
            pub fn new(s: impl Into<String>) -> Option<Self> {
                let s = s.into();
                (!s.is_empty()).then(|| Self(Arc::new(s.into_boxed_str())))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// What kind of thing this id names, as used in diagnostics subjects.
            pub const KIND: &'static str = $what;
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": concat!("The id of a ", $what, " (non-empty)."),
                    "type": "string",
                    "minLength": 1
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            /// # Panics
            /// When `s` is empty; ids are never empty. Use `new` to check.
            fn from(s: &str) -> Self {
                Self::new(s).expect(concat!("an empty ", $what, " id"))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                **self.0 == *other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                **self.0 == **other
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str(concat!("a non-empty ", $what, " id"))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        if v.is_empty() {
                            return Err(E::custom(concat!("expected a non-empty ", $what, " id")));
                        }
                        Ok($name(shared(v)))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

id_type!(
    /// The id of an organisation unit (*organisationsenhet*).
    OrgId,
    "org"
);
id_type!(
    /// The id of a goal (*mål*).
    GoalId,
    "goal"
);
id_type!(
    /// The id of an indicator (*nyckeltal*).
    IndicatorId,
    "indicator"
);
id_type!(
    /// The id of an action plan (*handlingsplan*).
    PlanId,
    "action_plan"
);
id_type!(
    /// The id of an activity (*aktivitet*) in an action plan; unique in the model.
    ActivityId,
    "activity"
);
id_type!(
    /// The id of an assignment (*uppdrag*).
    AssignmentId,
    "assignment"
);
id_type!(
    /// The id of a goal's item ([`crate::GoalItem`]): the child goal's or the
    /// indicator's id, sharing its text (an item is written for every link
    /// of every goal in every period, so it must not copy the string).
    ItemId,
    "item"
);

impl From<&GoalId> for ItemId {
    fn from(id: &GoalId) -> Self {
        Self(Arc::clone(&id.0))
    }
}

impl From<&IndicatorId> for ItemId {
    fn from(id: &IndicatorId) -> Self {
        Self(Arc::clone(&id.0))
    }
}

/// One kind's ids (orgs, indicators, goals …) by their text: each id's
/// position, the first if it repeats.
///
/// A loaded model shares one string per id ([`crate::Model::from_json`]
/// interns them), so the id an org is given and every reference to it
/// have one address: a reference is found by its address (and length)
/// without hashing or reading its text, and only one not found that way
/// (a model built in code, or an unknown id) is looked up by its text.
/// At national scale that spares a cache miss per look-up, most of
/// validation's time. Equal address and length is equal text, so the
/// answer is the one by text.
#[derive(Debug, Default)]
pub(crate) struct IdIndex<'m> {
    by_text: FxHashMap<&'m str, usize>,
    by_addr: FxHashMap<(usize, usize), usize>,
}

/// Where a text lies, and its length.
fn addr(s: &str) -> (usize, usize) {
    (s.as_ptr() as usize, s.len())
}

impl<'m> IdIndex<'m> {
    /// An empty index with room for `n` ids.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            by_text: FxHashMap::with_capacity_and_hasher(n, rustc_hash::FxBuildHasher),
            by_addr: FxHashMap::with_capacity_and_hasher(n, rustc_hash::FxBuildHasher),
        }
    }

    /// Adds `id` at position `i`, unless its text is there already: then
    /// the position of the first.
    pub(crate) fn insert_first(&mut self, id: &'m str, i: usize) -> Option<usize> {
        let first = *self.by_text.entry(id).or_insert(i);
        self.by_addr.insert(addr(id), first);
        (first != i).then_some(first)
    }

    /// The position of `id`.
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        match self.by_addr.get(&addr(id)) {
            Some(&i) => Some(i),
            None => self.by_text.get(id).copied(),
        }
    }

    /// Whether `id` is there.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }
}
