"""Turn each kind of source (OAI-PMH, BibTeX, RIS, ...) into the shared Record shape."""
