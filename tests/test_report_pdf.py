"""Inspection reports read from the PDFs Ofsted publishes (etl/readers/report_pdf.py).

The PDFs are drawn here with fpdf2 in each era's layout. The bullets are private-use characters,
as Word's Symbol and Wingdings bullets come out of real reports (U+F0B7; the real 2016 sample has
U+F06E and U+F03C). fpdf2's core fonts cannot write those (they are Windows-1252 only), and no
font on the system maps them, so a system TrueType font (DejaVu Sans or Liberation Sans) is
copied with those code points added to its character map, pointing at its bullet glyph: the PDF
then says "U+F0B7" for the bullet, as a Word PDF does.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from fpdf import FPDF
from pypdf import PdfReader

from etl.build import build_warehouse
from etl.errors import FileProblem
from etl.readers.detect import read_file
from etl.readers.report_pdf import read_pdf_text
from etl.readers.report_text import RUNNING_HEADER, read_report
from tests import builders
from tests.conftest import sample

BULLET = "\uf0b7"
SQUARE = "\uf0a7"
WINGDINGS = "\uf06e"
DASH = "\u2013"
PRIVATE_BULLETS = (0xF0B7, 0xF0A7, 0xF06E, 0xF03C)
FONTS = Path("/usr/share/fonts/truetype")
FONT_CHOICES = ("dejavu/DejaVuSans.ttf", "liberation/LiberationSans-Regular.ttf")


@pytest.fixture(scope="session")
def font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A system TrueType font that also draws the private-use bullets (see the module's note)."""
    from fontTools.ttLib import TTFont

    found = next((FONTS / name for name in FONT_CHOICES if (FONTS / name).exists()), None)
    if found is None:
        pytest.skip(f"no DejaVu Sans or Liberation Sans under {FONTS} to draw the bullets with")
    ttf = TTFont(found)
    for table in ttf["cmap"].tables:
        if table.isUnicode():
            for code in PRIVATE_BULLETS:
                table.cmap[code] = table.cmap[0x2022]
    path = tmp_path_factory.mktemp("font") / "bullets.ttf"
    ttf.save(path)
    return path


class ReportPdf(FPDF):
    """An inspection report as Ofsted lays one out: a running header from page 2, a footer, body
    text justified in 10 pt, bullets with a hanging indent."""

    def __init__(self, font: Path, header: str = "", footer: str = "", size: float = 10) -> None:
        super().__init__(format="A4")
        self.running_header, self.running_footer, self.size = header, footer, size
        self.add_font("body", fname=str(font))
        self.set_font("body", size=size)
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=22)
        self.add_page()

    def header(self) -> None:
        if self.running_header and self.page_no() > 1:
            self.set_font("body", size=8)
            self.cell(0, 5, self.running_header.replace("{page}", str(self.page_no())))
            self.ln(10)
            self.set_font("body", size=self.size)

    def footer(self) -> None:
        if self.running_footer:
            self.set_y(-14)
            self.set_font("body", size=8)
            self.cell(0, 5, self.running_footer.replace("{page}", str(self.page_no())), align="R")
            self.set_font("body", size=self.size)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def para(self, text: str) -> None:
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def lines(self, lines: list[str]) -> None:
        """A paragraph wrapped by hand, to break a page at a chosen line."""
        for line in lines:
            self.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def rows(self, pairs: list[tuple[str, str]]) -> None:
        """A label-and-value table (judgements, school details): not two columns of prose."""
        for label, value in pairs:
            self.cell(95, 6, label)
            self.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def bullet(self, text: str, mark: str = BULLET, indent: float = 0) -> None:
        self.set_x(self.l_margin + indent)
        self.cell(6, 5, mark)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def near_page_end(self, lines_left: int) -> None:
        """Move down so that only `lines_left` lines fit before the page breaks."""
        self.set_y(self.h - self.b_margin - 5 * lines_left - 1)

    def two_columns(self, left: list[str], right: list[str], gutter: float = 8) -> None:
        """Two columns of bullets drawn row by row across the page, as some producers write them:
        pypdf's plain text then interleaves the columns line by line."""
        width = (self.w - self.l_margin - self.r_margin - gutter) / 2
        columns = []
        for items in (left, right):
            lines: list[str] = []
            for item in items:
                wrapped = self.multi_cell(width - 6, 5, item, dry_run=True, output="LINES")
                lines += [
                    (BULLET if n == 0 else "") + "\t" + text for n, text in enumerate(wrapped)
                ]
            columns.append(lines)
        top = self.get_y() + 4
        for row in range(max(len(c) for c in columns)):
            for number, lines in enumerate(columns):
                if row < len(lines):
                    mark, text = lines[row].split("\t")
                    x = self.l_margin + number * (width + gutter)
                    if mark:
                        self.text(x, top + 5 * row, mark)
                    self.text(x + 6, top + 5 * row, text)
        self.set_y(top + 5 * max(len(c) for c in columns) + 4)


