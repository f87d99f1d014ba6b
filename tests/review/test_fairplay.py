"""Fair play signals (review.fairplay): pure cases."""

import datetime

from review import fairplay
from review.fairplay import Access, Entry, Pace, Prediction, Vector

T0 = datetime.datetime(2024, 6, 10, 8, 0, tzinfo=datetime.UTC)


def _pace(uid, answered, fast, below=False):
    return Pace(uid, uid, answered, fast, 1000, 20_000, 60_000, 10, below)


def test_most_answers_far_below_the_usual_time_flag_a_person():
    found = fairplay.too_fast(
        [_pace(1, 10, 6), _pace(2, 10, 4), _pace(3, 2, 2), _pace(4, 10, 0, True)]
    )
    assert [(f.user_id, f.kind) for f in found] == [
        (1, fairplay.FAST),
        (4, fairplay.FAST),
    ]
    assert found[1].evidence["below_minimum"] is True


def _vector(aid, uid, answers, key=0):
    pairs = tuple(enumerate(answers))
    return Vector(aid, uid, pairs, frozenset(p for p in pairs if p[1] != key))


def _counts(vectors):
    chosen, drawn = {}, {}
    for v in vectors:
        for q, a in v.answers:
            chosen[q, a] = chosen.get((q, a), 0) + 1
            drawn[q] = drawn.get(q, 0) + 1
    return chosen, drawn, len(vectors)


def test_the_same_rare_wrong_answers_make_a_ring():
    ring = [_vector(i, 100 + i, [1, 2, 3, 1, 0]) for i in range(3)]
    crowd = [
        _vector(10 + i, 200 + i, [0, 0, (i % 3) + 1, 0, (i % 4)]) for i in range(40)
    ]
    found = fairplay.rings(ring + crowd, *_counts(ring + crowd))
    assert sorted(f.user_id for f in found) == [100, 101, 102]
    assert found[0].evidence["others"] == [101, 102]
    assert found[0].evidence["wrong"] == 4


def test_alike_perfect_or_popular_wrong_answers_are_no_ring():
    # 40 people: half miss questions 0 and 1 with the one popular distractor.
    crowd = [_vector(i, i, [1, 1, 0] if i % 2 else [0, 0, 0]) for i in range(40)]
    assert fairplay.rings(crowd, *_counts(crowd)) == []


def test_one_person_twice_is_no_ring():
    same = [_vector(1, 7, [1, 2, 3]), _vector(2, 7, [1, 2, 3])]
    others = [_vector(10 + i, 10 + i, [0, 0, 0]) for i in range(30)]
    assert fairplay.rings(same + others, *_counts(same + others)) == []


def test_identical_predictions_cluster_in_one_unit():
    rows = [Prediction(u, 5, 1234) for u in (1, 2, 3)]
    rows += [Prediction(4, 6, 1234), Prediction(5, 6, 1234), Prediction(6, 5, 99)]
    found = fairplay.shared_predictions(rows)
    assert sorted(f.user_id for f in found) == [1, 2, 3]


def test_many_accounts_from_one_address_in_a_short_time():
    burst = [
        Access(u, "10.0.0.1", T0 + datetime.timedelta(minutes=5 * u))
        for u in range(1, 6)
    ]
    spread = [
        Access(u, "10.0.0.2", T0 + datetime.timedelta(hours=u)) for u in range(6, 12)
    ]
    found = fairplay.shared_addresses(burst + spread)
    assert sorted(f.user_id for f in found) == [1, 2, 3, 4, 5]
    assert found[0].evidence["accounts"] == 5


def test_registered_and_won_within_minutes():
    entries = [
        Entry(1, T0, T0 + datetime.timedelta(minutes=12), 20),
        Entry(2, T0 - datetime.timedelta(days=30), T0, 20),
        Entry(3, T0, T0 + datetime.timedelta(minutes=5), 18),
    ]
    found = fairplay.new_winners(entries)
    assert [(f.user_id, f.evidence["minutes"]) for f in found] == [(1, 12)]
