"""The only network code: arXiv, Crossref and the list at SOURCE, each answer in our records."""
