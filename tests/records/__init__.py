"""Tests of harvester.records."""
