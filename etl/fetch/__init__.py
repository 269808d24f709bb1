"""`python -m etl fetch`: download the latest published files into the raw folder, checked.

The pieces, one job each: `sources` says what to look for and how to name it, `content_api` reads a
GOV.UK page's attachments, `titles` picks them by meaning and date, `download` stages one file
(resumed, size- and content-checked), `manifest` records what is kept, and `run` ties them together
so that nothing reaches the raw folder until it has been verified.
"""

from etl.fetch.errors import FetchError
from etl.fetch.run import FetchReport, fetch

__all__ = ["FetchError", "FetchReport", "fetch"]
