from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "adalet.people"
    label = "people"
    verbose_name = "People and detention records"
