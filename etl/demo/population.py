"""A fictional national population of state-funded schools, with England's shape.

Real local authorities (public codes and names) hold fictional schools: invented names, URNs from
900001 up (a range no real school uses), and every figure drawn from a seeded generator. Phase and
type mix, sizes and deprivation follow published national proportions closely enough to look and
aggregate like the real thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

FIRST_URN = 900001

# phase: (share of schools, median pupils, {type: (share, GIAS group)})
PHASES: dict[str, tuple[float, int, dict[str, tuple[float, str]]]] = {
    "Primary": (
        0.757,
        240,
        {
            "Community school": (0.33, "Local authority maintained schools"),
            "Voluntary aided school": (0.12, "Local authority maintained schools"),
            "Voluntary controlled school": (0.08, "Local authority maintained schools"),
            "Foundation school": (0.04, "Local authority maintained schools"),
            "Academy converter": (0.29, "Academies"),
            "Academy sponsor led": (0.11, "Academies"),
            "Free schools": (0.03, "Free Schools"),
        },
    ),
    "Secondary": (
        0.157,
        1000,
        {
            "Academy converter": (0.50, "Academies"),
            "Academy sponsor led": (0.25, "Academies"),
            "Free schools": (0.07, "Free Schools"),
            "Community school": (0.09, "Local authority maintained schools"),
            "Foundation school": (0.05, "Local authority maintained schools"),
            "Voluntary aided school": (0.04, "Local authority maintained schools"),
        },
    ),
    "Special": (
        0.047,
        110,
        {
            "Community special school": (0.45, "Special schools"),
            "Foundation special school": (0.02, "Special schools"),
            "Academy special converter": (0.25, "Academies"),
            "Academy special sponsor led": (0.10, "Academies"),
            "Free schools special": (0.08, "Free Schools"),
            "Non-maintained special school": (0.10, "Special schools"),
        },
    ),
    "Alternative provision": (
        0.016,
        45,
        {
            "Pupil referral unit": (0.60, "Local authority maintained schools"),
            "Academy alternative provision converter": (0.15, "Academies"),
            "Academy alternative provision sponsor led": (0.15, "Academies"),
            "Free schools alternative provision": (0.10, "Free Schools"),
        },
    ),
    "Nursery": (
        0.015,
        95,
        {"Local authority nursery school": (1.0, "Local authority maintained schools")},
    ),
    "All-through": (
        0.008,
        1300,
        {
            "Academy converter": (0.55, "Academies"),
            "Free schools": (0.30, "Free Schools"),
            "Community school": (0.15, "Local authority maintained schools"),
        },
    ),
}

GIAS_PHASE = {
    "Primary": "Primary",
    "Secondary": "Secondary",
    "Special": "Not applicable",
    "Alternative provision": "Not applicable",
    "Nursery": "Nursery",
    "All-through": "All-through",
}

_PLACE_START = (
    "Ash Oak Elm Birch Mill Brook Kings Queens Church Park Hill Wood Green Fair Lark Raven Thorn "
    "Willow Holly Haw Moor Marsh Stone Bridge Castle Meadow Cherry Rose Fern Heath Lime Maple "
    "Hazel Alder Beech Cedar Swan Kestrel Heron Wren Amber Bram Cole Dun Fox Glen Harrow Ivy "
    "Juniper Kirk Lin Nether Orchard Pen Rad Saxon Tam Upper Vale West East North South"
).split()
_PLACE_END = (
    "field brook wood bank dale gate ley ton ford ham well side mead croft hurst combe by thorpe "
    "wick stead burn cliffe den holme lands moor vale"
).split()
_SAINTS = (
    "Aidan Alban Anne Augustine Bede Brigid Chad Columba Cuthbert Edmund Francis George Hilda "
    "James John Joseph Luke Margaret Mark Mary Matthew Michael Oswald Patrick Paul Peter Teresa "
    "Thomas Wilfrid"
).split()
_FAITH_FORMS = ("CofE", "Catholic", "Church of England", "RC")
_SUFFIX = {
    "Primary": ("Primary School", "Primary Academy", "Infant School", "Junior School"),
    "Secondary": ("Academy", "High School", "School", "College", "Community School"),
    "Special": ("Special School", "School", "Academy"),
    "Alternative provision": ("Pupil Referral Unit", "Learning Centre", "Academy"),
    "Nursery": ("Nursery School",),
    "All-through": ("All-through School", "Academy", "School"),
}
_TRUST_FORMS = ("Learning Trust", "Academy Trust", "Multi Academy Trust", "Education Trust")


@dataclass(frozen=True)
class Population:
    """One row per fictional school (current and predecessor), as numpy-friendly polars."""

    schools: pl.DataFrame  # every school the register lists, open and closed
    las: pl.DataFrame


def load_local_authorities() -> pl.DataFrame:
    return pl.read_csv(Path(__file__).with_name("local_authorities.csv"))


def _place_names(rng: np.random.Generator, n: int) -> np.ndarray:
    starts = rng.choice(_PLACE_START, n)
    ends = rng.choice(_PLACE_END, n)
    return np.char.add(starts.astype(str), ends.astype(str))


def _names(rng: np.random.Generator, phases: np.ndarray, types: np.ndarray) -> list[str]:
    n = len(phases)
    places = _place_names(rng, n)
    saints = rng.choice(_SAINTS, n)
    faith_forms = rng.choice(_FAITH_FORMS, n)
    # a few names carry typographic apostrophes, as register exports do (tests Windows-1252)
    apostrophe = np.where(rng.random(n) < 0.3, "\u2019", "'")
    names = []
    for i in range(n):
        suffix = _SUFFIX[phases[i]][rng.integers(len(_SUFFIX[phases[i]]))]
        if types[i] == "Voluntary aided school" or (
            types[i] == "Voluntary controlled school" and rng.random() < 0.8
        ):
            names.append(f"St {saints[i]}{apostrophe[i]}s {faith_forms[i]} {suffix}")
        else:
            names.append(f"{places[i]} {suffix}")
    return names


def build_population(rng: np.random.Generator, count: int) -> Population:
    """Draw `count` open schools across the 153 LAs, plus the closed predecessors of converters."""
    las = load_local_authorities()
    weights = las["weight"].to_numpy() / las["weight"].sum()
    la_index = rng.choice(las.height, size=count, p=weights)
    phase_names = list(PHASES)
    phase_p = np.array([PHASES[p][0] for p in phase_names])
    phases = rng.choice(phase_names, size=count, p=phase_p / phase_p.sum())
    types = np.empty(count, dtype=object)
    groups = np.empty(count, dtype=object)
    pupils = np.zeros(count, dtype=np.int64)
    for phase in phase_names:
        mask = phases == phase
        type_names = list(PHASES[phase][2])
        type_p = np.array([PHASES[phase][2][t][0] for t in type_names])
        chosen = rng.choice(type_names, size=mask.sum(), p=type_p / type_p.sum())
        types[mask] = chosen
        groups[mask] = [PHASES[phase][2][t][1] for t in chosen]
        pupils[mask] = np.maximum(
            8, rng.lognormal(np.log(PHASES[phase][1]), 0.45, mask.sum()).astype(np.int64)
        )
    idaci = rng.choice([1, 2, 3, 4, 5], size=count)
    fsm = np.clip(rng.beta(2.0, 7.0, count) * 100 * (0.45 + 0.22 * idaci), 0, 95).round(1)
    quality = rng.normal(0, 1, count) - 0.12 * (idaci - 3)  # a school's latent effectiveness
    is_academy = np.char.find(types.astype(str), "cademy") >= 0
    is_free = np.char.find(types.astype(str), "Free") >= 0
    opened_ordinal = np.where(
        is_academy | is_free,
        rng.integers(date(2011, 4, 1).toordinal(), date(2024, 4, 1).toordinal(), count),
        date(1990, 9, 1).toordinal(),
    )
    opened = pl.Series([date.fromordinal(int(d)) for d in opened_ordinal], dtype=pl.Date)
    urns = np.arange(FIRST_URN, FIRST_URN + count)
    la_codes = las["la_code"].to_numpy()[la_index]
    estab_base = {
        "Primary": 2000,
        "Secondary": 4000,
        "Special": 7000,
        "Alternative provision": 1100,
        "Nursery": 1000,
        "All-through": 4600,
    }
    estab = np.array([estab_base[p] for p in phases]) + rng.integers(0, 999, count)
    trust_places = _place_names(rng, count // 12 + 1)
    trust_forms = rng.choice(_TRUST_FORMS, len(trust_places))
    trust_index = rng.integers(0, len(trust_places), count)
    trusts = np.where(
        is_academy | is_free,
        np.char.add(
            np.char.add(trust_places[trust_index].astype(str), " "),
            trust_forms[trust_index].astype(str),
        ),
        None,
    )
    schools = pl.DataFrame(
        {
            "urn": urns,
            "la_code": la_codes,
            "la_name": las["la_name"].to_numpy()[la_index],
            "region": las["region"].to_numpy()[la_index],
            "establishment_number": estab,
            "school_name": _names(rng, phases, types),
            "ofsted_phase": phases,
            "school_type": types.astype(str),
            "type_group": groups.astype(str),
            "gias_phase": [GIAS_PHASE[p] for p in phases],
            "pupils": pupils,
            "fsm_pct": fsm,
            "idaci_quintile": idaci,
            "quality": quality,
            "opened_on": opened,
            "trust_name": pl.Series(trusts.tolist(), dtype=pl.String),
            "is_open": np.ones(count, dtype=bool),
            "predecessor_urn": pl.Series([None] * count, dtype=pl.Int64),
        },
        strict=False,
    )
    # Converter academies usually replaced a maintained school: a closed predecessor URN.
    converters = schools.filter(pl.col("school_type").str.contains("converter"))
    predecessors = converters.select(
        (pl.col("urn") + 50000).alias("urn"),
        "la_code",
        "la_name",
        "region",
        "establishment_number",
        "school_name",
        "ofsted_phase",
        pl.lit("Community school").alias("school_type"),
        pl.lit("Local authority maintained schools").alias("type_group"),
        "gias_phase",
        "pupils",
        "fsm_pct",
        "idaci_quintile",
        "quality",
        pl.lit(date(1985, 9, 1)).alias("opened_on"),
        pl.lit(None, pl.String).alias("trust_name"),
        pl.lit(False).alias("is_open"),
        pl.lit(None, pl.Int64).alias("predecessor_urn"),
    )
    schools = schools.with_columns(
        pl.when(pl.col("school_type").str.contains("converter"))
        .then(pl.col("urn") + 50000)
        .cast(pl.Int64)
        .alias("predecessor_urn")
    )
    schools = pl.concat([schools, predecessors.cast(schools.schema)], how="vertical")
    return Population(schools=schools, las=las)
