"""What issue 23 removed stays removed: the vocabulary refuses an unknown column whatever the
environment says (the LENS_VOCAB_AUDIT switch that turned the refusal off is gone), and the
reference groups' phase groups are the declared ones (schemas/gap_method.py PHASE_GROUPS, made
into the warehouse's phase_group_of macro), not a copy in SQL."""

from __future__ import annotations

import duckdb
import pytest

from etl.warehouse import macro_names, phase_group_macro
from lens.present.vocabulary import UnknownColumn, column, present
from schemas.gap_method import PHASE_GROUPS


@pytest.mark.parametrize("switch", ["LENS_VOCAB_AUDIT", "LENS_DEBUG", "LENS_RAISE_PAGE_ERRORS"])
def test_an_unknown_column_is_refused_whatever_the_environment(monkeypatch, tmp_path, switch):
    monkeypatch.setenv(switch, str(tmp_path / "audit.txt"))
    with pytest.raises(UnknownColumn):
        column("internal_database_name")
    import polars as pl

    with pytest.raises(UnknownColumn):
        present(pl.DataFrame({"internal_database_name": [1]}))
    assert not (tmp_path / "audit.txt").exists()


def test_the_phase_groups_are_the_declared_ones():
    con = duckdb.connect()
    con.execute(phase_group_macro())
    for phase, group in PHASE_GROUPS.items():
        assert con.execute("select phase_group_of(?)", [phase]).fetchone()[0] == group
    for other in ("Nursery", "All-through", None):
        assert con.execute("select phase_group_of(?)", [other]).fetchone()[0] == "other"
    con.execute(phase_group_macro({"Primary": "primary", "Middle deemed primary": "primary"}))
    assert con.execute("select phase_group_of('Middle deemed primary')").fetchone()[0] == "primary"
    assert "phase_group_of" in macro_names()  # the dashboard's version check asks for it
