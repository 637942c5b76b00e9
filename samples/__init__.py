"""The bundled samples (invented records shaped like real exports and EPrints answers; see
README.md here), the local OAI-PMH server that serves them, and hostile inputs for the fault suite.

Installed as package data, so `thresher demo` and `thresher sample-server` work from any folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample(relative: str) -> Path:
    """A bundled sample file, e.g. sample("exports/scopus.bib")."""
    path = Path(str(files(__name__).joinpath(relative)))
    if not path.is_file():
        raise FileNotFoundError(f"no bundled sample {relative!r} (is Thresher fully installed?)")
    return path


EPRINTS_RECORDS = "eprints/records.xml"
SCOPUS_BIBTEX = "exports/scopus.bib"
WOS_RIS = "exports/wos.ris"

# The search strategy the samples were written for (the review topic in README.md); the demo
# uses it when the configuration in force has none.
SAMPLE_QUERY = (
    '("inter-school" OR "school-to-school" OR "professional learning network*" OR "school network*") '
    'AND (leader* OR "social capital" OR collaborat*)'
)
