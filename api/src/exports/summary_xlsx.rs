//! The unit summary list ("Danh sách tổng hợp kết quả đánh giá, xếp loại") as XLSX.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// One person's line.
pub struct Line {
    pub full_name: String,
    pub title: String,
    pub self_total: Option<f64>,
    pub rank_self: Option<String>,
    pub reviewer_total: Option<f64>,
    pub decider_total: Option<f64>,
    pub rank_final: Option<String>,
    pub note: String,
}

/// A quota group with its lines.
pub struct Group {
    pub name: String,
    pub max_a: u32,
    pub used_a: u32,
    pub lines: Vec<Line>,
}

/// The list's heading: contract workers ("lao động hợp đồng", Điều 10.4, form 19) are on the
/// list with the cán bộ, công chức, viên chức.
pub const TITLE: &str = "DANH SÁCH TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ LAO ĐỘNG HỢP ĐỒNG";

const HEADERS: [&str; 9] = [
    "STT",
    "Họ và tên",
    "Chức vụ, chức danh",
    "Cá nhân tự chấm (điểm)",
    "Tự xếp loại",
    "Người nhận xét (điểm)",
    "Cấp có thẩm quyền (điểm)",
    "Xếp loại",
    "Ghi chú",
];

/// The workbook's bytes.
pub fn build(unit_name: &str, month_label: &str, groups: &[Group]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Tổng hợp")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center);
    let centered = Format::new().set_align(FormatAlign::Center);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let number = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.0");
    let group_row = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#EEEEEE");

    sheet.merge_range(0, 0, 0, 8, TITLE, &title)?;
    sheet.merge_range(
        1,
        0,
        1,
        8,
        &format!("{unit_name} — tháng {month_label}"),
        &centered,
    )?;
    for (col, text) in HEADERS.iter().enumerate() {
        sheet.write_with_format(3, u16::try_from(col).unwrap_or(0), *text, &header)?;
    }
    sheet.set_row_height(3, 45)?;
    for (col, width) in [6.0, 28.0, 24.0, 12.0, 10.0, 12.0, 12.0, 10.0, 30.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(u16::try_from(col).unwrap_or(0), *width)?;
    }

    let mut row: u32 = 4;
    let mut counts = [0u32; 4];
    let mut number_in_list = 0;
    for group in groups {
        sheet.merge_range(
            row,
            0,
            row,
            8,
            &format!(
                "{} (loại A: {}/{} theo chỉ tiêu)",
                group.name, group.used_a, group.max_a
            ),
            &group_row,
        )?;
        row += 1;
        for line in &group.lines {
            number_in_list += 1;
            sheet.write_with_format(row, 0, number_in_list, &cell)?;
            sheet.write_with_format(row, 1, &line.full_name, &cell)?;
            sheet.write_with_format(row, 2, &line.title, &cell)?;
            write_points(sheet, row, 3, line.self_total, &number)?;
            sheet.write_with_format(row, 4, line.rank_self.as_deref().unwrap_or(""), &cell)?;
            write_points(sheet, row, 5, line.reviewer_total, &number)?;
            write_points(sheet, row, 6, line.decider_total, &number)?;
            sheet.write_with_format(row, 7, line.rank_final.as_deref().unwrap_or(""), &cell)?;
            sheet.write_with_format(row, 8, &line.note, &cell)?;
            if let Some(i) = line.rank_final.as_deref().and_then(|r| "ABCD".find(r)) {
                counts[i] += 1;
            }
            row += 1;
        }
    }
    row += 1;
    let summary = format!(
        "Tổng số: {number_in_list} người — Hoàn thành xuất sắc (A): {}; Hoàn thành tốt (B): {}; Hoàn thành (C): {}; Không hoàn thành (D): {}",
        counts[0], counts[1], counts[2], counts[3]
    );
    sheet.merge_range(row, 0, row, 8, &summary, &Format::new())?;
    workbook.save_to_buffer()
}

fn write_points(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    points: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    match points {
        Some(p) => sheet.write_with_format(row, col, p, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_workbook_with_vietnamese_text() {
        let bytes = build(
            "UBND quận Hoàn Kiếm",
            "11/2026",
            &[Group {
                name: "Mẫu 15".into(),
                max_a: 1,
                used_a: 1,
                lines: vec![Line {
                    full_name: "Nguyễn Thị Hạnh".into(),
                    title: "Chuyên viên".into(),
                    self_total: Some(92.5),
                    rank_self: Some("A".into()),
                    reviewer_total: None,
                    decider_total: Some(91.0),
                    rank_final: Some("A".into()),
                    note: String::new(),
                }],
            }],
        )
        .unwrap();
        assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip file");
        assert!(TITLE.ends_with("VÀ LAO ĐỘNG HỢP ĐỒNG"));
    }
}
