use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{people, units};

/// A unit ("cơ quan, đơn vị") or a department ("phòng, ban") of the org tree.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = units, check_for_backend(diesel::pg::Pg))]
pub struct Unit {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub level: String,
    pub bloc: String,
    pub parent_id: Option<Uuid>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Materialised path `/<root id>/.../<own id>/`, kept by triggers.
    pub path: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = units)]
pub struct NewUnit<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub level: &'a str,
    pub bloc: &'a str,
    pub parent_id: Option<Uuid>,
}

/// A person (CBCCVC or contract worker) with their current post.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = people, check_for_backend(diesel::pg::Pg))]
pub struct Person {
    pub id: Uuid,
    pub external_id: Option<String>,
    pub full_name: String,
    pub email: Option<String>,
    pub unit_id: Uuid,
    pub position_category: String,
    pub position_title: String,
    pub form_code: i16,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The office tag of the post (Điều 10.1), e.g. `giam_doc_so`.
    pub office: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = people)]
pub struct NewPerson<'a> {
    pub external_id: Option<&'a str>,
    pub full_name: &'a str,
    pub email: Option<&'a str>,
    pub unit_id: Uuid,
    pub position_category: &'a str,
    pub position_title: &'a str,
    pub form_code: i16,
    pub office: Option<&'a str>,
}
