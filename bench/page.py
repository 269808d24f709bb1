"""`python -m bench.page`: server-side render time of the pages on the national demo.

Runs the real script with Streamlit's AppTest (no browser): the first render with cold caches,
then filter changes to local authorities not seen before (cold for their queries), then repeats.
Target on the 2-core reference machine: a filter change re-renders in under 300 ms. Also lists
the largest table each page query reads, to show none scans the million survey answers (they are
aggregated by the ETL and never stored).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _warehouse() -> Path:
    """The national demo warehouse: LENS_WAREHOUSE_PATH if set and present, else built here."""
    existing = os.environ.get("LENS_WAREHOUSE_PATH")
    if existing and Path(existing).exists():
        return Path(existing)
    from etl.demo.generate import build_demo_warehouse
    from schemas.settings import Settings

    settings = Settings.from_env()
    scratch = Path(tempfile.mkdtemp())
    target = scratch / "warehouse.duckdb"
    build_demo_warehouse(
        scratch / "files",
        target,
        schools=settings.demo_school_count,
        seed=settings.demo_seed,
        progress=lambda _: None,
    )
    return target


def main() -> None:
    path = _warehouse()
    os.environ["LENS_WAREHOUSE_PATH"] = str(path)
    sys.path.insert(0, str(ROOT))
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - see tests/conftest.py
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    from lens.data.warehouse import open_read_only

    con = open_read_only(path)
    las = [
        r[0]
        for r in con.execute(
            "select la_code from local_authorities order by count_open_schools desc limit 12"
        ).fetchall()
    ]
    names = dict(con.execute("select la_code, la_name from local_authorities").fetchall())

    print(f"warehouse: {path}")
    for page in ("pages/satisfaction.py", "pages/parent_view.py"):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        started = time.perf_counter()
        at.run()
        at.switch_page(page).run()
        first = time.perf_counter() - started
        assert not at.exception, at.exception
        cold, warm = [], []
        for code in las[1:]:
            started = time.perf_counter()
            at.sidebar.selectbox(key="la").set_value(code).run()
            cold.append(time.perf_counter() - started)
            assert not at.exception, at.exception
        for code in las[1:]:
            started = time.perf_counter()
            at.sidebar.selectbox(key="la").set_value(code).run()
            warm.append(time.perf_counter() - started)
        print(
            f"{page}: first render (overview, then the page) {first * 1000:,.0f} ms; "
            f"filter change to a new LA ({len(cold)} LAs, e.g. {names[las[1]]}) median "
            f"{statistics.median(cold) * 1000:,.0f} ms, worst {max(cold) * 1000:,.0f} ms "
            f"(target < 300 ms); to a seen LA median {statistics.median(warm) * 1000:,.0f} ms"
        )
    _profile_explore_and_packs(AppTest, con, las, names)
    sizes = dict(
        con.execute(
            "select table_name, estimated_size from duckdb_tables() order by estimated_size desc"
        ).fetchall()
    )
    print(
        "largest warehouse tables (rows): "
        + ", ".join(f"{k} {v:,}" for k, v in list(sizes.items())[:5])
    )
    print(
        "the survey's individual answers are aggregated by the ETL and not stored: "
        f"questionnaire_counts holds {sizes.get('questionnaire_counts', 0):,} rows"
    )


def _median_ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:,.0f} ms, worst {max(times) * 1000:,.0f} ms"


def _profile_explore_and_packs(AppTest, con, las: list[int], names: dict) -> None:  # noqa: ANN001
    """The school profile (choosing a new school), the explore list (changing filters over all of
    England) and the PDF packs (made when their button is clicked)."""
    from lens.data.warehouse import run
    from lens.present import briefing
    from lens.rules import discuss, gaps, profile

    big = las[0]
    urns = [
        r[0]
        for r in con.execute(
            "select urn from schools where la_code = ? and is_open order by urn limit 11", [big]
        ).fetchall()
    ]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.query_params["la"] = f"{names[big]} ({big})"
    at.run()
    at.switch_page("pages/school.py").run()
    times = []
    for urn in urns[1:]:
        started = time.perf_counter()
        at.selectbox(key="school").set_value(urn).run()
        times.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    print(f"pages/school.py: choosing a new school in {names[big]}: {_median_ms(times)}")

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.query_params["la"] = "England (all local authorities)"
    at.run()
    at.switch_page("pages/explore.py").run()
    times = []
    for key, value in (("gap", "either"), ("flag", "any"), ("gap", "below"), ("flag", "none")):
        started = time.perf_counter()
        at.selectbox(key=key).set_value(value).run()
        times.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    print(f"pages/explore.py: a filter change over all of England: {_median_ms(times)}")

    def ask(name: str, **params: object):  # noqa: ANN202
        return run(con, name, **params)

    times = []
    for urn in urns[:5]:
        school = profile.load(ask, urn, gaps.default_choice(ask("gap_options"), 36))
        started = time.perf_counter()
        pdf = briefing.school_pack(
            school, discuss.points_to_discuss(school), is_demo=True, built_at=None
        )
        times.append(time.perf_counter() - started)
    print(f"school briefing pack (PDF, {len(pdf):,} bytes): {_median_ms(times)}")
    selection = {"la_code": big, "phase": None, "school_type": None}
    started = time.perf_counter()
    gap = gaps.default_choice(ask("gap_options"), 36)
    briefing.la_pack(
        names[big],
        gap,
        ask("gap_schools", **gap.params, **selection),
        ask("la_summaries", **selection),
        ask("latest_flags", **selection),
        ask("source_dates"),
        ask("report_study_figures", **selection),
        is_demo=True,
        built_at=None,
    )
    print(f"LA briefing pack for {names[big]}: {(time.perf_counter() - started) * 1000:,.0f} ms")


if __name__ == "__main__":
    main()