def write(pdf: FPDF, path: Path) -> Path:
    pdf.output(str(path))
    return path


def points_of(result) -> list[tuple[int | None, str]]:
    """(parent point, text) of each improvement point, in order."""
    points = result.tables["stg_report_points"].sort("point_no")
    return list(zip(points["parent_point_no"], points["text"], strict=True))


def sentences_of(result) -> list[tuple[bool, str]]:
    """(in the improvement section, sentence) of each sentence about parents, in order."""
    s = result.tables["stg_report_sentences"]
    return list(zip(s["in_improvement_section"], s["sentence"], strict=True))


# --- one report per era --------------------------------------------------------------------------

SCHOOL = "Oak Hill Primary School"
PTA_SENTENCE = (
    "Parents who spoke to inspectors said that they value the Parent Teacher Association and "
    "that any concerns they raise are dealt with quickly."
)
READING_POINT = (
    "Improve the partnership with parents by sharing with them each term what their children "
    "will learn, so that parents can support reading and number work at home."
)


def report_2005(font: Path, path: Path) -> Path:
    pdf = ReportPdf(font, f"Inspection report: {SCHOOL}, 10{DASH}11 March 2010", "Page {page}")
    pdf.heading("Inspection report")
    pdf.rows([("Unique reference number", "112233"), ("Inspection dates", "10–11 March 2010")])
    pdf.heading("Overall effectiveness of the school")
    pdf.para(
        "Oak Hill is a satisfactory school with good features. Pupils enjoy school and their "
        "attendance is above average. Parents are very positive about the school and one "
        "parent wrote that the staff are always ready to help."
    )
    pdf.para("Standards in writing are below those expected by the end of Year 6.")
    pdf.heading("What the school should do to improve further")
    pdf.bullet("Raise standards in writing by giving pupils more chances to write at length.")
    pdf.near_page_end(1)
    pdf.bullet(READING_POINT)  # two lines on this page, the rest on the next
    pdf.bullet("Make sure that governors check the school's plans for improvement.")
    pdf.heading("Inspection judgements")
    pdf.para("The school's capacity for sustained improvement is satisfactory.")
    return write(pdf, path)


def report_2012(font: Path, path: Path) -> Path:
    pdf = ReportPdf(
        font, f"Inspection report: {SCHOOL}, 12{DASH}13 October 2016 Page {{page}} of 3"
    )
    pdf.heading("School report")
    pdf.heading(SCHOOL)
    pdf.para("Inspection dates 12–13 October 2016")
    pdf.rows(
        [
            ("Overall effectiveness", "Requires improvement"),
            ("Effectiveness of leadership and management", "Good"),
            ("Outcomes for pupils", "Requires improvement"),
        ]
    )
    pdf.heading("Summary of key findings for parents and pupils")
    pdf.two_columns(
        [
            "Leaders have improved teaching since the previous inspection and pupils now make "
            "faster progress in reading.",
            "Parents are not kept well informed about how well their children are doing in "
            "mathematics.",
        ],
        [
            "Pupils behave well in lessons and around the school, and they feel safe.",
            "Governors know the school well and challenge leaders about pupils' progress.",
        ],
    )
    pdf.heading("Full report")
    pdf.heading("What does the school need to do to improve further?")
    pdf.bullet("Improve the quality of teaching in mathematics by:")
    pdf.bullet("making sure that teachers check pupils' understanding in lessons", DASH, 6)
    pdf.bullet(
        "giving parents clear information about how they can help their children with "
        "mathematics at home.",
        DASH,
        6,
    )
    pdf.bullet("Improve attendance, so that it is at least in line with the national average.")
    pdf.heading("Inspection judgements")
    pdf.para(
        "Leaders have high expectations of pupils and staff. Staff value the training they "
        "receive and morale is high."
    )
    pdf.near_page_end(1)
    pdf.lines(  # the page breaks after a full line, before a word in capitals
        [
            "The school works closely with parents. Parents who spoke to inspectors said that "
            "they value the",
            "Parent Teacher Association and that any concerns they raise are dealt with quickly.",
        ]
    )
    pdf.heading("School details")
    pdf.rows([("Unique reference number", "123456"), ("Inspection number", "10020012")])
    return write(pdf, path)


