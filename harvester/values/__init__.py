"""Frozen values every layer shares (entries, evidence, decisions, runs) and their normal forms."""
