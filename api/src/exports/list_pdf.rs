//! A list in the official layout of an administrative document (Nghị định 30/2020/NĐ-CP,
//! Phụ lục I), as PDF on landscape A4: the issuing unit top left and the national motto top
//! right, the place and date, the title, a ruled table whose header repeats on every page, the
//! closing lines, the two signatures, and on every page who exported it, when, and the page
//! number (Điều 9). Used for the commendation proposal list and a unit's yearly results.

use super::pdf::{Canvas, line_height};
use super::table::Cell;

/// How a column's cells sit in their box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A column: its heading, its share of the table's width and its alignment.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub const fn new(title: &'static str, weight: f32, align: Align) -> Self {
        Self {
            title,
            weight,
            align,
        }
    }
}

/// Everything the list shows.
pub struct ListDocument {
    /// The issuing unit ("cơ quan ban hành"), written in capitals.
    pub issuer: String,
    pub title: String,
    /// Lines centred under the title (the period, the quota).
    pub subtitle: Vec<String>,
    /// "Hà Nội, ngày … tháng … năm …".
    pub place_date: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines under the table (counts by rank and the like).
    pub closing: Vec<String>,
    /// The two signers: the one who drew the list up, and the head who signs it.
    pub signatures: [&'static str; 2],
    /// "Xuất bởi … lúc …" (Điều 9), at the foot of every page.
    pub stamp: String,
}

const WIDTH: f32 = 297.0;
const HEIGHT: f32 = 210.0;
const LEFT: f32 = 15.0;
const RIGHT: f32 = 282.0;
const TOP: f32 = 196.0;
/// The table and the closing lines stop here; the foot sits below.
const BOTTOM: f32 = 16.0;
const SIZE: f32 = 9.0;
/// Space between a cell's border and its text.
const PAD: f32 = 1.3;

/// The PDF's bytes.
pub fn build(doc: &ListDocument) -> Result<Vec<u8>, String> {
    Ok(layout(doc)?.finish(WIDTH, HEIGHT))
}

fn layout(doc: &ListDocument) -> Result<Canvas, String> {
    let mut canvas = Canvas::new(&doc.title)?;
    let edges = column_edges(&doc.columns);

    let mut y = heading(&mut canvas, doc);
    y = header_row(&mut canvas, &doc.columns, &edges, y);
    for row in &doc.rows {
        let texts: Vec<String> = row.iter().map(cell_text).collect();
        let lines = wrap_cells(&canvas, &texts, &edges, false);
        let height = row_height(&lines);
        if y - height < BOTTOM {
            canvas.new_page();
            y = header_row(&mut canvas, &doc.columns, &edges, TOP);
        }
        draw_row(&mut canvas, &doc.columns, &edges, &lines, y, height, false);
        y -= height;
    }

    y -= 6.0;
    for line in &doc.closing {
        for part in canvas.wrap(line, RIGHT - LEFT, 10.0, false) {
            if y < BOTTOM {
                canvas.new_page();
                y = TOP;
            }
            canvas.text(LEFT, y, &part, 10.0, false);
            y -= line_height(10.0) + 0.8;
        }
    }
    if y - 32.0 < BOTTOM {
        canvas.new_page();
        y = TOP;
    }
    y -= 6.0;
    for (center, who) in [(75.0, doc.signatures[0]), (215.0, doc.signatures[1])] {
        canvas.centered(center, y, who, 10.0, true);
        canvas.centered(center, y - 5.0, "(Ký, ghi rõ họ tên)", 9.0, false);
    }

    let pages = canvas.pages.len();
    for page in 0..pages {
        canvas.text_on(Some(page), LEFT, 8.0, &doc.stamp, 7.0, false);
        let number = format!("Trang {}/{pages}", page + 1);
        let x = RIGHT - canvas.width(&number, 7.0, false);
        canvas.text_on(Some(page), x, 8.0, &number, 7.0, false);
    }
    Ok(canvas)
}

/// The issuer and the motto side by side, the place and date, the title and the subtitle;
/// returns where the table starts.
fn heading(canvas: &mut Canvas, doc: &ListDocument) -> f32 {
    let (issuer_center, motto_center) = (70.0, 215.0);
    let mut left_y = TOP;
    for line in canvas.wrap(&doc.issuer.to_uppercase(), 100.0, 10.0, true) {
        canvas.centered(issuer_center, left_y, &line, 10.0, true);
        left_y -= line_height(10.0) + 0.6;
    }
    canvas.line(
        (issuer_center - 12.0, left_y + 2.2),
        (issuer_center + 12.0, left_y + 2.2),
        0.5,
    );

    canvas.centered(
        motto_center,
        TOP,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        10.0,
        true,
    );
    let motto = "Độc lập - Tự do - Hạnh phúc";
    let motto_y = TOP - line_height(10.0) - 0.6;
    canvas.centered(motto_center, motto_y, motto, 10.5, true);
    let half = canvas.width(motto, 10.5, true) / 2.0;
    canvas.line(
        (motto_center - half, motto_y - 1.6),
        (motto_center + half, motto_y - 1.6),
        0.5,
    );
    let date_y = motto_y - 8.0;
    canvas.centered(motto_center, date_y, &doc.place_date, 10.0, false);

    let mut y = left_y.min(date_y) - 10.0;
    for line in canvas.wrap(&doc.title, 230.0, 12.0, true) {
        canvas.centered(WIDTH / 2.0, y, &line, 12.0, true);
        y -= line_height(12.0) + 1.0;
    }
    for line in &doc.subtitle {
        for part in canvas.wrap(line, 230.0, 10.0, false) {
            canvas.centered(WIDTH / 2.0, y, &part, 10.0, false);
            y -= line_height(10.0) + 0.8;
        }
    }
    y - 3.0
}

/// The x of every column border, left to right (one more than the columns).
fn column_edges(columns: &[Column]) -> Vec<f32> {
    let total: f32 = columns
        .iter()
        .map(|c| c.weight)
        .sum::<f32>()
        .max(f32::EPSILON);
    let mut edges = vec![LEFT];
    let mut x = LEFT;
    for column in columns {
        x += column.weight / total * (RIGHT - LEFT);
        edges.push(x);
    }
    edges
}

fn header_row(canvas: &mut Canvas, columns: &[Column], edges: &[f32], y: f32) -> f32 {
    let titles: Vec<String> = columns.iter().map(|c| c.title.to_owned()).collect();
    let lines = wrap_cells(canvas, &titles, edges, true);
    let height = row_height(&lines);
    let centered: Vec<Column> = columns
        .iter()
        .map(|c| Column::new(c.title, c.weight, Align::Center))
        .collect();
    draw_row(canvas, &centered, edges, &lines, y, height, true);
    y - height
}

fn wrap_cells(canvas: &Canvas, texts: &[String], edges: &[f32], bold: bool) -> Vec<Vec<String>> {
    texts
        .iter()
        .zip(edges.windows(2))
        .map(|(text, edge)| canvas.wrap(text, edge[1] - edge[0] - 2.0 * PAD, SIZE, bold))
        .collect()
}

fn row_height(lines: &[Vec<String>]) -> f32 {
    let most = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    most as f32 * line_height(SIZE) + 2.0 * PAD + 0.6
}

/// One row of ruled boxes from `top` down by `height`, with each cell's lines.
fn draw_row(
    canvas: &mut Canvas,
    columns: &[Column],
    edges: &[f32],
    lines: &[Vec<String>],
    top: f32,
    height: f32,
    bold: bool,
) {
    let bottom = top - height;
    canvas.line((LEFT, top), (RIGHT, top), 0.4);
    canvas.line((LEFT, bottom), (RIGHT, bottom), 0.4);
    for x in edges {
        canvas.line((*x, top), (*x, bottom), 0.4);
    }
    // The first baseline sits a cap height (about 0.28 mm per point) under the padding.
    let first = top - PAD - SIZE * 0.28 - 0.3;
    for ((column, cell), edge) in columns.iter().zip(lines).zip(edges.windows(2)) {
        for (i, line) in cell.iter().enumerate() {
            let y = first - i as f32 * line_height(SIZE);
            let x = match column.align {
                Align::Left => edge[0] + PAD,
                Align::Center => (edge[0] + edge[1] - canvas.width(line, SIZE, bold)) / 2.0,
                Align::Right => edge[1] - PAD - canvas.width(line, SIZE, bold),
            };
            canvas.text(x, y, line, SIZE, bold);
        }
    }
}

/// A cell as printed: numbers with the Vietnamese decimal comma.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
        Cell::Number(n) => format!("{n:.1}").replace('.', ","),
        Cell::Empty => String::new(),
    }
}