def report_2019(font: Path, path: Path) -> Path:
    pdf = ReportPdf(font, f"Inspection report: {SCHOOL}, 5 and 6 March 2019", "{page}")
    pdf.heading(f"Inspection of {SCHOOL}")
    pdf.para("Inspection dates: 5 and 6 March 2019")
    pdf.heading("What is it like to attend this school?")
    pdf.para(
        "Pupils are happy and safe at this school. Parents and carers say that their children "
        "love coming to school."
    )
    pdf.heading("What does the school need to do to improve?")
    pdf.para("(Information for the school and appropriate authority)")
    pdf.bullet(
        "The curriculum in science is not planned well enough. Leaders should set out the "
        "knowledge pupils need to learn in each year."
    )
    pdf.bullet(
        "Some parents do not understand how phonics is taught. Leaders should involve parents "
        "in their children's early reading so that they can help at home.",
        WINGDINGS,  # any private-use character is a bullet, as in the real 2016 sample
    )
    pdf.heading("School details")
    pdf.rows([("Unique reference number", "134567")])
    return write(pdf, path)


def report_card_2025(font: Path, path: Path) -> Path:
    pdf = ReportPdf(font, f"Report card: {SCHOOL}", "Page {page} of 2")
    pdf.heading(SCHOOL)
    pdf.rows(
        [
            ("URN: 145678", ""),
            ("Inspection dates: 25 and 26 November 2025", ""),
            ("Inclusion", "Expected standard"),
            ("Curriculum and teaching", "Strong standard"),
            ("Leadership and governance", "Expected standard"),
        ]
    )
    pdf.heading("Next steps")
    pdf.bullet(
        "Leaders should make sure that the reading curriculum is taught consistently well in "
        "every class."
    )
    pdf.bullet(
        "Leaders should work with parents so that more pupils attend school regularly.", SQUARE
    )
    pdf.heading("About this inspection")
    pdf.para("Inspectors spoke to parents at the start of the school day.")
    return write(pdf, path)


ERAS = {
    "s5_2005": (
        report_2005,
        "report_112233_2010-03-10.pdf",
        date(2010, 3, 10),
        [
            (None, "Raise standards in writing by giving pupils more chances to write at length."),
            (None, READING_POINT),
            (None, "Make sure that governors check the school's plans for improvement."),
        ],
        [
            (
                False,
                "Parents are very positive about the school and one parent wrote that the staff "
                "are always ready to help.",
            ),
            (True, READING_POINT),
        ],
    ),
    "cif_2012": (
        report_2012,
        "report_123456_2016-10.pdf",
        date(2016, 10, 12),
        [
            (None, "Improve the quality of teaching in mathematics by:"),
            (1, "making sure that teachers check pupils' understanding in lessons"),
            (
                1,
                "giving parents clear information about how they can help their children with "
                "mathematics at home.",
            ),
            (None, "Improve attendance, so that it is at least in line with the national average."),
        ],
        [
            (False, "Summary of key findings for parents and pupils"),
            (
                False,
                "Parents are not kept well informed about how well their children are doing in "
                "mathematics.",
            ),
            (
                True,
                "giving parents clear information about how they can help their children with "
                "mathematics at home.",
            ),
            (False, "The school works closely with parents."),
            (False, PTA_SENTENCE),
        ],
    ),
    "eif_2019": (
        report_2019,
        "report_134567_2019-03-05.pdf",
        date(2019, 3, 5),
        [
            (
                None,
                "The curriculum in science is not planned well enough. Leaders should set out "
                "the knowledge pupils need to learn in each year.",
            ),
            (
                None,
                "Some parents do not understand how phonics is taught. Leaders should involve "
                "parents in their children's early reading so that they can help at home.",
            ),
        ],
        [
            (
                False,
                "Parents and carers say that their children love coming to school.",
            ),
            (True, "Some parents do not understand how phonics is taught."),
            (
                True,
                "Leaders should involve parents in their children's early reading so that they "
                "can help at home.",
            ),
        ],
    ),
    "report_card_2025": (
        report_card_2025,
        "report_145678_2025-11-25.pdf",
        date(2025, 11, 25),
        [
            (
                None,
                "Leaders should make sure that the reading curriculum is taught consistently "
                "well in every class.",
            ),
            (None, "Leaders should work with parents so that more pupils attend school regularly."),
        ],
        [
            (
                True,
                "Leaders should work with parents so that more pupils attend school regularly.",
            ),
            (False, "Inspectors spoke to parents at the start of the school day."),
        ],
    ),
}


