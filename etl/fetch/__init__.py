"""`python -m etl fetch`: download the latest published files into the raw folder, checked.

The pieces, one job each: `sources` says what to look for and how to name it, `content_api` reads a
GOV.UK page's attachments, `titles` reads their meaning, date, level and variant, `choose` picks
among them and says why, `download` stages one file (resumed, size- and content-checked),
`manifest` records what is kept, and `run` ties them together so that nothing reaches the raw
folder until it has been verified. `etl.refresh` runs a fetch and then a build.
"""

from etl.fetch.errors import FetchError
from etl.fetch.run import FetchReport, fetch

__all__ = ["FetchError", "FetchReport", "fetch"]
