"""Upload for ingest: a researcher hands a file (a zip, a spreadsheet, a PDF…) to a collection they may write to.

The file is staged with the archive's own ingest (stored under its hash, recorded as an item, on the custody log
with the uploader as actor and their source statement) and its extraction is queued for the background workers
(`adalet worker`); nothing is extracted in the request. Files over ADALET_UPLOAD_MAX_BYTES are refused before
they are read.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adalet.archive.ingest import IngestError, ingest
from adalet.home import home
from adalet.lib.roles import Role
from adalet.web.roles import collection_role
from adalet.web.workspace.access import actor, at_least, openable_collections, workspace_view


class UploadForm(forms.Form):
    collection = forms.ChoiceField(label=gettext_lazy("Collection"))
    file = forms.FileField(label=gettext_lazy("File"))
    source = forms.CharField(label=gettext_lazy("How it was obtained"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, collections: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["collection"].choices = [(name, name) for name in collections]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.ADALET_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(too_large(upload.size, limit))
        return upload


def too_large(size: int, limit: int) -> str:
    return _("The file is %(size)s; the largest accepted is %(limit)s.") % {
        "size": filesizeformat(size), "limit": filesizeformat(limit)}


def writable_collections(request: HttpRequest) -> list[str]:
    return [c.name for c in openable_collections(request) if at_least(collection_role(request.user, c), Role.RESEARCHER)]


def safe_name(name: str) -> str:
    """The uploaded file's own name (no folders), as its locator in the collection."""
    name = Path(name.replace("\\", "/")).name.strip()
    return name if name and name not in (".", "..") else "upload"


@workspace_view
def upload(request: HttpRequest) -> HttpResponse:
    names = writable_collections(request)
    if request.method != "POST":
        return render(request, "web/workspace/upload.html", {"form": UploadForm(collections=names), "names": names})
    if not names:
        raise PermissionDenied
    limit = settings.ADALET_UPLOAD_MAX_BYTES
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > limit + 64 * 1024:  # refused before the body is read (the form's other fields are small)
        form = UploadForm(collections=names)
        context = {"form": form, "names": names, "error": too_large(declared, limit)}
        return render(request, "web/workspace/upload.html", context, status=413)
    form = UploadForm(request.POST, request.FILES, collections=names)
    if not form.is_valid():
        status = 413 if "file" in form.errors and request.FILES.get("file") and request.FILES["file"].size > limit else 400
        return render(request, "web/workspace/upload.html", {"form": form, "names": names}, status=status)
    folder = home() / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    try:
        path = folder / safe_name(form.cleaned_data["file"].name)
        with open(path, "wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        summary = ingest(path, form.cleaned_data["collection"], source=form.cleaned_data["source"], actor=actor(request),
                         wait=False)
    except IngestError as problem:
        return render(request, "web/workspace/upload.html", {"form": form, "names": names, "error": str(problem)},
                      status=400)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    values = {"name": path.name, "collection": summary.collection, "run": summary.run}
    if summary.new_items:
        messages.success(request, _("%(name)s is staged in %(collection)s (ingest run %(run)s); its extraction is "
                                    "queued for the background workers.") % values)
    else:
        messages.info(request, _("%(name)s is already in %(collection)s: nothing new was staged.") % values)
    return redirect("workspace:upload")
