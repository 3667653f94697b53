"""The public site: collections, search, relative search, sign-in, roles."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "adalet.web"
    label = "web"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from adalet import changes
        from adalet.lib import deploychecks  # noqa: F401  (registers the secret and deployment checks)
        from adalet.names.han import require_converter
        from adalet.sanctions.signals import lists_changed
        from adalet.web.alerts import tasks as alert_tasks
        from adalet.web.i18n_compile import compile_all

        # names in characters are compared through OpenCC: without it the site stops here, not at a silent "no match"
        require_converter()

        # every connection of every process renews the public pages' generation after writes (adalet.lib.pagecache)
        connection_created.connect(changes.install, dispatch_uid="adalet.changes.install")
        # whoever watches an official is emailed what a list update changed (web.alerts)
        lists_changed.connect(alert_tasks.on_lists_changed, dispatch_uid="web-alerts-digest")
        # a database made or migrated anew (a restore, a test database) shows nothing a cached page showed
        post_migrate.connect(changes.migrated, dispatch_uid="adalet.changes.migrated")

        try:
            compile_all(only_stale=True)  # a fresh checkout is translated before `make install` compiles
        except OSError:
            pass  # a read-only install: its catalogs were compiled when it was built
