"""Evidence to decision: the date rule, the published version, the matching bar; pure."""
