"""The PDF page both packs are printed on (lens/present/briefing.py): A4, the DejaVu fonts shipped
in lens/present/fonts, the demonstration label on every page, tables in the reader's words with
empty cells as a dash, and the as-at line."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

import polars as pl
from fpdf import FPDF
from fpdf.fonts import FontFace

from lens.present.charts import FONTS
from lens.present.vocabulary import column, present
from lens.rules.labels import as_at_sentence

FONT = "DejaVu"


INK = (34, 34, 34)


HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 232, 242))


DEMO_LABEL = "DEMONSTRATION DATA: fictional schools; every figure is made up."


EMPTY = "\u2013"  # an empty cell, as on screen


def cell_text(value: object, unit: str = "text") -> str:
    if value is None:
        return EMPTY
    if unit in ("pct", "share") and isinstance(value, int | float):
        return f"{value:.1f}%"  # a percentage always carries its sign
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value:%-d %b %Y}"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value)


class Pack(FPDF):
    """An A4 document with the pack's title and page numbers on every page."""

    def __init__(self, title: str, is_demo: bool, national: str = "England") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.pack_title = title
        self.is_demo = is_demo
        self.national = national  # what national figures are called (lens/data/coverage.py)
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(auto=True, margin=16)
        self.set_title(title)
        self.set_author("Partnership Lens")
        self.set_lang("en-GB")
        self.set_text_color(*INK)
        self._heading: tuple[str, int] | None = None  # the last heading, until content follows
        self.orphans: list[str] = []  # headings left alone at a page foot (tests keep it empty)

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.cell(0, 5, self.pack_title, new_x="LMARGIN", new_y="NEXT")
        if self.is_demo:
            self.set_font(FONT, "B", 8)
            self.set_text_color(140, 45, 4)
            self.cell(0, 5, DEMO_LABEL, new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(*INK)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    # --- building blocks ---------------------------------------------------------------------

    def heading(self, text: str, size: int = 13, keep: float = 25) -> None:
        """A heading, on a new page unless it and `keep` mm of what follows fit on this one."""
        self.section(size * 0.5 + 1.5 + keep)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)
        self._heading = (text, self.page)

    def _content(self, needed: float) -> None:
        """Before content: a new page if `needed` mm do not fit, noting a heading so left alone."""
        self.section(needed)
        if self._heading is not None:
            if self.page != self._heading[1]:
                self.orphans.append(self._heading[0])
            self._heading = None

    def para(self, text: str, size: int = 9.5) -> None:
        self._content(2 * 4.6)
        self.set_font(FONT, "", size)
        self.multi_cell(0, 4.6, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def bullets(self, items: Iterable[tuple[str, str]]) -> None:
        self._content(2 * 5.6)
        for lead, text in items:  # no markdown: text from the data is never read as markup
            self.set_font(FONT, "B", 9.5)
            mark = "" if lead[:1].isdigit() else "\u2022 "  # a numbered item needs no bullet
            self.write(4.6, f"{mark}{lead}. " if lead else mark)
            self.set_font(FONT, "", 9.5)
            self.write(4.6, text)
            self.ln(5.6)
        self.ln(1)

    def table(
        self, frame: pl.DataFrame, widths: Sequence[float] | None = None, size: float = 8
    ) -> None:
        """A table in the reader's words (lens/present/vocabulary.py: labels, codes as words, shares
        as percentages with their % sign, identifiers as written), every value as text, '–' where
        there is none."""
        units = [column(c).unit if not column(c).words else "text" for c in frame.columns]
        frame = present(frame, self.national)
        self._content(3 * size * 0.5 + 4)
        self.set_font(FONT, "", size)
        with super().table(
            col_widths=self.fitted_widths(list(frame.columns), widths, size),
            headings_style=HEADINGS,
            line_height=size * 0.5,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            table.row(list(frame.columns))
            for values in frame.iter_rows():
                table.row([cell_text(v, unit) for v, unit in zip(values, units, strict=True)])
        self.ln(2)

    def fitted_widths(
        self, headings: list[str], widths: Sequence[float] | None, size: float
    ) -> tuple[float, ...]:
        """Column widths (mm, the text width in all) in which every word of every heading fits
        on its line, so a heading wraps at its spaces only ('Responses', never 'Respons' over
        'es'): a column too narrow for its longest word is widened to it, the width taken from
        columns with room to spare, each in proportion to its spare room."""
        given = list(widths) if widths else [1.0] * len(headings)
        scale = self.epw / sum(given)
        planned = [w * scale for w in given]
        self.set_font(FONT, "B", size)
        margin = 2 * self.c_margin + 0.5  # fpdf's cell margins, and a little for rounding
        needed = [
            max((self.get_string_width(word) for word in heading.split()), default=0) + margin
            for heading in headings
        ]
        self.set_font(FONT, "", size)
        short = sum(max(n - w, 0) for n, w in zip(needed, planned, strict=True))
        spare = sum(max(w - n, 0) for n, w in zip(needed, planned, strict=True))
        if short == 0 or spare < short:  # nothing to do, or no room to do it
            return tuple(planned)
        return tuple(
            n if w < n else w - (w - n) * short / spare
            for n, w in zip(needed, planned, strict=True)
        )

    def chart(self, png: bytes, alt_text: str, height: float) -> None:
        """A chart image fitted into the text width and at most `height` mm tall."""
        self._content(height)
        self.image(io.BytesIO(png), w=self.epw, h=height, keep_aspect_ratio=True, alt_text=alt_text)
        self.ln(2)

    def section(self, space_needed: float) -> None:
        """Start a new page unless `space_needed` mm are left on this one."""
        if self.get_y() + space_needed > self.page_break_trigger:
            self.add_page()


def as_at_lines(sources: pl.DataFrame, built_at: object) -> str:
    updated = "" if built_at is None else f" Data last updated {cell_text(built_at)}."
    return f"{as_at_sentence(sources)}.{updated}"
