"""The public site: collections, search, relative search, sign-in, roles."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "adalet.web"
    label = "web"

    def ready(self) -> None:
        from adalet.web.i18n_compile import compile_all

        try:
            compile_all(only_stale=True)  # a fresh checkout is translated before `make install` compiles
        except OSError:
            pass  # a read-only install: its catalogs were compiled when it was built
