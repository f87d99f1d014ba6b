"""The organizers' question-bank admin: import/export, search, counts, preview.

Writes go through quizzes.services: imports (via quizzes.ie), choice edits and their
key-change record, bulk activation.
"""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportExportMixin

from config.admin_widgets import SafeAutocompleteMixin
from core.formatting import ascii_fold, local_datetime

from . import exports, ie, import_views, layout, selectors, services
from .forms import ChoiceInlineFormSet, QuestionAdminForm, choice_inputs
from .importing.checks import say
from .models import Choice, KeyChange, Question, QuestionBank, Topic

USED_QUESTION_WARNING = _(
    "Câu hỏi này đã xuất hiện trong %(count)s lượt thi. Bài thi đã nộp giữ nguyên "
    "nội dung đã hiển thị; nếu sửa đáp án đúng, thay đổi được ghi lại để chấm lại."
)
KEY_CHANGED = _(
    "Đã đổi đáp án đúng từ %(old)s sang %(new)s; thay đổi được ghi vào lịch sử để "
    "chấm lại các đợt thi liên quan."
)
ACTIVATED = _("Đã bật %(count)s câu hỏi.")
DEACTIVATED = _("Đã tắt %(count)s câu hỏi.")
IMPORTED = _(
    "Đã nhập %(count)s câu hỏi vào ngân hàng “%(bank)s” (%(topics)s chủ đề mới)."
)
IMPORT_SKIPPED = _(
    "Đã bỏ qua %(count)s câu hỏi không phải trắc nghiệm một đáp án (xem danh sách ở "
    "bước kiểm tra)."
)
IMPORT_REJECTED = _("Không nhập câu hỏi nào: tệp có %(count)s lỗi.")
IMPORT_EXISTING_SKIPPED = _(
    "Đã bỏ qua %(count)s câu hỏi đã có trong ngân hàng (cùng nội dung và đáp án)."
)
EXPORT_ONE_BANK = _("Hãy chọn đúng một ngân hàng để xuất.")


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    fields = ["letter", "text", "is_correct"]
    readonly_fields = ["letter"]
    extra = 0
    min_num = layout.MIN_CHOICES
    max_num = layout.MAX_CHOICES
    ordering = ["position"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new question starts with the usual four rows.
        return 0 if obj else 4 - self.min_num

    @admin.display(description=_("Thứ tự"))
    def letter(self, choice: Choice) -> str:
        return choice.letter if choice.pk else "-"


@admin.register(Question)
class QuestionAdmin(
    SafeAutocompleteMixin, ImportExportMixin, ExportActionMixin, admin.ModelAdmin
):
    form = QuestionAdminForm
    inlines = [ChoiceInline]
    list_display = [
        "short_text",
        "topic",
        "bank",
        "difficulty",
        "is_active",
        "choice_count",
        "preview_link",
    ]
    list_filter = ["bank", ("topic", admin.RelatedOnlyFieldListFilter), "difficulty"]
    list_filter += ["is_active"]
    list_select_related = ["topic", "bank"]
    search_fields = ["text_ascii"]
    search_help_text = _(
        "Tìm trong nội dung câu hỏi, gõ có dấu hay không dấu đều được."
    )
    autocomplete_fields = ["topic"]
    readonly_fields = ["key_history"]
    actions = ["activate", "deactivate"]
    list_per_page = 50

    resource_classes = [ie.QuestionResource]
    import_form_class = ie.QuestionImportForm
    confirm_form_class = ie.QuestionConfirmImportForm
    import_template_name = "admin/quizzes/question/import.html"
    import_export_change_list_template = "admin/quizzes/question/change_list.html"
    change_form_template = "admin/quizzes/question/change_form.html"
    show_change_form_export = False
    skip_export_form = True
    skip_export_form_from_action = True

    def get_fieldsets(self, request, obj=None):
        fields = ["bank", "topic", "text", "difficulty", "explanation", "is_active"]
        if obj is not None:
            fields.append("key_history")
        return [(None, {"fields": fields})]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_choices=Count("choices"))

    # --- list columns ---
    @admin.display(description=_("câu hỏi"), ordering="text")
    def short_text(self, question: Question) -> str:
        return question.text if len(question.text) <= 120 else question.text[:117] + "…"

    @admin.display(description=_("số đáp án"), ordering="n_choices")
    def choice_count(self, question: Question) -> int:
        return question.n_choices

    @admin.display(description=_("xem trước"))
    def preview_link(self, question: Question) -> str:
        url = reverse("admin:quizzes_question_preview", args=[question.pk])
        return format_html('<a href="{}">{}</a>', url, _("Xem như thí sinh"))

    @admin.display(description=_("lịch sử đổi đáp án đúng"))
    def key_history(self, question: Question) -> str:
        changes = selectors.key_changes_for(question.pk)
        if not changes:
            return _("Chưa đổi lần nào.")
        return format_html_join(
            "",
            "<div>{}: {} “{}” → {} “{}” ({})</div>",
            (
                (
                    local_datetime(c.changed_at),
                    c.old_key,
                    c.old_text,
                    c.new_key,
                    c.new_text,
                    c.changed_by or _("không rõ"),
                )
                for c in changes
            ),
        )

    # --- search: accents optional ---
    def get_search_results(self, request, queryset, search_term):
        for term in ascii_fold(search_term).split():
            queryset = queryset.filter(text_ascii__contains=term)
        return queryset, False

    # --- bulk actions ---
    @admin.action(description=_("Bật các câu hỏi đã chọn"), permissions=["change"])
    def activate(self, request, queryset):
        count = services.set_questions_active(
            queryset.values_list("pk", flat=True), True
        )
        self.message_user(request, say(ACTIVATED, count=count), messages.SUCCESS)

    @admin.action(description=_("Tắt các câu hỏi đã chọn"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = services.set_questions_active(
            queryset.values_list("pk", flat=True), False
        )
        self.message_user(request, say(DEACTIVATED, count=count), messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "export_admin_action" in actions:
            func, name, _label = actions["export_admin_action"]
            actions[name] = (func, name, _("Xuất các câu hỏi đã chọn ra Excel"))
        return actions

    # --- choices: exactly one correct, key changes recorded ---
    def save_formset(self, request, form, formset, change):
        if formset.model is not Choice:
            return super().save_formset(request, form, formset, change)
        key_change = services.replace_choices(
            form.instance, choice_inputs(formset), user=request.user
        )
        # The admin's change message reads these; replace_choices did the writing.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        if key_change is not None:
            self.message_user(
                request,
                say(KEY_CHANGED, old=key_change.old_key, new=key_change.new_key),
                messages.WARNING,
            )
        return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id and str(object_id).isdigit():
            used = selectors.question_usage_count(int(object_id))
            if used:
                extra_context["usage_warning"] = say(USED_QUESTION_WARNING, count=used)
        return super().change_view(request, object_id, form_url, extra_context)

    # --- extra pages: preview, template ---
    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="quizzes_question_preview",
            ),
            path(
                "import-template/",
                self.admin_site.admin_view(self.template_view),
                name="quizzes_question_template",
            ),
            path(
                "nhap-nen/",
                self.admin_site.admin_view(
                    partial(import_views.upload_view, model_admin=self)
                ),
                name="quizzes_question_import_job_new",
            ),
            path(
                "nhap-nen/<int:job_id>/",
                self.admin_site.admin_view(
                    partial(import_views.job_view, model_admin=self)
                ),
                name="quizzes_question_import_job",
            ),
            path(
                "nhap-nen/<int:job_id>/xac-nhan/",
                self.admin_site.admin_view(
                    partial(import_views.confirm_view, model_admin=self)
                ),
                name="quizzes_question_import_job_confirm",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id: int):
        question = get_object_or_404(
            Question.objects.select_related("topic", "bank"), pk=object_id
        )
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "question": question,
            # Choices without is_correct: the preview never marks the key.
            "choices": [
                (layout.LETTERS[position], text)
                for position, text in question.choices.order_by("position").values_list(
                    "position", "text"
                )
            ],
            "title": _("Xem trước câu hỏi"),
        }
        return TemplateResponse(request, "admin/quizzes/question/preview.html", context)

    def template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            exports.template_workbook(), content_type=exports.CONTENT_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.TEMPLATE_FILENAME}"'
        )
        return response

    # --- import / export (django-import-export) ---
    def has_import_permission(self, request):
        return request.user.has_perm("quizzes.add_question")

    def has_export_permission(self, request):
        return request.user.has_perm("quizzes.view_question")

    def get_import_formats(self):
        return list(ie.IMPORT_FORMATS)

    def get_export_formats(self):
        return list(ie.EXPORT_FORMATS)

    def get_import_context_data(self, **kwargs):
        return {"layout_headers": layout.HEADERS}

    def get_import_form_initial(self, request):
        bank = request.GET.get("bank")
        return {"bank": bank} if bank and bank.isdigit() else {}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["bank_name"] = import_form.cleaned_data["bank_name"]
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.pop("form", None)
        kwargs.pop("request", None)
        if form is not None and "bank_name" in getattr(form, "cleaned_data", {}):
            kwargs["bank_name"] = form.cleaned_data["bank_name"]
        return kwargs

    def process_result(self, result, request):
        outcome = result.outcome
        if not outcome.ok:
            # The file changed between preview and confirm, or the bank did.
            self.message_user(
                request, say(IMPORT_REJECTED, count=len(outcome.errors)), messages.ERROR
            )
            for error in outcome.errors[:50]:
                self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:quizzes_question_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        outcome = result.outcome
        self.message_user(
            request,
            say(
                IMPORTED,
                count=outcome.created,
                bank=outcome.bank_name,
                topics=outcome.topics_created,
            ),
            messages.SUCCESS,
        )
        if outcome.skipped:
            skipped = say(IMPORT_SKIPPED, count=len(outcome.skipped))
            self.message_user(request, skipped, messages.WARNING)
        if outcome.existing:
            existing = say(IMPORT_EXISTING_SKIPPED, count=len(outcome.existing))
            self.message_user(request, existing, messages.WARNING)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        return exports.questions_workbook(selectors.export_rows(queryset))

    def get_export_filename(self, request, queryset, file_format):
        date = timezone.localdate().strftime("%Y-%m-%d")
        return f"ngan-hang-cau-hoi-{date}.{file_format.get_extension()}"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "bank", "document_title", "question_total", "active_total"]
    list_filter = ["bank"]
    list_select_related = ["bank"]
    search_fields = ["name", "document_title"]
    fields = ["bank", "name", "document_title", "document_url"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                total=Count("questions"),
                active=Count("questions", filter=Q(questions__is_active=True)),
            )
        )

    @admin.display(description=_("số câu hỏi"), ordering="total")
    def question_total(self, topic: Topic) -> int:
        return topic.total

    @admin.display(description=_("đang dùng"), ordering="active")
    def active_total(self, topic: Topic) -> int:
        return topic.active


