//! Typed ids: an [`OrgId`] cannot be passed where a [`GoalId`] is expected.
//!
//! Ids are non-empty strings, unique per kind within a model. Reading an
//! empty id from JSON is an error with its path.

use std::borrow::Borrow;
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Makes an id; `None` when `s` is empty.
            pub fn new(s: impl Into<String>) -> Option<Self> {
                let s = s.into();
                (!s.is_empty()).then_some(Self(s))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// What kind of thing this id names, as used in diagnostics subjects.
            pub const KIND: &'static str = $what;
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
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(s).ok_or_else(|| {
                    serde::de::Error::custom(concat!("expected a non-empty ", $what, " id"))
                })
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
