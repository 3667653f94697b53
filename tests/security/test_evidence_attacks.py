"""Issue 18's evidence features attacked as its adversaries would: a forger who holds a bundle and wants a verifier
to say OK on what Adalet never signed, and a reader who wants the personal data (or the staff) a bundle must not give.

Each test is an attack on a real bundle (tests/bundles/conftest.py: a realistic leak through the real `adalet`
commands) and checks both verifiers: `adalet bundle verify` and the bundle's own `python verify/verify.py`.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adalet.archive import custody
from adalet.bundles import verifier
from adalet.lib import merkle, notes
from tests.bundles import conftest as bundles
from tests.bundles.conftest import Published

#: Attacks on a bundle's files and its verifiers; the bundle's making is tested on both databases in tests/bundles.
pytestmark = pytest.mark.one_database
published = bundles.published  # the bundles' fixture: one published leak and its bundle, built once for this module

HEX64 = re.compile(r"[0-9a-f]{64}")


def standalone(bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(bundle / "verify" / "verify.py"), str(bundle), *args],
                          capture_output=True, text=True, timeout=60)


def both_fail_naming(published: Published, bundle: Path, name: str) -> None:
    ours = published.adalet.run("bundle", "verify", str(bundle), check=False)
    theirs = standalone(bundle)
    for result in (ours, theirs):
        assert result.returncode == 1, result.stdout
        assert name in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def rewrite_manifests(bundle: Path) -> None:
    """What a forger does after changing files: both manifests and the Payload-Oxum recomputed."""
    def digest(path: str) -> str:
        return hashlib.sha256((bundle / path).read_bytes()).hexdigest()

    payload = sorted(p.relative_to(bundle).as_posix() for p in (bundle / "data").rglob("*") if p.is_file())
    (bundle / "manifest-sha256.txt").write_text("".join(f"{digest(p)}  {p}\n" for p in payload))
    info = (bundle / "bag-info.txt").read_text()
    oxum = f"{sum((bundle / p).stat().st_size for p in payload)}.{len(payload)}"
    (bundle / "bag-info.txt").write_text(re.sub(r"Payload-Oxum: \S+", f"Payload-Oxum: {oxum}", info))
    tags = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*")
                  if p.is_file() and not p.relative_to(bundle).as_posix().startswith("data/")
                  and p.name != "tagmanifest-sha256.txt")
    (bundle / "tagmanifest-sha256.txt").write_text("".join(f"{digest(p)}  {p}\n" for p in tags))


# --- Forgery ------------------------------------------------------------------------------------------------------


def test_a_symbolic_link_in_the_bag_is_refused(published: Published, tmp_path: Path) -> None:
    """A link keeps every hash right while the bytes live outside the bag (or are a device read forever)."""
    bundle = published.fresh_copy(tmp_path)
    inside = sorted((bundle / "data" / "redacted").iterdir())[0]
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(inside.read_bytes())
    inside.unlink()
    inside.symlink_to(outside)
    both_fail_naming(published, bundle, f"data/redacted/{inside.name}")

    bundle = published.fresh_copy(tmp_path / "folder")
    (bundle / "data" / "thumbnails").rename(tmp_path / "thumbnails")
    (bundle / "data" / "thumbnails").symlink_to(tmp_path / "thumbnails", target_is_directory=True)
    both_fail_naming(published, bundle, "data/thumbnails")


def test_a_pipe_in_place_of_a_file_is_refused_without_reading_it(published: Published, tmp_path: Path) -> None:
    bundle = published.fresh_copy(tmp_path)
    (bundle / "bagit.txt").unlink()
    os.mkfifo(bundle / "bagit.txt")  # opened, it would block the verifier for ever
    with pytest.raises(verifier.Failure, match="bagit.txt: is not a plain file"):
        verifier.verify(str(bundle))


def test_an_altered_custody_extract_with_its_manifests_rewritten_fails(published: Published, tmp_path: Path) -> None:
    """The custody extract is a tag file: the manifests alone vouch for it no further than whoever rewrote them."""
    bundle = published.fresh_copy(tmp_path)
    extract = bundle / "custody" / "extract.jsonl"
    lines = extract.read_text().splitlines(keepends=True)
    publish = [line for line in lines if '"action": "publish"' in line]
    assert publish, "the extract should show the publication"
    extract.write_text("".join(line for line in lines if line not in publish))  # the publication hidden
    rewrite_manifests(bundle)
    both_fail_naming(published, bundle, "custody/extract.jsonl")


def test_a_bundle_re_signed_by_a_lookalike_key_names_that_key(published: Published, tmp_path: Path) -> None:
    """A forger changes a record, rebuilds the tree and signs with a key of their own under the installation's name:
    the verifier's OK must show that key whole (a name is anyone's to take), and --key with the real one refuses it."""
    bundle = published.fresh_copy(tmp_path)
    real_key = re.search(r"^Adalet-Signing-Key: (\S+)$", (bundle / "bag-info.txt").read_text(), re.M).group(1)  # type: ignore[union-attr]
    forger = notes.Signer(real_key.split("+")[0], Ed25519PrivateKey.generate())
    records = (bundle / "data" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(records[0])
    first["name"] = "FORGED"
    records[0] = json.dumps(first, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (bundle / "data" / "records.jsonl").write_text("".join(r + "\n" for r in records), encoding="utf-8")
    leaves: dict[int, bytes] = {}
    for path in verifier.LEAF_FILES:
        for raw in (bundle / path).read_bytes().split(b"\n")[:-1]:
            leaves[json.loads(raw)["leaf"]] = merkle.leaf_hash(raw)
    tree = merkle.Tree(leaves[i] for i in range(len(leaves)))
    old = notes.Checkpoint.parse((bundle / "merkle" / "checkpoint.txt").read_text().split("\n\n")[0] + "\n")
    forged = notes.Checkpoint(old.origin, tree.size, tree.root(), old.extensions)
    (bundle / "merkle" / "checkpoint.txt").write_text(notes.sign(forged.text(), forger))
    for name in ("README.md", "bag-info.txt"):
        (bundle / name).write_text((bundle / name).read_text(encoding="utf-8").replace(real_key, forger.verifier_key),
                                   encoding="utf-8")
    for name in ("timestamps",):  # the stamps were over the real checkpoint: a forger drops them
        for stamp in (bundle / name).iterdir():
            stamp.unlink()
        (bundle / name).rmdir()
    rewrite_manifests(bundle)

    theirs = standalone(bundle)
    assert theirs.returncode == 0, theirs.stderr  # a self-consistent bag: only the key can tell
    assert forger.verifier_key in theirs.stdout and "not given with --key" in theirs.stdout
    assert real_key not in theirs.stdout
    pinned = standalone(bundle, "--key", real_key)
    assert pinned.returncode == 1 and "another key" in pinned.stderr
    ours = published.adalet.run("bundle", "verify", str(bundle), "--key", real_key, check=False)
    assert ours.returncode == 1 and "another key" in ours.stderr


def test_an_extract_with_the_proof_of_another_leaf_fails(published: Published, tmp_path: Path) -> None:
    records = (published.bundle / "data" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    wanted, other = json.loads(records[3]), json.loads(records[4])
    one, two = tmp_path / "one", tmp_path / "two"
    published.adalet.run("bundle", "extract", str(published.bundle), wanted["id"], "--out", str(one))
    published.adalet.run("bundle", "extract", str(published.bundle), other["id"], "--out", str(two))
    (one / "merkle" / "inclusion.json").write_bytes((two / "merkle" / "inclusion.json").read_bytes())
    rewrite_manifests(one)
    with pytest.raises(verifier.Failure, match="merkle/inclusion.json"):
        verifier.verify(str(one))
    proof = json.loads((two / "merkle" / "inclusion.json").read_text())
    proof["leaf"] = wanted["leaf"]  # the leaf number made to agree: the path still leads elsewhere
    (one / "merkle" / "inclusion.json").write_text(json.dumps(proof))
    rewrite_manifests(one)
    with pytest.raises(verifier.Failure, match="inclusion proof fails"):
        verifier.verify(str(one))


def test_leaf_lines_moved_between_files_or_reordered_fail(published: Published, tmp_path: Path) -> None:
    """Leaves are hashed line by line and placed by their leaf number: a record moved into commitments.jsonl, or two
    lines swapped, keeps the signed root while records.jsonl no longer reads as signed."""
    bundle = published.fresh_copy(tmp_path)
    records = (bundle / "data" / "records.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (bundle / "data" / "records.jsonl").write_text("".join(records[1:]), encoding="utf-8")
    with (bundle / "data" / "commitments.jsonl").open("a", encoding="utf-8") as commitments:
        commitments.write(records[0])
    rewrite_manifests(bundle)
    both_fail_naming(published, bundle, "data/commitments.jsonl")

    bundle = published.fresh_copy(tmp_path / "swapped")
    (bundle / "data" / "records.jsonl").write_text("".join([records[1], records[0], *records[2:]]), encoding="utf-8")
    rewrite_manifests(bundle)
    both_fail_naming(published, bundle, "data/records.jsonl")


@pytest.mark.parametrize("name", ["data/../../x", "/etc/passwd", "data/../bagit.txt"])
def test_a_manifest_entry_outside_the_bag_is_refused(published: Published, tmp_path: Path, name: str) -> None:
    bundle = published.fresh_copy(tmp_path)
    manifest = bundle / "manifest-sha256.txt"
    manifest.write_text(manifest.read_text() + f"{'0' * 64}  {name}\n")
    tags = (bundle / "tagmanifest-sha256.txt").read_text()
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()
    (bundle / "tagmanifest-sha256.txt").write_text(re.sub(r"^\S+(  manifest-sha256\.txt)$", rf"{digest}\1", tags,
                                                          flags=re.M))
    with pytest.raises(verifier.Failure, match="outside the bag"):
        verifier.verify(str(bundle))


def test_a_later_bundle_is_not_said_to_extend_an_altered_previous_one(published: Published, tmp_path: Path) -> None:
    """--previous names the old bundle a reader holds: a copy whose records were changed (its checkpoint kept, its
    manifests rewritten) is not the bundle the proof is about, and a proof from another tree size fails."""
    later = tmp_path / "later"
    published.adalet.run("bundle", "create", "leak", "--out", str(later), "--previous", str(published.bundle))
    assert verifier.verify(str(later), str(published.bundle)).startswith("OK: ")
    altered = published.fresh_copy(tmp_path / "altered")
    records = (altered / "data" / "records.jsonl").read_text(encoding="utf-8")
    (altered / "data" / "records.jsonl").write_text(records.replace('"name":"', '"name":"X', 1), encoding="utf-8")
    rewrite_manifests(altered)
    with pytest.raises(verifier.Failure, match="merkle/checkpoint.txt: the leaves' Merkle root is not the signed"):
        verifier.verify(str(later), str(altered))
    proof = json.loads((later / "merkle" / "consistency.json").read_text())
    proof["old_size"] -= 1  # a proof from a tree one leaf shorter than the previous bundle's
    (later / "merkle" / "consistency.json").write_text(json.dumps(proof))
    rewrite_manifests(later)
    with pytest.raises(verifier.Failure, match="merkle/consistency.json"):
        verifier.verify(str(later), str(published.bundle))



def test_a_timestamp_from_a_forgers_authority_is_not_passed_off_as_the_real_ones(published: Published,
                                                                                  tmp_path: Path) -> None:
    """The forger runs a TSA of their own, swaps its certificate into timestamps/tsa-certificates.pem (a tag file:
    the manifests are rewritten) and keeps the real authority's name in stamps.json: checked against the bundle's
    own certificates the stamp verifies, and the verifier must say that is all it shows; checked against the real
    authority's certificate it fails, naming the stamp."""
    from adalet.lib import timestamps
    from tests.tsa import LocalTSA

    bundle = published.fresh_copy(tmp_path)
    with LocalTSA.running(tmp_path / "forger-tsa", name="Forger TSA") as forger:
        roots = timestamps.trusted_certificates(forger.certificate)
        token = timestamps.request_stamp(forger.url, (bundle / "merkle" / "checkpoint.txt").read_bytes(), roots).token
    (bundle / "timestamps" / "1.tsr").write_bytes(token)
    (bundle / "timestamps" / "tsa-certificates.pem").write_bytes(forger.certificate.read_bytes())
    rewrite_manifests(bundle)
    quiet = {k: v for k, v in published.adalet.env.items() if k != "ADALET_TSA_CA_FILE"}
    own = subprocess.run(published.adalet.command + ["bundle", "verify", str(bundle)], env=quiet, capture_output=True,
                         text=True, timeout=120)
    assert own.returncode == 0, own.stderr  # the stamp does verify against the certificate it came with...
    assert "the bundle's own certificates" in own.stdout and "--tsa-ca" in own.stdout, own.stdout  # ...and says so
    real = published.adalet.run("bundle", "verify", str(bundle), "--tsa-ca", str(published.tsa_certificate),
                                check=False)
    assert real.returncode == 1 and "timestamps/1.tsr" in real.stderr, real.stdout



