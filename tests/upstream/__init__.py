"""Tests of harvester.upstream."""
