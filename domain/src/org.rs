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

/// An office tag on a post (Điều 10.1; DESIGN 2.4 rule 6): the city leaders' posts whose holder
/// evaluates, or is evaluated by, another office whoever holds it. The stable codes are the
/// serde names (e.g. `pho_bi_thu_thuong_truc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Office {
    /// Bí thư Thành ủy.
    BiThuThanhUy,
    /// Phó Bí thư Thường trực Thành ủy.
    PhoBiThuThuongTruc,
    /// Chủ tịch HĐND Thành phố.
    ChuTichHdndTp,
    /// Chủ tịch UBND Thành phố.
    ChuTichUbndTp,
    /// Trưởng Đoàn ĐBQH Thành phố.
    TruongDoanDbqh,
    /// Trưởng các Ban Đảng Thành ủy.
    TruongBanDang,
    /// Chánh Văn phòng Thành ủy.
    ChanhVanPhongThanhUy,
    /// Bí thư quận, huyện, thị ủy.
    BiThuQuanUy,
    /// Bí thư đảng ủy khối, đảng ủy trực thuộc Thành ủy.
    BiThuDangUyKhoi,
    /// Cấp trưởng Ủy ban MTTQ và các tổ chức chính trị - xã hội Thành phố.
    TruongMttqDoanThe,
    /// Phó Chủ tịch HĐND Thành phố.
    PhoChuTichHdndTp,
    /// Trưởng các Ban HĐND Thành phố.
    TruongBanHdnd,
    /// Chánh Văn phòng Đoàn ĐBQH và HĐND Thành phố.
    ChanhVanPhongDoanDbqhHdnd,
    /// Phó Chủ tịch UBND Thành phố.
    PhoChuTichUbndTp,
    /// Cấp trưởng sở, ban, ngành Thành phố và tương đương.
    GiamDocSo,
    /// Phó Trưởng Đoàn ĐBQH Thành phố chuyên trách.
    PhoTruongDoanDbqh,
    /// Đại biểu Quốc hội hoạt động chuyên trách.
    DbqhChuyenTrach,
}

impl Office {
    /// Every office, in declaration order.
    pub const ALL: [Office; 17] = [
        Office::BiThuThanhUy,
        Office::PhoBiThuThuongTruc,
        Office::ChuTichHdndTp,
        Office::ChuTichUbndTp,
        Office::TruongDoanDbqh,
        Office::TruongBanDang,
        Office::ChanhVanPhongThanhUy,
        Office::BiThuQuanUy,
        Office::BiThuDangUyKhoi,
        Office::TruongMttqDoanThe,
        Office::PhoChuTichHdndTp,
        Office::TruongBanHdnd,
        Office::ChanhVanPhongDoanDbqhHdnd,
        Office::PhoChuTichUbndTp,
        Office::GiamDocSo,
        Office::PhoTruongDoanDbqh,
        Office::DbqhChuyenTrach,
    ];

    /// The stable code, e.g. `bi_thu_quan_uy`.
    pub fn code(self) -> &'static str {
        match self {
            Office::BiThuThanhUy => "bi_thu_thanh_uy",
            Office::PhoBiThuThuongTruc => "pho_bi_thu_thuong_truc",
            Office::ChuTichHdndTp => "chu_tich_hdnd_tp",
            Office::ChuTichUbndTp => "chu_tich_ubnd_tp",
            Office::TruongDoanDbqh => "truong_doan_dbqh",
            Office::TruongBanDang => "truong_ban_dang",
            Office::ChanhVanPhongThanhUy => "chanh_van_phong_thanh_uy",
            Office::BiThuQuanUy => "bi_thu_quan_uy",
            Office::BiThuDangUyKhoi => "bi_thu_dang_uy_khoi",
            Office::TruongMttqDoanThe => "truong_mttq_doan_the",
            Office::PhoChuTichHdndTp => "pho_chu_tich_hdnd_tp",
            Office::TruongBanHdnd => "truong_ban_hdnd",
            Office::ChanhVanPhongDoanDbqhHdnd => "chanh_van_phong_doan_dbqh_hdnd",
            Office::PhoChuTichUbndTp => "pho_chu_tich_ubnd_tp",
            Office::GiamDocSo => "giam_doc_so",
            Office::PhoTruongDoanDbqh => "pho_truong_doan_dbqh",
            Office::DbqhChuyenTrach => "dbqh_chuyen_trach",
        }
    }

    /// The office with this code, if any.
    pub fn from_code(code: &str) -> Option<Office> {
        Office::ALL.into_iter().find(|o| o.code() == code)
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
    /// The office the post holds (Điều 10.1), if it is one of the tagged city posts.
    #[serde(default)]
    pub office: Option<Office>,
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

#[cfg(test)]
mod tests {
    use super::Office;

    #[test]
    fn office_codes_round_trip_and_match_serde() {
        for office in Office::ALL {
            assert_eq!(Office::from_code(office.code()), Some(office));
            assert_eq!(
                serde_json::to_value(office).ok(),
                Some(serde_json::Value::String(office.code().to_owned()))
            );
        }
        assert_eq!(Office::from_code("thu_tuong"), None);
    }
}