def test_a_timestamp_listing_naming_a_file_outside_the_bag_is_refused(published: Published, tmp_path: Path) -> None:
    """stamps.json names each reply's path: one outside the bag (here a pipe nobody writes, which would block the
    verifier for ever; /dev/zero would fill its memory) fails at once, naming the listing."""
    bundle = published.fresh_copy(tmp_path)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    listing = bundle / "timestamps" / "stamps.json"
    stamps = json.loads(listing.read_text())
    stamps[0]["reply"] = str(pipe)
    listing.write_text(json.dumps(stamps))
    rewrite_manifests(bundle)
    ours = published.adalet.run("bundle", "verify", str(bundle), "--tsa-ca", str(published.tsa_certificate),
                                check=False, timeout=60)
    assert ours.returncode == 1 and "timestamps/stamps.json" in ours.stderr, ours.stderr
    record = json.loads((bundle / "data" / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])["id"]
    extract = published.adalet.run("bundle", "extract", str(bundle), record, "--out", str(tmp_path / "x"), check=False,
                                   timeout=60)  # the extract copies the stamps: never that one
    assert extract.returncode == 1 and "timestamps/stamps.json" in extract.stderr, extract.stderr
    assert len(extract.stderr.strip().splitlines()) == 1


# --- Privacy ------------------------------------------------------------------------------------------------------


