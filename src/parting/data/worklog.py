"""The work-search log out: CSV (formula-safe, like every export) and a printable PDF.

The PDF is laid out by fpdf2 with DejaVu Sans, shipped in data/fonts, so names in any
European script print the same on every machine, with no network and no system fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parting.core.domain.worklog import Week
from parting.data.exports import table

FONTS = Path(__file__).parent / "fonts"
FORMATS = ("text", "csv", "pdf")
HEADER = [
    "date", "employer", "website", "contact", "contact_title", "method", "activity",
    "position", "result", "employer_contact",
]  # fmt: skip
# Regions whose printers hold US Letter paper; everywhere else prints A4.
LETTER_REGIONS = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR"}


def csv_text(week: Week) -> str:
    """One row per activity, with the week's dates in the file name chosen by the door."""
    rows = (
        [
            e.day.isoformat(), e.employer, e.website, e.contact, e.title, e.method_label,
            e.kind_label, e.position, e.result_label, "yes" if e.employer_contact else "no",
        ]
        for e in week.entries
    )  # fmt: skip
    return table(rows, HEADER)


def filename(week: Week, fmt: str) -> str:
    return f"work-search-log-{week.first_day.isoformat()}.{fmt}"


def summary(week: Week) -> str:
    c = week.counts
    text = (
        f"{c.activities} activit{'y' if c.activities == 1 else 'ies'} "
        f"({c.required} required), {c.employer_contacts} employer "
        f"contact{'' if c.employer_contacts == 1 else 's'} ({c.employer_required} required)."
    )
    if c.short:
        text += f" Short by {c.missing}."
    return text


def _employer(entry: Any) -> str:
    return f"{entry.employer}\n{entry.website}" if entry.website else entry.employer


def _contact(entry: Any) -> str:
    return f"{entry.contact}\n{entry.title}" if entry.title else entry.contact


COLUMNS = (  # title, width in mm on a landscape page, the entry's text
    ("Date", 27, lambda e: f"{e.day:%a} {e.day.isoformat()}"),
    ("Employer", 52, _employer),
    ("Contact person", 44, _contact),
    ("Method", 22, lambda e: e.method_label),
    ("Activity", 36, lambda e: e.kind_label),
    ("Position", 45, lambda e: e.position),
    ("Result", 22, lambda e: e.result_label),
)


def pdf_bytes(week: Week, seeker: str, region: str = "") -> bytes:
    """The week as a one-table PDF: who, which week, the counts, then every activity."""
    from fpdf import FPDF  # imported when a PDF is asked for: a few hundred ms

    paper = "Letter" if region.upper() in LETTER_REGIONS else "A4"
    pdf = FPDF(orientation="landscape", unit="mm", format=paper)
    pdf.set_title(f"Work-search log, week of {week.first_day.isoformat()}")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(text="Work-search log", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    first, last = week.first_day, week.last_day
    lines = [seeker, f"Week of {first:%A} {first.isoformat()} to {last:%A} {last.isoformat()}"]
    lines.append(summary(week))
    for line in lines:
        if line:
            pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _table(pdf, week)
    return bytes(pdf.output())


def _table(pdf: Any, week: Week) -> None:
    if not week.entries:
        pdf.multi_cell(0, 6, "No activities logged this week.", new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font("DejaVu", "", 8.5)
    widths = tuple(width for _, width, _ in COLUMNS)
    with pdf.table(col_widths=widths, line_height=4.5, text_align="LEFT", padding=1) as grid:
        grid.row([title for title, _, _ in COLUMNS])
        for entry in week.entries:
            grid.row([text(entry) or "–" for _, _, text in COLUMNS])
