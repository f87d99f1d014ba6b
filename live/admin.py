from django.contrib import admin

from contests.permissions import Action, ContestScopedAdminMixin, contests_where

from .models import LiveEvent, LiveGame, LivePlayer, LivePrizeTier, LiveQuestion


class PrizeTierInline(admin.TabularInline):
    model = LivePrizeTier
    extra = 0


class QuestionInline(admin.TabularInline):
    model = LiveQuestion
    extra = 0
    raw_id_fields = ["question"]
    fields = ["order", "question", "kind", "correct_position", "answer_seconds"]


@admin.register(LiveGame)
class LiveGameAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "contest", "status", "answer_seconds", "created_at"]
    list_filter = ["status"]
    inlines = [PrizeTierInline, QuestionInline]
    readonly_fields = ["status", "paused", "finished_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contest":
            kwargs["queryset"] = contests_where(request.user, Action.MANAGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(LivePlayer)
class LivePlayerAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    contest_field = "game__contest_id"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "game":
            kwargs["queryset"] = LiveGame.objects.filter(
                contest__in=contests_where(request.user, Action.MANAGE)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    list_display = ["number", "full_name", "unit", "game", "is_in", "final_rank"]
    list_filter = ["game"]
    search_fields = ["full_name", "number"]
    raw_id_fields = ["user", "unit"]
    # The PIN is set by live.services (printed list), never typed here.
    exclude = ["pin_hash", "token_version", "out_run"]
    readonly_fields = ["is_in", "final_rank", "correct_count", "total_ms"]


@admin.register(LiveEvent)
class LiveEventAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    contest_field = "game__contest_id"
    list_display = [
        "created_at",
        "game",
        "run",
        "player",
        "kind",
        "detail",
        "actor",
        "undone",
    ]
    list_filter = ["game", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
