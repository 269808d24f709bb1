"""What only a browser shows: pages rendered, a filter changed through the URL, a real download,
and axe-core's accessibility audit of every page."""

from __future__ import annotations

import json
import re

import pytest

from lens.app.pages import PAGES as REGISTRY
from tests.browser.conftest import ARTIFACTS, READY, _unavailable, axe_script, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {  # a name for its screenshot: the address, and how its heading starts
    (p.url_path or "overview"): (p.address, p.heading) for p in REGISTRY
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_with_heading_banner_and_no_error(server, page, name):
    path, heading = PAGES[name]
    open_page(page, server + path)
    assert page.locator("h1").first.inner_text().startswith(heading)
    assert page.get_by_text("Demonstration data: fictional schools").is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


DATABASE_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
PAGE_TEXT = """() => {
    const copy = document.querySelector('[data-testid="stApp"]').cloneNode(true);
    // the warehouse's own documentation names its tables on purpose; commands are code; a
    // table's cells (its accessible copy, filled some time after it is drawn) are checked by
    // tests/test_vocabulary.py, and the Data page's rightly name the published files
    copy.querySelectorAll('code, [data-testid="stDataFrame"]')
        .forEach(e => e.remove());
    return copy.textContent;
}"""


@pytest.mark.parametrize("name", list(PAGES))
def test_no_database_name_in_any_pages_text(server, page, name):
    """Everything the page holds as text, the sidebar and collapsed sections included, bar the
    tables (tests/test_vocabulary.py checks their headers and cells): their accessible copy is
    filled a moment after they are drawn, so whether it was read depended on the machine's load."""
    open_page(page, server + PAGES[name][0])
    text = page.evaluate(PAGE_TEXT)
    found = sorted(set(DATABASE_NAME.findall(text)))
    assert found == [], found


def test_choosing_a_local_authority_changes_the_link_and_the_figures(server, page):
    open_page(page, server + "/")
    box = page.get_by_role("combobox", name="Local authority")
    box.click()
    page.keyboard.type("England")
    page.keyboard.press("Enter")
    page.wait_for_url("**la=England*")
    # wait for the rerun's own result, not a state left from before it began
    page.wait_for_function(
        "() => document.querySelector('h1')?.innerText === 'Partnership Lens: England'",
        timeout=90_000,
    )
    page.wait_for_selector(READY)
    # the link carries the choice: opening it fresh shows the same view
    open_page(page, page.url)
    assert page.locator("h1").first.inner_text() == "Partnership Lens: England"


def test_gap_list_downloads_as_csv(server, page):
    open_page(page, server + "/satisfaction?la=England+%28all+local+authorities%29")
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV: gap list").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    header = text.splitlines()[0].split(",")
    # the demonstration label first, then the page's words; the default list names each row's
    # comparison (every school's latest parents' views against the judgement then in force)
    assert header[:6] == ["Data", "School", "URN", "Comparison", "Grade", "Gap list"]


def test_explore_filter_goes_into_the_link_and_back(server, page):
    open_page(page, server + "/explore?la=England+%28all+local+authorities%29")
    before = page.get_by_text(" shown of ").inner_text()
    box = page.get_by_role("combobox", name="Gap list")
    box.click()
    page.keyboard.type("either side")
    page.keyboard.press("Enter")
    page.wait_for_url("**gap=On+the+gap+list*")
    page.wait_for_function(
        "before => [...document.querySelectorAll('p')].some("
        "p => p.innerText.includes(' shown of ') && p.innerText !== before)",
        arg=before,
        timeout=90_000,
    )
    page.wait_for_selector(READY)
    after = page.get_by_text(" shown of ").inner_text()
    open_page(page, page.url)
    assert page.get_by_text(" shown of ").inner_text() == after
    with page.expect_download() as download:
        page.get_by_role("button", name="Excel: school list").click()
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(download.value.path()))
    rows = book.get_sheet_by_name("Data").to_python()
    assert rows[1][:3] == ["Data", "School", "URN"]  # under the title row
    assert f"{len(rows) - 2:,} school" in after
    about = dict(book.get_sheet_by_name("About").to_python())
    assert about["Gap list"].startswith("On the gap list (either side) (")
    assert "gap=On+the+gap+list" in about["Link (after the dashboard's address)"]


