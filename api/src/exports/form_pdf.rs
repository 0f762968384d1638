//! The individual evaluation form ("Phiếu đánh giá, xếp loại") as PDF on portrait A4, drawn
//! on the shared [`Canvas`](super::pdf::Canvas).

use super::pdf::{Canvas, line_height};

/// The form's heading: contract workers ("lao động hợp đồng", Điều 10.4, form 19) are evaluated
/// with the cán bộ, công chức, viên chức.
pub const TITLE: &str =
    "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ LAO ĐỘNG HỢP ĐỒNG HẰNG THÁNG";

/// [`TITLE`] on two lines, each with its left edge (mm) so that it sits in the middle of the
/// page: one line of it at 11 pt is wider than A4 (seen on the page rendered by
/// `scripts/check-exports`).
const TITLE_LINES: [(f32, &str); 2] = [
    (
        40.0,
        "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC",
    ),
    (64.0, "VÀ LAO ĐỘNG HỢP ĐỒNG HẰNG THÁNG"),
];

/// One criterion's row.
pub struct Row {
    pub label: String,
    /// 0 for groups, 1 for criteria, 2 for sub-criteria.
    pub depth: usize,
    pub max_points: String,
    pub self_points: String,
    pub reviewer: String,
    pub decider: String,
    pub bold: bool,
}

/// Everything the form shows.
pub struct FormDocument {
    pub form_title: String,
    pub unit_name: String,
    pub person_name: String,
    pub position: String,
    pub month_label: String,
    pub rows: Vec<Row>,
    pub totals: [String; 3],
    pub rank_self: String,
    pub rank_final: String,
    pub comments: Vec<(String, String)>,
    pub footer: String,
}

struct Pen {
    canvas: Canvas,
    y: f32,
}

const TOP: f32 = 282.0;
const BOTTOM: f32 = 18.0;
const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
const COLUMNS: [f32; 4] = [120.0, 137.0, 155.0, 174.0];

impl Pen {
    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.canvas.new_page();
            self.y = TOP;
        }
    }

    fn text(&mut self, x: f32, text: &str, size: f32, bold: bool) {
        self.canvas.text(x, self.y, text, size, bold);
    }

    fn rule(&mut self, y: f32) {
        self.canvas.line((LEFT, y), (RIGHT, y), 0.4);
    }

    /// Writes `text` wrapped to `width` characters from `x`; returns the lines used.
    fn paragraph(&mut self, x: f32, text: &str, width: usize, size: f32, bold: bool) -> usize {
        let lines = wrap(text, width);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.y -= line_height(size);
            }
            self.text(x, line, size, bold);
        }
        lines.len()
    }
}

