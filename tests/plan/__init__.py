"""Tests of harvester.plan."""