def test_school_briefing_pack_downloads_as_a_pdf(server, page, demo_warehouse):
    from lens.data.warehouse import open_read_only

    con = open_read_only(demo_warehouse)
    name = con.execute("select school_name from schools where urn = 900001").fetchone()[0]
    open_page(page, server + "/school?urn=900001")
    assert page.get_by_role("heading", name=name).is_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the briefing pack (PDF)").click()
    from pypdf import PdfReader

    reader = PdfReader(download.value.path())
    assert 2 <= len(reader.pages) <= 4
    assert f"{name} (URN 900001)" in reader.pages[0].extract_text()


def test_opening_the_predecessor_changes_the_address(server, page, demo_warehouse):
    from lens.data.warehouse import open_read_only

    urn, predecessor = (
        open_read_only(demo_warehouse)
        .execute("select urn, predecessor_urn from school_predecessors order by urn limit 1")
        .fetchone()
    )
    open_page(page, f"{server}/school?urn={urn}")
    page.get_by_role("button", name=f"Open the school it replaced: URN {predecessor}").click()
    page.wait_for_url(f"**urn={predecessor}*", timeout=60_000)
    page.wait_for_selector(READY)
    # the address now names the predecessor: opening it afresh shows the same school
    open_page(page, page.url)
    successor = page.get_by_role("button", name=f"Open the school that replaced it: URN {urn}")
    successor.wait_for(timeout=30_000)  # drawn with the facts, below the fold
    assert successor.count() == 1


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_accessibility_violations(server, page, name):
    script = axe_script()
    if script is None:
        _unavailable("axe-core is not installed (.ci/run installs it from the npm registry)")
    open_page(page, server + PAGES[name][0])
    page.add_script_tag(path=str(script))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    serious = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(result["violations"], indent=1))
    assert not serious, json.dumps(serious, indent=1)


