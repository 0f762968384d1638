//! Reading an uploaded table (CSV or XLSX) into rows of text cells, with spreadsheet row numbers
//! (the header is row 1, the first data row row 2).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

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

/// What a file may hold. Checked before and while it is read, so a small file cannot make the
/// server allocate or inflate without bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Highest row number (the header counts): a million data rows.
    pub max_rows: u32,
    /// Highest column number holding a value (a people file has 7 columns).
    pub max_columns: u32,
    /// Largest uncompressed size of one entry of an XLSX (zip) archive.
    pub max_entry_bytes: u64,
    /// Largest uncompressed size of all entries together.
    pub max_total_bytes: u64,
    /// Largest uncompressed:compressed ratio of an entry bigger than [`RATIO_FLOOR_BYTES`].
    pub max_ratio: u64,
    /// Most entries in an archive (a workbook has a dozen).
    pub max_entries: usize,
}

/// Entries smaller than this may compress as well as they like.
pub const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;

/// The limits of `POST /imports/people` (docs/api.md "Imports").
pub const LIMITS: Limits = Limits {
    max_rows: 1_000_001,
    max_columns: 64,
    max_entry_bytes: 512 * 1024 * 1024,
    max_total_bytes: 1024 * 1024 * 1024,
    max_ratio: 100,
    max_entries: 1_000,
};

/// A limit of [`Limits`] the file goes over: the upload is refused (422) before any job exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitExceeded {
    Rows(u32),
    Columns(u32),
    /// An archive entry (or all of them) inflates too far, or to more than it declares.
    Archive {
        entry_bytes: u64,
        ratio: u64,
    },
}

