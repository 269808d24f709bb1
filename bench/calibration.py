"""`python -m bench.calibration`: how far the demonstration data behaves like the real data.

Measures, on the national demo warehouse (LENS_WAREHOUSE_PATH, or one built here), the statistics
formats.md section 7 gives for real data, the same way (etl/demo/calibration), the design target for
questionnaires at inspection by grade (not a published figure), and the gap list's flag rate by size
and phase for the default choice; prints each beside its target. The README's table of calibration
targets comes from this output.
"""

from __future__ import annotations

import duckdb

from bench.page import _warehouse
from etl.demo.calibration import TARGETS, flag_scores, measure


def main() -> None:
    warehouse = _warehouse()
    con = duckdb.connect(str(warehouse.resolve()), read_only=True)
    measured = measure(con)
    print(f"Parent View schools measured: {measured.schools:,}")
    print(f"{'statistic':<42} {'demo':>8} {'target':>8}")
    for name, target in TARGETS.items():
        if name == "table_one_pct":
            continue
        print(f"{name:<42} {getattr(measured, name):>8.1f} {target:>8.1f}")
    print(f"{'phi (the gap list: arcsine, / 0.6787)':<42} {measured.phi:>8.2f} {'unknown':>8}")
    for grade, target in TARGETS["table_one_pct"].items():
        got = measured.table_one_pct.get(grade, float("nan"))
        label = f"at inspection, % satisfied, grade {grade}"
        print(f"{label:<42} {got:>8.1f} {target:>8.1f} (design target)")
    print("\nGap list, 36-month window, every family and judgement: % of pairs flagged")
    rows = con.execute(
        """
        select phase_group,
            case when count_responses < 30 then '1: under 30'
                when count_responses < 100 then '2: 30-99'
                when count_responses < 300 then '3: 100-299' else '4: 300+' end as responses,
            count(*) as schools,
            round(100.0 * count(gap_direction) / count(*), 2) as flagged_pct,
            round(100.0 * count(unadjusted_direction) / count(*), 1) as chance_only_pct
        from satisfaction_gaps
        where window_months = 36
        group by all order by all
        """
    ).fetchall()
    print(f"{'phase':<10} {'responses':<12} {'schools':>8} {'flagged %':>10} {'chance-only %':>14}")
    for phase, size, schools, flagged, chance in rows:
        print(f"{phase:<10} {size:<12} {schools:>8,} {flagged:>10.2f} {chance:>14.1f}")
    overall = con.execute(
        "select round(100.0 * count(gap_direction) / count(*), 2), "
        "round(100.0 * count(unadjusted_direction) / count(*), 1), "
        "round(100.0 * count(gap_direction) / count(*) filter (where is_comparable), 2), "
        "count(*) filter (where gap_status = 'on_the_line'), "
        "count(*) filter (where gap_status = 'too_few_responses'), "
        "count(*) filter (where gap_status = 'not_compared'), "
        "count(*) filter (where len(trust_flags) > 0), "
        "count(*) filter (where gap_status = 'above'), "
        "count(*) filter (where gap_status = 'below'), "
        "count(*) filter (where gap_status = 'not_compared_in_la') "
        "from satisfaction_gaps where window_months = 36"
    ).fetchall()[0]
    print(f"all: flagged {overall[0]}% (chance-only limits would flag {overall[1]}%)")
    print(
        f"of pairs compared: flagged {overall[2]}% ({overall[7]:,} above, {overall[8]:,} below); "
        f"on the line (rounding) {overall[3]:,}; too few responses {overall[4]:,}; too few "
        f"similar schools {overall[5]:,} (and {overall[9]:,} own surveys, compared only within "
        f"their LA); with a trust flag (left out of the share) {overall[6]:,}"
    )

    every = con.execute(
        "select count(*) filter (where is_comparable), count(gap_direction), "
        "(select count(*) from schools where is_open) "
        "from gap_rows(true, null, null, null, 36)"
    ).fetchall()[0]
    print(
        f"default list (every school's latest views, 36 months): {every[0]:,} of {every[2]:,} open "
        f"schools compared, {every[1]:,} on the list ({100 * every[1] / max(every[0], 1):.2f}%)"
    )
    trust_flags(con)


def trust_flags(con: duckdb.DuckDBPyConnection) -> None:
    """Each trust flag's recall and precision against the anomalies the generator planted (the
    plan is the generator's, made again from the same settings: it is never in the warehouse)."""
    import tempfile
    from pathlib import Path

    from etl.demo.generate import write_demo
    from schemas.settings import Settings

    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as scratch:
        _, plan = write_demo(
            Path(scratch),
            schools=settings.demo_school_count,
            seed=settings.demo_seed,
            progress=lambda *_: None,
        )
    print("\nTrust flags against the planted anomalies (the same generator settings):")
    for score in flag_scores(con, plan):
        print(
            f"  {score.flag:<24} planted {score.planted:>3}, flagged {score.flagged:>3}, "
            f"recall {score.recall:.2f}, precision {score.precision:.2f}"
        )


if __name__ == "__main__":
    main()
