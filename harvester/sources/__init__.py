"""Source adapters: the only code that talks to arXiv and Crossref."""
