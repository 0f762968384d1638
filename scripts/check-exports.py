"""Opens every exported sample the Rust tests kept (EXPORT_SAMPLES) with real readers and checks
what each must hold (its `<name>.expect.json`): XLSX with openpyxl (cells, texts, data rows,
charts), CSV as UTF-8 with a byte-order mark, PDF with pdftotext (texts with their diacritics)
and pdftoppm (page 1 rendered to PNG, next to the sample, for a look; it must not be blank; a
list must look like an official one: see check_official_list).
Run by scripts/check-exports."""

import csv
import html
import io
import re
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

failures = []


def fail(name, message):
    failures.append(f"{name}: {message}")


def check_xlsx(path, expect):
    book = openpyxl.load_workbook(path, read_only=False)
    sheet = book[expect["sheet"]] if "sheet" in expect else book.worksheets[0]
    for ref, wanted in expect.get("cells", {}).items():
        value = sheet[ref].value
        got = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
        if got != wanted:
            fail(path.name, f"{ref} is {got!r}, expected {wanted!r}")
    texts = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    for wanted in expect.get("contains", []):
        if not any(wanted in t for t in texts):
            fail(path.name, f"no cell holds {wanted!r}")
    if "rows" in expect:
        header = expect.get("header_row", 1)
        data = [r for r in sheet.iter_rows(min_row=header + 1, values_only=True) if any(c not in (None, "") for c in r)]
        if len(data) != expect["rows"]:
            fail(path.name, f"{len(data)} data rows, expected {expect['rows']}")
    charts = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/charts/chart")]
    if len(charts) != expect.get("charts", 0):
        fail(path.name, f"{len(charts)} charts, expected {expect.get('charts', 0)}")


def check_csv(path, expect):
    raw = path.read_bytes()
    if expect.get("bom", True) and not raw.startswith(b"\xef\xbb\xbf"):
        fail(path.name, "no UTF-8 byte-order mark")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        fail(path.name, f"not UTF-8: {error}")
        return
    rows = list(csv.reader(io.StringIO(text)))
    texts = [c for row in rows for c in row]
    for wanted in expect.get("contains", []):
        if not any(wanted in t for t in texts):
            fail(path.name, f"no field holds {wanted!r}")
    if "rows" in expect:
        data = rows[expect.get("header_row", 1):]
        if len(data) != expect["rows"]:
            fail(path.name, f"{len(data)} data rows, expected {expect['rows']}")


def check_pdf(path, expect):
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True).stdout.decode("utf-8")
    flat = " ".join(text.split())
    for wanted in expect.get("text_contains", []):
        if " ".join(wanted.split()) not in flat:
            fail(path.name, f"pdftotext finds no {wanted!r}")
    png = path.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path), str(png)], check=True)
    gray_root = path.with_name(path.stem + "-gray")
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(path), str(gray_root)], check=True)
    gray_file = gray_root.with_suffix(".pgm")
    gray = gray_file.read_bytes()
    gray_file.unlink()
    # A binary PGM: "P5 <w> <h> <max>" then one byte per pixel.
    pixels = gray.split(maxsplit=4)[4]
    dark = sum(1 for b in pixels if b < 128) / max(len(pixels), 1)
    if not 0.005 < dark < 0.5:
        fail(path.name, f"page 1 looks blank or black ({dark:.1%} dark pixels)")
    if "pages" in expect:
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True).stdout.decode("utf-8")
        pages = next((int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:")), 0)
        if pages != expect["pages"]:
            fail(path.name, f"{pages} pages, expected {expect['pages']}")
    if expect.get("layout") == "list":
        check_official_list(path, expect)


def check_official_list(path, expect):
    """Page 1 looks like an official list (Nghị định 30/2020, Phụ lục I): landscape; the issuing
    unit top left and the national motto top right; the title centred under them; a ruled table
    with one rule per row (counted on the page rendered at 100 dpi)."""
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], check=True, capture_output=True).stdout.decode("utf-8")
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', bbox)
    width, height = float(page.group(1)), float(page.group(2))
    words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox)]
    if width <= height:
        fail(path.name, "the list is not on a landscape page")
    top = [w for w in words if w[3] < height * 0.15]
    if not any(w[4] == "CỘNG" and w[0] > width / 2 for w in top):
        fail(path.name, "no national motto in the top right corner")
    if not any(w[2] < width / 2 for w in top):
        fail(path.name, "no issuing unit in the top left corner")
    title = next((w for w in words if w[4] == "DANH" and w[1] > height * 0.1), None)
    if title is None:
        fail(path.name, "no title")
    else:
        line = [w for w in words if abs(w[1] - title[1]) < 1]
        center = (min(w[0] for w in line) + max(w[2] for w in line)) / 2
        if abs(center - width / 2) > width * 0.03:
            fail(path.name, f"the title is not centred ({center:.0f} of {width:.0f})")
    root = path.with_name(path.stem + "-rules")
    subprocess.run(["pdftoppm", "-gray", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(path), str(root)], check=True)
    image = root.with_suffix(".pgm")
    raw = image.read_bytes()
    image.unlink()
    _, w, h, _, pixels = raw.split(maxsplit=4)
    w, h = int(w), int(h)
    # A rule of the table spans most of the page's width; adjacent pixel rows are one rule.
    ruled = [sum(1 for b in pixels[y * w:(y + 1) * w] if b < 160) > w * 0.75 for y in range(h)]
    rules = sum(1 for y in range(h) if ruled[y] and (y == 0 or not ruled[y - 1]))
    if "table_rows" in expect and rules != expect["table_rows"] + 2:
        fail(path.name, f"{rules} table rules, expected {expect['table_rows'] + 2} (a header and {expect['table_rows']} rows)")


def main(folder):
    samples = sorted(p for p in Path(folder).iterdir() if p.suffix in {".xlsx", ".csv", ".pdf"})
    if not samples:
        print(f"no export samples in {folder}")
        return 1
    for path in samples:
        expect = json.loads(path.with_name(path.name + ".expect.json").read_text("utf-8"))
        {".xlsx": check_xlsx, ".csv": check_csv, ".pdf": check_pdf}[path.suffix](path, expect)
        print(f"  checked {path.name}")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
