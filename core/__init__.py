"""Plumbing every app shares and none owns: the site-wide 503, throttling, bulk
COPY, the cache client, formatting, workbook reading and writing, the domain
error family. Nothing here imports a portal app."""
