"""Template filters for adalet.web.words: ``{{ code|jurisdiction }}``, ``{{ key|check_words }}``,
``{{ label|passage_label }}``, ``{{ kind|facility_kind }}``, ``{{ family|kind_words }}``."""

from django import template

from adalet.web import words

register = template.Library()
register.filter("jurisdiction", words.jurisdiction)
register.filter("check_words", words.check)
register.filter("passage_label", words.passage_label)
register.filter("facility_kind", words.facility_kind)
register.filter("kind_words", words.kind)
