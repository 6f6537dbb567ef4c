"""Registration scans are private documents: stored outside public media, with no /media/ URL, served only to
officers through a checked view; a migration moves the scans uploaded before into private storage.
"""

import importlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from PIL import Image

from marketplace.core.private_files import (
    MoveOutcome,
    private_file_move_from_public,
    private_file_move_to_public,
    private_file_response,
    private_storage,
)
from marketplace.onboarding.models import ProducerApplication
from tests.factories import (
    OfficerFactory,
    ProducerApplicationFactory,
    ProducerFactory,
    ProducerUserFactory,
    UserFactory,
)
from tests.helpers import VALID_PDF, files_under

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def application():
    return ProducerApplicationFactory(
        applicant=UserFactory(email="chuhtx@example.vn"),
        registration_scan=ContentFile(VALID_PDF, name="scan.pdf"),
    )


def _scan_url(application) -> str:
    return reverse("onboarding-dashboard:application-scan", kwargs={"pk": application.pk})


def test_the_scan_is_stored_outside_public_media_and_has_no_url(application, settings, private_root):
    path = Path(application.registration_scan.path)
    assert path.is_file() and path.read_bytes() == VALID_PDF
    assert path.is_relative_to(private_root)
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    media = Path(settings.MEDIA_ROOT)
    assert files_under(media) == set()  # nothing at all under public media (if it exists)
    with pytest.raises(NotImplementedError):
        application.registration_scan.url  # noqa: B018 -- no /media/… address may exist for it
    assert application.registration_scan.storage is private_storage()


def test_anonymous_visitors_are_sent_to_log_in(client, application):
    response = client.get(_scan_url(application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customer:login"))


@pytest.mark.parametrize("who", ["applicant", "producer", "shopper"])
def test_nobody_but_officers_gets_the_scan(client, application, who):
    if who == "applicant":
        # Decided: the applicant sent the file and has no need to fetch it back; only officers read scans.
        user = application.applicant
    elif who == "producer":
        user = ProducerUserFactory(producer=ProducerFactory())
    else:
        user = UserFactory()
    client.force_login(user)
    response = client.get(_scan_url(application))
    assert response.status_code == 403
    assert VALID_PDF not in response.content


def test_an_officer_gets_the_bytes_never_cached_never_sniffed(client, application):
    client.force_login(OfficerFactory())
    response = client.get(_scan_url(application))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == VALID_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="registration-certificate-{application.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_the_dashboard_links_the_view_and_no_page_shows_a_media_url(client, application):
    client.force_login(OfficerFactory())
    pages = [
        client.get(reverse("onboarding-dashboard:application-detail", kwargs={"pk": application.pk})),
        client.get(reverse("onboarding-dashboard:application-list")),
    ]
    stored_name = application.registration_scan.name
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert stored_name not in html and Path(stored_name).name not in html
        assert django_settings.MEDIA_URL + "onboarding" not in html
    assert f'href="{_scan_url(application)}"' in pages[0].content.decode()


def test_a_missing_file_is_a_404(client, application):
    application.registration_scan.storage.delete(application.registration_scan.name)
    client.force_login(OfficerFactory())
    assert client.get(_scan_url(application)).status_code == 404


def test_a_picture_scan_opens_inline_as_a_picture(client):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 20, 30)).save(buffer, format="PNG")
    application = ProducerApplicationFactory(registration_scan=ContentFile(buffer.getvalue(), name="scan.png"))
    client.force_login(OfficerFactory())
    response = client.get(_scan_url(application))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")


def test_other_files_download_as_attachments(private_root):
    storage = private_storage()
    name = storage.save("dossiers/ghi-chu.txt", ContentFile(b"<script>alert(1)</script>"))
    field = models.FileField(storage=storage)
    response = private_file_response(file=FieldFile(None, field, name), filename="ghi-chu.txt")
    assert response["Content-Disposition"] == 'attachment; filename="ghi-chu.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_on_s3_the_view_redirects_to_a_short_lived_signed_url(settings):
    from storages.backends.s3 import S3Storage

    settings.PRIVATE_MEDIA_URL_SECONDS = 60
    storage = S3Storage(
        bucket_name="ocop-private",
        location="private",
        endpoint_url="http://127.0.0.1:9",
        access_key="AKIATEST",
        secret_key="test-secret",
        region_name="ap-southeast-1",
        querystring_auth=True,
        default_acl="private",
        signature_version="s3v4",
    )
    field = models.FileField(storage=storage)
    scan = FieldFile(None, field, "onboarding/registrations/abc.pdf")
    response = private_file_response(file=scan, filename="registration-certificate-7.pdf")
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith("http://127.0.0.1:9/ocop-private/private/onboarding/registrations/abc.pdf?")
    assert "X-Amz-Signature=" in url and re.search(r"X-Amz-Expires=60(&|$)", url)
    assert "response-content-disposition=inline" in url
    assert response["Cache-Control"] == "private, no-store"


