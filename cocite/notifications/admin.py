from __future__ import annotations

from django.contrib import admin

from .models import Follow, Notification, NotificationPreference, PhaseAnnouncement


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin[Follow]):
    list_display = ["user", "content_type", "object_id", "created_at"]
    list_filter = ["content_type"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "actor", "demarche"]
    readonly_fields = ["event_key", "payload", "target_type", "target_id"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ["user", "email_frequency", "updated_at"]
    list_filter = ["email_frequency"]
    raw_id_fields = ["user"]


@admin.register(PhaseAnnouncement)
class PhaseAnnouncementAdmin(admin.ModelAdmin[PhaseAnnouncement]):
    list_display = ["demarche", "phase", "announced_at", "notified"]
    raw_id_fields = ["demarche", "phase"]
