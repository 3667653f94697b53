"""The public site's addresses: collections, search, relative search, sanctions, thumbnails, sign-in and language."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from adalet.web import collection_pages, sanctions_pages, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("relatives/", views.relatives, name="relatives"),
    path("collections/<str:name>/", collection_pages.collection_page, name="collection"),
    path("collections/<str:name>/photos/", collection_pages.photos_page, name="collection-photos"),
    path("sanctions/", sanctions_pages.gaps_page, name="gaps"),
    path("officials/<int:official_id>/", sanctions_pages.official_page, name="official"),
    path("thumbnails/<int:item_id>", collection_pages.thumbnail, name="thumbnail"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
]
