"""Advisers' corrections of the report coder: the file is validated like every input (a bad row
goes to the rejects with file, line, column and reason), and on the next build a correction
overrides the coder for its sentence, keeps the coder's label beside it, and is itself kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.build import build_warehouse
from etl.coding.coder import sentence_hash
from etl.readers.detect import read_file
from tests import builders

POINT = "Leaders should help parents to support their children's reading at home."
OTHER_POINT = "Improve the teaching of mathematics."
SENTENCE = "Parents say that the school is well led."
REPORT = f"""School report

Inspection dates 5 March 2019

What does the school need to do to improve?

\uf0b7 {POINT}
\uf0b7 {OTHER_POINT}

Inspection judgements

{SENTENCE}
Inspection number 10099999
"""
HEADER = "URN,Inspection,Sentence hash,Label,Sentence\n"
TODAY = date(2026, 11, 28)


@pytest.mark.parametrize("reference", ["Sentence hash", "Sentence reference"])
def test_a_good_file_is_read_in_every_spelling_an_adviser_may_use(tmp_path, reference):
    """The dashboard's download says "Sentence reference"; files made before say "hash"."""
    text = HEADER.replace("Sentence hash", reference) + (
        f"900101,05/03/2019,{sentence_hash(POINT).upper()},Involvement,\n"
        f"900101,10099999,{sentence_hash(SENTENCE)},Parents' views,\n"
        f"900101,5-6 March 2019,{sentence_hash(OTHER_POINT)},none of these,\n"
        f"900102,2019-03-05,{sentence_hash(OTHER_POINT)},PARENTS_VIEWS,\n"
    )
    result = read_file(builders.write(tmp_path / "corrections.csv", text), None, TODAY)
    rows = result.tables["stg_report_corrections"].sort("line")
    assert result.rejects.is_empty()
    assert rows["label"].to_list() == ["involvement", "parents_views", "none", "parents_views"]
    assert rows["inspected_on"].to_list() == [date(2019, 3, 5), None, *[date(2019, 3, 5)] * 2]
    assert rows["inspection_number"].to_list() == [None, "10099999", None, None]
    assert rows["sentence_hash"][0] == sentence_hash(POINT)


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("12345,05/03/2019,0123456789ab,engagement", "URN", "URN must be 6 digits"),
        ("900101,31/02/2019,0123456789ab,engagement", "Inspection", "not an inspection date"),
        ("900101,,0123456789ab,engagement", "Inspection", "required value is missing"),
        ("900101,05/03/2019,zzz,engagement", "Sentence hash", "not a sentence reference"),
        ("900101,05/03/2019,0123456789ab,enthusiasm", "Label", "unknown label"),
    ],
)
def test_a_bad_row_is_rejected_with_file_line_column_and_reason(tmp_path, row, column, reason):
    good = "".join(f"90010{i},05/03/2019,0123456789ab,engagement,\n" for i in range(1, 4))
    text = HEADER + good + row + ",\n"
    result = read_file(builders.write(tmp_path / "corrections.csv", text), None, TODAY)
    rejects = result.rejects
    assert rejects.height == 1
    reject = rejects.row(0, named=True)
    assert (reject["file"], reject["line"], reject["column_name"]) == ("corrections.csv", 5, column)
    assert reason in reject["reason"] and reject["action"] == "row rejected"
    assert result.tables["stg_report_corrections"].height == 3
    assert "parents_views" not in reject["reason"]  # the reason speaks the reader's words


