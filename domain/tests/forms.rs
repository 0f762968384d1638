//! The 19 default forms load, validate, and carry the titles of Điều 11 verbatim.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use domain::criteria::{CriterionKind, FormCode};
use domain::forms::{default_forms, form_in_force};
use domain::org::PositionCategory;
use std::collections::BTreeSet;

/// Copied from Điều 11 of Quy chế 2021-QĐ/TU (item 16 has no final period in the source).
const DIEU_11: [&str; 19] = [
    "Bộ tiêu chí chấm điểm áp dụng đối với Phó Trưởng Đoàn ĐBQH Thành phố chuyên trách, Đại biểu Quốc hội hoạt động chuyên trách.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Phó Chủ tịch HĐND Thành phố, Phó Chủ tịch UBND Thành phố.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Lãnh đạo các Ban Đảng, Văn phòng Thành ủy, Ủy ban MTTQ và các tổ chức chính trị - xã hội Thành phố.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Lãnh đạo các phòng, đơn vị trực thuộc các Ban Đảng, Văn phòng Thành ủy; Ủy ban MTTQ và các tổ chức chính trị - xã hội Thành phố.",
    "Bộ tiêu chí chấm điểm áp dụng đối với công chức, viên chức không giữ chức vụ lãnh đạo, quản lý công tác tại các Ban Đảng, Văn phòng Thành ủy; Ủy ban MTTQ và các tổ chức chính trị - xã hội Thành phố.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Lãnh đạo Sở, Ban, Ngành Thành phố, các cơ quan, đơn vị trực thuộc Thành phố.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Lãnh đạo các phòng, đơn vị trực thuộc Sở, Ban, Ngành, các cơ quan đơn vị trực thuộc Thành phố.",
    "Bộ tiêu chí chấm điểm áp dụng đối với công chức, viên chức không giữ chức vụ lãnh đạo, quản lý công tác tại các Sở, Ban, Ngành, các cơ quan, đơn vị trực thuộc Thành phố.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Thường trực quận, huyện, thị ủy.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Phó Chủ tịch HĐND, UBND quận, huyện, thị xã.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Lãnh đạo các cơ quan, đơn vị khối Đảng, MTTQ và các đoàn thể trực thuộc quận, huyện, thị ủy.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Lãnh đạo các phòng, đơn vị trực thuộc UBND quận, huyện, thị xã.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Bí thư, Phó Bí thư Đảng ủy; Chủ tịch, Phó Chủ tịch HĐND, UBND; Chủ tịch, Phó Chủ tịch Ủy ban Mặt trận Tổ quốc; Trưởng, phó các tổ chức chính trị - xã hội xã, phường, thị trấn.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Hiệu trưởng, Phó Hiệu trưởng các trường Mầm non, Tiểu học, THCS; Giám đốc, Phó Giám đốc Trung tâm GDNN, GDTX thuộc UBND quận, huyện, thị xã.",
    "Bộ tiêu chí chấm điểm áp dụng đối với công chức, viên chức không giữ chức vụ lãnh đạo, quản lý tại các cơ quan, đơn vị thuộc quận, huyện, thị xã.",
    "Bộ tiêu chí chấm điểm áp dụng đối với Thường trực đảng ủy khối và các đảng ủy trực thuộc Thành ủy",
    "Bộ tiêu chí chấm điểm áp dụng đối với Lãnh đạo các phòng, ban, đơn vị trực thuộc đảng ủy khối và các đảng ủy trực thuộc Thành ủy.",
    "Bộ tiêu chí chấm điểm áp dụng đối với công chức, viên chức không giữ chức vụ lãnh đạo, quản lý công tác tại các đảng ủy khối và các đảng ủy trực thuộc Thành ủy.",
    "Bộ tiêu chí chấm điểm áp dụng đối với lao động hợp đồng công tác tại các cơ quan, đơn vị.",
];

#[test]
fn all_nineteen_load_and_validate() {
    let forms = default_forms().unwrap();
    assert_eq!(forms.len(), 19);
    let codes: BTreeSet<u8> = forms.iter().map(|f| f.code.get()).collect();
    assert_eq!(codes, (1..=19).collect());
    for f in &forms {
        assert_eq!(
            f.title,
            DIEU_11[usize::from(f.code.get() - 1)],
            "form {}",
            f.code
        );
        assert!(f.editable_default, "form {}", f.code);
        assert_eq!(
            f.effective_from,
            NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()
        );
        assert_eq!(f.validate(), Ok(()));
        // The framework of DESIGN 2.1: I 20, II 70 (20 + completion band 50), III bonus 10.
        let max = |id: &str| f.find(id).unwrap().max_points.to_string();
        assert_eq!(
            (max("I"), max("II"), max("II.1"), max("II.2"), max("III")),
            (
                "20".into(),
                "70".into(),
                "20".into(),
                "50".into(),
                "10".into()
            )
        );
        assert_eq!(f.find("II.2").unwrap().kind, CriterionKind::CompletionBand);
        assert_eq!(f.find("III").unwrap().kind, CriterionKind::Bonus);
    }
}

#[test]
fn leader_forms_score_leadership_and_contract_form_fits_contract_work() {
    let forms = default_forms().unwrap();
    for f in &forms {
        let leads = f
            .flatten()
            .iter()
            .any(|c| c.label.contains("lãnh đạo, chỉ đạo, điều hành"));
        assert_eq!(leads, f.leader, "form {}", f.code);
        if f.leader {
            assert!(f.position_categories.iter().all(|c| c.is_leader()));
        }
    }
    let contract = &forms[18];
    assert_eq!(
        contract.position_categories,
        vec![PositionCategory::Contract]
    );
    assert!(
        contract
            .find("II.2")
            .unwrap()
            .label
            .contains("hợp đồng lao động")
    );
}

#[test]
fn version_in_force_by_date() {
    let mut forms = default_forms().unwrap();
    let mut v2 = forms[7].clone();
    v2.version = 2;
    v2.effective_from = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    forms.push(v2);
    let code = FormCode::new(8).unwrap();
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        form_in_force(&forms, code, d(2022, 12, 31))
            .unwrap()
            .version,
        1
    );
    assert_eq!(
        form_in_force(&forms, code, d(2023, 1, 1)).unwrap().version,
        2
    );
    assert!(form_in_force(&forms, code, d(2021, 12, 31)).is_none());
}

#[test]
fn serialises_with_api_spellings() {
    let forms = default_forms().unwrap();
    let v = serde_json::to_value(&forms[0]).unwrap();
    assert_eq!(v["code"], 1);
    assert_eq!(v["effective_from"], "2022-01-01");
    assert_eq!(v["criteria"][1]["children"][1]["kind"], "completion_band");
    assert_eq!(v["criteria"][0]["max_points"], 20);
}

/// Điều 11: each form is for its posts; a contract worker ("lao động hợp đồng") fits only
/// form 19, staff only the four staff forms, leaders only leaders' forms.
#[test]
fn forms_fit_their_posts() {
    let forms = default_forms().unwrap();
    let fitting = |category: PositionCategory| -> Vec<u8> {
        forms
            .iter()
            .filter(|f| f.fits(category))
            .map(|f| f.code.get())
            .collect()
    };
    assert_eq!(fitting(PositionCategory::Contract), vec![19]);
    assert_eq!(fitting(PositionCategory::Staff), vec![5, 8, 15, 18]);
    assert!(!fitting(PositionCategory::Head).contains(&15));
    assert!(fitting(PositionCategory::Deputy).contains(&1));
    let mut open = forms[14].clone();
    open.position_categories.clear();
    assert!(open.fits(PositionCategory::Contract));
}