impl LimitExceeded {
    /// The stable error code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Rows(_) => "too_many_rows",
            Self::Columns(_) => "too_many_columns",
            Self::Archive { .. } => "archive_too_large",
        }
    }

    /// What was exceeded, in Vietnamese and English.
    pub fn messages(self) -> (String, String) {
        match self {
            Self::Rows(max) => (
                format!("Tệp có quá nhiều dòng: tối đa {max} dòng (kể cả dòng tiêu đề)."),
                format!("The file has too many rows: at most {max} (the header included)."),
            ),
            Self::Columns(max) => (
                format!("Tệp có dữ liệu ở quá nhiều cột: tối đa {max} cột."),
                format!("The file has values in too many columns: at most {max}."),
            ),
            Self::Archive { entry_bytes, ratio } => {
                let mib = entry_bytes / (1024 * 1024);
                (
                    format!(
                        "Tệp XLSX giải nén quá lớn: mỗi phần tối đa {mib} MiB và tỷ lệ nén tối đa {ratio}:1."
                    ),
                    format!(
                        "The XLSX file inflates too far: at most {mib} MiB per part and a compression ratio of {ratio}:1."
                    ),
                )
            }
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Over a limit: refused at upload.
    Limit(LimitExceeded),
    /// Unreadable: the job fails with this error.
    Row(RowError),
}

impl From<RowError> for ReadError {
    fn from(error: RowError) -> Self {
        Self::Row(error)
    }
}

/// Reads the whole file within `limits`. A row that cannot be decoded fails the file with that
/// row's number.
pub fn read(format: FileFormat, bytes: &[u8], limits: &Limits) -> Result<Table, ReadError> {
    match format {
        FileFormat::Csv => read_csv(bytes, limits),
        FileFormat::Xlsx => read_xlsx(bytes, limits),
    }
}

/// The cells up to the last non-empty one; over the column limit is an error.
fn trimmed_cells(mut cells: Vec<String>, limits: &Limits) -> Result<Vec<String>, ReadError> {
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    if cells.len() > limits.max_columns as usize {
        return Err(ReadError::Limit(LimitExceeded::Columns(limits.max_columns)));
    }
    Ok(cells)
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

fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Table, ReadError> {
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
                if row > i64::from(limits.max_rows) {
                    return Err(ReadError::Limit(LimitExceeded::Rows(limits.max_rows)));
                }
                let cells =
                    trimmed_cells(record.iter().map(|c| c.trim().to_owned()).collect(), limits)?;
                push_row(&mut table, row, cells);
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
                return Err(ReadError::Row(RowError::new(
                    row,
                    "file",
                    "unreadable_row",
                    format!("Không đọc được dòng này: {}", reason.0),
                    format!("This row cannot be read: {}", reason.1),
                )));
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

/// Checks every entry of the archive before anything parses it: its declared size and
/// compression ratio, the total, and that it really inflates to no more than it declares (read
/// into nothing, stopping one byte past the declared size), so the parser below is bounded.
fn check_archive(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let too_large = ReadError::Limit(LimitExceeded::Archive {
        entry_bytes: limits.max_entry_bytes,
        ratio: limits.max_ratio,
    });
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(RowError::unreadable)?;
    if archive.len() > limits.max_entries {
        return Err(too_large);
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(RowError::unreadable)?;
        let (size, compressed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if size > limits.max_entry_bytes
            || total > limits.max_total_bytes
            || (size > RATIO_FLOOR_BYTES
                && size > compressed.max(1).saturating_mul(limits.max_ratio))
        {
            return Err(too_large);
        }
    }
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(RowError::unreadable)?;
        let declared = entry.size();
        let inflated = std::io::copy(
            &mut (&mut entry).take(declared.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(RowError::unreadable)?;
        if inflated > declared {
            return Err(too_large);
        }
    }
    Ok(())
}

/// The first sheet, cell by cell (never the dense range between the first and last cell).
fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Table, ReadError> {
    check_archive(bytes, limits)?;
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(RowError::unreadable)?;
    let first = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| RowError::unreadable("no worksheet"))?;
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(RowError::unreadable)?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    while let Some(cell) = cells.next_cell().map_err(RowError::unreadable)? {
        let text = match Data::from(cell.get_value().clone()) {
            Data::Empty => continue,
            other => other.to_string().trim().to_owned(),
        };
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        if column >= limits.max_columns {
            return Err(ReadError::Limit(LimitExceeded::Columns(limits.max_columns)));
        }
        if row >= limits.max_rows {
            return Err(ReadError::Limit(LimitExceeded::Rows(limits.max_rows)));
        }
        let values = rows.entry(row).or_default();
        let column = column as usize;
        if values.len() <= column {
            values.resize(column + 1, String::new());
        }
        values[column] = text;
    }
    let mut table = Table::default();
    for (row, values) in rows {
        push_row(&mut table, i64::from(row) + 1, values);
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
            &LIMITS,
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
        let ReadError::Row(error) =
            read(FileFormat::Csv, b"a,b\n1,2\n3,\xff\n", &LIMITS).unwrap_err()
        else {
            panic!("not a row error")
        };
        assert_eq!((error.row, error.code.as_str()), (3, "unreadable_row"));
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        let ReadError::Row(error) = read(FileFormat::Xlsx, b"not a zip", &LIMITS).unwrap_err()
        else {
            panic!("not a row error")
        };
        assert_eq!(error.code, "unreadable_file");
    }

    const SMALL: Limits = Limits {
        max_rows: 3,
        max_columns: 2,
        max_entry_bytes: 4 * 1024 * 1024,
        max_total_bytes: 6 * 1024 * 1024,
        max_ratio: 100,
        max_entries: 50,
    };

    #[test]
    fn csv_rows_and_columns_are_capped_but_trailing_empty_cells_are_not_columns() {
        assert!(read(FileFormat::Csv, b"a,b,,,,\n1,2,,,\n", &SMALL).is_ok());
        assert_eq!(
            read(FileFormat::Csv, b"a,b\n1,2,3\n", &SMALL),
            Err(ReadError::Limit(LimitExceeded::Columns(2)))
        );
        assert_eq!(
            read(FileFormat::Csv, b"a\n1\n2\n3\n", &SMALL),
            Err(ReadError::Limit(LimitExceeded::Rows(3)))
        );
    }

    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (row, column, text) in cells {
            sheet.write_string(*row, *column, *text).unwrap();
        }
        workbook.save_to_buffer().unwrap()
    }

    /// Cells at A1 and XFD1048576: a few KB that a dense reader would turn into 17 billion cells.
    #[test]
    fn a_sparse_sheet_is_read_cell_by_cell_and_refused_at_the_limit() {
        let far_column = workbook(&[(0, 0, "a"), (1_048_575, 16_383, "z")]);
        assert!(far_column.len() < 16 * 1024);
        assert_eq!(
            read(FileFormat::Xlsx, &far_column, &LIMITS),
            Err(ReadError::Limit(LimitExceeded::Columns(LIMITS.max_columns)))
        );
        let far_row = workbook(&[(0, 0, "a"), (1_048_575, 0, "z")]);
        assert_eq!(
            read(FileFormat::Xlsx, &far_row, &LIMITS),
            Err(ReadError::Limit(LimitExceeded::Rows(LIMITS.max_rows)))
        );
        let table = read(
            FileFormat::Xlsx,
            &workbook(&[(0, 0, "h"), (0, 1, "k"), (2, 1, "x")]),
            &SMALL,
        )
        .unwrap();
        assert_eq!(table.header, ["h", "k"]);
        assert_eq!(
            table.rows,
            [RawRow {
                row: 3,
                cells: vec![String::new(), "x".to_owned()]
            }]
        );
    }

    /// A zip with one entry of `size` zero bytes, deflated.
    pub fn zeros_zip(size: usize) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let block = vec![0u8; 1024 * 1024];
        let mut left = size;
        while left > 0 {
            let n = left.min(block.len());
            zip.write_all(&block[..n]).unwrap();
            left -= n;
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_by_its_declared_sizes() {
        let limit = Err(ReadError::Limit(LimitExceeded::Archive {
            entry_bytes: SMALL.max_entry_bytes,
            ratio: 100,
        }));
        // Ratio far above 100:1.
        assert_eq!(
            read(FileFormat::Xlsx, &zeros_zip(2 * 1024 * 1024), &SMALL),
            limit
        );
        // Over the entry size whatever the ratio.
        let big = Limits {
            max_ratio: u64::MAX,
            ..SMALL
        };
        assert_eq!(
            read(FileFormat::Xlsx, &zeros_zip(5 * 1024 * 1024), &big),
            Err(ReadError::Limit(LimitExceeded::Archive {
                entry_bytes: SMALL.max_entry_bytes,
                ratio: u64::MAX
            }))
        );
    }

    /// The sizes in the headers say 1000 bytes; the data inflates to 2 MiB.
    #[test]
    fn an_entry_that_inflates_past_its_declared_size_is_refused() {
        let mut bytes = zeros_zip(2 * 1024 * 1024);
        let patch = |bytes: &mut Vec<u8>, signature: &[u8; 4], offset: usize| {
            let at = bytes.windows(4).position(|w| w == signature).unwrap();
            bytes[at + offset..at + offset + 4].copy_from_slice(&1000u32.to_le_bytes());
        };
        patch(&mut bytes, b"PK\x03\x04", 22);
        patch(&mut bytes, b"PK\x01\x02", 24);
        let outcome = read(FileFormat::Xlsx, &bytes, &SMALL);
        assert!(outcome.is_err(), "{outcome:?}");
    }
}
