"""The whole video part, end to end through the views: submit, judge, finalise."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Award
from videos import messages as msg
from videos.models import VideoClip, VideoResult, video_storage

from .conftest import HAS_FFMPEG, PNG_BYTES, close_submissions, upload_bytes

pytestmark = pytest.mark.django_db

# Points per judge (Giám khảo 1, 2, 3) per unit, criteria Nội dung /40, Sáng tạo /30,
# Kỹ thuật /30.
SCORES = {
    "CDA": [("35", "25", "26"), ("32", "24", "24"), ("38", "28", "28")],
    "CDB": [("30", "20", "20"), ("36", "28", "26"), ("31", "22", "22")],
    "CDC": [("38", "27,5", "24"), ("30", "25", "25"), ("36", "26", "25.5")],
}
# Fan-page counts: reactions, shares, comments.
INTERACTIONS = {"CDA": (100, 20, 30), "CDB": (300, 50, 50), "CDC": (80, 10, 10)}


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _submit_url(part):
    return reverse("videos:submit", kwargs={"slug": part.contest.slug})


def _submit_file(client, part, data, title, name="clip.mp4", replace=False):
    upload_id, last = upload_bytes(client, part, data, name=name)
    assert last.status_code == 200, last.content
    return client.post(
        _submit_url(part),
        {"title": title, "upload_id": upload_id, "replace": replace},
    )


def _score(client, part, clip, criteria, values, comment=""):
    data = {f"criterion_{c.pk}": v for c, v in zip(criteria, values, strict=True)}
    data["comment"] = comment
    return client.post(
        reverse(
            "videos:judge_score",
            kwargs={"slug": part.contest.slug, "clip_id": clip.pk},
        ),
        data,
    )


def test_submit_judge_finalise_export(
    part, unit_rep, rep_b, rep_c, judges, organizer, mp4_bytes, webm_bytes
):
    # --- Two units submit: one file, one link. --------------------------------------
    a = _login(unit_rep)
    response = _submit_file(a, part, mp4_bytes, "Công đoàn Giáo dục chuyển đổi số")
    assert response.status_code == 302
    clip_a = VideoClip.objects.get(unit__code="CDA")
    assert clip_a.file_format == "mp4"
    assert clip_a.file_size == len(mp4_bytes)
    stored = video_storage().open(clip_a.file.name).read()
    assert stored == mp4_bytes
    if HAS_FFMPEG:
        assert 1900 <= clip_a.duration_ms <= 2100
        assert video_storage().exists(clip_a.poster.name)

    b = _login(rep_b)
    response = b.post(
        _submit_url(part),
        {
            "title": "Y tế số",
            "external_url": "https://www.facebook.com/congdoanbentre/videos/42",
        },
    )
    assert response.status_code == 302
    clip_b = VideoClip.objects.get(unit__code="CDB")
    assert (clip_b.link_platform, clip_b.file.name) == ("facebook", "")

    # --- A third unit submits, then is refused a second clip, a PNG named .mp4 and a
    # file over the limit. ------------------------------------------------------------
    c = _login(rep_c)
    third = webm_bytes or mp4_bytes
    response = _submit_file(c, part, third, "KCN số hoá", name="kcn.webm")
    assert response.status_code == 302
    clip_c = VideoClip.objects.get(unit__code="CDC")

    response = c.post(
        _submit_url(part),
        {"title": "Video thứ hai", "external_url": "https://youtu.be/abc"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        msg.SECOND_CLIP % {"unit": clip_c.unit}
    ]
    _, refused = upload_bytes(c, part, PNG_BYTES, name="that-ra-la-anh.mp4")
    assert refused.status_code == 400
    assert "that-ra-la-anh.mp4" in refused.json()["error"]
    refused = c.post(
        reverse("videos:upload_start", kwargs={"slug": part.contest.slug}),
        data={"filename": "qua-lon.mp4", "size": part.max_upload_bytes + 1},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "vượt giới hạn 500 MB" in refused.json()["error"]
    assert VideoClip.objects.count() == 3
    assert VideoClip.objects.get(pk=clip_c.pk).title == "KCN số hoá"

    # --- The deadline passes; the organizer assigns all three judges to every clip. ---
    close_submissions(part)
    org = _login(organizer)
    for judge in judges:
        response = org.post(
            reverse("videos:assign", kwargs={"slug": part.contest.slug}),
            {"judge": judge.pk},
        )
        assert response.status_code == 302
    assert clip_a.assignments.count() == 3

    # --- Three judges score; an out-of-range score is refused with its criterion. ----
    criteria = list(part.criteria.all())
    j1 = _login(judges[0])
    response = _score(j1, part, clip_a, criteria, ("41", "25", "26"))
    assert response.status_code == 200
    assert response.context["form"].errors[f"criterion_{criteria[0].pk}"] == [
        msg.SCORE_OUT_OF_RANGE % {"criterion": "Nội dung", "max": 40, "value": "41.0"}
    ]
    clips = {"CDA": clip_a, "CDB": clip_b, "CDC": clip_c}
    for index, judge in enumerate(judges):
        client = _login(judge)
        for code, clip in clips.items():
            response = _score(
                client, part, clip, criteria, SCORES[code][index], comment="Tốt"
            )
            assert response.status_code == 302, response.context["form"].errors

    # --- Staff enter the fan-page counts; the organizer finalises. ------------------
    for code, (reactions, shares, comments) in INTERACTIONS.items():
        org.post(
            reverse(
                "videos:interactions",
                kwargs={"slug": part.contest.slug, "clip_id": clips[code].pk},
            ),
            {"reactions": reactions, "shares": shares, "comments": comments},
        )
    response = org.post(reverse("videos:finalise", kwargs={"slug": part.contest.slug}))
    assert response.status_code == 302

    # Judge totals (points): A 86, 80, 94; B 70, 90, 75; C 89.5, 80, 87.5.
    # Dropping the highest and lowest of three leaves the middle: A 86, B 75, C 87.5.
    # Interaction points (1/2/1): A 100+40+30 = 170; B 300+100+50 = 450;
    # C 80+20+10 = 110.
    # Final = 70 · jury/100 + 30 · points/450:
    #   B: 52.5 + 30 = 82.5;  A: 60.2 + 11.33… = 71.53…;  C: 61.25 + 7.33… = 68.58…
    # So B wins Nhất, A Nhì, C Ba; the second Ba stays unawarded (only 3 clips).
    awards = list(
        Award.objects.filter(contest=part.contest, part=Award.Part.VIDEO).order_by(
            "rank"
        )
    )
    assert [
        (
            a.rank,
            a.winner_unit.code,
            a.tier_name,
            a.tier_index,
            a.amount_vnd,
            a.source_id,
        )
        for a in awards
    ] == [
        (1, "CDB", "Giải Nhất", 0, 4_000_000, clip_b.pk),
        (2, "CDA", "Giải Nhì", 1, 3_500_000, clip_a.pk),
        (3, "CDC", "Giải Ba", 2, 3_000_000, clip_c.pk),
    ]
    result_a = VideoResult.objects.get(clip=clip_a)
    # 1073/15 = 60.2 + 34/3 exactly; jury 860 tenths from 1 counted judge of 3.
    assert (result_a.final_num, result_a.final_den) == (1073, 15)
    assert (result_a.jury_num, result_a.jury_den) == (860, 1)
    assert (result_a.judge_count, result_a.counted_judges) == (3, 1)
    part.refresh_from_db()
    assert part.judging_locked

    # --- The score sheet: judge * clip rows, a column per criterion. ----------------
    response = org.get(
        reverse("videos:export_scores", kwargs={"slug": part.contest.slug})
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Cuộc thi tìm hiểu về Chuyển đổi số năm 2024"
    assert rows[4] == (
        "STT",
        "Giám khảo",
        "Mã đơn vị",
        "Đơn vị dự thi",
        "Tên video",
        "Nội dung (tối đa 40)",
        "Sáng tạo (tối đa 30)",
        "Kỹ thuật (tối đa 30)",
        "Tổng điểm",
        "Nhận xét",
    )
    data = [r[:3] + r[5:] for r in rows[5:]]
    assert len(data) == 9
    assert data[0] == (1, "Giám khảo 1", "CDA", 35, 25, 26, 86, "Tốt")
    # Giám khảo 1 on C: 38 + 27.5 + 24 = 89.5
    assert data[2] == (3, "Giám khảo 1", "CDC", 38, 27.5, 24, 89.5, "Tốt")
    # Giám khảo 3 on C: 36 + 26 + 25.5 = 87.5
    assert data[8] == (9, "Giám khảo 3", "CDC", 36, 26, 25.5, 87.5, "Tốt")

    # --- The results sheet, with the exact scores rounded to 2 decimals. ------------
    response = org.get(
        reverse("videos:export_results", kwargs={"slug": part.contest.slug})
    )
    rows = list(
        load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[4][0] == "Hạng"
    ranking = [(r[0], r[1], r[6], r[7], r[9], r[10], r[11]) for r in rows[5:8]]
    assert ranking == [
        (1, "CDB", 75, 450, 82.5, "Giải Nhất", 4_000_000),
        (2, "CDA", 86, 170, 71.53, "Giải Nhì", 3_500_000),
        (3, "CDC", 87.5, 110, 68.58, "Giải Ba", 3_000_000),
    ]
    assert rows[-1][0] == "Tổng cộng"
    assert rows[-1][-1] == 10_500_000

    # --- Finalising again replaces, never duplicates. ---------------------------------
    first_ids = {a.pk for a in awards}
    org.post(reverse("videos:finalise", kwargs={"slug": part.contest.slug}))
    again = Award.objects.filter(contest=part.contest, part=Award.Part.VIDEO)
    assert again.count() == 3
    assert not first_ids & set(again.values_list("pk", flat=True))
    assert VideoResult.objects.filter(clip__part=part).count() == 3
