"""Tests of harvester.values."""
