"""Signals quizzes sends for changes that bypass model signals (bulk inserts, raw
SQL, queryset updates): apps that keep something derived from a bank listen."""

from django.dispatch import Signal

# Sent inside the changing transaction, with ``bank_id`` when one bank is concerned
# (None: some questions, banks unknown). contests' prepared draws listen.
bank_changed = Signal()

# Sent after the transaction that recorded a key correction has committed, with
# ``key_change_id`` (a quizzes.KeyChange). Receivers run outside that transaction:
# what they write never undoes the correction. complaints answers the open
# complaints on the question.
key_changed = Signal()
