//! Typed identifiers, so a person id is never passed where a unit id is expected.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Identifier of a person (a CBCCVC or contract worker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonId(pub Uuid);

/// Identifier of an organisational unit ("cơ quan, đơn vị"), departments included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub Uuid);

impl From<Uuid> for PersonId {
    fn from(id: Uuid) -> Self {
        Self(id)
    }
}

impl From<Uuid> for UnitId {
    fn from(id: Uuid) -> Self {
        Self(id)
    }
}

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for UnitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
