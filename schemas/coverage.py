"""When the loaded data may be called "England": the rule, in one place.

A dashboard that says "England" over two regions' schools misleads. The loaded inspection data
covers England when it reaches every English region and, where a register of schools (GIAS) is
loaded, at least 95% of the register's open state-funded schools. Otherwise the national figures
are "all loaded schools (N local authorities)", and the data page shows the coverage.
"""

from __future__ import annotations

MIN_REGISTER_SHARE = 0.95  # of the loaded register's open state-funded schools with inspection data

ENGLISH_REGIONS = (  # the nine regions as GIAS and Ofsted's MI name them (compared case-blind)
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
