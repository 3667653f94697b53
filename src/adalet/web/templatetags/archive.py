"""Template filters for archive records."""

from django import template

from adalet.archive.mediatypes import label

register = template.Library()


@register.filter
def media_label(media_type: str) -> str:
    """image/jpeg -> JPEG, the DOCX media type -> DOCX."""
    return label(media_type)
