"""Admin site: grant a user a role in one collection."""

from django.contrib import admin

from adalet.web.models import CollectionAccess


@admin.register(CollectionAccess)
class CollectionAccessAdmin(admin.ModelAdmin):
    list_display = ("user", "collection", "role", "granted_at")
    list_filter = ("role", "collection")
    search_fields = ("user__username", "collection__name")
