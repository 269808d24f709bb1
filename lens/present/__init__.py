"""Presentation: column words, charts, tables and downloads, exports and the PDF packs."""
