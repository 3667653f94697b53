"""Upload for ingest from the workspace: the file is staged into a collection the researcher may write to, with the
uploader and the source statement on the custody log, and its extraction queued for the workers, not done in the
request; an over-large file is refused with a clear error; viewers and closed collections are refused."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult

from adalet.archive.models import Collection, Item, ItemStatus
from adalet.lib.roles import Role
from tests.web.workspace_fixtures import custody, make_user

pytestmark = pytest.mark.django_db
SOURCE = "Handed over on a USB stick by a former clerk, 2022-05-01"


def leak_zip() -> bytes:
    """The same bytes at every call (members dated as a real leak's are, not by the clock: a second call two seconds
    later made another file, and a second upload of "the same" zip staged it anew)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (("疏附县/名单.csv", "姓名,身份证号\n阿依古丽,653121199001011234\n"),
                           ("疏附县/通知.txt", "关于加强看守所管理的通知\n")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2018, 5, 7, 9, 30, 0)), text)
    return buffer.getvalue()


@pytest.fixture
def collection() -> Collection:
    return Collection.objects.create(name="uploads")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, data: bytes, name: str = "疏附县材料.zip", collection: str = "uploads", **extra: Any) -> Any:
    return client.post("/workspace/upload/", {"collection": collection, "source": SOURCE,
                                               "file": SimpleUploadedFile(name, data, "application/zip")}, **extra)


def test_an_upload_is_staged_and_queued_not_extracted(collection: Collection, django_capture_on_commit_callbacks: Any) -> None:
    client = signed_in(make_user("rahile", grants={collection: Role.RESEARCHER}))
    form = client.get("/workspace/upload/").content.decode()
    assert 'enctype="multipart/form-data"' in form and '<option value="uploads">' in form
    with django_capture_on_commit_callbacks(execute=True):
        answer = upload(client, leak_zip())
    assert answer.status_code == 302 and answer["Location"] == "/workspace/upload/"
    (item,) = Item.objects.filter(collection=collection)
    assert (item.locator, item.status, item.size) == ("疏附县材料.zip", ItemStatus.PENDING, len(leak_zip()))
    assert not Item.objects.filter(parent=item).exists()  # the members wait for a worker
    queued = DBTaskResult.objects.filter(task_path="adalet.archive.tasks.extract_items")
    assert [task.args_kwargs["args"] for task in queued] == [[[item.pk]]]
    start = custody("ingest-start")[-1]
    assert start.actor == "rahile" and start.subject == "uploads" and SOURCE in start.body
    assert custody("ingest")[-1].actor == "rahile" and item.sha256 in custody("ingest")[-1].body
    page = client.get("/workspace/upload/").content.decode()
    assert "疏附县材料.zip is staged in uploads" in page
    upload(client, leak_zip())
    assert Item.objects.filter(collection=collection).count() == 1
    assert "already in uploads: nothing new was staged" in client.get("/workspace/upload/").content.decode()


def test_a_file_over_the_limit_is_refused_clearly(collection: Collection, settings: Any) -> None:
    settings.ADALET_UPLOAD_MAX_BYTES = 1000
    client = signed_in(make_user("rahile", grants={collection: Role.RESEARCHER}))
    refused = upload(client, b"x" * 5000)
    assert refused.status_code == 413 and "The file is 4.9\xa0KB; the largest accepted is 1000\xa0bytes." in (
        refused.content.decode())
    huge = upload(client, b"x" * 500, CONTENT_LENGTH=str(10**9))  # refused from its declared length, before reading
    assert huge.status_code == 413 and "the largest accepted is 1000\xa0bytes" in huge.content.decode()
    assert not Item.objects.exists() and not custody("ingest-start")


def test_only_collections_the_user_may_write_to(collection: Collection) -> None:
    other = Collection.objects.create(name="someone-elses")
    viewer = signed_in(make_user("visitor", grants={collection: Role.VIEWER}))
    assert "Uploading needs the researcher role" in viewer.get("/workspace/upload/").content.decode()
    assert upload(viewer, leak_zip()).status_code == 403
    researcher = signed_in(make_user("rahile", grants={collection: Role.RESEARCHER}))
    assert "someone-elses" not in researcher.get("/workspace/upload/").content.decode()
    assert upload(researcher, leak_zip(), collection=other.name).status_code == 400
    assert not Item.objects.exists()