def test_a_sentence_corrected_twice_in_a_file_keeps_the_later_line(tmp_path):
    text = HEADER + (
        f"900101,05/03/2019,{sentence_hash(POINT)},involvement,\n"
        f"900101,2019-03-05,{sentence_hash(POINT)},informing,\n"
        f"900101,05/03/2019,{sentence_hash(SENTENCE)},none,\n"
    )
    result = read_file(builders.write(tmp_path / "corrections.csv", text), None, TODAY)
    kept = result.tables["stg_report_corrections"].sort("line")
    assert kept["line"].to_list() == [3, 4]
    assert kept["label"].to_list() == ["informing", "none"]
    assert result.rejects["line"].to_list() == [2]
    assert "corrected again at line 3" in result.rejects["reason"][0]


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of one report and two corrections files."""
    raw = tmp_path_factory.mktemp("raw")
    (raw / "report_900101_2019-03-05.txt").write_text(REPORT, encoding="utf-8")
    (raw / "report_corrections_2026-11-01.csv").write_text(
        HEADER
        + f"900101,05/03/2019,{sentence_hash(POINT)},involvement,\n"
        + f"900101,10099999,{sentence_hash(SENTENCE)},none,by its number\n"
        + f"900102,05/03/2019,{sentence_hash(OTHER_POINT)},engagement,no such school\n"
    )
    (raw / "report_corrections_2026-11-02.csv").write_text(
        HEADER
        + f"900101,10099999,{sentence_hash(POINT)},informing,the later file wins\n"
        + f"900101,05/03/2019,{sentence_hash(OTHER_POINT)},engagement,\n"
        + "900101,05/03/2019,zzz,engagement,\n"
    )
    target = raw.parent / "warehouse.duckdb"
    build_warehouse(raw, target, progress=lambda _: None)
    return target


def one(con: duckdb.DuckDBPyConnection, sql: str, text: str) -> tuple:
    """The row of `sql` for the unit whose text is `text` (bound as its hash)."""
    return con.execute(sql, [sentence_hash(text)]).fetchone()


def test_a_correction_overrides_the_coder_and_keeps_its_label_beside(corrected):
    con = duckdb.connect(str(corrected), read_only=True)
    point = one(
        con,
        "select label, coder_label, is_corrected, correction_file, learning_link "
        "from report_points where sentence_hash = ?",
        POINT,
    )
    assert point == ("informing", "engagement", True, "report_corrections_2026-11-02.csv", False)
    upgraded = one(
        con,
        "select label, coder_label, learning_link from report_points where sentence_hash = ?",
        OTHER_POINT,
    )
    # the learning link needs parents in the text, and this point names none
    assert upgraded == ("engagement", "none", False)
    sentence = one(
        con,
        "select label, coder_label, is_uncertain from report_parent_sentences "
        "where sentence_hash = ?",
        SENTENCE,
    )
    assert sentence == ("none", "parents_views", False)
    codes = con.execute("select uses_engagement, parents_views_only from report_codes").fetchone()
    assert codes == (True, False)


def test_every_correction_is_kept_with_what_it_found(corrected):
    con = duckdb.connect(str(corrected), read_only=True)
    kept = con.execute(
        "select source_file, line, count_units from report_corrections order by source_file, line"
    ).fetchall()
    assert kept == [
        ("report_corrections_2026-11-01.csv", 2, 2),  # the point and its repeat as a sentence
        ("report_corrections_2026-11-01.csv", 3, 1),
        ("report_corrections_2026-11-01.csv", 4, 0),  # no such school: kept, found nothing
        ("report_corrections_2026-11-02.csv", 2, 2),
        ("report_corrections_2026-11-02.csv", 3, 1),
    ]
    rejected = con.execute("select file, line, column_name from rejects").fetchall()
    assert rejected == [("report_corrections_2026-11-02.csv", 4, "Sentence hash")]


def test_the_pages_download_is_a_corrections_file_the_build_reads(demo_warehouse, tmp_path):
    """The Engagement page's coded passages, downloaded as CSV (in the reader's words), read
    back as corrections with no reject: an adviser edits the Label column and no other."""
    from lens.data.warehouse import open_read_only, run
    from lens.present import export
    from lens.present.vocabulary import present

    con = open_read_only(demo_warehouse)
    passages = run(
        con,
        "report_coded_points",
        la_code=None,
        phase=None,
        school_type=None,
        label=None,
        uncertain_only=False,
    ).select("urn", "inspection_key", "sentence_hash", "report_label", "sentence")
    passages = passages.unique(["urn", "inspection_key", "sentence_hash"])  # as the page does
    assert passages.height > 0
    path = tmp_path / "report_corrections.csv"
    path.write_bytes(export.to_csv_bytes(present(passages)))
    result = read_file(path, None, TODAY)
    assert result.layout_id == "report_corrections"
    assert result.rejects.is_empty()
    read_back = result.tables["stg_report_corrections"]
    assert read_back.height == passages.height
    assert set(read_back["label"]) == set(passages["report_label"])
