"""People and detention records: every fact the site shows of them is bound on the custody log."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "adalet.people"
    label = "people"
    verbose_name = "People and detention records"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from adalet.archive import bindings
        from adalet.people import namekeys
        from adalet.people.models import (
            Annotation,
            Detention,
            Facility,
            FacilityPlace,
            Person,
            PersonLink,
            PhotoLink,
            Position,
            PostArea,
            Relative,
            SourceRow,
        )

        bindings.register(SourceRow)
        bindings.register(Person, exclude=["created_at"])
        for model in (Facility, Detention, Relative, Position, PhotoLink, PostArea, FacilityPlace, PersonLink):
            bindings.register(model)
        post_save.connect(namekeys.person_saved, sender=Person, dispatch_uid="people-namekeys")
        bindings.register(Annotation, exclude=["created_at"])
