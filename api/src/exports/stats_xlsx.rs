//! Rank statistics as XLSX: the table ("Thống kê") and a stacked column chart of the counts by
//! rank ("Biểu đồ"). Cells hidden by the small-cell rule stay empty, marked "< 5".

use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::dto::stats::RankStatsRow;

const HEADERS: [&str; 11] = [
    "Nhóm",
    "Tổng số",
    "Hoàn thành xuất sắc (A)",
    "Hoàn thành tốt (B)",
    "Hoàn thành (C)",
    "Không hoàn thành (D)",
    "Tỷ lệ A (%)",
    "Tỷ lệ B (%)",
    "Tỷ lệ C (%)",
    "Tỷ lệ D (%)",
    "Đủ điều kiện A, xếp B do chỉ tiêu",
];

/// What is written above the table.
pub struct Heading<'a> {
    pub unit_name: &'a str,
    /// e.g. "Theo đơn vị trực thuộc".
    pub grouped_by: &'a str,
    /// e.g. "Từ tháng 01/2026 đến tháng 12/2026".
    pub periods: &'a str,
    pub stamp: &'a str,
}

/// The workbook's bytes.
pub fn build(heading: &Heading<'_>, rows: &[RankStatsRow]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let share = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.0");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Thống kê")?;
    sheet.set_column_width(0, 36)?;
    for col in 1..11 {
        sheet.set_column_width(col, 13)?;
    }
    sheet.write_string_with_format(
        0,
        0,
        "THỐNG KÊ KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI HẰNG THÁNG",
        &title,
    )?;
    sheet.write_string_with_format(1, 0, format!("Đơn vị: {}", heading.unit_name), &bold)?;
    sheet.write_string(
        2,
        0,
        format!("{} · {}", heading.grouped_by, heading.periods),
    )?;
    sheet.write_string(3, 0, heading.stamp)?;
    for (col, name) in (0u16..).zip(HEADERS) {
        sheet.write_string_with_format(5, col, name, &header)?;
    }
    let first = 6u32;
    for (row, r) in (first..).zip(rows) {
        sheet.write_string_with_format(row, 0, &r.label, &cell)?;
        let counts = [r.total, r.counts.a, r.counts.b, r.counts.c, r.counts.d];
        for (col, n) in (1u16..).zip(counts) {
            match n {
                Some(n) => sheet.write_number_with_format(row, col, n, &cell)?,
                None => sheet.write_string_with_format(row, col, "< 5", &cell)?,
            };
        }
        let shares = [r.shares.a, r.shares.b, r.shares.c, r.shares.d];
        for (col, value) in (6u16..).zip(shares) {
            match value {
                Some(v) => sheet.write_number_with_format(row, col, v, &share)?,
                None => sheet.write_blank(row, col, &cell)?,
            };
        }
        match r.qualified_a_ranked_b {
            Some(n) => sheet.write_number_with_format(row, 10, n, &cell)?,
            None => sheet.write_string_with_format(row, 10, "< 5", &cell)?,
        };
    }
    if !rows.is_empty() {
        let last = first + u32::try_from(rows.len()).unwrap_or(u32::MAX) - 1;
        let mut chart = Chart::new(ChartType::ColumnStacked);
        chart.title().set_name("Cơ cấu xếp loại");
        for (col, name) in [(2u16, "A"), (3, "B"), (4, "C"), (5, "D")] {
            chart
                .add_series()
                .set_name(name)
                .set_categories(("Thống kê", first, 0, last, 0))
                .set_values(("Thống kê", first, col, last, col));
        }
        chart.x_axis().set_name("Nhóm");
        chart.y_axis().set_name("Số người");
        chart.set_width(900).set_height(480);
        let charts = workbook.add_worksheet();
        charts.set_name("Biểu đồ")?;
        charts.write_string_with_format(0, 0, "CƠ CẤU XẾP LOẠI THEO NHÓM", &title)?;
        charts.insert_chart(2, 0, &chart)?;
    }
    workbook.save_to_buffer()
}
