"""Admin site: grant a user a role in one collection; read families' requests (web.family)."""

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
    """Staff read families' requests here (never published); only "handled" can be changed."""

    list_display = ("received_at", "kind", "person", "language", "handled")
    list_filter = ("kind", "handled", "language")
    readonly_fields = ("kind", "person", "name", "contact", "relation", "message", "language", "received_at", "custody_seq")

    def has_add_permission(self, request: Any) -> bool:
        return False
