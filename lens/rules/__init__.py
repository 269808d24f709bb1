"""The rules: the gap list's words and choices, a school's profile, the report coder's measured
errors and the studies cited. Polars and plain Python; no Streamlit widgets."""
