"""The rules: the gap list's words and choices, a school's profile and its points to discuss, the
report coder's measured errors and the studies cited. Polars and plain Python, drawing nothing; a
rule that names the national figures asks the data layer below what they are called."""
