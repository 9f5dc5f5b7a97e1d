"""harvester: keep the dates in curated paper lists honest."""

__version__ = "0.1.0"
