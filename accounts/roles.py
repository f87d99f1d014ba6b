"""The staff roles, as Django groups. Their permissions are kept by sync_roles().

A role grants permissions by pattern over "app_label.codename" (fnmatch), so a
permission of a model another app adds later is picked up by the next migrate;
patterns that match nothing yet are simply skipped. A pattern starting with "!"
takes back what the patterns before it granted.
"""

import fnmatch

ORGANIZER = "Ban Tổ chức"
JUDGE = "Ban Giám khảo"
UNIT_REPRESENTATIVE = "Đại diện đơn vị"
SECRETARY = "Tổ thư ký"

ALL_ROLES = (ORGANIZER, JUDGE, UNIT_REPRESENTATIVE, SECRETARY)

# Roles whose members work in the Django admin (User.is_staff). Judges score on
# the videos app's own pages and never browse the admin (other judges' scores).
STAFF_ROLES = (ORGANIZER, SECRETARY)

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    # Configures contests, uploads banks and rosters, excludes people, closes and
    # regrades rounds, publishes results.
    ORGANIZER: (
        "accounts.add_unit",
        "accounts.change_unit",
        "accounts.delete_unit",
        "accounts.view_unit",
        # People: accounts for judges and helpers, roles (never superuser status:
        # the admin keeps that and single permissions to superusers).
        "accounts.add_user",
        "accounts.view_user",
        "accounts.change_user",
        "accounts.view_personal_data",
        "accounts.view_unitchange",
        "quizzes.*",
        "contests.*",
        "awards.*",
        "videos.*",
        "live.*",
        "complaints.*",
    ),
    # Scores the clips assigned to them; sees contests and clips, nothing personal.
    JUDGE: (
        "contests.view_contest",
        "videos.view_videopart",
        "videos.view_criterion",
        "videos.view_*clip*",
        "videos.view_judgeassignment",
        "videos.add_score",
        "videos.change_score",
        "videos.judge_*",
    ),
    # Submits the unit's clip (User.represented_unit) and reads its unit's report.
    UNIT_REPRESENTATIVE: (
        "accounts.view_unit",
        "videos.add_*clip*",
        "videos.change_*clip*",
        "videos.view_*clip*",
        "contests.view_*report*",
    ),
    # Read-only, plus exports. Prize payment needs the winners' CCCD and phone,
    # so the secretariat may see personal data.
    SECRETARY: (
        "accounts.view_unit",
        "accounts.view_user",
        "accounts.view_personal_data",
        "accounts.view_unitchange",
        "contests.view_*",
        # Question snapshots and per-question answers carry the answer key.
        "!contests.view_questionsnapshot",
        "!contests.view_attemptquestion",
        "awards.view_*",
        "videos.view_*",
        # The live final's questions carry their key.
        "live.view_*",
        "!live.view_livequestion",
        "complaints.view_*",
        "*.export_*",
    ),
}


def resolve_patterns(patterns: tuple[str, ...], available: set[str]) -> set[str]:
    """The "app_label.codename" names among `available` that `patterns` grant.

    Pure: >>> resolve_patterns(("a.*", "!a.x"), {"a.x", "a.y", "b.z"}) == {"a.y"}"""
    granted: set[str] = set()
    for pattern in patterns:
        if pattern.startswith("!"):
            granted -= set(fnmatch.filter(granted, pattern[1:]))
        else:
            granted |= set(fnmatch.filter(available, pattern))
    return granted