/// "Hà Nội, ngày 03 tháng 12 năm 2026".
pub fn place_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "Hà Nội, ngày {:02} tháng {:02} năm {}",
        date.day(),
        date.month(),
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(rows: usize) -> ListDocument {
        ListDocument {
            issuer: "UBND quận Hoàn Kiếm".into(),
            title: "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG".into(),
            subtitle: vec!["Tháng 11/2026".into()],
            place_date: place_date(chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()),
            columns: vec![
                Column::new("STT", 1.0, Align::Center),
                Column::new("Họ và tên", 4.0, Align::Left),
                Column::new("Điểm", 1.0, Align::Right),
            ],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        Cell::Number(i as f64 + 1.0),
                        Cell::text("Nguyễn Thị Hạnh"),
                        Cell::Number(92.5),
                    ]
                })
                .collect(),
            closing: vec!["Tổng số: 1 người".into()],
            signatures: ["NGƯỜI LẬP DANH SÁCH", "THỦ TRƯỞNG ĐƠN VỊ"],
            stamp: "Xuất bởi tài khoản quantri lúc 10:00 ngày 03/12/2026 (giờ Hà Nội)".into(),
        }
    }

    #[test]
    fn builds_one_page_or_more_with_the_header_on_each() {
        assert!(build(&document(3)).unwrap().starts_with(b"%PDF"));
        assert_eq!(layout(&document(3)).unwrap().pages.len(), 1);
        let many = layout(&document(120)).unwrap();
        assert!(many.pages.len() > 2, "{} pages", many.pages.len());
        // Every page carries the column headings.
        for page in &many.pages {
            let shows = |text: &str| {
                page.iter().any(|op| {
                    matches!(op, printpdf::Op::ShowText { items }
                    if items.iter().any(|i| matches!(i, printpdf::TextItem::Text(t) if t == text)))
                })
            };
            assert!(shows("Họ và tên") && shows("STT"));
        }
    }

    #[test]
    fn columns_fill_the_width_and_numbers_use_the_decimal_comma() {
        let edges = column_edges(&document(0).columns);
        assert_eq!(edges.len(), 4);
        assert!((edges[3] - RIGHT).abs() < 0.01);
        assert!((edges[1] - LEFT - (RIGHT - LEFT) / 6.0).abs() < 0.01);
        assert_eq!(cell_text(&Cell::Number(92.5)), "92,5");
        assert_eq!(cell_text(&Cell::Number(7.0)), "7");
    }
}
