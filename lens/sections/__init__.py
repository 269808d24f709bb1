"""The pages' sections: one module per page (`lens/sections/<page>.py`), each function one part of
its page (a heading, its words, a chart with its table, its downloads), taking the sidebar's
Selection and whatever an earlier section returned. A file in `pages/` only calls them in order,
so it reads as the page's outline. The Satisfaction page has a second module for its reference
sections (`lens/sections/satisfaction_method.py`: Table 1 and the method), keeping each under 500
lines.

Rules (classifications, cautions, thresholds) do not live here either: they are in the queries
(`lens/data/sql`) or in a `lens/` module the briefing packs share (`lens/rules/gaps.py`,
`lens/rules/profile.py`, `lens/rules/report_figures.py`).
"""
