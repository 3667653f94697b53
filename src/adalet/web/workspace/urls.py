"""The workspace's addresses, under /workspace/ (namespace ``workspace``, which the project's URL map (adalet/urls.py)
also gives the API tokens' pages of adalet.api.workspace)."""

from django.urls import path

from adalet.web import annotation_pages
from adalet.web.workspace import (
    bulk,
    dashboard,
    family_requests,
    moderation,
    person_links,
    queues,
    saved,
    twofactor,
    upload,
    watches,
)

app_name = "workspace"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("collections/<str:name>/findings/", queues.findings, name="findings"),
    path("collections/<str:name>/findings/decide/", bulk.bulk_findings, name="bulk-findings"),
    path("collections/<str:name>/findings/<str:key>/", queues.decide_finding, name="decide-finding"),
    path("collections/<str:name>/photo-links/", queues.photo_links, name="photo-links"),
    path("collections/<str:name>/photo-links/decide/", bulk.bulk_photo_links, name="bulk-photo-links"),
    path("collections/<str:name>/photo-links/<int:link_id>/", queues.decide_photo_link, name="decide-photo-link"),
    path("person-links/", person_links.queue, name="person-links"),
    path("person-links/<int:link_id>/", person_links.decide, name="decide-person-link"),
    path("collections/<str:name>/notes/", annotation_pages.collection_notes, name="collection-notes"),
    path("annotations/", annotation_pages.add, name="annotate"),
    path("annotations/<int:annotation_id>/publish/", annotation_pages.publish, name="publish-annotation"),
    path("annotations/<int:annotation_id>/remove/", annotation_pages.remove, name="remove-annotation"),
    path("officials/", moderation.official_matches, name="official-matches"),
    path("officials/<int:match_id>/", moderation.decide_official_match, name="decide-official-match"),
    path("signatures/", moderation.signatures, name="signatures"),
    path("signatures/<int:signature_id>/", moderation.decide_signature, name="decide-signature"),
    path("held/", moderation.held, name="held"),
    path("held/<slug:slug>/", moderation.decide_held, name="decide-held"),
    path("family-requests/", family_requests.queue, name="family-requests"),
    path("family-requests/<int:request_id>/", family_requests.detail, name="family-request"),
    path("family-requests/<int:request_id>/answer/", family_requests.decide, name="decide-family-request"),
    path("upload/", upload.upload, name="upload"),
    path("searches/", saved.searches, name="saved-searches"),
    path("watch/", watches.watch, name="watch"),
    path("watches/", watches.watches, name="watches"),
    path("security/", twofactor.security, name="security"),
]
