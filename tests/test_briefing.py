"""The briefing packs are real PDFs: they open, keep to their pages, and carry the school's name,
its figures as the warehouse holds them, the points to discuss, the as-at dates and the
checklist; the LA pack lists every school on the LA's gap list and every flag."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import polars as pl
import pytest
from PIL import Image
from pypdf import PdfReader

from lens.data.warehouse import open_read_only, run
from lens.present import briefing, charts
from lens.rules import discuss, gaps, profile


def read(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = open_read_only(demo_warehouse)
    yield connection
    connection.close()


def default_gap(con):  # noqa: ANN001, ANN201
    return gaps.default_choice(run(con, "gap_options"), 36)


def la_inputs(con, gap, selection: dict) -> tuple:  # noqa: ANN001
    """What an LA pack is made from, asked as the Overview asks it: the gap list for `gap` (None
    without one), the LA's schools, their trust flags, the sources' dates and the report figures."""
    return (
        run(con, "gap_schools", **gap.params, **selection) if gap else None,
        run(con, "la_summaries", **selection),
        run(con, "latest_flags", **selection),
        run(con, "source_dates"),
        run(con, "report_study_figures", **selection),
    )


def la_pack_of(con, la_name: str, gap, selection: dict, make=None, **options):  # noqa: ANN001, ANN201
    """The LA pack for this LA, gap choice and selection, from the demonstration data: its PDF
    bytes (briefing.la_pack), or what `make` lays out (briefing.la_document)."""
    return (make or briefing.la_pack)(
        la_name, gap, *la_inputs(con, gap, selection), is_demo=True, built_at=None, **options
    )


def pack_for(con, urn: int) -> tuple[profile.SchoolProfile, bytes]:
    school = profile.load(lambda name, **p: run(con, name, **p), urn, default_gap(con))
    points = discuss.points_to_discuss(school)
    return school, briefing.school_pack(school, points, is_demo=True, built_at=None)


def test_school_pack_opens_and_holds_the_schools_figures(con):
    urn = con.execute(
        "select urn from school_summaries where pct_happy is not null and report_on is not null "
        "order by parent_view_submissions desc limit 1"
    ).fetchone()[0]
    school, pdf = pack_for(con, urn)
    pages, text = read(pdf)
    assert 2 <= pages <= 4
    assert pdf.startswith(b"%PDF-")
    assert school.name in text and f"URN {urn}" in text
    happy, low, high = con.execute(
        "select round(pct_positive, 1), round(ci95_low_pct, 1), round(ci95_high_pct, 1) "
        "from parent_view_positive where urn = ? and question_id = '1' "
        "order by snapshot_date desc limit 1",
        [urn],
    ).fetchone()
    assert f"{happy:.1f}% {low:.1f}% {high:.1f}%" in text  # the question table's first row
    for heading in ("What to discuss", "Inspection history", "Compared with similar schools"):
        assert heading in text
    for point in discuss.points_to_discuss(school):
        assert point.topic in text
    assert "DEMONSTRATION DATA" in text
    assert "Data as at:" in text and "31 October 2026" in text
    assert "Questions for the school" in text and "Involvement (in school life)" in text


def test_school_pack_images_have_alternative_text(con):
    urn = con.execute("select urn from school_summaries where pct_happy is not null").fetchone()[0]
    _, pdf = pack_for(con, urn)
    assert pdf.count(b"/Alt") >= 2


def test_every_kind_of_school_keeps_to_two_to_four_pages(con):
    urns = [
        row[0]
        for row in con.execute(
            "(select urn from school_summaries where parent_view_flags is not null limit 3) "
            "union all (select urn from school_summaries where engagement_judged_on is not null "
            "and report_on is not null limit 3) "
            "union all (select urn from school_summaries where pct_happy is null limit 2) "
            "union all (select urn from school_predecessors limit 2) "
            "union all (select urn from school_summaries where not is_open limit 1)"
        ).fetchall()
    ]
    for urn in urns:
        school, pdf = pack_for(con, urn)
        pages, text = read(pdf)
        assert 2 <= pages <= 4, (urn, pages)
        assert school.name in text


def test_names_outside_latin_1_survive(con):
    urn = con.execute("select urn from schools order by urn limit 1").fetchone()[0]
    school = profile.load(lambda name, **p: run(con, name, **p), urn, default_gap(con))
    renamed = replace(school, facts={**school.facts, "school_name": "St Aidan\u2019s \u0174ood"})
    _, text = read(briefing.school_pack(renamed, [], is_demo=False, built_at=None))
    assert "St Aidan\u2019s \u0174ood" in text
    assert "DEMONSTRATION" not in text


def test_la_pack_lists_the_gap_list_and_flags(con):
    gap = default_gap(con)
    la_code, la_name = con.execute(
        "select s.la_code, any_value(s.la_name) from gap_rows(?, ?, ?, ?, ?) g "
        "join schools s using (urn) "
        "where g.gap_direction is not null group by s.la_code order by count(*) desc limit 1",
        list(gap.params.values()),
    ).fetchall()[0]
    selection = {"la_code": la_code, "phase": None, "school_type": None}
    compared, summaries, flags, _, _ = la_inputs(con, gap, selection)
    pdf = la_pack_of(con, la_name, gap, selection)
    _, text = read(pdf)
    assert la_name in text
    on_list = compared.filter(compared["gap_direction"].is_not_null())
    assert on_list.height > 0
    for urn in on_list["urn"].to_list():
        assert str(urn) in text
    below = on_list.filter(on_list["gap_direction"] == "below").height
    assert f"less satisfied than at schools with the same grade and phase {below}" in text
    assert gap.describe()[:60] in text
    assert gaps.coverage_words(compared)[:40] in text  # 'N of M open schools compared (...)'
    for comparison in gaps.with_comparison(on_list)["comparison"].unique().to_list():
        assert comparison[:20] in text
    for reason in flags["reason"].to_list():
        assert reason[:30] in text
    assert "Reports that ask for involvement, not engagement" in text
    from tests.banned_words import banned_in

    assert banned_in(text) == []  # an adviser's words on paper too
    assert "at least 100%" not in text


def test_la_pack_says_how_own_surveys_are_compared_when_its_list_holds_them(con):
    """Own surveys are compared only within the LA: the pack says so beside the list when the
    LA's own surveys are compared (or could not be), and says nothing of it for Parent View."""
    la_code, la_name, framework_id, area = con.execute(
        "select s.la_code, any_value(s.la_name), g.framework_id, g.area from satisfaction_gaps "
        "as g join schools as s using (urn) where g.family = 'questionnaire_own_survey' "
        "and g.window_months = 36 group by all order by count(*) desc, 1, 3, 4 limit 1"
    ).fetchone()
    selection = {"la_code": la_code, "phase": None, "school_type": None}
    options = run(con, "gap_options")
    texts = []
    for gap in (
        gaps.GapChoice("questionnaire_own_survey", framework_id, area, 36, "the judgement"),
        gaps.expert_default(options, 36),
    ):
        pdf = la_pack_of(con, la_name, gap, selection)
        texts.append(read(pdf)[1])
    words = re.sub(r"\s+", " ", gaps.OWN_SURVEY_WORDS)
    assert words in texts[0] and words not in texts[1]
    too_few = "too few schools with the same grade and phase in their local authority's own surveys"
    assert too_few in texts[0]


