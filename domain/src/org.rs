//! Organisation vocabulary shared by the chain, calendar and access rules (Điều 3, 6, 10).

use crate::ids::{PersonId, UnitId};
use serde::{Deserialize, Serialize};

/// Level of a unit (Điều 3.7–3.9, Điều 6): city, agency ("cấp Sở và tương đương"),
/// district ("cấp huyện"), commune ("cấp xã"), or a department inside one of them
/// ("phòng, ban, đơn vị trực thuộc").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// The city ("Thành phố").
    City,
    /// An agency at department-of-city level ("cấp Sở và tương đương").
    Agency,
    /// A district ("cấp huyện và tương đương").
    District,
    /// A commune ("cấp xã và tương đương").
    Commune,
    /// A department inside a unit ("phòng, ban, đơn vị trực thuộc").
    Department,
}

impl UnitLevel {
    /// A publishing unit is any unit that is not a department (DESIGN 2.2).
    pub fn publishes(self) -> bool {
        self != UnitLevel::Department
    }
}

/// Bloc ("khối") of the political system (Điều 7.2–7.4): Party, government, elected bodies,
/// Fatherland Front and mass organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bloc {
    /// Party bodies ("khối Đảng").
    Party,
    /// Government ("khối Chính quyền").
    Government,
    /// National Assembly delegation and People's Council ("Đoàn ĐBQH và HĐND").
    Elected,
    /// Fatherland Front and mass organisations ("MTTQ và các đoàn thể").
    Front,
}

/// Category of a post (Điều 10): head ("cấp trưởng", "người đứng đầu"), deputy ("cấp phó"),
/// staff ("công chức, viên chức") or contract worker ("lao động hợp đồng").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionCategory {
    /// Head of the unit or department.
    Head,
    /// Deputy head.
    Deputy,
    /// Staff without a leadership post.
    Staff,
    /// Contract worker.
    Contract,
}

impl PositionCategory {
    /// Heads and deputies are leaders ("cán bộ lãnh đạo, quản lý", Điều 3.3).
    pub fn is_leader(self) -> bool {
        matches!(self, PositionCategory::Head | PositionCategory::Deputy)
    }
}

/// A unit as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Identifier.
    pub id: UnitId,
    /// Parent unit; `None` for a root.
    pub parent_id: Option<UnitId>,
    /// Level.
    pub level: UnitLevel,
    /// Bloc.
    pub bloc: Bloc,
}

/// A person's current post ("chức vụ, chức danh").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// Who holds the post.
    pub person_id: PersonId,
    /// The unit (or department) the post is in.
    pub unit_id: UnitId,
    /// Category of the post.
    pub category: PositionCategory,
    /// Departments or units whose field this leader is in charge of ("phụ trách lĩnh vực").
    #[serde(default)]
    pub in_charge_of_unit_ids: Vec<UnitId>,
    /// People this deputy is directly in charge of.
    #[serde(default)]
    pub in_charge_of_person_ids: Vec<PersonId>,
}

/// Where a unit sits in the tree, as the caller knows it: enough for pure scope checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitScope {
    /// The unit.
    pub id: UnitId,
    /// Its bloc.
    pub bloc: Bloc,
    /// Its ancestors, nearest first (parent, grandparent, ..., root).
    pub ancestors: Vec<UnitId>,
}

impl UnitScope {
    /// True when this unit is `root` or lies below it.
    pub fn is_within(&self, root: UnitId) -> bool {
        self.id == root || self.ancestors.contains(&root)
    }
}
