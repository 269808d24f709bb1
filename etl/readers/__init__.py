"""One reader per published format; `detect` picks which by the header."""
