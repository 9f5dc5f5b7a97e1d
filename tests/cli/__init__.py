"""Tests of harvester.cli."""
