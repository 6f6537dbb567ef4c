"""Forms of the OCOP cycle, one module per area."""