def test_s3_settings_keep_private_documents_private():
    """The production switch: MEDIA_STORAGE=s3 gives private documents signed, private, short-lived URLs."""
    code = "import json, django; from django.conf import settings; print(json.dumps(settings.STORAGES['private']))"
    env = {
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET_NAME": "ocop-media",
        "S3_PRIVATE_BUCKET_NAME": "ocop-private",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    import json

    private = json.loads(result.stdout.strip().splitlines()[-1])
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    options = private["OPTIONS"]
    assert options["bucket_name"] == "ocop-private"
    assert options["querystring_auth"] is True and options["default_acl"] == "private"
    assert options["querystring_expire"] == 60 and options["signature_version"] == "s3v4"
    assert "custom_domain" not in options


# The migration ----------------------------------------------------------------------------------------------------


def _migration():
    return importlib.import_module("marketplace.onboarding.migrations.0003_registration_scans_private_storage")


def test_the_migration_moves_a_public_scan_into_private_storage_once(settings, private_root):
    public = storages["default"]
    name = "onboarding/registrations/0123456789abcdef0123456789abcdef.pdf"
    assert public.save(name, ContentFile(VALID_PDF)) == name
    application = ProducerApplicationFactory()
    application.registration_scan.storage.delete(application.registration_scan.name)
    ProducerApplication.objects.filter(pk=application.pk).update(registration_scan=name)
    assert (Path(settings.MEDIA_ROOT) / name).is_file()

    _migration().scans_to_private(django_apps, None)

    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert (Path(private_root) / name).read_bytes() == VALID_PDF
    application.refresh_from_db()
    assert application.registration_scan.name == name
    with application.registration_scan.open("rb") as stored:
        assert stored.read() == VALID_PDF

    # Run again: nothing to move, nothing lost.
    _migration().scans_to_private(django_apps, None)
    assert (Path(private_root) / name).read_bytes() == VALID_PDF
    assert not (Path(settings.MEDIA_ROOT) / name).exists()


def test_a_move_interrupted_after_the_copy_finishes_on_the_next_run(settings, private_root):
    public, private = storages["default"], private_storage()
    name = "onboarding/registrations/fedcba9876543210fedcba9876543210.pdf"
    public.save(name, ContentFile(VALID_PDF))
    private.save(name, ContentFile(VALID_PDF))  # copied, but the public copy was never deleted

    assert private_file_move_from_public(name=name) is MoveOutcome.MOVED
    assert not public.exists(name) and private.open(name).read() == VALID_PDF
    assert private_file_move_from_public(name=name) is MoveOutcome.ABSENT


def _public_scan(name: str, content: bytes = VALID_PDF) -> ProducerApplication:
    """An application whose scan is still in public media, as code from before migration 0003 stored it."""
    assert storages["default"].save(name, ContentFile(content)) == name
    application = ProducerApplicationFactory()
    application.registration_scan.storage.delete(application.registration_scan.name)
    ProducerApplication.objects.filter(pk=application.pk).update(registration_scan=name)
    return application


def test_a_copy_that_differs_is_never_resolved_by_deleting_the_original(settings, private_root):
    public, private = storages["default"], private_storage()
    name = "onboarding/registrations/00000000000000000000000000000001.pdf"
    public.save(name, ContentFile(VALID_PDF))
    private.save(name, ContentFile(VALID_PDF[:100]))  # a copy cut short, say
    assert private_file_move_from_public(name=name) is MoveOutcome.DIFFERENT
    assert public.open(name).read() == VALID_PDF and private.open(name).read() == VALID_PDF[:100]
    # Same size, different bytes: still refused.
    other = "onboarding/registrations/00000000000000000000000000000002.pdf"
    public.save(other, ContentFile(VALID_PDF))
    private.save(other, ContentFile(VALID_PDF.replace(b"595 842", b"842 595")))
    assert private_file_move_from_public(name=other) is MoveOutcome.DIFFERENT
    assert public.exists(other) and private.exists(other)


def test_the_migration_undone_moves_the_scans_back_to_public_media_once(settings, private_root):
    name = "onboarding/registrations/00000000000000000000000000000003.pdf"
    application = _public_scan(name)
    _migration().scans_to_private(django_apps, None)
    assert (Path(private_root) / name).is_file() and not (Path(settings.MEDIA_ROOT) / name).exists()

    _migration().scans_to_public(django_apps, None)
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == VALID_PDF
    assert not (Path(private_root) / name).exists()
    _migration().scans_to_public(django_apps, None)  # again: nothing to move, nothing lost
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == VALID_PDF
    application.refresh_from_db()
    assert application.registration_scan.name == name
    assert private_file_move_to_public(name=name) is MoveOutcome.ABSENT


def test_nothing_is_moved_or_deleted_when_both_storages_are_the_same_folder(settings, private_root):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT
    name = "onboarding/registrations/00000000000000000000000000000004.pdf"
    _public_scan(name)
    for move in (
        lambda: _migration().scans_to_private(django_apps, None),
        lambda: _migration().scans_to_public(django_apps, None),
        lambda: private_file_move_from_public(name=name),
        lambda: private_file_move_to_public(name=name),
    ):
        with pytest.raises(ImproperlyConfigured, match="same place"):
            move()
        assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == VALID_PDF
    with pytest.raises(CommandError, match="same place"):
        call_command("scans_make_private")
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == VALID_PDF


def test_the_same_folder_reached_by_another_path_is_the_same_place(settings, tmp_path):
    (tmp_path / "link").symlink_to(settings.MEDIA_ROOT, target_is_directory=True)
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "link"
    name = "onboarding/registrations/00000000000000000000000000000005.pdf"
    _public_scan(name)
    with pytest.raises(ImproperlyConfigured):
        private_file_move_from_public(name=name)
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == VALID_PDF


@pytest.mark.parametrize("location", ["", "private"])
def test_nothing_is_moved_when_both_storages_are_the_same_bucket_and_prefix(location):
    from storages.backends.s3 import S3Storage

    def bucket(**options):
        # An endpoint nobody answers: the refusal must come before any request.
        return S3Storage(
            bucket_name="ocop-media",
            endpoint_url="http://127.0.0.1:9",
            access_key="AKIATEST",
            secret_key="test-secret",
            region_name="ap-southeast-1",
            **options,
        )

    public, private = bucket(location=location), bucket(location=location, default_acl="private")
    with pytest.raises(ImproperlyConfigured, match="same place"):
        private_file_move_from_public(name="onboarding/registrations/abc.pdf", public=public, private=private)


def test_scans_make_private_moves_what_old_code_stored_after_the_migration(settings, private_root):
    """A rolling deploy: after migration 0003 ran, a web process still on the old code stored a scan publicly."""
    import io

    late = "onboarding/registrations/00000000000000000000000000000006.pdf"
    already = ProducerApplicationFactory(registration_scan=ContentFile(VALID_PDF, name="scan.pdf"))
    application = _public_scan(late)
    out = io.StringIO()
    call_command("scans_make_private", stdout=out)
    assert "1 scan(s) moved into private storage, 1 not in public media." in out.getvalue()
    assert not (Path(settings.MEDIA_ROOT) / late).exists()
    application.refresh_from_db()
    with application.registration_scan.open("rb") as stored:
        assert stored.read() == VALID_PDF
    with already.registration_scan.open("rb") as stored:
        assert stored.read() == VALID_PDF

    out = io.StringIO()
    call_command("scans_make_private", stdout=out)  # again: nothing left to move
    assert "0 scan(s) moved into private storage, 2 not in public media." in out.getvalue()

    # A public copy that differs from the private one is left in both places and the command fails, naming it.
    storages["default"].save(late, ContentFile(b"%PDF-1.4 something else"))
    with pytest.raises(CommandError, match=late):
        call_command("scans_make_private", stdout=io.StringIO())
    assert storages["default"].exists(late) and private_storage().open(late).read() == VALID_PDF


def test_the_django_admin_links_the_checked_view_not_a_media_url(client, application):
    """Needs the change to marketplace/onboarding/admin.py given in the uploads report (a private file has no URL:
    Django's own file widget would ask it for one)."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:onboarding_producerapplication_change", args=[application.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{_scan_url(application)}"' in html
    assert application.registration_scan.name not in html
