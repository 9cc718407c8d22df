from __future__ import annotations

from django.contrib import admin

from .models import Choice, Question, Survey


class QuestionInline(admin.TabularInline[Question, Survey]):
    model = Question
    extra = 0
    fields = ("position", "kind", "label", "required")
    show_change_link = True


class ChoiceInline(admin.TabularInline[Choice, Question]):
    model = Choice
    extra = 0
    fields = ("role", "position", "label")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ("title", "demarche", "status", "anonymous", "opens_at", "closes_at")
    list_filter = ("status", "anonymous")
    search_fields = ("title",)
    raw_id_fields = ("demarche", "created_by")
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ("label", "survey", "kind", "position", "required")
    list_filter = ("kind",)
    search_fields = ("label",)
    raw_id_fields = ("survey", "condition_choice")
    inlines = [ChoiceInline]
