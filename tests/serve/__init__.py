"""Tests of harvester.serve: the Datasette plugin and metadata, against a real Datasette."""
