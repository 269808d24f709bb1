"""Codes as words, declared once and read by every page, table, chart, filter and pack: each side
of the gap list and each school's place on it (satisfaction_gaps.gap_status), Parent View's trust
flags (parent_view_flags.flag) and Ofsted's categories of concern. Change a word here and it
changes everywhere; a test keeps the screens' copies from drifting (tests/test_words_once.py)."""

from __future__ import annotations

# --- the gap list: its two sides and each school's place -----------------------------------------

# Whom the gap list sets a school against. Its own name: "similar schools" is the profile's group
# (same phase, deprivation and size, any grade), and the two once shared one name on one profile
# and pack (an independent statistician's review)
GAP_GROUP = "schools with the same grade and phase"
# The profile's group, named with what makes it, where it is first said on a page or pack
SIMILAR_SCHOOLS = "similar schools"
SIMILAR_DEFINED = "similar schools (same phase, deprivation and size)"

DIRECTION_WORDS = {  # each side of the list, in the words every page and pack uses
    "below": f"parents less satisfied than at {GAP_GROUP}",
    "above": f"parents more satisfied than at {GAP_GROUP}",
}
# Each school compared or not, in the words every page and pack uses (satisfaction_gaps.gap_status).
STATUS_WORDS = {
    "below": "Below: " + DIRECTION_WORDS["below"],
    "above": "Above: " + DIRECTION_WORDS["above"],
    "on_the_line": "On the line: rounding (Parent View's rounded figures reach back inside the "
    "limits)",
    "not_shown_to_differ": f"Not shown to differ from {GAP_GROUP}",
    "too_few_responses": "Too few responses to compare",
    "not_compared": f"Not compared: too few {GAP_GROUP}",
    "not_compared_in_la": f"Not compared: too few {GAP_GROUP} in its local authority's own surveys",
    "no_pair": "Not compared: no such parents' views within the window of the judgement",
    "no_parents_views": "Not compared: no parents' views loaded",
    "predecessors_views": "Not compared: the only parents' views loaded are its predecessor's",
    "no_judgement": "Not compared: no inspection before the parents answered",
    "no_overall_grade": "Not compared: the inspection in force gave no grade to set against",
    "outside_window": "Not compared: the judgement in force is older than the window",
    "closed": "Not compared: closed",
}
# Why a school is not compared, as the count beside every list says it (gap_status codes).
NOT_COMPARED_WORDS = {
    "no_parents_views": "no parents' views loaded",
    "no_pair": "no such parents' views within the window",
    "predecessors_views": "only their predecessor's parents' views",
    "no_judgement": "no inspection before the parents answered",
    "no_overall_grade": "an inspection in force with no grade to set against",
    "outside_window": "a judgement older than the window",
    "too_few_responses": "too few responses",
    "not_compared": f"too few {GAP_GROUP}",
    "not_compared_in_la": f"too few {GAP_GROUP} in their local authority's own surveys",
}

# The gap list's column in tables and exports (gap_direction): a blank cell meant both of the last
# two, so each is written out
GAP_WORDS = {
    "above": STATUS_WORDS["above"],
    "below": STATUS_WORDS["below"],
    "not_on_list": "Not on the list (compared)",
    "not_compared": "Not compared (no such parents' views and judgement)",
}
# The charts' legend: short, since a legend is narrow
LEGEND_WORDS = {
    "above": f"On the list: above {GAP_GROUP}",
    "below": f"On the list: below {GAP_GROUP}",
    "on_the_line": "On the line: rounding",
}
NOT_ON_LIST = "Not on the list"

# --- what two Parent View intervals apart can and cannot say ------------------------------------

# Parent View keeps a parent's latest answer in an academic year, so two snapshots of one year are
# not independent samples: said beside the trend and in the README; the "Satisfaction fell" point
# compares across academic years only (EARLIER_YEAR_WORDS)
SAME_YEAR_WORDS = (
    "Parent View keeps each parent's latest answer within an academic year, so snapshots of the "
    "same academic year share most of their parents: only results from different academic years "
    "are independent samples, and intervals apart within one year say less than they seem."
)
# Why the "Satisfaction fell" point sets Parent View's latest result against an earlier year's
EARLIER_YEAR_WORDS = (
    "Parent View keeps each parent's latest answer within an academic year (1 September to 31 "
    "August), so results of one academic year share most of their parents: the latest result is "
    "set against the latest of an earlier academic year, never against another of its own year."
)
# The "happy but would not recommend" flag sets two questions of one snapshot side by side
SAME_PARENTS_WORDS = (
    "Both answers come from the same parents, so the two intervals are not independent samples: "
    "apart, they are a prompt to look, not a test."
)

# --- Parent View's trust flags (etl/sql/marts/parent_view_flags.sql) -----------------------------

FLAG_WORDS = {
    "over_roll": "More submissions than pupils",
    "surge": "Sudden rise in submissions",
    "uniform": "Near-identical answers",
    "inconsistent": "Happy but would not recommend",
    "disagrees_with_survey": "Own survey differs",
}

# --- Ofsted's categories of concern --------------------------------------------------------------

CONCERN_WORDS = {"SM": "Special measures", "SWK": "Serious weaknesses", "NTI": "Notice to improve"}