def test_la_pack_lists_reports_asking_only_for_involvement(con):
    row = con.execute(
        "select la_code, any_value(la_name) from school_summaries "
        "where is_open and report_involvement_only group by la_code order by count(*) desc limit 1"
    ).fetchone()
    assert row is not None, "the demo plants reports that mention parents only as involvement"
    la_code, la_name = row
    selection = {"la_code": la_code, "phase": None, "school_type": None}
    summaries = run(con, "la_summaries", **selection)
    pdf = la_pack_of(con, la_name, default_gap(con), selection)
    _, text = read(pdf)
    listed = summaries.filter(summaries["is_open"] & summaries["report_involvement_only"])
    for urn in listed["urn"].to_list():
        assert str(urn) in text


def test_la_pack_sets_its_reports_beside_the_2013_analysis(con):
    la_code, la_name = con.execute(
        "select s.la_code, any_value(s.la_name) from report_codes join school_summaries as s "
        "using (urn) where has_improvement_section group by s.la_code order by count(*) desc "
        "limit 1"
    ).fetchone()
    selection = {"la_code": la_code, "phase": None, "school_type": None}
    pdf = la_pack_of(con, la_name, None, selection)
    _, text = read(pdf)
    assert "Inspection reports beside Engagement in Education (2013)" in text
    figures = run(con, "report_study_figures", **selection)
    here = figures.filter(
        (figures["geography"] == "Selection") & (figures["report_era"] == "all")
    ).row(0, named=True)
    england = figures.filter(
        (figures["geography"] == "England") & (figures["report_era"] == "all")
    ).row(0, named=True)
    share = here["count_engagement_strategy"] / here["count_reports"]
    assert f"{share:.1%} of {here['count_reports']:,} in {la_name}" in text
    assert f"of {england['count_reports']:,} in England" in text
    assert "Engagement in Education (2013): 15.4% of the reports it analysed" in text
    assert "18.9% of the reports it analysed" in text
    assert "was not available to us" in text and "seed" not in text.lower()
    assert "parents_views" not in text


