"""What awards does when the apps it reads tell it something changed."""

from django.dispatch import receiver

from review.signals import round_exclusions_changed


@receiver(round_exclusions_changed, dispatch_uid="awards_reallocate_reviewed")
def _reallocate_reviewed(sender, round_id: int, **kwargs) -> list[str]:
    """Re-allocate the round's prizes; the prize moves, as lines, go back to the
    review, which records them with the decision."""
    from .services.exclusions import reallocate_reviewed_round

    return reallocate_reviewed_round(round_id)
