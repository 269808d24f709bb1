"""`python -m bench.coder`: how long the report coder takes to code 100,000 sentences.

The sentences are all different and all about parents, so every one goes through both the
phrase rules and the classifier (in real reports most improvement points never mention parents
and skip the classifier, and repeated sentences are coded once): a worst case. They are made by
joining the labelled sentences of training.csv and the demo's report sentences two by two, with
a school year to tell repeats apart. Target on the 2-core reference machine: under 30 s. Training
the classifier, once per build, is timed apart.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from etl.coding import coder, model
from etl.demo.engagement import OTHER_SENTENCES, PARENT_POINTS, VIEWS_SENTENCES

TARGET_SECONDS = 30.0


def sentences(count: int, seed: int = 1) -> list[str]:
    """`count` different report-style sentences about parents."""
    pool = [row["text"] for row in model.training_rows()]
    pool += [*OTHER_SENTENCES, *VIEWS_SENTENCES, *(p for ps in PARENT_POINTS.values() for p in ps)]
    rng = random.Random(seed)
    made = []
    for number in range(count):
        first, second = rng.choice(pool), rng.choice(pool)
        made.append(
            f"{first.rstrip('.')}, and in Year {number % 13 + 1} "
            f"{second[0].lower()}{second[1:].rstrip('.')} ({number:,})."
        )
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.coder", description=__doc__)
    parser.add_argument("--sentences", type=int, default=100_000)
    args = parser.parse_args(argv)
    texts = sentences(args.sentences)
    print(f"{len(texts):,} sentences, {len(set(texts)):,} different")
    started, cpu = time.perf_counter(), time.process_time()
    model.trained()
    print(
        f"training the classifier (once per build): {time.perf_counter() - started:.1f} s "
        f"(CPU {time.process_time() - cpu:.1f} s)"
    )
    started, cpu = time.perf_counter(), time.process_time()
    rules = coder.apply_rules_many(texts)
    print(
        f"phrase rules alone: {time.perf_counter() - started:.1f} s "
        f"(CPU {time.process_time() - cpu:.1f} s)"
    )
    started, cpu = time.perf_counter(), time.process_time()
    coded = coder.code_many(texts)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    uncertain = sum(c.uncertain for c in coded)
    print(
        f"coding {len(coded):,} sentences (rules, classifier, reasons): {seconds:.1f} s "
        f"(target < {TARGET_SECONDS:.0f} s; CPU time, all threads, {cpu_seconds:.1f} s), "
        f"{uncertain:,} uncertain; "
        f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
    )
    assert len(rules) == len(coded)
    return 0 if seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