def custody_bodies(published: Published) -> list[dict[str, str]]:
    return published.adalet.query(
        "from adalet.archive.models import CustodyRecord\n"
        "result = [{'body': r.body, 'actor': r.actor} for r in CustodyRecord.objects.all()]")


def test_the_custody_extract_confirms_no_guessed_body(published: Published) -> None:
    """Everything in a custody body but its actor is known from the bundle and the record's time, so any hash of a
    body in the extract confirms a guessed staff name. Here the guess is perfect (the body itself, and every hash in
    the extract tried as its previous digest), and still nothing in the extract matches."""
    extract = (published.bundle / "custody" / "extract.jsonl").read_text(encoding="utf-8")
    published_hashes = set(HEX64.findall(extract))
    bodies = custody_bodies(published)
    assert bodies
    for record in bodies:
        body = record["body"]
        assert hashlib.sha256(body.encode()).hexdigest() not in published_hashes
        guesses = {custody.chain_digest(previous, body) for previous in published_hashes}
        assert not guesses & published_hashes, f"the extract confirms the body {body[:80]}"
        assert record["actor"] not in extract


def test_no_server_folder_staff_name_or_id_number_in_any_tag_or_leaf(published: Published) -> None:
    bodies = custody_bodies(published)
    actors = {record["actor"] for record in bodies}
    id_numbers = {person["id_number"] for person in published.manifest["people"] if person.get("id_number")}
    for path in sorted(p for p in published.bundle.rglob("*") if p.is_file() and p.suffix in (".jsonl", ".txt", ".md",
                                                                                              ".json")):
        content = path.read_text(encoding="utf-8")
        for secret in actors | id_numbers | {str(published.leak), published.adalet.env["ADALET_HOME"]}:
            assert secret not in content, f"{path.relative_to(published.bundle)} holds {secret!r}"


