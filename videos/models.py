"""Video clips, judging and the public gallery (issue 6)."""
