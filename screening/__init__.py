"""From deduplicated studies to the review: the search strategy (search.py), the candidate corpus
(corpus.py), screening decisions in and screened sets out (decisions.py), and PRISMA (prisma.py)."""
