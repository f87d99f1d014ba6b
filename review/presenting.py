"""The review page's rows: stored statistics and cases as plain values with
Vietnamese labels (no HTML here; the template lays them out)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from contests.models.attempts import LETTERS
from core import formatting

from . import fairplay, stats
from .models import ReviewCase

FLAG_LABELS = {
    stats.FLAG_WRONG_KEY: "Có thể sai đáp án",
    stats.FLAG_TOO_EASY: "Quá dễ",
    stats.FLAG_TOO_HARD: "Quá khó",
}


@dataclass
class ChoiceRow:
    letter: str
    text: str
    chosen: int
    share: float | None
    strong: int
    is_key: bool
    suggested: bool


@dataclass
class QuestionRow:
    question_id: int
    text: str
    attempts: int
    facility: float | None
    discrimination: str
    efficiency: str
    choices: list[ChoiceRow]
    unanswered: int
    flags: list[tuple[str, str]]  # (code, label)
    voided: bool
    suggested_letter: str

    @property
    def wrong_key(self) -> bool:
        return any(code == stats.FLAG_WRONG_KEY for code, _label in self.flags)


def _signed(value: float | None) -> str:
    return formatting.NONE if value is None else f"{value:.1f}".replace(".", ",")


def question_rows(
    questions: list[dict], texts: dict[int, tuple[str, list[str]]]
) -> list[QuestionRow]:
    """One row per stored question, flagged ones first."""
    rows = []
    for q in questions:
        text, choice_texts = texts.get(q["question_id"], ("", []))
        counts = {a: (n, s) for a, n, s in q["chosen"]}
        total = q["attempts"] or 0
        choices = [
            ChoiceRow(
                LETTERS[p],
                t,
                counts.get(p, (0, 0))[0],
                counts.get(p, (0, 0))[0] / total if total else None,
                counts.get(p, (0, 0))[1],
                p == q["key"],
                p == q["suggested_key"],
            )
            for p, t in enumerate(choice_texts)
        ]
        suggested = q["suggested_key"]
        rows.append(
            QuestionRow(
                question_id=q["question_id"],
                text=text,
                attempts=total,
                facility=q["facility"],
                discrimination=_signed(q["discrimination"]),
                efficiency=_signed(q["efficiency"]),
                choices=choices,
                unanswered=counts.get(None, (0, 0))[0],
                flags=[(f, _(FLAG_LABELS[f])) for f in q["flags"]],
                voided=q["voided"],
                suggested_letter=LETTERS[suggested] if suggested is not None else "",
            )
        )
    rows.sort(key=lambda r: (not r.flags, r.question_id))
    return rows


def evidence(case: ReviewCase, names: dict[int, str]) -> str:
    """The evidence of a case as one Vietnamese sentence."""
    ev = case.evidence
    kind = case.kind
    if kind == fairplay.FAST:
        text = _(
            "%(fast)s/%(answered)s câu trả lời nhanh hơn %(ratio)s%% thời gian "
            "thường gặp của câu đó (trung vị %(median)s so với %(usual)s); "
            "cả bài %(duration)s cho %(count)s câu"
        ) % {
            "fast": ev["fast_answers"],
            "answered": ev["answered"],
            "ratio": int(fairplay.FAST_RATIO * 100),
            "median": _ms(ev["median_ms"]),
            "usual": _ms(ev["usual_ms"]),
            "duration": _ms(ev["duration_ms"]),
            "count": ev["question_count"],
        }
        if ev.get("below_minimum"):
            text += _("; dưới số giây tối thiểu mỗi câu của thể lệ")
        return text
    if kind == fairplay.RING:
        return _(
            "Nhóm %(ring)s: %(n)s câu, cả %(wrong)s câu sai giống hệt với: %(others)s"
        ) % {
            "ring": ev["ring"],
            "n": ev["questions"],
            "wrong": ev["wrong"],
            "others": _people(ev["others"], names),
        }
    if kind == fairplay.PREDICTION:
        return _("Dự đoán %(p)s, giống hệt trong cùng đơn vị với: %(others)s") % {
            "p": formatting.number(ev["prediction"]),
            "others": _people(ev["others"], names),
        }
    if kind == fairplay.ADDRESS:
        return _(
            "%(n)s tài khoản đăng ký/đăng nhập từ địa chỉ %(address)s trong vòng "
            "%(minutes)s phút (cơ quan dùng chung địa chỉ: chỉ là dấu hiệu)"
        ) % {
            "n": ev["accounts"],
            "address": ev["address"],
            "minutes": fairplay.ADDRESS_WINDOW_S // 60,
        }
    if kind == fairplay.NEW_WINNER:
        return _(
            "Tạo tài khoản %(m)s phút trước khi bắt đầu bài thi và đạt điểm cao "
            "nhất của đợt (%(score)s câu đúng)"
        ) % {"m": ev["minutes"], "score": ev["score"]}
    return ""


def _ms(value) -> str:
    return formatting.NONE if value is None else formatting.duration(int(value))


def _people(user_ids: list[int], names: dict[int, str]) -> str:
    return ", ".join(names.get(u, f"#{u}") for u in user_ids)


def people_in_evidence(cases) -> set[int]:
    ids: set[int] = set()
    for c in cases:
        ids.update(c.evidence.get("others", []))
    return ids