@admin.register(QuestionBank)
class QuestionBankAdmin(admin.ModelAdmin):
    list_display = ["name", "topic_total", "question_total", "active_total"]
    search_fields = ["name"]
    readonly_fields = ["per_topic"]
    actions = ["export_bank"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_topics=Count("topics", distinct=True),
                total=Count("questions", distinct=True),
                active=Count(
                    "questions", filter=Q(questions__is_active=True), distinct=True
                ),
            )
        )

    def get_fields(self, request, obj=None):
        return ["name", "description", *(["per_topic"] if obj else [])]

    @admin.display(description=_("số chủ đề"), ordering="n_topics")
    def topic_total(self, bank: QuestionBank) -> int:
        return bank.n_topics

    @admin.display(description=_("số câu hỏi"), ordering="total")
    def question_total(self, bank: QuestionBank) -> int:
        return bank.total

    @admin.display(description=_("đang dùng"), ordering="active")
    def active_total(self, bank: QuestionBank) -> int:
        return bank.active

    @admin.display(description=_("số câu hỏi theo chủ đề"))
    def per_topic(self, bank: QuestionBank) -> str:
        rows = selectors.topic_question_counts(bank.pk)
        if not rows:
            return _("Chưa có chủ đề.")
        url = reverse("admin:quizzes_question_changelist")
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("Chủ đề"),
            _("Số câu hỏi"),
            _("Đang dùng"),
            format_html_join(
                "",
                '<tr><td><a href="{}?topic__id__exact={}">{}</a></td>'
                "<td>{}</td><td>{}</td></tr>",
                ((url, t.pk, t.name, t.total, t.active) for t in rows),
            ),
        )

    @admin.action(description=_("Xuất ngân hàng đã chọn ra Excel (mẫu nhập)"))
    def export_bank(self, request, queryset):
        if not request.user.has_perm("quizzes.view_question"):
            raise PermissionDenied
        banks = list(queryset[:2])
        if len(banks) != 1:
            self.message_user(request, EXPORT_ONE_BANK, messages.ERROR)
            return None
        data = exports.questions_workbook(
            selectors.export_rows(Question.objects.filter(bank=banks[0]))
        )
        response = HttpResponse(data, content_type=exports.CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="ngan-hang-{banks[0].pk}.xlsx"'
        )
        return response


@admin.register(KeyChange)
class KeyChangeAdmin(admin.ModelAdmin):
    """Read-only: written by replace_choices when an organizer changes a key."""

    list_display = ["question", "old_key", "new_key", "changed_by", "changed_at"]
    list_filter = ["question__bank"]
    list_select_related = ["question", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
