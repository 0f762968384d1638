//! What the PDF documents share: DejaVu Sans built into the binary (so Vietnamese renders the
//! same everywhere, without fonts on the server), pages of drawing operations, text measured
//! with the font's own advance widths, and lines. Laid out by hand with printpdf: an HTML
//! engine would add minutes to every build.

use printpdf::{
    Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, TextItem,
};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A document being drawn: its pages, in millimetres from the bottom left corner.
pub struct Canvas {
    pdf: PdfDocument,
    pub pages: Vec<Vec<Op>>,
    regular: (ParsedFont, PdfFontHandle),
    bold: (ParsedFont, PdfFontHandle),
}

impl Canvas {
    pub fn new(title: &str) -> Result<Self, String> {
        let mut pdf = PdfDocument::new(title);
        let mut warnings = Vec::new();
        let regular = ParsedFont::from_bytes(REGULAR, 0, &mut warnings)
            .ok_or("cannot read the regular font")?;
        let bold =
            ParsedFont::from_bytes(BOLD, 0, &mut warnings).ok_or("cannot read the bold font")?;
        let regular_handle = PdfFontHandle::External(pdf.add_font(&regular));
        let bold_handle = PdfFontHandle::External(pdf.add_font(&bold));
        Ok(Self {
            pdf,
            pages: vec![Vec::new()],
            regular: (regular, regular_handle),
            bold: (bold, bold_handle),
        })
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Writes `text` with its baseline at `y`, starting at `x`, on the current page.
    pub fn text(&mut self, x: f32, y: f32, text: &str, size: f32, bold: bool) {
        self.text_on(None, x, y, text, size, bold);
    }

    /// Like [`Canvas::text`], on page `page` (0-based) or the current one.
    pub fn text_on(
        &mut self,
        page: Option<usize>,
        x: f32,
        y: f32,
        text: &str,
        size: f32,
        bold: bool,
    ) {
        let font = if bold { &self.bold.1 } else { &self.regular.1 }.clone();
        let ops = [
            Op::StartTextSection,
            Op::SetFont {
                font,
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Mm(x).into(),
                    y: Mm(y).into(),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ];
        match page.and_then(|p| self.pages.get_mut(p)) {
            Some(target) => target.extend(ops),
            None => self.page().extend(ops),
        }
    }

    /// Writes `text` centred on `center`.
    pub fn centered(&mut self, center: f32, y: f32, text: &str, size: f32, bold: bool) {
        let x = center - self.width(text, size, bold) / 2.0;
        self.text(x, y, text, size, bold);
    }

    /// A straight line from (x1, y1) to (x2, y2).
    pub fn line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), thickness: f32) {
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Mm(x).into(),
                y: Mm(y).into(),
            },
            bezier: false,
        };
        self.page().extend([
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(x1, y1), point(x2, y2)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// The width of `text` in millimetres, from the font's advance widths.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let font = if bold { &self.bold.0 } else { &self.regular.0 };
        let units: u32 = text
            .chars()
            .filter_map(|c| font.lookup_glyph_index(c as u32))
            .filter_map(|g| font.get_glyph_width(g))
            .map(u32::from)
            .sum();
        // Font units to points, points to millimetres.
        units as f32 / f32::from(font.units_per_em.max(1)) * size * 25.4 / 72.0
    }

    /// `text` split into lines no wider than `width` mm, at word boundaries (a word longer
    /// than a line gets a line of its own).
    pub fn wrap(&self, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut current = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if current.is_empty() {
                    word.to_owned()
                } else {
                    format!("{current} {word}")
                };
                if !current.is_empty() && self.width(&candidate, size, bold) > width {
                    lines.push(std::mem::replace(&mut current, word.to_owned()));
                } else {
                    current = candidate;
                }
            }
            lines.push(current);
        }
        lines
    }

    /// The PDF's bytes, every page `width` × `height` mm.
    pub fn finish(mut self, width: f32, height: f32) -> Vec<u8> {
        let pages = self
            .pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(width), Mm(height), ops))
            .collect();
        let mut warnings = Vec::new();
        self.pdf
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut warnings)
    }
}

/// The height of a line of text at `size` points, in millimetres.
pub fn line_height(size: f32) -> f32 {
    size * 0.45
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_font_and_wraps_by_words() {
        let canvas = Canvas::new("t").unwrap();
        let narrow = canvas.width("iii", 10.0, false);
        let wide = canvas.width("MMM", 10.0, false);
        assert!(narrow > 0.0 && wide > 2.0 * narrow, "{narrow} {wide}");
        assert!(canvas.width("Hạnh", 10.0, true) > canvas.width("Hạnh", 10.0, false));
        let lines = canvas.wrap(
            "Nguyễn Thị Hạnh Phúc",
            canvas.width("Nguyễn Thị", 10.0, false) + 0.1,
            10.0,
            false,
        );
        assert_eq!(lines, ["Nguyễn Thị", "Hạnh Phúc"]);
        assert_eq!(canvas.wrap("", 10.0, 10.0, false), [""]);
    }
}