@pytest.mark.parametrize("era", list(ERAS))
def test_each_eras_pdf_gives_its_improvement_points_and_parent_sentences(era, font, tmp_path):
    make, name, inspected_on, points, sentences = ERAS[era]
    result = read_report(make(font, tmp_path / name))
    files = result.tables["stg_report_files"]
    assert files["heading_framework"].to_list() == [era]
    assert files["inspected_on"].to_list() == [inspected_on]
    assert points_of(result) == points
    assert sentences_of(result) == sentences
    assert result.rejects.is_empty()
    pages = PdfReader(tmp_path / name).get_num_pages()
    assert f"read from a PDF of {pages} page{'s' * (pages > 1)}" in result.notes


# --- what a PDF does to the text -----------------------------------------------------------------


def test_two_column_page_is_read_left_column_then_right(font, tmp_path):
    path = report_2012(font, tmp_path / "report_123456_2016-10.pdf")
    plain = PdfReader(path).pages[0].extract_text()
    # the fixture does what real PDFs do: pypdf's plain text mixes the columns line by line
    assert "the previous inspection and pupils now the school, and they feel safe.\n" in plain
    text = read_pdf_text(path)
    assert text.two_column_pages == [1]
    summary = text.text.split("Summary of key findings for parents and pupils\n\n")[1]
    assert summary.split("\n\nFull report")[0].split("\n") == [
        f"{BULLET} Leaders have improved teaching since",
        "the previous inspection and pupils now",
        "make faster progress in reading.",
        f"{BULLET} Parents are not kept well informed about",
        "how well their children are doing in",
        "mathematics.",
        "",
        f"{BULLET} Pupils behave well in lessons and around",
        "the school, and they feel safe.",
        f"{BULLET} Governors know the school well and",
        "challenge leaders about pupils' progress.",
    ]


def test_label_and_value_tables_stay_rows_not_columns(font, tmp_path):
    text = read_pdf_text(report_card_2025(font, tmp_path / "card.pdf"))
    assert text.two_column_pages == []
    assert "Inclusion Expected standard\nCurriculum and teaching Strong standard\n" in text.text


def test_private_use_bullets_come_through_and_start_points(font, tmp_path):
    path = report_card_2025(font, tmp_path / "report_145678_2025-11-25.pdf")
    text = read_pdf_text(path).text
    assert f"{BULLET} Leaders should make sure" in text
    assert f"{SQUARE} Leaders should work with parents" in text
    assert [p for _, p in points_of(read_report(path))][1].startswith("Leaders should work")


def test_running_headers_and_footers_are_dropped_from_every_page(font, tmp_path):
    path = report_2005(font, tmp_path / "report_112233_2010-03-10.pdf")
    reader = PdfReader(path)
    assert reader.get_num_pages() == 2
    assert "Inspection report: Oak Hill" in reader.pages[1].extract_text()  # drawn, then dropped
    text = read_pdf_text(path).text
    assert "Inspection report: Oak Hill" not in text
    assert not re.search(r"^Page \d$", text, re.M)
    # the header the text path catches alone (clean_lines) is not needed here
    assert not any(RUNNING_HEADER.match(line) for line in text.split("\n"))


