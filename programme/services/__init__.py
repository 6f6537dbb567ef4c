"""Writes of the OCOP cycle, one module per area (ideas, dossiers, criteria, rounds, decisions)."""
