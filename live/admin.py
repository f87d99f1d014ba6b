from django.contrib import admin

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
class LiveGameAdmin(admin.ModelAdmin):
    list_display = ["title", "contest", "status", "answer_seconds", "created_at"]
    list_filter = ["status"]
    inlines = [PrizeTierInline, QuestionInline]
    readonly_fields = ["status", "paused", "finished_at"]


@admin.register(LivePlayer)
class LivePlayerAdmin(admin.ModelAdmin):
    list_display = ["number", "full_name", "unit", "game", "is_in", "final_rank"]
    list_filter = ["game"]
    search_fields = ["full_name", "number"]
    raw_id_fields = ["user", "unit"]
    # The PIN is set by live.services (printed list), never typed here.
    exclude = ["pin_hash", "token_version", "out_run"]
    readonly_fields = ["is_in", "final_rank", "correct_count", "total_ms"]


@admin.register(LiveEvent)
class LiveEventAdmin(admin.ModelAdmin):
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