def test_a_point_and_a_sentence_going_on_over_a_page_break_are_joined(font, tmp_path):
    path = report_2005(font, tmp_path / "report_112233_2010-03-10.pdf")
    pages = PdfReader(path).pages
    assert "so that parents can" not in pages[0].extract_text().replace("\n", " ")  # split
    assert READING_POINT in [p for _, p in points_of(read_report(path))]
    path = report_2012(font, tmp_path / "report_123456_2016-10.pdf")
    first, second = (" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
    assert first.endswith("they value the") and "Parent Teacher Association and" in second
    assert PTA_SENTENCE in [s for _, s in sentences_of(read_report(path))]


# --- URN and date: the name's, else the report's -------------------------------------------------


def test_a_name_without_urn_or_date_takes_them_from_the_report(font, tmp_path):
    result = read_report(report_2012(font, tmp_path / "Oak Hill Primary School.pdf"))
    files = result.tables["stg_report_files"]
    assert files.select("urn", "inspected_on", "inspection_number").rows() == [
        (123456, date(2016, 10, 12), "10020012")
    ]
    assert result.tables["stg_report_points"]["urn"].unique().to_list() == [123456]
    assert not any("disagree" in n or "but the report says" in n for n in result.notes)


STATED = [  # (what the report says, URN, inspected on)
    ("Unique reference number 103980\nInspection dates 9–10 November 2016", 103980, (2016, 11, 9)),
    ("URN: 145678\nInspection dates: 25 and 26 November 2025", 145678, (2025, 11, 25)),
    ("URN 145679\nInspection dates: 30 September to 1 October 2025", 145679, (2025, 9, 30)),
    ("Unique reference number\n112233\nInspection dates 10–11 March 2010", 112233, (2010, 3, 10)),
    ("URN: 134567\nInspection date: Tuesday 5th March 2019", 134567, (2019, 3, 5)),
    ("URN: 134568\nPrevious inspection date 1 May 2015\nInspection date 4 June 2019",
     134568, (2019, 6, 4)),
]  # fmt: skip


@pytest.mark.parametrize(("stated", "urn", "inspected_on"), STATED)
def test_urn_and_date_are_read_as_reports_state_them(stated, urn, inspected_on, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(f"School report\n\n{stated}\n\nParents like the newsletters.\n")
    files = read_report(path).tables["stg_report_files"]
    assert files.select("urn", "inspected_on").rows() == [(urn, date(*inspected_on))]


def test_name_and_report_disagreeing_keeps_the_name_and_says_so(font, tmp_path):
    result = read_report(report_2012(font, tmp_path / "report_123457_2016-10-20.pdf"))
    files = result.tables["stg_report_files"]
    assert files.select("urn", "inspected_on").rows() == [(123457, date(2016, 10, 20))]
    assert "the name says URN 123457 but the report says 123456: the name's URN is used" in (
        result.notes
    )
    assert (
        "the name says 20 October 2016 but the report says inspected 12 October 2016: the "
        "name's date is used"
    ) in result.notes


def test_a_report_with_no_urn_anywhere_is_rejected_naming_the_file(font, tmp_path):
    pdf = ReportPdf(font)
    pdf.para("Inspection dates: 5 and 6 March 2019")
    pdf.heading("What does the school need to do to improve?")
    pdf.bullet("Leaders should involve parents in reading.")
    path = write(pdf, tmp_path / "Oak Hill inspection.pdf")
    with pytest.raises(FileProblem, match="no URN in the file name .* nor in the report"):
        read_report(path)
    result = read_file(path, None)
    assert result.rejects.select("file", "column_name", "action").rows() == [
        ("Oak Hill inspection.pdf", "whole file", "file rejected")
    ]
    assert result.rejects["reason"][0].startswith("no URN in the file name")


# --- PDFs that cannot be read --------------------------------------------------------------------


def scanned(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 300), "white")
    ImageDraw.Draw(image).text((20, 20), "What does the school need to do to improve?", "black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    return write(pdf, path)


def encrypted(font: Path, path: Path, user_password: str) -> Path:
    pdf = ReportPdf(font)
    pdf.heading("Next steps")
    pdf.bullet("Leaders should work with parents to improve attendance.")
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    return write(pdf, path)


def test_unreadable_pdfs_are_rejected_with_their_reason(font, tmp_path):
    good = report_2019(font, tmp_path / "good.pdf").read_bytes()
    cases = {
        "report_900101_scan.pdf": (scanned, "no text in the PDF (1 page(s) of images only"),
        "report_900102_locked.pdf": (
            lambda p: encrypted(font, p, "parent-secret"),
            "the PDF is encrypted and cannot be opened without a password",
        ),
        "report_900103_cut.pdf": (
            lambda p: p.write_bytes(good[: len(good) // 3]) and p,
            "the PDF is damaged and could not be read",
        ),
        "report_900104_page.pdf": (
            lambda p: p.write_bytes(b"<!DOCTYPE html><html>Not found</html>") and p,
            "not a PDF although named .pdf (it starts '<!DOCTYPE html><html'",
        ),
    }
    for name, (make, reason) in cases.items():
        make(tmp_path / name)
        result = read_file(tmp_path / name, None)
        assert result.rejects.select("file", "column_name", "action").rows() == [
            (name, "whole file", "file rejected")
        ], name
        assert result.rejects["reason"][0].startswith(reason), result.rejects["reason"][0]
        assert result.tables == {}


def test_a_pdf_locked_only_against_changes_is_read(font, tmp_path):
    path = encrypted(font, tmp_path / "report_900105_2025-12-01.pdf", user_password="")
    assert PdfReader(path).is_encrypted
    assert points_of(read_report(path)) == [
        (None, "Leaders should work with parents to improve attendance.")
    ]


def test_pages_without_text_are_noted_when_others_have_it(font, tmp_path):
    pdf = ReportPdf(font)
    pdf.heading("Next steps")
    pdf.bullet("Leaders should work with parents to improve attendance.")
    pdf.add_page()  # an empty (scanned-like) page
    result = read_report(write(pdf, tmp_path / "report_900106_2025-12-01.pdf"))
    assert "no text on page(s) 2 (scanned images?): their text is missing" in result.notes
    assert len(points_of(result)) == 1


# --- the real 2016 report, drawn as a PDF -------------------------------------------------------


def sample_as_pdf(font: Path, text: str, path: Path) -> Path:
    """The real report's text drawn page by page as its PDF was: the running header on pages 2
    on, each line as it was wrapped, and the first page's summary in two columns."""
    pages = text.split("\x0c")
    pdf = ReportPdf(font, size=9)
    for number, page in enumerate(pages, start=1):
        lines = page.split("\n")
        header = next((line for line in lines if RUNNING_HEADER.match(line)), None)
        lines = [line for line in lines if line is not header]
        if number > 1:
            pdf.add_page()
        if header:
            pdf.set_font("body", size=8)
            pdf.cell(0, 5, header.strip(), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("body", size=9)
        while lines and not lines[-1].strip():
            lines.pop()
        if number == 1:
            start = lines.index("This is an inadequate school")
            middle = lines.index("The school has the following strengths")
            for line in lines[:start]:
                pdf.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
            left, right = lines[start:middle], lines[middle:]
            top = pdf.get_y()
            for row in range(max(len(left), len(right))):
                for x, column in ((pdf.l_margin, left), (108, right)):
                    if row < len(column) and column[row].strip():
                        pdf.text(x, top + 4.5 * (row + 1), column[row])
            continue
        for line in lines:
            pdf.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    return write(pdf, path)


def test_real_2016_report_as_pdf_gives_what_its_text_gives(font, tmp_path):
    source = sample("ofsted_report_urn103980_2016-11.txt")
    from_text = read_report(source)
    path = sample_as_pdf(
        font, source.read_text(encoding="utf-8-sig"), tmp_path / "Rounds Green report.pdf"
    )
    from_pdf = read_report(path)
    assert "two columns read left then right on page(s) 1" in from_pdf.notes
    # page 1 comes out in the order of the text, each column's heading and bullets together
    first_page = source.read_text(encoding="utf-8-sig").split("\x0c")[0].split("\n")
    expected = [" ".join(line.split()) for line in first_page if line.strip()]
    lines = [line for line in read_pdf_text(path).text.split("\n") if line]
    assert lines[: len(expected)] == expected
    columns = ["heading_framework", "point_no", "parent_point_no", "text", "label"]
    assert (
        from_pdf.tables["stg_report_points"]
        .select(columns)
        .equals(from_text.tables["stg_report_points"].select(columns))
    )
    assert from_pdf.tables["stg_report_points"].height == 24
    assert sentences_of(from_pdf) == sentences_of(from_text)
    files = ["urn", "inspected_on", "inspection_number", "count_points"]
    assert from_pdf.tables["stg_report_files"].select(files).rows() == [
        (103980, date(2016, 11, 9), "10020012", 24)
    ]


def test_text_after_a_page_break_in_lower_case_goes_on_with_the_sentence(tmp_path):
    """The text path too: a page break (blank lines and the running header) inside a sentence."""
    path = tmp_path / "report_900101_2016-11-09.txt"
    path.write_text(
        "School report\n\nThe headteacher meets parents every week and\n\n\n"
        "Inspection report: Oak Hill Primary School, 9\u201310 November 2016 Page 2 of 3\n\n"
        "listens to their views. Pupils enjoy their lessons.\n\nParents value the newsletter\n\n"
        "Governors meet parents twice a year.\n"
    )
    assert [s for _, s in sentences_of(read_report(path))] == [
        "The headteacher meets parents every week and listens to their views.",
        "Parents value the newsletter",  # a paragraph ends: the next starts in capitals
        "Governors meet parents twice a year.",
    ]


# --- the build ------------------------------------------------------------------------------------


@pytest.fixture
def raw_with_reports(tmp_path: Path) -> Path:
    """The minimal other files a build needs (as tests/test_build.py) and a reports folder."""
    raw = tmp_path / "raw"
    (raw / "reports").mkdir(parents=True)
    builders.write(raw / "mi_2026-02-28.csv", builders.mi_2025([{}]))
    builders.write(raw / "gias_20260301.csv", builders.gias([{}]))
    return raw


def test_build_loads_a_pdf_report_named_without_urn(font, raw_with_reports, tmp_path):
    report_2019(font, raw_with_reports / "reports" / "Oak Hill Primary School.pdf")
    target = tmp_path / "wh.duckdb"
    build_warehouse(raw_with_reports, target, progress=lambda _: None)
    con = duckdb.connect(str(target), read_only=True)
    try:
        points = con.execute(
            "select urn, inspected_on, heading_framework, text from report_points order by point_no"
        ).fetchall()
        log = dict(con.execute("select file, rows_loaded from load_log").fetchall())
    finally:
        con.close()
    assert [p[:3] for p in points] == [(134567, date(2019, 3, 5), "eif_2019")] * 2
    assert points[1][3].startswith("Some parents do not understand how phonics is taught.")
    assert log["Oak Hill Primary School.pdf"] == 1


def test_build_rejects_a_bad_pdf_report_and_goes_on(font, raw_with_reports, tmp_path):
    report_2019(font, raw_with_reports / "reports" / "Oak Hill Primary School.pdf")
    encrypted(font, raw_with_reports / "reports" / "report_900101_2024-01-10.pdf", "secret")
    target = tmp_path / "wh.duckdb"
    build_warehouse(raw_with_reports, target, progress=lambda _: None)
    con = duckdb.connect(str(target), read_only=True)
    try:
        rejects = con.execute(
            "select file, column_name, action, reason from rejects where file like '%.pdf'"
        ).fetchall()
        points = con.execute("select count(*) from report_points").fetchone()[0]
    finally:
        con.close()
    assert points == 2  # the good report is loaded
    assert len(rejects) == 1
    file, column, action, reason = rejects[0]
    assert (file, column, action) == ("report_900101_2024-01-10.pdf", "whole file", "file rejected")
    assert reason.startswith("the PDF is encrypted and cannot be opened without a password")
