"""Briefing packs as PDF for Ofsted-preparation meetings: one school's profile on two to four A4
pages, and an LA's gap list and flags.

Built with fpdf2 from figures the caller has already asked of the warehouse; charts are the
dashboard's own Altair templates rendered to PNG by vl-convert, each with its alternative text.
DejaVu Sans (vendored in lens/fonts) carries any character a school's name may hold.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

import polars as pl
from fpdf import FPDF
from fpdf.fonts import FontFace

from lens import charts
from lens.charts import FONTS
from lens.gaps import (
    DIRECTION_WORDS,
    GapChoice,
    chance_words,
    coverage_words,
    on_the_list,
    rule_words,
    with_comparison,
)
from lens.labels import as_at_sentence
from lens.profile import (
    ENGAGEMENT_CHECKLIST,
    Point,
    SchoolProfile,
    coded_points,
    facts_table,
    flag_table,
    inspection_table,
    pv_question_table,
    satisfaction_table,
    standings,
)
from lens.vocabulary import present
from schemas.gap_method import LIMIT_COVERAGE

FONT = "DejaVu"
INK = (34, 34, 34)
HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 232, 242))
DEMO_LABEL = "DEMONSTRATION DATA: fictional schools; every figure is made up."


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value:%-d %b %Y}"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)


class Pack(FPDF):
    """An A4 document with the pack's title and page numbers on every page."""

    def __init__(self, title: str, is_demo: bool, national: str = "England") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.pack_title = title
        self.is_demo = is_demo
        self.national = national  # what national figures are called (lens/coverage.py)
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
            self.write(4.6, f"\u2022 {lead}. ")
            self.set_font(FONT, "", 9.5)
            self.write(4.6, text)
            self.ln(5.6)
        self.ln(1)

    def table(
        self, frame: pl.DataFrame, widths: Sequence[float] | None = None, size: float = 8
    ) -> None:
        """A table in the reader's words (lens/vocabulary.py: labels, codes as words, shares as
        percentages, identifiers as written), every value as text, '-' where there is none."""
        frame = present(frame, self.national)
        self._content(3 * size * 0.5 + 4)
        self.set_font(FONT, "", size)
        with super().table(
            col_widths=widths,
            headings_style=HEADINGS,
            line_height=size * 0.5,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            table.row(list(frame.columns))
            for values in frame.iter_rows():
                table.row([_text(v) for v in values])
        self.ln(2)

    def chart(self, png: bytes, alt_text: str, height: float) -> None:
        """A chart image fitted into the text width and at most `height` mm tall."""
        self._content(height)
        self.image(io.BytesIO(png), w=self.epw, h=height, keep_aspect_ratio=True, alt_text=alt_text)
        self.ln(2)

    def section(self, space_needed: float) -> None:
        """Start a new page unless `space_needed` mm are left on this one."""
        if self.get_y() + space_needed > self.page_break_trigger:
            self.add_page()


def _as_at_lines(sources: pl.DataFrame, built_at: object) -> str:
    return f"{as_at_sentence(sources)}. Warehouse built {_text(built_at)}."


# --- one school ----------------------------------------------------------------------------------


def school_pack(
    profile: SchoolProfile,
    points: list[Point],
    *,
    is_demo: bool,
    built_at: object,
    national: str = "England",
) -> bytes:
    """The school's briefing pack as PDF bytes (school_document lays it out)."""
    return bytes(
        school_document(
            profile, points, is_demo=is_demo, built_at=built_at, national=national
        ).output()
    )


def school_document(
    profile: SchoolProfile,
    points: list[Point],
    *,
    is_demo: bool,
    built_at: object,
    national: str = "England",
) -> Pack:
    """The school's briefing pack: facts and points to discuss on the first page, then
    inspections, satisfaction, Parent View and similar schools, engagement and the checklist."""
    pdf = Pack(
        f"Partnership Lens briefing pack: {profile.name} (URN {profile.urn})", is_demo, national
    )

    # who, and what to discuss
    pdf.add_page()
    pdf.heading(profile.name, 16)
    pdf.para(_as_at_lines(profile.sources, built_at), 8)
    pdf.table(facts_table(profile.facts), widths=(60, 122), size=8.5)
    pdf.heading("Points to discuss")
    if points:
        pdf.bullets((p.topic, p.text) for p in points)
    else:
        pdf.para("Nothing in the data stands out for discussion.")

    # inspections and satisfaction over time
    pdf.heading("Inspection history", keep=60)
    inspections = profile.inspections.head(6)
    if inspections.is_empty():
        pdf.para("No inspection of this school is loaded.")
    else:
        pdf.chart(
            charts.png(
                "inspection_timeline",
                charts.timeline_frame(inspections),
                "Inspections, by framework",
                width=520,
            ),
            "Inspection timeline; the same inspections are listed in the table below.",
            height=48,
        )
        pdf.table(inspection_table(profile).head(6), widths=(22, 40, 20, 22, 38, 40))
        pdf.para(
            "Each judgement is in its own framework's words; grades from different frameworks "
            "are not on one scale.",
            8,
        )
    pdf.heading("Parents' satisfaction over time", keep=85)
    history = profile.satisfaction
    if history.is_empty():
        pdf.para("No Parent View or questionnaire results are loaded for this school.")
    else:
        pdf.chart(
            charts.png(
                "satisfaction_history",
                charts.satisfaction_series(history),
                "% satisfied with 95% intervals",
                width=470,
            ),
            "Satisfaction over time; the figures are in the table below.",
            height=80,
        )
        pdf.table(
            satisfaction_table(profile).head(6).drop("count_submissions"),
            widths=(66, 32, 20, 18, 16, 15, 15),
            size=7,
        )

    # Parent View in detail, and similar schools
    pdf.section(90)
    questions = profile.pv_questions
    if questions.is_empty():
        pdf.heading("Parent View")
        pdf.para("No Parent View results are published for this school (fewer than 10).")
    else:
        pdf.heading(f"Parent View, {_text(questions['snapshot_date'][0])}")
        pdf.para(
            f"{int(questions['submissions'].max()):,} submissions. % positive of those agreeing "
            "or disagreeing, with the 95% interval; 'within noise' when the "
            f"{pdf.national} figure lies inside the interval.",
            8,
        )
        pdf.table(
            pv_question_table(profile).drop("question_id", "answering"),
            widths=(96, 18, 17, 17, 17, 17),
            size=7,
        )
        if not profile.flags.is_empty():
            pdf.heading("Trust flags", 11)
            pdf.table(flag_table(profile).head(6), widths=(22, 30, 130), size=7)
    pdf.section(70)
    pdf.heading("Compared with similar schools", 11)
    ranks = standings(profile.similar, profile.facts["la_name"])
    if not ranks:
        pdf.para("No Parent View result to compare with similar schools.")
    else:
        pdf.para(
            "Similar: same phase and IDACI quintile, a roll between two-thirds and one and a "
            "half times this school's, in the same Parent View snapshot. "
            + " ".join(r.sentence() for r in ranks),
            8.5,
        )
        pdf.chart(
            charts.png(
                "peer_strip",
                charts.peer_frame(profile.similar, profile.facts["la_name"]),
                "% happy: this school among similar schools",
                width=520,
            ),
            "Dot plot of similar schools' % happy; this school's place is given in words above.",
            height=48,
        )

    # engagement and involvement
    pdf.section(80)
    pdf.heading("Engagement with parents")
    if profile.engagement.is_empty():
        pdf.para("No engagement judgement is loaded for this school.")
    else:
        pdf.table(profile.engagement.head(4), widths=(20, 30, 20, 24, 24, 24, 40), size=7)
    coded = coded_points(profile)
    if coded.is_empty():
        pdf.para("No inspection report text is loaded for this school.")
    else:
        latest = coded["inspected_on"].max()
        pdf.heading(f"Improvement points of the report of {_text(latest)}", 11)
        pdf.table(
            coded.filter(pl.col("inspected_on") == latest)
            .head(6)
            .select("improvement_point", "code", "triggers"),
            widths=(120, 22, 40),
            size=7,
        )
    pdf.heading("Checklist for the school: evidence both engagement and involvement", 11)
    pdf.para(
        "Parental engagement (supporting learning at home) raises attainment; parental "
        "involvement (attending, volunteering, taking part in school life) does not by itself; "
        "recounting parents' views is neither.",
        8.5,
    )
    pdf.bullets(("[  ] " + area, question) for area, question in ENGAGEMENT_CHECKLIST)
    return pdf


# --- one LA ---------------------------------------------------------------------------------------


def report_figures_section(pdf: Pack, la_name: str, figures: pl.DataFrame) -> None:
    """Engagement in Education's (2013) figures about inspection reports beside the LA's and
    England's, over all eras and by era, each share with its denominator (reports with an
    improvement section). `figures` is lens/sql/report_study_figures.sql for the selection."""
    from lens import report_figures

    pdf.heading("Inspection reports beside Engagement in Education (2013)", keep=60)
    if figures.is_empty():
        pdf.para("No inspection report with an improvement section is loaded for this LA.")
        return
    table = report_figures.side_by_side(figures)
    pdf.para(
        f"{report_figures.STUDY_NOTE} Selection: {la_name}. Engagement is parents supporting their "
        "own child's learning; parents' views (surveys, Parent View) are neither engagement nor "
        "involvement.",
        8.5,
    )
    pdf.bullets(
        (line.split(": ", 1)[0], line.split(": ", 1)[1])
        for line in report_figures.sentences(table, la_name)
    )
    pdf.table(table, widths=(34, 50, 26, 16, 16, 16, 16), size=6.5)


def la_pack(
    la_name: str,
    gap: GapChoice | None,
    gap_schools: pl.DataFrame | None,
    summaries: pl.DataFrame,
    flags: pl.DataFrame,
    sources: pl.DataFrame,
    report_figures: pl.DataFrame,
    *,
    is_demo: bool,
    built_at: object,
    national: str = "England",
) -> bytes:
    """An LA's briefing pack as PDF bytes (la_document lays it out)."""
    return bytes(
        la_document(
            la_name,
            gap,
            gap_schools,
            summaries,
            flags,
            sources,
            report_figures,
            is_demo=is_demo,
            built_at=built_at,
            national=national,
        ).output()
    )


def la_document(
    la_name: str,
    gap: GapChoice | None,
    gap_schools: pl.DataFrame | None,
    summaries: pl.DataFrame,
    flags: pl.DataFrame,
    sources: pl.DataFrame,
    report_figures: pl.DataFrame,
    *,
    is_demo: bool,
    built_at: object,
    national: str = "England",
) -> Pack:
    """An LA's briefing pack: its schools in numbers, the gap list (the same query and choice as
    the Satisfaction page), reports that ask only for involvement, the trust flags, and its
    inspection reports beside Engagement in Education's 2013 analysis."""
    pdf = Pack(f"Partnership Lens briefing pack: {la_name}", is_demo, national)
    pdf.add_page()
    pdf.heading(f"{la_name}: parents' satisfaction and inspection", 16)
    pdf.para(_as_at_lines(sources, built_at), 8)
    open_schools = summaries.filter("is_open")
    with_pv = open_schools.filter(pl.col("pct_happy").is_not_null())
    compared = 0 if gap_schools is None else gap_schools.filter("is_comparable").height
    on_the_line = 0 if gap_schools is None else gap_schools.filter(gap_status="on_the_line").height
    listed = (
        pl.DataFrame(schema={"gap_direction": pl.String})
        if gap_schools is None
        else with_comparison(on_the_list(gap_schools))
    )
    involvement = open_schools.filter(pl.col("report_involvement_only").fill_null(False))
    counts = [
        ("Open schools", open_schools.height),
        ("With published Parent View results", with_pv.height),
        ("Compared for the gap list", compared),
        ("On the line (Parent View's rounding): not on the list", on_the_line),
        (
            f"On the gap list: {DIRECTION_WORDS['below']}",
            listed.filter(gap_direction="below").height,
        ),
        (
            f"On the gap list: {DIRECTION_WORDS['above']}",
            listed.filter(gap_direction="above").height,
        ),
        ("With a trust flag on their latest Parent View", flags["urn"].n_unique()),
        ("Latest report mentions parents only as involvement or informing", involvement.height),
    ]
    pdf.table(
        pl.DataFrame(counts, schema=["measure", "count_schools"], orient="row"),
        widths=(150, 32),
        size=9,
    )
    pdf.heading("The gap list")
    if gap is None:
        pdf.para("No school has both parents' views and a judgement to compare.")
    else:
        pdf.para(
            f"Comparing {gap.describe()}. A school is on the list when its parents' satisfaction "
            f"is {rule_words()}. Satisfaction is not effectiveness: the gap is the point. "
            f"{coverage_words(gap_schools)}. " + chance_words(compared, LIMIT_COVERAGE),
            8.5,
        )
    if listed.is_empty():
        pdf.para("No school in this LA is on the gap list.")
    else:
        pdf.table(
            listed.select(
                "school_name",
                "urn",
                "comparison",
                "grade_label",
                "count_responses",
                "share_satisfied",
                "ci95_low_share",
                "ci95_high_share",
                "reference_share",
                "gap_direction",
                "gap_trust_flags",
            ),
            widths=(32, 12, 34, 16, 13, 12, 12, 12, 13, 12, 14),
            size=6.5,
        )
    pdf.heading("Reports that ask for involvement, not engagement")
    pdf.para(
        "Schools whose latest inspection report's improvement points mention parents only as "
        "involvement (attending, volunteering, school life) or informing, never as engaging "
        "them in their children's learning at home: worth asking what the school does for the "
        "second.",
        8.5,
    )
    if involvement.is_empty():
        pdf.para("No loaded report of a school in this LA is coded this way.")
    else:
        pdf.table(
            involvement.sort("report_on", descending=True).select(
                "school_name",
                "urn",
                "report_on",
                "engagement_judgement",
            ),
            widths=(90, 20, 36, 36),
            size=7.5,
        )
    pdf.heading("Trust flags on the latest Parent View")
    if flags.is_empty():
        pdf.para("No school's latest Parent View result carries a trust flag.")
    else:
        pdf.table(
            flags.select("school_name", "urn", "snapshot_date", "flag", "reason"),
            widths=(44, 16, 22, 26, 74),
            size=7,
        )
    report_figures_section(pdf, la_name, report_figures)
    return pdf
