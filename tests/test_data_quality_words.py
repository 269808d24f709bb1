"""The data page's counts of rejects read as English for one and for many (an adviser's
walkthrough found "1 rows rejected" and "1 inspections dropped")."""

from __future__ import annotations

from lens.sections.data_quality import ACTION_WORDS, action_words


def test_one_and_many():
    assert action_words("row rejected", 1).startswith("1 row rejected: a row missing")
    assert action_words("row rejected", 2).startswith("2 rows rejected: a row missing")
    assert action_words("inspection dropped", 1).startswith("1 inspection dropped: ")
    assert action_words("recorded, not a grade", 19011) == (
        "19,011 codes recorded that are not grades (such as 9, not applicable): nothing is missing"
    )


def test_every_kind_has_both_forms_and_an_unknown_kind_is_shown_as_recorded():
    for one, many, why in ACTION_WORDS.values():
        assert one != many and why
    assert action_words("something new", 3) == "3 something new"


def test_codes_recorded_as_not_grades_are_not_called_rejects(app_env):
    """Code 9 ('not applicable') is recorded, nothing is lost: the page counted those rows under
    'Rejects' and said no school had a value 'dropped or recorded' just before counting 100,513
    codes recorded."""
    from tests.conftest import start

    at = start()
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception
    summary = next(t.value for t in at.dataframe if "What happened" in t.value.columns)
    assert "Rejects" not in summary.columns and "Rows or values" in summary.columns
    assert "recorded, not a grade" in set(summary["What happened"])
    headings = [h.value for h in at.subheader]
    assert not any("reject" in h.lower() for h in headings), headings
    said = " ".join(m.value for m in at.markdown)
    assert "dropped or recorded" not in said and "lost a value from its Ofsted rows" in said


def test_every_school_a_cause_touched_is_named_not_only_the_first_rows(app_env):
    """A cause met on many rows (grade code 8 in one column, say) is one line of the rejects, and
    the page named only the school of its first row: 'Are any of my schools affected?' now lists
    the school of every row it stands for."""
    import polars as pl

    from lens.data.warehouse import open_read_only, run
    from lens.sections.data_quality import LOSSES
    from tests.conftest import start

    con = open_read_only(app_env)
    folded = pl.DataFrame(
        con.execute(
            "select r.file, r.column_name, r.reason, r.count_rows, count(distinct i.urn) "
            "from rejects as r, unnest(r.lines) as l(line) "
            "join inspections as i on i.source_file = r.file and i.line = l.line "
            "where r.count_rows > 1 and r.action in (select unnest(?)) group by all",
            [list(LOSSES)],
        ).fetchall(),
        schema=["file", "column_name", "reason", "count_rows", "schools"],
        orient="row",
    )
    assert folded.filter(pl.col("schools") > 1).height, "the demo plants a cause on many rows"
    listed = run(con, "rejects_for_schools", la_code=None, phase=None, school_type=None).filter(
        pl.col("action").is_in(LOSSES)
    )
    for row in folded.iter_rows(named=True):
        named = listed.filter(
            file=row["file"], column_name=row["column_name"], reason=row["reason"]
        )
        assert named["urn"].n_unique() == row["schools"], row
    at = start(la="England (all local authorities)")
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception
    shown = next(t.value for t in at.dataframe if "School" in t.value.columns)
    assert shown["URN"].nunique() == listed["urn"].n_unique()


def test_ofsteds_oeif_columns_are_named_in_words(app_env):
    """A column Ofsted heads 'Latest OEIF sixth form provision (where applicable)' is said in an
    adviser's words (the grade at the latest graded inspection under the education inspection
    framework), with the file's own heading kept so it can be found in the file."""
    from tests.conftest import start

    at = start()
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception
    columns = {c for t in at.dataframe if "Column" in t.value.columns for c in t.value["Column"]}
    oeif = [c for c in columns if "OEIF" in str(c)]
    assert oeif, "the demonstration's Ofsted file records code 9 in its OEIF columns"
    for said in oeif:
        words, _, heading = said.partition("; the file's column ")
        assert "OEIF" not in words and "education inspection framework (2019-24)" in words, said
        assert heading.startswith("\u2018") and heading.endswith("\u2019"), said
