"""An adviser's preparation for an Ofsted-preparation meeting, at a desk (1400 x 1000) and on a
projector (1024 x 768): the Overview, the gap list, a school on it, its profile and both packs,
and the Explore list's downloads (issue 20). At each step: no headline label or heading cut off,
no "None", no banned word (tests/banned_words.py) on the page, in a download or in a PDF; the
sidebar shut on the projector; a chart above its table there, beside it at the desk; the profile's
verdict before its table. Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.banned_words import banned_in
from tests.browser.conftest import ARTIFACTS, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"desk": (1400, 1000), "projector": (1024, 768)}

# Everything a person reads on the page: text, tooltips' text is not drawn until hovered (AppTest
# scans those: tests/test_words.py). Commands for IT (code) and the analysts' table documentation
# are left out, as in tests/banned_words.py.
PAGE_TEXT = """() => {
    const copy = document.querySelector('[data-testid="stMain"]').cloneNode(true);
    copy.querySelectorAll('code, [data-testid="stDataFrame"]')
        .forEach(e => e.remove());
    return copy.innerText;
}"""
# Labels and headings whose text is wider than their box (cut off with "...").
CUT_OFF = """() => {
    const boxes = document.querySelectorAll(
        '[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMain"] h1, '
        + '[data-testid="stMain"] h2, [data-testid="stMain"] h3, '
        + '[data-testid="stMain"] [data-testid="stWidgetLabel"] .stMarkdownEllipsis');
    return [...boxes].filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
        .map(e => `${e.innerText} (${e.scrollWidth} > ${e.clientWidth})`);
}"""
SIDEBAR_OPEN = """() => document.querySelector('button[aria-controls="stSidebar"]')
    ?.getAttribute('aria-expanded')"""
# The first chart and the table after it: where each one is drawn.
CHART_AND_TABLE = """() => {
    const chart = document.querySelector('[data-testid="stMain"] [data-testid="stVegaLiteChart"]');
    if (!chart) return null;
    const tables = document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]');
    const following = t => chart.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING;
    const after = [...tables].find(following);
    const a = chart.getBoundingClientRect(), b = after.getBoundingClientRect();
    return {chart: [a.left, a.top, a.right, a.bottom], table: [b.left, b.top, b.right, b.bottom]};
}"""
# The screen reader's copy of each table (glide's accessible grid): headers and cells as text.
TABLE_CELLS = """async () => {
    const read = [];
    for (const t of document.querySelectorAll('[data-testid="stDataFrame"]')) {
        t.scrollIntoView();  // its accessible copy is filled once it has been drawn
        await new Promise(done => setTimeout(done, 250));
        read.push({
            headers: [...t.querySelectorAll('[role=columnheader]')].map(h => h.innerText.trim()),
            cells: [...t.querySelectorAll('[role=gridcell]')].map(c => c.innerText.trim()),
        });
    }
    return read;
}"""


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    width, height = SIZES[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    page = context.new_page()
    yield request.param, page
    context.close()


@pytest.fixture(scope="module")
def la_with_a_school_on_the_list(demo_warehouse) -> tuple[int, str]:
    """The LA with most schools on the gap list for the default choice (the walk needs one)."""
    from lens.data.warehouse import open_read_only, run
    from lens.rules import gaps

    con = open_read_only(demo_warehouse)
    gap = gaps.default_choice(run(con, "gap_options"), 36)
    return con.execute(
        "select s.la_code, any_value(s.la_name) from gap_rows(?, ?, ?, ?, ?) g join schools s "
        "using (urn) where g.gap_direction is not null and s.is_open group by s.la_code "
        "order by count(*) desc, s.la_code limit 1",
        list(gap.params.values()),
    ).fetchone()


SCROLL_THROUGH = """async () => {
    // Streamlit draws an element when it nears the window: scroll through the page once, so
    // every section, table and chart is there to be read, then back to the top
    const scrolls = e => e.scrollHeight > e.clientHeight + 10
        && getComputedStyle(e).overflowY !== 'visible';
    const main = [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMain"] *')]
        .find(scrolls) || document.scrollingElement;
    for (let y = 0; y <= main.scrollHeight; y += Math.floor(main.clientHeight * 0.8)) {
        main.scrollTop = y;
        await new Promise(done => setTimeout(done, 120));
    }
    main.scrollTop = 0;
    await new Promise(done => setTimeout(done, 200));
}"""


def check_page(page, where: str, size: str) -> str:
    """What every step checks; returns the page's text."""
    page.screenshot(path=str(ARTIFACTS / f"walk-{size}-{where}.png"))
    page.evaluate(SCROLL_THROUGH)
    assert page.evaluate(CUT_OFF) == [], where
    text = page.evaluate(PAGE_TEXT)
    found = banned_in(text)
    assert found == [], (where, found)
    assert not re.search(r"\b(None|nan|NaN)\b", text), where
    for table in page.evaluate(TABLE_CELLS):
        words = [*table["headers"], *(c for c in table["cells"] if not c.startswith("school?"))]
        assert [w for w in words if w in ("None", "nan", "NaN")] == [], where
        assert [b for w in table["headers"] for b in banned_in(w)] == [], where
    return text


def pdf_text(download) -> str:
    from pypdf import PdfReader

    reader = PdfReader(download.value.path())
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_an_advisers_preparation_at_a_desk_and_on_a_projector(
    server, sized, la_with_a_school_on_the_list
):
    size, page = sized
    code, name = la_with_a_school_on_the_list
    la = f"{name} ({code})"

    # 1. the Overview
    open_page(page, f"{server}/?la={la}")
    check_page(page, "overview", size)
    assert page.evaluate(SIDEBAR_OPEN) == ("false" if size == "projector" else "true")
    placed = page.evaluate(CHART_AND_TABLE)
    chart, table = placed["chart"], placed["table"]
    if size == "projector":  # the chart above its table, each the page's width
        assert chart[3] <= table[1] and table[2] - table[0] > 600
    else:  # beside it
        assert chart[2] <= table[0] + 1 and abs(chart[1] - table[1]) < 120

    # 2. the gap list, by the Overview's own link
    page.get_by_text("on the gap list, and why").click()
    page.wait_for_url("**/satisfaction**", timeout=60_000)
    open_page(page, page.url)  # and its address, opened afresh, shows the same list
    check_page(page, "gap-list", size)
    links = []
    for _ in range(60):  # a table's cells are drawn a moment after the page (later under load)
        tables = page.evaluate(TABLE_CELLS)
        links = [c for t in tables for c in t["cells"] if c.startswith("school?school=")]
        if links:
            break
        page.wait_for_timeout(500)
    assert links, "the gap list names its schools as links to their profiles"

    # 3. a school on it: its name's link opens its profile on the same view
    link = links[0]
    query = parse_qs(urlsplit(link).query)
    assert query["la"] == [la]
    open_page(page, f"{server}/{link}")
    school = query["school"][0]
    assert page.get_by_role("heading", name=school).first.is_visible()
    text = check_page(page, "profile", size)
    verdict = re.search(r"(Below|Above|In line with) [^:]+: \d", text)
    assert verdict, "the Parent View verdict is said in words"
    assert text.index(verdict.group(0)) < text.index("submissions. Against")  # before its table
    pv = next(t for t in page.evaluate(TABLE_CELLS) if "Against England" in t["headers"])
    assert pv["headers"][:2] == ["Question", "Against England"]  # pinned, then the verdict

    # 4. its packs: the LA's and the school's
    for button in ("Download the briefing pack (PDF)", "Download the pack for the school (PDF)"):
        with page.expect_download() as download:
            page.get_by_role("button", name=button).click()
        said = pdf_text(download)
        assert school in said and "What parents say" in said
        assert banned_in(said) == [], button
        assert not re.search(r"\b(None|nan)\b", said), button


def test_explore_downloads_keep_every_filter_percentages_and_the_demo_label(server, page):
    """The Excel About sheet's link keeps both ends of the % satisfied range; percentages are real
    numbers formatted as %; both files say the data are the demonstration set."""
    from python_calamine import CalamineWorkbook

    open_page(page, f"{server}/explore?la=England+%28all+local+authorities%29&happy=20&happy=95")
    check_page(page, "explore", "desk")
    with page.expect_download() as download:
        page.get_by_role("button", name="Excel: school list").click()
    book = CalamineWorkbook.from_path(str(download.value.path()))
    about = dict(book.get_sheet_by_name("About").to_python())
    link = about["Link (after the dashboard's address)"]
    assert "happy=20" in link and "happy=95" in link
    rows = book.get_sheet_by_name("Data").to_python()
    assert "DEMONSTRATION DATA" in rows[0][0]
    header = rows[1]
    at = header.index("% satisfied")
    happy = [row[at] for row in rows[2:] if row[at] != ""]
    assert happy and [v for v in happy if not 0.2 <= round(v, 4) <= 0.95] == []
    cells = [str(c) for row in rows[1:] for c in row]
    assert [b for c in cells for b in banned_in(c)] == []
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV: school list").click()
    lines = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Data,School,URN,% satisfied")
    assert all(line.startswith("Demonstration: fictional schools,") for line in lines[1:])
    assert re.search(r",\d{2}\.\d%,", lines[1])
