"""Admin for every setting of the video part, the clips, judging and results.

Each list shows only the contests the person is staff of; changes need the
organizer's role on that contest (contests.permissions)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from contests.permissions import (
    Action,
    ContestScopedAdminMixin,
    contests_where,
    may,
    refusal,
)

from .models import (
    Criterion,
    JudgeAssignment,
    PrizeTier,
    Score,
    VideoClip,
    VideoPart,
    VideoResult,
    VideoUpload,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "max_points"]


class PrizeTierInline(admin.TabularInline):
    model = PrizeTier
    extra = 0
    fields = ["order", "name", "count", "amount_vnd"]


class VideoPartForm(forms.ModelForm):
    class Meta:
        model = VideoPart
        fields = [
            "contest",
            "submission_deadline",
            "competing_unit_kind",
            "allow_upload",
            "accept_mp4",
            "accept_mov",
            "accept_webm",
            "max_upload_mb",
            "allow_link",
            "drop_extremes",
            "jury_weight",
            "public_weight",
            "reaction_points",
            "share_points",
            "comment_points",
            "judging_locked",
            "results_published",
        ]

    def clean(self):
        data = super().clean()
        if not data.get("allow_upload") and not data.get("allow_link"):
            raise forms.ValidationError(
                _("Phải nhận ít nhất một trong hai: tệp tải lên hoặc đường dẫn.")
            )
        if data.get("allow_upload") and not any(
            data.get(f) for f in ("accept_mp4", "accept_mov", "accept_webm")
        ):
            raise forms.ValidationError(
                _("Nhận tệp tải lên thì phải chọn ít nhất một định dạng video.")
            )
        jury, public = data.get("jury_weight"), data.get("public_weight")
        if jury is not None and public is not None and jury + public != 100:
            self.add_error(
                "public_weight",
                _("Trọng số giám khảo và tương tác phải cộng lại bằng 100."),
            )
        return data


@admin.register(VideoPart)
class VideoPartAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    form = VideoPartForm
    list_display = [
        "contest",
        "submission_deadline",
        "competing_unit_kind",
        "jury_weight",
        "public_weight",
        "judging_locked",
        "results_published",
    ]
    list_filter = ["judging_locked", "results_published"]
    search_fields = ["contest__title", "contest__slug"]
    autocomplete_fields = []
    readonly_fields = ["finalised_at"]
    inlines = [CriterionInline, PrizeTierInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contest":
            kwargs["queryset"] = contests_where(request.user, Action.MANAGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    fieldsets = [
        (None, {"fields": ["contest", "submission_deadline", "competing_unit_kind"]}),
        (
            _("Tệp và đường dẫn"),
            {
                "fields": [
                    "allow_upload",
                    "accept_mp4",
                    "accept_mov",
                    "accept_webm",
                    "max_upload_mb",
                    "allow_link",
                ]
            },
        ),
        (
            _("Chấm điểm và tương tác"),
            {
                "fields": [
                    "drop_extremes",
                    "jury_weight",
                    "public_weight",
                    "reaction_points",
                    "share_points",
                    "comment_points",
                ]
            },
        ),
        (
            _("Trạng thái"),
            {"fields": ["judging_locked", "results_published", "finalised_at"]},
        ),
    ]


class JudgeAssignmentInline(admin.TabularInline):
    model = JudgeAssignment
    extra = 0
    fields = ["judge", "scored_at"]
    readonly_fields = ["scored_at"]
    raw_id_fields = ["judge"]


@admin.register(VideoClip)
class VideoClipAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    contest_field = "part__contest_id"
    list_display = [
        "title",
        "unit",
        "part",
        "file_format",
        "link_platform",
        "submitted_at",
        "is_published",
    ]
    list_filter = [
        ("part", admin.RelatedOnlyFieldListFilter),
        "is_published",
        "file_format",
        "link_platform",
    ]
    search_fields = ["title", "unit__name", "unit__code"]
    # Files only enter through the checked upload; the admin shows them.
    readonly_fields = [
        "part",
        "unit",
        "submitted_by",
        "file",
        "file_format",
        "file_size",
        "duration_ms",
        "poster",
        "external_url",
        "link_platform",
        "submitted_at",
    ]
    fields = [
        *readonly_fields,
        "title",
        "description",
        "is_published",
        "reactions",
        "shares",
        "comments",
    ]
    inlines = [JudgeAssignmentInline]
    actions = ["publish", "unpublish"]

    def has_add_permission(self, request):
        return False

    def _managed(self, request, queryset):
        """The selected clips of contests the person organizes; a refusal for
        each other contest."""
        clips = queryset.select_related("part__contest")
        contests = {clip.part.contest for clip in clips}
        refused = [c for c in contests if not may(request.user, Action.MANAGE, c)]
        for contest in refused:
            self.message_user(request, refusal(Action.MANAGE, contest), messages.ERROR)
        return queryset.exclude(part__contest__in=refused)

    @admin.action(description=_("Hiện trong thư viện công khai"))
    def publish(self, request, queryset):
        self._managed(request, queryset).update(is_published=True)

    @admin.action(description=_("Ẩn khỏi thư viện công khai"))
    def unpublish(self, request, queryset):
        self._managed(request, queryset).update(is_published=False)


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["criterion", "points_tenths"]
    readonly_fields = ["criterion", "points_tenths"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JudgeAssignment)
class JudgeAssignmentAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    """Read-only view of one judge's scores, for organizers: the judges themselves
    score on the judging pages and must never be given this model's permissions."""

    contest_field = "clip__part__contest_id"
    list_display = ["clip", "judge", "scored_at"]
    list_filter = [("clip__part", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["clip__title", "judge__username", "judge__full_name"]
    readonly_fields = ["clip", "judge", "comment", "scored_at"]
    inlines = [ScoreInline]

    def has_add_permission(self, request):
        return False


@admin.register(VideoResult)
class VideoResultAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    contest_field = "clip__part__contest_id"
    list_display = ["rank", "clip", "tier_name", "amount_vnd", "judge_count"]
    list_filter = [("clip__part", admin.RelatedOnlyFieldListFilter)]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(VideoUpload)
class VideoUploadAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    contest_field = "part__contest_id"
    list_display = ["filename", "owner", "part", "received", "size", "status"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