def test_commitment_salts_are_long_random_and_kept_off_the_bundle(published: Published) -> None:
    salts = published.adalet.query(
        "import os\nfrom adalet.archive.models import Collection\nfrom adalet.bundles.salts import salts_path\n"
        "path = salts_path(Collection.objects.get(name='leak').pk)\n"
        "result = [oct(os.stat(path).st_mode & 0o777), path.read_text()]")
    mode, kept = salts
    assert mode == "0o600"
    values = list(json.loads(kept).values())
    assert values and all(len(bytes.fromhex(v)) == 32 for v in values) and len(set(values)) == len(values)
    everything = b"".join(p.read_bytes() for p in published.bundle.rglob("*") if p.is_file())
    for salt in values:
        assert salt.encode() not in everything and bytes.fromhex(salt) not in everything
        assert base64.b64encode(bytes.fromhex(salt)) not in everything



def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG's segments up to the picture (SOS)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, at = [], 2
    while at < len(data):
        assert data[at] == 0xFF, f"a segment should start at {at}"
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return markers


def test_thumbnails_carry_no_exif_gps_or_comment_and_withheld_text_stays_out(published: Published) -> None:
    thumbnails = sorted((published.bundle / "data" / "thumbnails").iterdir())
    assert thumbnails, "the collection was published with its photos"
    for thumbnail in thumbnails:
        data = thumbnail.read_bytes()
        extra = [hex(m) for m in jpeg_segments(data) if 0xE1 <= m <= 0xEF or m == 0xFE]  # APP1-15 (EXIF, XMP), COM
        assert data[6:11] == b"JFIF\x00" if 0xE0 in jpeg_segments(data) else True  # APP0: only JFIF's header
        assert not extra and b"Exif" not in data and b"GPS" not in data, f"{thumbnail.name}: {extra}"
    assert not list((published.bundle / "data").rglob("originals/*.jpg"))  # a photo's original is never offered
    everything = b"".join(p.read_bytes() for p in published.bundle.rglob("*") if p.is_file())
    assert published.later_file.read_bytes().strip() not in everything  # withheld until published again
    assert published.later_file.name.encode() not in everything



