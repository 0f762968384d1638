//! Rows to domain types. Enums are stored as their snake_case serde names, so one pair of
//! helpers reads and writes every one of them.

use domain::access::Role;
use domain::org::{Bloc, UnitLevel, UnitScope};
use domain::{PersonId, UnitId};
use serde::de::{DeserializeOwned, IntoDeserializer, value::StrDeserializer};
use uuid::Uuid;

use crate::PersistenceError;
use crate::models::accounts::AccountRole;
use crate::models::org::Unit;

/// Reads a stored enum name (`"department"`, `"party"`, ...).
pub fn parse_enum<T: DeserializeOwned>(stored: &str) -> Result<T, PersistenceError> {
    let deserializer: StrDeserializer<'_, serde::de::value::Error> = stored.into_deserializer();
    T::deserialize(deserializer)
        .map_err(|_| PersistenceError::Corrupt(format!("unknown stored value {stored:?}")))
}

/// The stored name of an enum value.
pub fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The unit ids of a materialised path, root first, the unit itself last.
pub fn path_ids(path: &str) -> Result<Vec<Uuid>, PersistenceError> {
    path.split('/')
        .filter(|part| !part.is_empty())
        .map(|part| {
            Uuid::parse_str(part)
                .map_err(|_| PersistenceError::Corrupt(format!("bad unit path {path:?}")))
        })
        .collect()
}

impl Unit {
    pub fn domain_level(&self) -> Result<UnitLevel, PersistenceError> {
        parse_enum(&self.level)
    }

    pub fn domain_bloc(&self) -> Result<Bloc, PersistenceError> {
        parse_enum(&self.bloc)
    }

    /// Where the unit sits, for the access policy.
    pub fn scope(&self) -> Result<UnitScope, PersistenceError> {
        let mut ancestors: Vec<UnitId> = path_ids(&self.path)?.into_iter().map(UnitId).collect();
        ancestors.pop();
        Ok(UnitScope {
            id: UnitId(self.id),
            bloc: self.domain_bloc()?,
            ancestors,
        })
    }

    pub fn to_domain(&self) -> Result<domain::org::Unit, PersistenceError> {
        Ok(domain::org::Unit {
            id: UnitId(self.id),
            parent_id: self.parent_id.map(UnitId),
            level: self.domain_level()?,
            bloc: self.domain_bloc()?,
        })
    }
}

impl AccountRole {
    pub fn to_domain(&self) -> Result<Role, PersistenceError> {
        let missing = || PersistenceError::Corrupt(format!("role {} lacks its scope", self.id));
        Ok(match self.role.as_str() {
            "operator" => Role::Operator,
            "bloc_admin" => Role::BlocAdmin {
                bloc: parse_enum(self.bloc.as_deref().ok_or_else(missing)?)?,
            },
            "unit_admin" => Role::UnitAdmin {
                unit_id: UnitId(self.unit_id.ok_or_else(missing)?),
            },
            "aggregator" => Role::Aggregator {
                unit_id: UnitId(self.unit_id.ok_or_else(missing)?),
            },
            other => return Err(PersistenceError::Corrupt(format!("unknown role {other:?}"))),
        })
    }
}

/// A person id in the domain's type.
pub fn person_id(id: Uuid) -> PersonId {
    PersonId(id)
}
