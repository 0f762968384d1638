//! A table (a title, a stamp naming who exported it and when, a header row and data rows) as
//! CSV or XLSX, written row by row so that memory stays flat: CSV in chunks the caller streams,
//! XLSX with rust_xlsxwriter's constant-memory worksheets (rows go to a temporary file).
//!
//! CSV is UTF-8 with a byte-order mark so that Excel shows Vietnamese, and text cells that a
//! spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) are neutralised with a leading apostrophe (OWASP "CSV injection").

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell::Text(text.into())
    }

    pub fn number(value: Option<f64>) -> Self {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

/// What is written above the rows.
#[derive(Debug, Clone)]
pub struct Heading {
    pub title: String,
    /// "Xuất bởi … lúc …" (Điều 9: who extracted the data, and when).
    pub stamp: String,
    pub columns: Vec<&'static str>,
}

/// Text a spreadsheet would run as a formula, made inert.
pub fn neutralised(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The byte-order mark, title, stamp and header of a CSV file.
pub fn csv_start(heading: &Heading) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(csv_line(&[Cell::text(&heading.title)]));
    out.extend(csv_line(&[Cell::text(&heading.stamp)]));
    let columns: Vec<Cell> = heading.columns.iter().map(|c| Cell::text(*c)).collect();
    out.extend(csv_line(&columns));
    out
}

/// One CSV line (RFC 4180 quoting, CRLF).
pub fn csv_line(cells: &[Cell]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fields: Vec<String> = cells
        .iter()
        .map(|c| match c {
            Cell::Text(t) => neutralised(t),
            Cell::Number(n) => format_number(*n),
            Cell::Empty => String::new(),
        })
        .collect();
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(&fields);
    writer.into_inner().unwrap_or_default()
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    }
}

/// An XLSX workbook being written row by row.
pub struct XlsxTable {
    workbook: Workbook,
    next_row: u32,
    columns: u16,
    wrap: Format,
    number: Format,
}

impl XlsxTable {
    /// Starts a sheet with the title, the stamp and the header row.
    pub fn start(sheet_name: &str, heading: &Heading) -> Result<Self, XlsxError> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let header = Format::new()
            .set_bold()
            .set_border(rust_xlsxwriter::FormatBorder::Thin)
            .set_text_wrap();
        let columns = u16::try_from(heading.columns.len()).unwrap_or(u16::MAX);
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(sheet_name)?;
        for col in 0..columns {
            sheet.set_column_width(col, if col == 1 { 28 } else { 14 })?;
        }
        sheet.write_string_with_format(0, 0, &heading.title, &bold.clone().set_font_size(13))?;
        sheet.write_string(1, 0, &heading.stamp)?;
        for (col, name) in heading.columns.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            sheet.write_string_with_format(3, col, *name, &header)?;
        }
        Ok(Self {
            workbook,
            next_row: 4,
            columns,
            wrap: Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin),
            number: Format::new()
                .set_border(rust_xlsxwriter::FormatBorder::Thin)
                .set_num_format("0.0"),
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.workbook.worksheet_from_index(0)
    }

    /// Appends one data row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        let row = self.next_row;
        let (wrap, number, columns) = (self.wrap.clone(), self.number.clone(), self.columns);
        let sheet = self.sheet()?;
        for (col, cell) in cells.iter().enumerate().take(usize::from(columns)) {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            match cell {
                // XLSX cells are typed: text is never run as a formula.
                Cell::Text(t) => sheet.write_string_with_format(row, col, t, &wrap)?,
                Cell::Number(n) => sheet.write_number_with_format(row, col, *n, &number)?,
                Cell::Empty => sheet.write_blank(row, col, &wrap)?,
            };
        }
        self.next_row += 1;
        Ok(())
    }

    /// The workbook's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        self.workbook.save_to_buffer()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_starts_with_a_bom() {
        let heading = Heading {
            title: "Kết quả".into(),
            stamp: "Xuất bởi a".into(),
            columns: vec!["Họ và tên", "Điểm"],
        };
        let start = csv_start(&heading);
        assert!(start.starts_with("\u{feff}Kết quả\r\n".as_bytes()));
        let line = csv_line(&[Cell::text("=HYPERLINK(\"x\")"), Cell::Number(92.5)]);
        assert_eq!(
            String::from_utf8(line).unwrap(),
            "\"'=HYPERLINK(\"\"x\"\")\",92.5\r\n"
        );
        for risky in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(neutralised(risky).starts_with('\''), "{risky}");
        }
        assert_eq!(neutralised("Nguyễn Văn A"), "Nguyễn Văn A");
    }
}
