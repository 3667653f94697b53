"""Admin site: grant a user a role in one collection; read families' requests (web.family), answered in the
workspace (web.workspace.family_requests), where each answer goes on the custody log."""

from typing import Any

from django.contrib import admin

from adalet.web.models import CollectionAccess, RelativeRequest


@admin.register(CollectionAccess)
class CollectionAccessAdmin(admin.ModelAdmin):
    list_display = ("user", "collection", "role", "granted_at")
    list_filter = ("role", "collection")
    search_fields = ("user__username", "collection__name")


@admin.register(RelativeRequest)
class RelativeRequestAdmin(admin.ModelAdmin):
    """Staff read families' requests here (never published); they are answered in the workspace, on the custody
    log, so nothing here can be changed."""

    list_display = ("received_at", "kind", "person", "language", "status")
    list_filter = ("kind", "status", "language")
    readonly_fields = ("kind", "person", "name", "contact", "relation", "message", "language", "received_at", "custody_seq",
                       "status", "team_note", "answered_by", "answered_at")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
