"""The contest form an organizer follows without training: steps with
explanations, the slug keeping Vietnamese letters as ASCII (server and admin
script alike), the collective ranking chosen from choices."""

import pytest
from django.urls import reverse

from contests.forms import ContestAdminForm
from contests.models import Contest
from contests.slugs import slug_from

SLUGS = [
    ("Cuộc thi tìm hiểu luật", "cuoc-thi-tim-hieu-luat"),
    (
        "Đề án 06 - Chuyển đổi số, vì lợi ích cộng đồng",
        "de-an-06-chuyen-doi-so-vi-loi-ich-cong-dong",
    ),
    ("An toàn thông tin mạng", "an-toan-thong-tin-mang"),  # "an" is a word here
    ("Tổ giúp việc — ĐẮK LẮK 2023", "to-giup-viec-dak-lak-2023"),
    ("  “Rung chuông vàng”  ", "rung-chuong-vang"),
]


@pytest.mark.parametrize(("title", "slug"), SLUGS)
def test_the_slug_keeps_vietnamese_letters_as_ascii(title, slug):
    assert slug_from(title) == slug


def test_the_slug_is_cut_at_the_field_length():
    slug = slug_from("Chuyển đổi số " * 20)
    assert len(slug) <= 100
    assert not slug.endswith("-")


def _data(**overrides):
    return {
        "title": "Cuộc thi tìm hiểu luật",
        "slug": "",
        "organizer_name": "BTC",
        "questions_per_attempt": 20,
        "time_limit_minutes": 15,
        "attempts_per_round": 1,
        "counting": "best",
        "prediction_target": "people_all_correct",
        "allow_no_unit": "on",
        "collective_order_0": "prizes",
        "collective_order_1": "rate",
        "collective_order_2": "",
        "collective_order_3": "",
        "collective_weights_0": "70",
        "collective_weights_1": "30",
        "collective_weights_2": "",
        "collective_weights_3": "",
        **overrides,
    }


@pytest.mark.django_db
def test_the_server_makes_the_slug_from_the_title_or_folds_a_typed_one():
    form = ContestAdminForm(_data())
    assert form.is_valid(), form.errors
    assert form.save().slug == "cuoc-thi-tim-hieu-luat"
    typed = ContestAdminForm(_data(title="Khác", slug="Cuộc thi Bến Tre"))
    assert typed.is_valid(), typed.errors
    assert typed.cleaned_data["slug"] == "cuoc-thi-ben-tre"


@pytest.mark.django_db
def test_the_collective_rule_is_chosen_and_stored_as_before():
    form = ContestAdminForm(_data())
    assert form.is_valid(), form.errors
    contest = form.save()
    assert contest.collective_order == ["prizes", "rate"]
    assert contest.collective_weights == {"rate": 70, "prizes": 30}


@pytest.mark.django_db
def test_a_criterion_chosen_twice_is_refused():
    form = ContestAdminForm(_data(collective_order_1="prizes"))
    assert not form.is_valid()
    assert "collective_order" in form.errors


@pytest.mark.django_db
def test_the_contest_form_is_steps_with_choices_not_typed_rules(admin_client):
    contest = Contest.objects.create(
        title="X", slug="x", collective_order=["rate", "prizes"]
    )
    page = admin_client.get(
        reverse("admin:contests_contest_change", args=[contest.pk])
    ).content.decode()
    steps = [page.index(f"Bước {n} ") for n in range(1, 9)]
    assert steps == sorted(steps)
    assert 'name="collective_order"' not in page
    assert '<select name="collective_order_0"' in page
    assert '<option value="rate" selected>' in page
    assert "rate=70" not in page
    assert "contests/admin/slug.js" in page
    assert page.index("admin/js/urlify.js") < page.index("contests/admin/slug.js")
