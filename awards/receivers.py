"""What awards does when the apps it reads tell it something changed."""

from django.dispatch import receiver

from review.signals import round_exclusions_changed


@receiver(round_exclusions_changed, dispatch_uid="awards_reallocate_reviewed")
def _reallocate_reviewed(sender, round_id: int, **kwargs):
    from .services.exclusions import reallocate_reviewed_round

    reallocate_reviewed_round(round_id)
