"""Tests of harvester.store."""
