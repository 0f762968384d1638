//! What every export shares (Điều 9): the stamp naming who exported the data and when, the
//! audit entry with the filters used, and lists written alike as XLSX and PDF.

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use domain::calendar::HANOI;
use domain::rank::Rank;
use persistence::queries::audit::{self, AuditEntry};
use persistence::queries::{accounts, org, service_clients};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::exports::list_pdf::{self, Column, ListDocument};
use crate::exports::table::{Cell, Heading, XlsxTable};

/// "Xuất bởi tài khoản … (name) lúc HH:MM ngày DD/MM/YYYY (giờ Hà Nội)".
pub fn stamp(
    conn: &mut PgConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let who = if let Some(id) = caller.audit.account_id {
        let account = accounts::find(conn, id)?;
        match caller.person_id.or(caller.holder_person_id) {
            Some(person) => format!(
                "tài khoản {} ({})",
                account.username,
                org::find_person(conn, person)?.full_name
            ),
            None => format!("tài khoản {}", account.username),
        }
    } else if let Some(id) = caller.audit.client_id {
        format!("phần mềm kết nối {}", service_clients::find(conn, id)?.name)
    } else {
        "hệ thống".to_owned()
    };
    let at = now.with_timezone(&HANOI);
    Ok(format!(
        "Xuất bởi {who} lúc {} (giờ Hà Nội)",
        at.format("%H:%M ngày %d/%m/%Y")
    ))
}

/// Records an export: what (`action` on `entity_id`), of which unit (if one), with which
/// filters.
pub fn audit_export(
    conn: &mut PgConnection,
    caller: &Caller,
    action: &str,
    entity_id: &str,
    unit_id: Option<uuid::Uuid>,
    filters: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    audit::append(
        conn,
        &caller.audit,
        &[AuditEntry::new(action, "export", entity_id)
            .unit(unit_id)
            .after(filters)],
        now,
    )?;
    Ok(())
}

/// A list in an official layout (commendations, yearly results), ready to be written as XLSX
/// or PDF: the two formats show the same rows under the same heading.
pub struct ListExport {
    /// The issuing unit, top left of the PDF.
    pub issuer: String,
    pub title: String,
    /// Lines under the title; in XLSX they follow it on the title line.
    pub subtitle: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines under the table, in the PDF only: the XLSX holds the table alone, so that it sorts
    /// and filters.
    pub closing: Vec<String>,
    pub stamp: String,
    /// The XLSX sheet's name.
    pub sheet: String,
    /// The file's name without its extension.
    pub file_stem: String,
    pub now: DateTime<Utc>,
}

/// The two formats of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Xlsx,
    Pdf,
}

impl ListFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ListFormat::Xlsx => "xlsx",
            ListFormat::Pdf => "pdf",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ListFormat::Xlsx => crate::jobs::import_file::XLSX_MIME,
            ListFormat::Pdf => "application/pdf",
        }
    }
}

impl ListExport {
    /// The file's bytes in `format`.
    pub fn write(&self, format: ListFormat) -> Result<Vec<u8>, ApiError> {
        match format {
            ListFormat::Xlsx => self.xlsx(),
            ListFormat::Pdf => self.pdf(),
        }
    }

    fn xlsx(&self) -> Result<Vec<u8>, ApiError> {
        let title = std::iter::once(self.title.as_str())
            .chain(self.subtitle.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" – ");
        let heading = Heading {
            title,
            stamp: self.stamp.clone(),
            columns: self.columns.iter().map(|c| c.title).collect(),
        };
        let mut book = XlsxTable::start(&self.sheet, &heading)?;
        for row in &self.rows {
            book.row(row)?;
        }
        Ok(book.finish()?)
    }

    fn pdf(&self) -> Result<Vec<u8>, ApiError> {
        list_pdf::build(&ListDocument {
            issuer: self.issuer.clone(),
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            place_date: list_pdf::place_date(self.now.with_timezone(&HANOI).date_naive()),
            columns: self.columns.clone(),
            rows: self.rows.clone(),
            closing: self.closing.clone(),
            signatures: ["NGƯỜI LẬP DANH SÁCH", "THỦ TRƯỞNG ĐƠN VỊ"],
            stamp: self.stamp.clone(),
        })
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf: {e}")))
    }
}

/// "Tổng số: N người — Hoàn thành xuất sắc nhiệm vụ (A): …; …".
pub fn rank_tally(ranks: impl Iterator<Item = Option<Rank>>) -> String {
    let mut counts = [0usize; 4];
    let mut people = 0;
    for rank in ranks {
        people += 1;
        let slot = match rank {
            Some(Rank::A) => 0,
            Some(Rank::B) => 1,
            Some(Rank::C) => 2,
            Some(Rank::D) => 3,
            None => continue,
        };
        counts[slot] += 1;
    }
    format!(
        "Tổng số: {people} người — Hoàn thành xuất sắc nhiệm vụ (A): {}; Hoàn thành tốt nhiệm vụ (B): {}; Hoàn thành nhiệm vụ (C): {}; Không hoàn thành nhiệm vụ (D): {}",
        counts[0], counts[1], counts[2], counts[3]
    )
}
