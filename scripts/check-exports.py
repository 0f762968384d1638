"""Opens every exported sample the Rust tests kept (EXPORT_SAMPLES) with real readers and checks
what each must hold (its `<name>.expect.json`): XLSX with openpyxl (cells, texts, data rows,
charts), CSV as UTF-8 with a byte-order mark, PDF with pdftotext (texts with their diacritics)
and pdftoppm (page 1 rendered to PNG, next to the sample, for a look; it must not be blank).
Run by scripts/check-exports."""

import csv
import io
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
