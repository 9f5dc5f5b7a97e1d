"""Tests of harvester.listing."""
