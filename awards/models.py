"""Award records and round results (issue 5)."""
