"""Signals quizzes sends for changes that bypass model signals (bulk inserts, raw
SQL, queryset updates): apps that keep something derived from a bank listen."""

from django.dispatch import Signal

# Sent inside the changing transaction, with ``bank_id`` when one bank is concerned
# (None: some questions, banks unknown). contests' prepared draws listen.
bank_changed = Signal()