def test_la_pack_allows_for_the_coders_measured_mistakes_as_the_page_does(con):
    """The pack gives each share observed and with the coder's measured mistakes allowed for,
    the very figures the Engagement page shows (lens/rules/coder_errors.py), and the method."""
    from lens.rules import coder_errors

    la_code, la_name = con.execute(
        "select s.la_code, any_value(s.la_name) from report_codes join school_summaries as s "
        "using (urn) where has_improvement_section group by s.la_code order by count(*) desc "
        "limit 1"
    ).fetchone()
    selection = {"la_code": la_code, "phase": None, "school_type": None}
    measured = run(con, "coder_measured_errors")
    allowed = coder_errors.allow_for_errors(run(con, "report_coder_groups", **selection), measured)
    pdf = la_pack_of(con, la_name, None, selection, allowed=allowed, measured=measured)
    _, text = read(pdf)
    flat = " ".join(text.split())
    assert "Allowing for the coder's mistakes" in text
    for line in coder_errors.sentences(allowed, la_name):
        assert line.split(": ", 1)[1] in flat
    assert "Rogan and Gladen, 1978" in flat
    from tests.banned_words import banned_in

    assert banned_in(text) == []


def test_the_report_figures_section_says_when_an_la_has_no_reports():
    pdf = briefing.Pack("test", is_demo=False)
    pdf.add_page()
    briefing.report_figures_section(pdf, "Rutland", pl.DataFrame())
    _, text = read(bytes(pdf.output()))
    assert "No inspection report with an improvement section is loaded for this LA" in text


# The heading sweep lays out 40 school packs and 5 LA packs. A pack's layout does not depend on
# what its charts' images hold: Pack.chart places each image in a box of a fixed height and keeps
# its aspect ratio inside the box (fpdf moves down by the box, not the image), so the sweep draws a
# blank image instead of rendering each chart (a real render is ~0.8 s a chart, three a school).
# test_a_blank_chart_lays_the_pack_out_as_the_real_render_does holds that true with real renders.
SCHOOLS_SWEPT, LAS_SWEPT = 40, 5
SAMPLE = {"schools": 5, "las": 1}  # of the sweep, in a plain `python -m pytest`; all with --full


def blank_png() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (8, 3), "white").save(image, "PNG")
    return image.getvalue()


def heading_places(monkeypatch, make):  # noqa: ANN001, ANN201 - (headings' places, document)
    """Where each heading of the document `make()` lays out starts: (text, page, y)."""
    placed = []
    heading = briefing.Pack.heading

    def noting(pack, text, *args, **kwargs):  # noqa: ANN001, ANN202
        heading(pack, text, *args, **kwargs)
        placed.append((text, pack.page, round(pack.get_y(), 3)))

    with monkeypatch.context() as patched:
        patched.setattr(briefing.Pack, "heading", noting)
        document = make()
    return placed, document


def test_a_blank_chart_lays_the_pack_out_as_the_real_render_does(con, rich_school, monkeypatch):
    """The one real-render check the heading sweep stands on: the same school's pack with its
    charts rendered, and with blank images, puts every heading in the same place."""
    school = profile.load(lambda name, **p: run(con, name, **p), rich_school, default_gap(con))
    points = discuss.points_to_discuss(school)
    rendered = []
    real_png = charts.png

    def counted(*args, **kwargs) -> bytes:  # noqa: ANN002, ANN003
        rendered.append(real_png(*args, **kwargs))
        return rendered[-1]

    monkeypatch.setattr(charts, "png", counted)
    real, real_document = heading_places(
        monkeypatch, lambda: briefing.school_document(school, points, is_demo=True, built_at=None)
    )
    assert len(rendered) == 3 and all(r.startswith(b"\x89PNG") for r in rendered)
    assert {Image.open(io.BytesIO(r)).size for r in rendered} != {(8, 3)}
    monkeypatch.setattr(charts, "png", lambda *_, **__: blank_png())
    blank, blank_document = heading_places(
        monkeypatch, lambda: briefing.school_document(school, points, is_demo=True, built_at=None)
    )
    assert len(real) > 8 and blank == real
    assert blank_document.pages_count == real_document.pages_count
    assert blank_document.orphans == real_document.orphans


