"""What the review tells the apps above it (they import it; it imports none of
them). awards listens to reallocate a closed round's prizes."""

from django.dispatch import Signal

# Sent inside the decision's transaction with round_id=…: the people excluded in
# that round changed. A receiver may answer with lines saying whose prize moved
# (kept on the decision).
round_exclusions_changed = Signal()
