"""URLs under /letters/: public letter pages, signer links, and staff pages."""

from django.urls import path

from adalet.campaigns import embed, staff, views

app_name = "campaigns"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", staff.new_letter, name="new"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("<slug:slug>/", views.letter, name="letter"),
    path("<slug:slug>/sign/<str:kind>/", views.sign, name="sign"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/logo/<int:pk>/", views.logo, name="logo"),
    path("<slug:slug>/responses/<int:pk>/file", views.response_file, name="response-file"),
    path("<slug:slug>/moderate/", views.moderate, name="moderate"),
    path("<slug:slug>/manage/", staff.manage, name="manage"),
    path("<slug:slug>/edit/", staff.edit_letter, name="edit"),
    path("<slug:slug>/counter/", embed.counter, name="counter"),
    path("<slug:slug>/export.<str:kind>", views.export, name="export"),
]
