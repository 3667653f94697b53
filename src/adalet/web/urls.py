"""The public site's addresses: collections (statistics, photos), search, the document viewer, the facility map,
relative search, sanctions, thumbnails, sign-in and language."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from adalet.web import (
    bundles,
    collection_pages,
    facility_pages,
    family,
    item_pages,
    person_pages,
    responsibility_pages,
    sanctions_pages,
    search_pages,
    stats_pages,
    views,
)
from adalet.web.workspace import twofactor

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("search/export.csv", search_pages.export_csv, name="search-export-csv"),
    path("search/export.json", search_pages.export_json, name="search-export-json"),
    path("relatives/", views.relatives, name="relatives"),
    path("relatives/next/", family.what_next, name="relatives-next"),
    path("collections/<str:name>/", collection_pages.collection_page, name="collection"),
    path("collections/<str:name>/photos/", collection_pages.photos_page, name="collection-photos"),
    path("collections/<str:name>/bundle.zip", bundles.collection_bundle, name="collection-bundle"),
    path("relatives/<int:person_id>/extract.zip", bundles.record_extract, name="record-extract"),
    path("sanctions/", sanctions_pages.gaps_page, name="gaps"),
    path("officials/<int:official_id>/", sanctions_pages.official_page, name="official"),
    path("officials/<int:official_id>/detentions/<str:which>/", responsibility_pages.official_detentions,
         name="official-detentions"),
    path("thumbnails/<int:item_id>", collection_pages.thumbnail, name="thumbnail"),
    path("items/<int:item_id>/", item_pages.item_page, name="item"),
    path("people/<int:person_id>/", person_pages.person_page, name="person"),
    path("items/<int:item_id>/original", item_pages.original, name="item-original"),
    path("items/<int:item_id>/pages/<int:number>.png", item_pages.page_image, name="item-page-image"),
    path("facilities/", facility_pages.facilities_page, name="facilities"),
    path("collections/<str:name>/statistics/", stats_pages.statistics_page, name="collection-statistics"),
    path("login/", twofactor.SignInView.as_view(), name="login"),
    path("login/code/", twofactor.login_code, name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # No CSRF token on the language switch: a forged switch changes only a language, and a token in every page's
    # form would set a cookie on every visitor and keep public pages out of the page cache (adalet/lib/pagecache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
]
