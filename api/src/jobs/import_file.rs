//! Reading an uploaded table (CSV or XLSX) into rows of text cells, with spreadsheet row numbers
//! (the header is row 1, the first data row row 2).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde::{Deserialize, Serialize};

/// The MIME type of an XLSX workbook.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The formats an import accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// The format named by a content type, else by the file name's extension (for
    /// `application/octet-stream` and multipart parts without a useful type).
    pub fn detect(content_type: Option<&str>, file_name: Option<&str>) -> Option<Self> {
        let essence = content_type
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        match essence.as_str() {
            "text/csv" | "application/csv" | "text/comma-separated-values" => Some(Self::Csv),
            XLSX_MIME => Some(Self::Xlsx),
            "" | "application/octet-stream" => {
                let name = file_name?.to_ascii_lowercase();
                if name.ends_with(".csv") {
                    Some(Self::Csv)
                } else if name.ends_with(".xlsx") {
                    Some(Self::Xlsx)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    pub fn default_file_name(self) -> &'static str {
        match self {
            Self::Csv => "import.csv",
            Self::Xlsx => "import.xlsx",
        }
    }
}

/// A problem with one row (`row` 0 is the file as a whole), in both languages; stored with the
/// job and shown in the request's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row: i64,
    pub field: String,
    pub code: String,
    pub message_vi: String,
    pub message_en: String,
}

impl RowError {
    pub fn new(
        row: i64,
        field: &str,
        code: &str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            row,
            field: field.to_owned(),
            code: code.to_owned(),
            message_vi: vi.into(),
            message_en: en.into(),
        }
    }

    fn unreadable(reason: impl std::fmt::Display) -> Self {
        Self::new(
            0,
            "file",
            "unreadable_file",
            format!("Không đọc được tệp: {reason}"),
            format!("The file cannot be read: {reason}"),
        )
    }
}

/// One data row: its number in the file and its cells, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub row: i64,
    pub cells: Vec<String>,
}

/// A header row and the data rows under it; rows whose cells are all empty are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    /// The header's row number.
    pub header_row: i64,
    pub rows: Vec<RawRow>,
}

/// Reads the whole file. A row that cannot be decoded fails the file with that row's number.
pub fn read(format: FileFormat, bytes: &[u8]) -> Result<Table, RowError> {
    match format {
        FileFormat::Csv => read_csv(bytes),
        FileFormat::Xlsx => read_xlsx(bytes),
    }
}

fn push_row(table: &mut Table, row: i64, cells: Vec<String>) {
    if table.header.is_empty() {
        if cells.iter().any(|c| !c.is_empty()) {
            table.header = cells;
            table.header_row = row;
        }
    } else if cells.iter().any(|c| !c.is_empty()) {
        table.rows.push(RawRow { row, cells });
    }
}

/// The delimiter of the first line: comma, semicolon (Excel in many locales) or tab.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

fn read_csv(bytes: &[u8]) -> Result<Table, RowError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(bytes))
        .from_reader(bytes);
    let mut table = Table::default();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(bytes);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let row = lines.line_at(record.position().map_or(0, csv::Position::byte));
                push_row(
                    &mut table,
                    row,
                    record.iter().map(|c| c.trim().to_owned()).collect(),
                );
            }
            Err(error) => {
                let row = lines.line_at(error.position().map_or(0, csv::Position::byte));
                let reason = match error.kind() {
                    csv::ErrorKind::Utf8 { .. } => (
                        "văn bản không phải UTF-8 (hãy lưu tệp dạng CSV UTF-8)".to_owned(),
                        "the text is not UTF-8 (save the file as CSV UTF-8)".to_owned(),
                    ),
                    _ => (error.to_string(), error.to_string()),
                };
                return Err(RowError::new(
                    row,
                    "file",
                    "unreadable_row",
                    format!("Không đọc được dòng này: {}", reason.0),
                    format!("This row cannot be read: {}", reason.1),
                ));
            }
        }
    }
    Ok(table)
}

/// Line numbers of byte offsets, counted once front to back. The csv reader may place a
/// record's start on the `\n` of a CRLF that ended the previous one; line breaks at the start
/// are skipped so the record's own line is named.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: i64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, start: u64) -> i64 {
        let mut start = usize::try_from(start)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.offset {
            let newlines = self.bytes[self.offset..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.line += i64::try_from(newlines).unwrap_or(0);
            self.offset = start;
        }
        self.line
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, RowError> {
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(RowError::unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| RowError::unreadable("no worksheet"))?
        .map_err(RowError::unreadable)?;
    let first_row = range.start().map_or(0, |(row, _)| i64::from(row));
    let mut table = Table::default();
    for (i, cells) in range.rows().enumerate() {
        let row = first_row + i64::try_from(i).unwrap_or(i64::MAX) + 1;
        push_row(
            &mut table,
            row,
            cells
                .iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    other => other.to_string().trim().to_owned(),
                })
                .collect(),
        );
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_rows_keep_their_line_numbers_and_skip_blank_lines() {
        let table = read(
            FileFormat::Csv,
            "\u{feff}a;b\r\n1;\" x \"\r\n\r\n;;\r\n2;y\r\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(table.header, ["a", "b"]);
        assert_eq!(table.header_row, 1);
        let rows: Vec<_> = table
            .rows
            .iter()
            .map(|r| (r.row, r.cells.clone()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, vec!["1".to_owned(), "x".to_owned()]),
                (5, vec!["2".to_owned(), "y".to_owned()])
            ]
        );
    }

    #[test]
    fn formats_from_content_type_or_extension() {
        assert_eq!(
            FileFormat::detect(Some("text/csv; charset=utf-8"), None),
            Some(FileFormat::Csv)
        );
        assert_eq!(
            FileFormat::detect(Some(XLSX_MIME), None),
            Some(FileFormat::Xlsx)
        );
        assert_eq!(
            FileFormat::detect(Some("application/octet-stream"), Some("NhanSu.XLSX")),
            Some(FileFormat::Xlsx)
        );
        assert_eq!(
            FileFormat::detect(Some("application/json"), Some("a.csv")),
            None
        );
    }

    #[test]
    fn invalid_utf8_names_its_row() {
        let error = read(FileFormat::Csv, b"a,b\n1,2\n3,\xff\n").unwrap_err();
        assert_eq!((error.row, error.code.as_str()), (3, "unreadable_row"));
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        let error = read(FileFormat::Xlsx, b"not a zip").unwrap_err();
        assert_eq!(error.code, "unreadable_file");
    }
}
