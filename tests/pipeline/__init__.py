"""Tests of harvester.pipeline."""