def test_a_thumbnail_made_from_a_photo_with_gps_is_offered_without_it() -> None:
    """The seed's photos carry no EXIF: here one does (GPS and a camera owner), as the bundle's thumbnails pass."""

    from PIL import Image

    from adalet.archive.extractors.image import strip_jpeg

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 28.0, 12.5), 3: "E", 4: (75.0, 59.0, 3.1)}  # GPSInfo: Kashgar
    exif[0xA430] = "Officer Zhang"  # CameraOwnerName
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), "gray").save(picture, "JPEG", exif=exif, comment=b"65312119730629819X")
    original = picture.getvalue()
    assert b"Exif" in original and b"Officer Zhang" in original
    stripped = strip_jpeg(original)
    assert stripped and Image.open(io.BytesIO(stripped)).size == (64, 48)
    for leak in (b"Exif", b"Officer Zhang", b"65312119730629819X"):
        assert leak not in stripped
    assert not Image.open(io.BytesIO(stripped)).getexif()


# --- Denial -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_build_that_fails_is_not_queued_again_at_each_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """A collection whose bundle cannot be built (here: masking left personal data) must not cost a full build per
    request to /collections/NAME/bundle.zip: the failed build holds the marker until it goes stale."""
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from adalet.archive.models import Collection
    from adalet.bundles import store, tasks
    from adalet.bundles.published import PersonalDataLeft

    collection = Collection.objects.create(name="failing", is_public=True)
    builds: list[int] = []

    def failing_build(_: Collection) -> None:
        builds.append(1)
        raise PersonalDataLeft("masking left personal data in '65312119730629819X'")

    monkeypatch.setattr(store, "build_for_site", failing_build)
    client = Client()
    assert client.get("/collections/failing/bundle.zip").status_code == 503
    with pytest.raises(PersonalDataLeft):
        tasks.build_site_bundle.call(collection.pk)  # the worker runs the queued build: it fails
    for _ in range(5):
        assert client.get("/collections/failing/bundle.zip").status_code == 503
    queued = DBTaskResult.objects.filter(task_path__endswith="build_site_bundle").count()
    assert (queued, len(builds)) == (1, 1), "every request after a failed build queued another"
    marker = store.folder(collection.pk) / "building"
    os.utime(marker, (0, 0))  # an hour later: tried again, once
    client.get("/collections/failing/bundle.zip")
    client.get("/collections/failing/bundle.zip")
    assert DBTaskResult.objects.filter(task_path__endswith="build_site_bundle").count() == 2


@pytest.mark.django_db
def test_extracts_count_against_the_download_limits_and_tell_nothing_by_their_refusal(settings: object) -> None:
    """An extract is built per request (the bundle's leaves read, a proof made, the result verified): a loop of them
    is refused like one of originals. A collection or record that is not published answers as one that does not
    exist (no oracle of existence)."""
    from django.test import Client

    from adalet.archive.models import Collection

    Collection.objects.create(name="unpublished", is_public=False)
    client = Client(REMOTE_ADDR="198.51.100.7")
    hidden = client.get("/collections/unpublished/bundle.zip")
    absent = client.get("/collections/no-such-collectio/bundle.zip")  # as long: the page repeats the path asked
    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content.replace(b"no-such-collectio", b"unpublished")
    settings.ADALET_DOWNLOAD_LIMITS = (3, 10)  # type: ignore[attr-defined]
    answers = [client.get(f"/relatives/{999000 + n}/extract.zip").status_code for n in range(5)]
    assert answers == [404, 404, 404, 429, 429]


# --- The custody log against a checkpoint kept elsewhere ----------------------------------------------------------

REWRITE_CHAIN = """
import json
from adalet.archive import custody
from adalet.archive.models import CustodyRecord
previous = None
for record in CustodyRecord.objects.order_by("seq"):
    body = json.loads(record.body)
    if record.seq == 2:
        body["actor"] = "nobody"
    record.body = custody.canonical(body)
    record.previous = previous or record.previous
    record.digest = custody.chain_digest(record.previous, record.body)
    CustodyRecord.objects.filter(pk=record.pk).update(body=record.body, previous=record.previous,
                                                      digest=record.digest, actor=body["actor"])
    previous = record.digest
custody.witness_path().write_text(f"{record.seq} {record.digest}\\n")
result = record.seq
"""


def test_audit_verify_against_a_kept_checkpoint_refuses_a_rewritten_log(adalet: object, tmp_path: Path) -> None:
    """A host attacker forges a record, re-hashes the whole chain, rewrites the witness, and signs a fresh checkpoint
    with a new key of their own: the checkpoint kept elsewhere still says the log was rewritten."""
    from tests.conftest import Adalet

    assert isinstance(adalet, Adalet)
    (tmp_path / "report.txt").write_text("a report\n")
    adalet.run("ingest", str(tmp_path / "report.txt"), "--collection", "c", "--no-ocr")
    kept = tmp_path / "kept.txt"
    adalet.run("audit", "checkpoint", "--out", str(kept))
    key = adalet.run("audit", "key").stdout.strip()
    assert adalet.query(REWRITE_CHAIN) >= 2
    assert adalet.run("audit", "verify", "--against", str(kept), check=False).returncode == 1
    home = Path(adalet.env["ADALET_HOME"])
    (home / "signing_key.pem").unlink()  # a new installation key, and its own checkpoint of the forged log
    adalet.run("audit", "checkpoint", "--out", str(tmp_path / "forged.txt"))
    against = adalet.run("audit", "verify", "--against", str(kept), "--key", key, check=False)
    assert against.returncode == 1 and "root mismatch" in against.stdout + against.stderr, against.stdout


# --- A stale bundle after the publication was narrowed ------------------------------------------------------------


@pytest.mark.django_db
def test_a_bundle_built_with_the_photos_is_not_served_once_they_are_withdrawn(tmp_path: Path) -> None:
    """The site serves a stale bundle while a new one is built: not when the publication was narrowed since (the
    photos withdrawn, the collection unpublished in between), or the withdrawn thumbnails stay downloadable."""
    from django.core.management import call_command
    from django.test import Client

    from adalet.bundles import store
    from adalet.bundles.tasks import build_site_bundle
    from tests.web.conftest import build_leak

    collection = build_leak(tmp_path / "leak", name="narrowed")
    build_site_bundle.call(collection.pk)
    client = Client()
    served = client.get("/collections/narrowed/bundle.zip")
    assert served.status_code == 200 and b"data/thumbnails/" in b"".join(served.streaming_content)
    call_command("collection", "publish", "narrowed", stdout=io.StringIO())  # again, without --photos
    assert store.latest(collection) is not None  # the old zip is still there...
    withdrawn = client.get("/collections/narrowed/bundle.zip")
    assert withdrawn.status_code == 503, "the bundle with the withdrawn photos was served"  # ...and not offered
    build_site_bundle.call(collection.pk)
    rebuilt = client.get("/collections/narrowed/bundle.zip")
    assert rebuilt.status_code == 200 and b"data/thumbnails/" not in b"".join(rebuilt.streaming_content)
    call_command("collection", "unpublish", "narrowed", stdout=io.StringIO())  # a takedown, then back
    call_command("collection", "publish", "narrowed", "--photos", stdout=io.StringIO())
    assert client.get("/collections/narrowed/bundle.zip").status_code == 503


def test_the_salts_file_is_never_readable_by_others_even_while_written(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Created private (not made private after its salts are written: another local account could read them then)."""
    from adalet.bundles import salts

    monkeypatch.setenv("ADALET_BLOBS", str(tmp_path / "blobs"))
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)  # no second chance to narrow the mode
    old_mask = os.umask(0o022)
    try:
        made = salts.salts_for(7, [1, 2])
    finally:
        os.umask(old_mask)
    assert len(made) == 2 and all(len(salt) == 32 for salt in made.values())
    assert salts.salts_path(7).stat().st_mode & 0o077 == 0