CHART_PARTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .map(chart => ({
        role: chart.getAttribute('role'),
        name: chart.getAttribute('aria-label'),
        drawn: chart.querySelectorAll('svg path, svg line').length,
        // what a screen reader can reach inside the chart: labelled parts outside any subtree
        // hidden with aria-hidden (Vega hides the whole of a mark, axis or legend that way)
        labelled: [...chart.querySelectorAll('[aria-label]')]
            .filter(e => !e.closest('[aria-hidden="true"]'))
            .map(e => e.getAttribute('aria-label')),
    }))"""
DRAWN = """(some) => {
    // every chart's data drawn, and, on a page with charts, at least one chart there: under load
    // a page's charts arrive after its first elements, and "every" of none is true
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    return (!some || charts.length > 0)
        && charts.every(chart => chart.querySelector('svg g.role-mark path, svg g.role-mark line'));
}"""
WITHOUT_CHARTS = {"engagement", "explore", "data", "accessibility"}


def _wait_drawn(page, name: str) -> None:  # noqa: ANN001 - a Playwright page
    page.wait_for_function(DRAWN, arg=name not in WITHOUT_CHARTS, timeout=30_000)


@pytest.mark.parametrize("name", list(PAGES))
def test_a_chart_is_one_named_graphic_with_nothing_labelled_inside(server, page, name):
    """An audit found Vega's own labels on every mark, axis and legend (63 on the Overview, 286
    on Satisfaction): database names and unrounded numbers ('% of schools: 22.622623%; ...;
    grade_rank: 1') that the page's text check never saw, being inside the SVG. Each chart is one
    graphic named for what it is and where its figures are, with nothing reachable inside."""
    open_page(page, server + PAGES[name][0])
    _wait_drawn(page, name)
    charts = page.evaluate(CHART_PARTS)
    assert charts or name in WITHOUT_CHARTS
    for chart in charts:
        assert chart["role"] == "graphics-document"
        assert chart["name"].startswith("Chart: ")
        assert chart["name"].endswith("Its figures are in the table or words beside it.")
        assert chart["drawn"] > 2, chart["name"]  # drawn as SVG, whose parts are checked
        assert chart["labelled"] == [], (chart["name"], chart["labelled"][:3])
    # and in Chromium's own accessibility tree, no part of a chart is a named graphic
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    named = [
        node["name"]["value"]
        for node in tree
        if not node.get("ignored")
        and node.get("role", {}).get("value") in ("graphics-symbol", "graphics-object")
        and node.get("name", {}).get("value")
    ]
    assert named == [], named[:3]


TOOLTIP_SHOWN = """() => {
    const tip = document.getElementById('vg-tooltip-element');
    return !!tip && getComputedStyle(tip).visibility !== 'hidden' && tip.innerText.trim() !== '';
}"""


def test_no_chart_shows_a_tooltip_on_hover(server, page):
    """Tooltips could not be dismissed with Escape and covered the legend (WCAG 1.4.13), and
    Streamlit gives a chart without its own tooltip one of every field by its database name:
    hovering the Overview's bars shows nothing over the chart."""
    open_page(page, server + "/")
    _wait_drawn(page, "overview")
    bars = page.locator('[data-testid="stVegaLiteChart"] g.role-mark path')
    assert bars.count() > 4
    for index in range(0, bars.count(), max(1, bars.count() // 8)):
        bars.nth(index).hover(force=True)
        page.wait_for_timeout(150)
        assert not page.evaluate(TOOLTIP_SHOWN), index


CHART_FIT = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const all = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    // a chart still arriving (no drawing yet) is measured on the next look
    const pending = all.some(c => !c.querySelector('svg g.role-mark'));
    const charts = all.filter(c => c.querySelector('svg g.role-mark')).map(c => {
        const box = c.getBoundingClientRect();
        // every text Vega drew (titles, axis and legend labels) inside the chart's own box, whole
        const texts = [...c.querySelectorAll('svg text')]
            .filter(t => t.getAttribute('opacity') !== '0');
        const out = texts.filter(t => {
            const r = t.getBoundingClientRect();
            return r.width > 0 && (r.left < box.left - 2 || r.right > box.right + 2);
        });
        return {
            name: c.getAttribute('aria-label'),
            svg: c.querySelector('svg').getBoundingClientRect().width,
            box: box.width,
            out: out.map(t => t.textContent),
            cut: texts.filter(t => t.textContent.includes('\u2026')).map(t => t.textContent),
        };
    });
    return {sideways: main.scrollWidth - main.clientWidth, charts, pending};
}"""
CHART_PAGES = [name for name in PAGES if name not in WITHOUT_CHARTS]


@pytest.mark.parametrize(
    "size", [(320, 640), (1024, 768), (1400, 1000)], ids=["320px", "projector", "desk"]
)
@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_fits_its_width_at_320_px_on_a_projector_and_at_a_desk(
    server, page, name, size
):
    """WCAG 1.4.10 at 320 px: an audit found grade legends losing entries, titles and '100%' cut
    and the gap list's plot squeezed to a sliver by its legend. Every chart is as wide as its
    place, every title, axis label and legend label inside it and none shortened with '...', and
    the page does not scroll sideways; the same at the projector's and the desk's sizes."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, server + PAGES[name][0])
    _wait_drawn(page, name)
    found = page.evaluate(CHART_FIT)
    for _ in range(20):  # under load a page's later charts arrive after its first are drawn
        if not found["pending"]:
            break
        page.wait_for_timeout(500)
        found = page.evaluate(CHART_FIT)
    assert not found["pending"], "a chart was never drawn"
    assert found["sideways"] <= 0
    for chart in found["charts"]:
        assert chart["svg"] <= chart["box"] + 1, chart["name"]
        assert chart["out"] == [] and chart["cut"] == [], chart


SIDEBAR_BOXES = '[data-testid="stSidebar"] [data-testid="stSelectbox"]'
FITS = """([index, texts]) => {
    // which of a sidebar box's options its input shows whole, measured in the input's own font
    const input = document.querySelectorAll('SIDEBAR_BOXES input')[index];
    const style = getComputedStyle(input);
    const pen = document.createElement('canvas').getContext('2d');
    pen.font = style.font;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return texts.map(t => pen.measureText(t).width <= room);
}""".replace("SIDEBAR_BOXES", SIDEBAR_BOXES)
NEXT_OPTIONS = """() => {
    // scroll the open list (it draws only the options in view); false at its end
    const list = document.querySelector('[data-testid="stSelectboxVirtualDropdown"]');
    const scroller = [list, ...list.querySelectorAll('*')]
        .find(e => e.scrollHeight > e.clientHeight + 2);
    if (!scroller) return false;
    const before = scroller.scrollTop;
    scroller.scrollTop += 80;
    return scroller.scrollTop !== before;
}"""


def _options(page, box) -> list[str]:  # noqa: ANN001 - Playwright objects
    """Every option of a sidebar select box, as its list shows them."""
    box.locator("input").click()
    page.wait_for_selector('[role="listbox"]')
    texts: set[str] = set()
    for _ in range(500):
        texts |= set(page.locator('[role="option"]').all_inner_texts())
        if not page.evaluate(NEXT_OPTIONS):
            break
    page.keyboard.press("Escape")
    return sorted(texts)


@pytest.mark.parametrize("mode", ["every school", "one comparison"])
def test_every_sidebar_choice_is_read_whole(server, page, mode):
    """A walkthrough found 'Every school: its latest parents' v' cut off: a select box shows its
    choice in an input on one line, which no style can wrap. Every option of every sidebar box
    fits its box, or is longer than BOX_CHARACTERS and so is written out in full under it."""
    from lens.app.filters import BOX_CHARACTERS, MODES, ONE_COMPARISON

    query = "" if mode == "every school" else f"?gap_mode={MODES[ONE_COMPARISON]}"
    page.set_viewport_size({"width": 1400, "height": 1800})  # room for the lowest box's list
    open_page(page, server + "/" + query)
    cut = []
    for index in range(page.locator(SIDEBAR_BOXES).count()):
        texts = _options(page, page.locator(SIDEBAR_BOXES).nth(index))
        fits = page.evaluate(FITS, [index, texts])
        cut += [
            t for t, fit in zip(texts, fits, strict=True) if not fit and len(t) <= BOX_CHARACTERS
        ]
    assert cut == []


def test_a_long_choice_is_written_out_and_an_older_link_still_opens_its_view(server, page):
    """The long choice reads whole under its box; a link in the sidebar's older words ('One
    source against one judgement', '24 months before the parents answered') opens the same view,
    its boxes showing the choice in today's words."""
    from lens.app.filters import MODES, ONE_COMPARISON, window_words

    long_type = "Academy alternative provision sponsor led"
    open_page(page, server + "/?type=" + long_type.replace(" ", "+"))
    assert (
        page.locator('[data-testid="stSidebar"]').get_by_text(f"In full: {long_type}").is_visible()
    )
    older = (
        "gap_mode=One+source+against+one+judgement&gap_window=24+months+before+the+parents+answered"
    )
    open_page(page, server + "/satisfaction?" + older)
    assert page.get_by_role("combobox", name="Compare").input_value() == MODES[ONE_COMPARISON]
    window = page.locator(SIDEBAR_BOXES).filter(has_text="Judgement made at most")
    assert window.locator("input").input_value() == window_words(24)
    assert page.locator('[data-testid="stException"]').count() == 0


LINK_STYLE = """e => {
    const s = getComputedStyle(e);
    return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,
            background: s.backgroundColor, current: e.getAttribute('aria-current')};
}"""
UNCOVERED = """e => {
    // the focused link is what a sighted user sees at its centre and at its outline's corners:
    // nothing sticky is drawn over it
    const r = e.getBoundingClientRect();
    const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 2, r.top + 2],
                    [r.right - 2, r.bottom - 2]];
    return points.every(([x, y]) => e.contains(document.elementFromPoint(x, y)));
}"""


def _hex(css: str) -> str:
    """'rgb(29, 79, 145)' -> '#1d4f91' (an opaque colour)."""
    red, green, blue = (int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def test_keyboard_focus_on_a_page_link_is_not_the_current_pages_highlight(server, page):
    """A walkthrough found the focused page link looking just like the current page (Streamlit
    gives both a grey background, and focus no outline): tabbing through the sidebar, the focused
    link has a solid outline of 3:1 or more against the sidebar, a look the current page does
    not have, and nothing sticky covers it."""
    from tests.test_charts import contrast

    open_page(page, server + "/")
    links = page.locator('[data-testid="stSidebarNavLink"]')
    current = links.first.evaluate(LINK_STYLE)
    assert current["current"] == "page"  # the Overview
    links.first.focus()
    page.keyboard.press("Tab")  # by keyboard, as :focus-visible needs
    focused = page.locator('[data-testid="stSidebarNavLink"]:focus')
    style = focused.evaluate(LINK_STYLE)
    assert style["current"] is None
    assert style["outline"] == "solid" and style["width"] >= 2
    sidebar = page.locator('[data-testid="stSidebar"]').evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert contrast(_hex(style["colour"]), _hex(sidebar)) >= 3
    assert current["outline"] == "none"  # the current page's highlight is its grey fill
    assert style["background"] != current["background"]
    assert focused.evaluate(UNCOVERED)
    # the current page reached by keyboard shows both: its highlight and the outline
    page.keyboard.press("Shift+Tab")
    back = page.locator('[data-testid="stSidebarNavLink"]:focus').evaluate(LINK_STYLE)
    assert back["current"] == "page" and back["outline"] == "solid"
    assert back["background"] != "rgba(0, 0, 0, 0)"  # still filled grey: still the current page