def _swept(con, what: str, query: str, limit: int, part: str) -> list:  # noqa: ANN001
    rows = [row[0] for row in con.execute(f"{query} limit {limit}").fetchall()]
    assert len(rows) == limit
    return rows[: SAMPLE[what]] if part == "sample" else rows[SAMPLE[what] :]


@pytest.mark.parametrize("part", ["sample", pytest.param("rest", marks=pytest.mark.slow)], ids=str)
def test_no_heading_is_left_alone_at_a_page_foot(con, monkeypatch, part):
    """Every heading in the packs is followed on its own page by what it heads."""
    monkeypatch.setattr(charts, "png", lambda *_, **__: blank_png())  # see SCHOOLS_SWEPT
    gap = default_gap(con)
    urns = _swept(
        con,
        "schools",
        "select urn from school_summaries where is_open order by urn",
        SCHOOLS_SWEPT,
        part,
    )
    for urn in urns:
        school = profile.load(lambda name, **p: run(con, name, **p), urn, gap)
        points = discuss.points_to_discuss(school)
        document = briefing.school_document(school, points, is_demo=True, built_at=None)
        assert document.orphans == [], (urn, document.orphans)
    for la_code in _swept(
        con,
        "las",
        "select la_code from local_authorities order by count_open_schools desc",
        LAS_SWEPT,
        part,
    ):
        selection = {"la_code": la_code, "phase": None, "school_type": None}
        document = la_pack_of(con, "An LA", gap, selection, make=briefing.la_document)
        assert document.orphans == [], (la_code, document.orphans)


def test_the_heading_check_catches_a_heading_at_a_page_foot():
    pack = briefing.Pack("A test", is_demo=False)
    pack.add_page()
    pack.set_y(pack.page_break_trigger - 9)
    pack.heading("At the foot", size=10, keep=0)  # room for the heading, none for what follows
    pack.para("Some text that needs two lines of room.")
    assert pack.orphans == ["At the foot"]


def test_the_satisfaction_chart_has_one_legend_entry_per_source():
    """Colour and shape share one field and title, and only the points draw a legend, so each
    source is listed once (it was listed twice, in two shapes)."""
    spec = charts.spec("satisfaction_history")
    legends = {
        (channel, encoding["field"], encoding.get("title"))
        for layer in spec["layer"]
        for channel, encoding in layer.get("encoding", {}).items()
        if channel in ("color", "shape") and encoding.get("legend", {}) is not None
    }
    assert legends == {("color", "series", "Source"), ("shape", "series", "Source")}


# --- a pack to hand over (issue 20, item 6) -------------------------------------------------------