/// Greedy word wrap by character count (DejaVu Sans at these sizes fits the widths used).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// The PDF's bytes.
pub fn build(doc: &FormDocument) -> Result<Vec<u8>, String> {
    let mut pen = Pen {
        canvas: Canvas::new("Phiếu đánh giá, xếp loại")?,
        y: TOP,
    };

    pen.text(LEFT, &doc.unit_name, 9.0, true);
    pen.text(128.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 9.0, true);
    pen.y -= 4.5;
    pen.text(140.0, "Độc lập - Tự do - Hạnh phúc", 9.0, true);
    pen.y -= 11.0;
    for (x, line) in TITLE_LINES {
        pen.text(x, line, 11.0, true);
        pen.y -= 5.5;
    }
    pen.text(90.0, &format!("Tháng {}", doc.month_label), 10.0, false);
    pen.y -= 5.5;
    pen.paragraph(LEFT, &doc.form_title, 110, 8.0, false);
    pen.y -= 7.0;
    pen.text(
        LEFT,
        &format!("Họ và tên: {}", doc.person_name),
        10.0,
        false,
    );
    pen.y -= 5.0;
    pen.text(
        LEFT,
        &format!("Chức vụ, chức danh: {}", doc.position),
        10.0,
        false,
    );
    pen.y -= 7.0;

    pen.rule(pen.y + 4.0);
    pen.text(LEFT, "Tiêu chí", 9.0, true);
    for (x, head) in COLUMNS
        .iter()
        .zip(["Tối đa", "Tự chấm", "Nhận xét", "Quyết định"])
    {
        pen.text(*x, head, 9.0, true);
    }
    pen.y -= 2.0;
    pen.rule(pen.y);
    pen.y -= 4.5;
    for row in &doc.rows {
        // Characters per line: the label stops short of the points columns.
        let width = 60 - row.depth * 3;
        pen.ensure(line_height(9.0) * (wrap(&row.label, width).len() as f32 + 1.0));
        let top = pen.y;
        for (x, value) in COLUMNS.iter().zip([
            &row.max_points,
            &row.self_points,
            &row.reviewer,
            &row.decider,
        ]) {
            pen.text(*x, value, 9.0, row.bold);
        }
        pen.y = top;
        pen.paragraph(
            LEFT + row.depth as f32 * 4.0,
            &row.label,
            width,
            9.0,
            row.bold,
        );
        pen.y -= line_height(9.0) + 1.0;
    }
    pen.rule(pen.y + 4.0);
    pen.y -= 1.5;
    pen.ensure(40.0);
    pen.text(LEFT, "TỔNG ĐIỂM", 9.5, true);
    for (x, value) in COLUMNS[1..].iter().zip(&doc.totals) {
        pen.text(*x, value, 9.5, true);
    }
    pen.y -= 7.0;
    pen.text(
        LEFT,
        &format!("Tự xếp loại: {}", doc.rank_self),
        10.0,
        false,
    );
    pen.y -= 5.0;
    pen.text(
        LEFT,
        &format!("Cấp có thẩm quyền xếp loại: {}", doc.rank_final),
        10.0,
        true,
    );
    pen.y -= 7.0;
    for (who, comment) in &doc.comments {
        pen.ensure(12.0);
        pen.text(LEFT, &format!("{who}:"), 9.0, true);
        pen.y -= 4.5;
        pen.paragraph(LEFT + 4.0, comment, 100, 9.0, false);
        pen.y -= 6.0;
    }
    pen.ensure(30.0);
    pen.y -= 4.0;
    pen.text(LEFT + 5.0, "NGƯỜI TỰ ĐÁNH GIÁ", 9.0, true);
    pen.text(75.0, "NGƯỜI NHẬN XÉT", 9.0, true);
    pen.text(135.0, "CẤP CÓ THẨM QUYỀN", 9.0, true);
    pen.y = BOTTOM - 4.0;
    pen.text(LEFT, &doc.footer, 7.0, false);

    Ok(pen.canvas.finish(210.0, 297.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_lines_are_the_title() {
        assert_eq!(TITLE_LINES.map(|(_, line)| line).join(" "), TITLE);
    }

    #[test]
    fn wraps_by_words() {
        assert_eq!(wrap("một hai ba bốn", 7), ["một hai", "ba bốn"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn builds_a_pdf_with_vietnamese_text() {
        let bytes = build(&FormDocument {
            form_title: "Bộ tiêu chí chấm điểm áp dụng đối với công chức".into(),
            unit_name: "UBND quận Hoàn Kiếm".into(),
            person_name: "Nguyễn Thị Hạnh".into(),
            position: "Chuyên viên".into(),
            month_label: "11/2026".into(),
            rows: vec![Row {
                label: "Ý thức tổ chức kỷ luật; phẩm chất đạo đức; lối sống".into(),
                depth: 0,
                max_points: "20".into(),
                self_points: "18".into(),
                reviewer: String::new(),
                decider: "17.5".into(),
                bold: true,
            }],
            totals: ["92".into(), String::new(), "91".into()],
            rank_self: "A".into(),
            rank_final: "Hoàn thành xuất sắc nhiệm vụ".into(),
            comments: vec![("Ý kiến của cấp có thẩm quyền".into(), "Đồng ý".into())],
            footer: "Phiên bản 1".into(),
        })
        .unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
}
