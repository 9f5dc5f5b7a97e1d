"""Tests of harvester.rule."""