def pages_of(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def rich_school(con):
    """A school with Parent View, its own survey and an engagement judgement (a coded report
    too, when the small demo has one)."""
    return con.execute(
        "select s.urn from school_summaries as s "
        "where s.pct_happy is not null and s.engagement_judged_on is not null "
        "and s.urn in (select urn from school_satisfaction "
        "where family = 'questionnaire_own_survey') order by s.report_on is null, s.urn limit 1"
    ).fetchone()[0]


def test_page_one_is_a_summary_in_an_advisers_words(con, rich_school):
    school, pdf = pack_for(con, rich_school)
    pages = pages_of(pdf)
    first = pages[0]
    for heading in ("What parents say", "What inspectors judged", "What to discuss"):
        assert heading in first
    # each figure with its source, unit and base: "27% of 45 parents answering" and the like
    assert re.search(r"\d+(\.\d)?% of \d+ (parents answering|responses)", first)
    for technical in ("standard error", "Wilson", "Spiegelhalter", "percentile", "winsor"):
        assert technical not in first, technical
    assert "How these figures are made" in pages[-1]
    assert "How these figures are made" not in " ".join(pages[:-1])


def test_no_banned_word_placeholder_or_empty_page_in_either_pack(con, rich_school):
    from tests.banned_words import banned_in

    school, pdf = pack_for(con, rich_school)
    for audience, made in (("la", pdf), ("school", for_the_school(con, rich_school))):
        pages = pages_of(made)
        text = " ".join(pages)
        assert banned_in(text) == [], audience
        assert "[ ]" not in text and "[  ]" not in text and "no rule matched" not in text
        assert " None " not in text and " nan " not in text
        header = len(f"Partnership Lens briefing pack for the {audience}") + 120
        assert all(len(page) > header for page in pages), [len(p) for p in pages]


def test_every_plotted_result_is_in_the_packs_table(con, rich_school):
    """The chart plots the rows the table lists (a 2019 point was drawn and not listed)."""
    school, pdf = pack_for(con, rich_school)
    text = " ".join(pages_of(pdf))
    plotted = school.satisfaction.sort("data_date", descending=True).head(briefing.PACK_ROWS)
    for row in plotted.iter_rows(named=True):
        assert f"{row['data_date']:%-d %b %Y}" in text
        assert f"{row['pct_satisfied']:.1f}%" in text


def for_the_school(con, urn: int) -> bytes:
    school = profile.load(lambda name, **p: run(con, name, **p), urn, default_gap(con))
    points = discuss.points_to_discuss(school)
    return briefing.school_pack(school, points, is_demo=True, built_at=None, for_the_school=True)


def test_the_schools_copy_holds_no_la_internal_material(con, rich_school):
    """Own surveys, advisers' engagement judgements and notes stay with the LA."""
    la_copy = " ".join(pages_of(pack_for(con, rich_school)[1]))
    schools_copy = " ".join(pages_of(for_the_school(con, rich_school)))
    evaluator, notes = con.execute(
        "select evaluator, notes from engagement_judgements where urn = ? "
        "order by judged_on desc limit 1",
        [rich_school],
    ).fetchone()
    assert "own parent survey" in la_copy.lower() and evaluator in la_copy
    for internal in ("own parent survey", "Own survey differs", evaluator.lower()):
        assert internal.lower() not in schools_copy.lower(), internal
    if notes:
        assert notes[:25] not in schools_copy
    assert "public sources only" in schools_copy
    name = con.execute("select school_name from schools where urn = ?", [rich_school]).fetchone()[0]
    assert name in schools_copy and "What parents say" in schools_copy


def _headings_split_mid_word(monkeypatch, make) -> list[str]:  # noqa: ANN001 - a callable
    """The table headings that `make` printed with a word broken over two lines ('Respons' over
    'es'): each bold table cell is laid out again, dry, and its lines' words set against its own."""
    from fpdf.enums import MethodReturnValue

    from lens.present.pack import Pack

    original = Pack.multi_cell
    broken = []

    def spy(self, w, h=None, text="", **kwargs):  # noqa: ANN001, ANN202 - fpdf's own signature
        in_table = kwargs.get("output") == MethodReturnValue.PAGE_BREAK | MethodReturnValue.HEIGHT
        if in_table and "B" in self.font_style:
            dry = {k: v for k, v in kwargs.items() if k in ("padding", "wrapmode", "align")}
            lines = original(self, w, h, text, dry_run=True, output="LINES", **dry)
            if set(text.split()) - set(" ".join(lines).split()):
                broken.append(f"{text!r} as {lines}")
        return original(self, w, h, text, **kwargs)

    monkeypatch.setattr(Pack, "multi_cell", spy)
    make()
    return broken


def test_no_table_heading_breaks_inside_a_word(con, rich_school, monkeypatch):
    """Headings wrap at their spaces only, in the LA pack's gap list ('Respons es', '% satisfie d',
    '95% interva l from' were printed) and in every other table of both packs."""
    gap = default_gap(con)
    la_code, la_name = con.execute(
        "select s.la_code, any_value(s.la_name) from gap_rows(?, ?, ?, ?, ?) g "
        "join schools s using (urn) "
        "where g.gap_direction is not null group by s.la_code order by count(*) desc limit 1",
        list(gap.params.values()),
    ).fetchall()[0]
    selection = {"la_code": la_code, "phase": None, "school_type": None}

    def la_pack() -> bytes:
        return la_pack_of(con, la_name, gap, selection)

    assert _headings_split_mid_word(monkeypatch, la_pack) == []
    assert _headings_split_mid_word(monkeypatch, lambda: pack_for(con, rich_school)) == []
    school = lambda: for_the_school(con, rich_school)  # noqa: E731
    assert _headings_split_mid_word(monkeypatch, school) == []


def test_the_school_packs_questions_carry_their_base(con, rich_school):
    """The school pack's question-by-question table gives each question's parents answering, as
    the profile page's table does (the pack gave percentages with no base)."""
    school, pdf = pack_for(con, rich_school)
    _, text = read(pdf)
    assert "Parents answering" in text
    for row in school.pv_questions.iter_rows(named=True):
        figures = [row[c] for c in ("pct_positive", "ci95_low_pct", "ci95_high_pct")]
        england = row["phase_england_pct_positive"]  # England's schools of its phase
        said = " ".join(f"{v:.1f}%" for v in [*figures, *([england] if england else [])])
        assert f"{said} {row['answering']:,}" in text, row["question_text"]
