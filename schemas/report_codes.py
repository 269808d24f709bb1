"""The labels the report coder gives to what inspection reports say about parents, defined once:
the ETL codes with them, an adviser's corrections use them, and the dashboard shows their words.

They follow Engagement in Education (2013; lens/rules/citations.py): parental **engagement**
(parents supporting their own child's learning) raises attainment; **involvement** (taking part in
school life) and **informing** (the school telling parents) do not by themselves; recounting
**parents' views** is neither; the 2013 analysis found the confusion of engagement with involvement
"evident throughout the Ofsted reports we have studied".
"""

from __future__ import annotations

CODES = ("engagement", "involvement", "informing", "parents_views", "none")
CODE_WORDS = {
    "engagement": "Engagement",
    "involvement": "Involvement",
    "informing": "Informing",
    "parents_views": "Parents' views",
    "none": "None of these",
}
CODE_MEANINGS = {
    "engagement": "parents supporting their own child's learning, at home or with the school",
    "involvement": "parents attending, volunteering, fundraising, in governance, forums or "
    "consultations",
    "informing": "one-way communication from the school",
    "parents_views": "what parents think: surveys, Parent View, questionnaires, 'parents say'",
    "none": "anything else, including parents mentioned only in passing",
}
# What an adviser may write in a correction's Label column: the code or its words, any case.
CORRECTION_SPELLINGS = {
    **{code: code for code in CODES},
    **{words: code for code, words in CODE_WORDS.items()},
    "parents views": "parents_views",
    "parents' views": "parents_views",
    "parents\u2019 views": "parents_views",
    "views": "parents_views",
    "none": "none",
}
# The era of a report, by the heading its improvement section used (etl/readers/report_text.py).
ERA_WORDS = {
    "s5_2005": "2005-12 (\u201cWhat the school should do to improve further\u201d)",
    "cif_2012": "2012-19 (\u201cWhat does the school need to do to improve further?\u201d)",
    "eif_2019": "2019-24 (\u201cWhat does the school need to do to improve?\u201d)",
    "report_card_2025": "Report cards from November 2025 (\u201cNext steps\u201d)",
    "all": "All eras",
    "no improvement section": "No improvement section found",
    "unknown": "Era not known",
}
