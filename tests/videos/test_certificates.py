"""The video part's prizes get certificates in the units' names when the part is
finalised; the unit's representative downloads theirs once results are public."""

from django.urls import reverse

from certificates.models import Certificate
from tests.factories import VideoClipFactory
from videos import services

from .conftest import close_submissions


def test_finalising_issues_unit_certificates_the_representative_downloads(
    part, unit_a, unit_b, judges, unit_rep, client, django_capture_on_commit_callbacks
):
    clips = [VideoClipFactory(part=part, unit=u) for u in (unit_a, unit_b)]
    close_submissions(part)
    services.assign_judge(part, judges[0])
    criteria = list(part.criteria.all())
    for clip, points in zip(clips, ((40, 30, 30), (20, 10, 10)), strict=True):
        services.save_scores(
            judges[0],
            clip,
            points={c.pk: p for c, p in zip(criteria, points, strict=True)},
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise_part(part)

    certificates = Certificate.objects.filter(contest=part.contest).order_by(
        "tier_index"
    )
    assert [(c.winner_name, c.tier_name, c.scope) for c in certificates] == [
        (unit_a.name, "Giải Nhất", "Giải video clip"),
        (unit_b.name, "Giải Nhì", "Giải video clip"),
    ]
    mine = certificates[0]
    assert not mine.is_individual
    client.force_login(unit_rep)
    url = reverse("certificates:download", args=[mine.code])
    assert client.get(url).status_code == 404  # not public yet

    services.publish_results(part, True)

    assert client.get(url).status_code == 200
    assert (
        client.get(
            reverse("certificates:download", args=[certificates[1].code])
        ).status_code
        == 404
    )  # the other unit's
