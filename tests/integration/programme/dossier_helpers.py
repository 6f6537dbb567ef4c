"""Data, files and small helpers shared by the programme tests (their fixtures live in conftest.py)."""

import io
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from catalogue.certification import stars_for_score
from programme.models import RoundEntry
from tests.factories import (
    SCAN_PDF_BYTES,
    CommuneOfficerFactory,
    CouncilMemberFactory,
    DossierFactory,
    EvaluationRoundFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    UserFactory,
)


def png_bytes(size=(32, 24), colour=(200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf(name="doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SCAN_PDF_BYTES, content_type="application/pdf")


def png(name="photo.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def private_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def shop_product(producer, title="Mật ong hoa nhãn Việt Trì"):
    return ProductFactory(
        title=title, stockrecord__producer=producer, stockrecord__price=Decimal("125000"), certification=False
    )


def url(name, **kwargs) -> str:
    """The English address of an ``ocop:`` page."""
    with translation.override("en"):
        return reverse(f"ocop:{name}", kwargs=kwargs or None)


def messages_of(response) -> list[str]:
    """The messages a rendered response shows."""
    return [str(m) for m in response.context["messages"]] if response.context else []


def scored_entry(criteria_set, *, score, product=None, producer=None, closed=True, status="scored", title=None):
    """A product scored ``score`` in a round (closed by default), its dossier waiting for a decision."""
    producer = producer or ProducerFactory()
    if product is None:
        product = ProductFactory(
            certification=False, stockrecord__producer=producer, **({"title": title} if title else {})
        )
    dossier = DossierFactory(status=status, product=product, idea__producer=producer)
    evaluation_round = EvaluationRoundFactory(status="closed" if closed else "open")
    stars = stars_for_score(score)
    return RoundEntry.objects.create(
        evaluation_round=evaluation_round,
        dossier=dossier,
        criteria_set=criteria_set,
        score=score,
        stars=stars,
        proposed_central=score >= 90,
    )


def assert_only_officers_open(client, address: str, officer) -> None:
    """An anonymous visitor is sent to log in; a producer, a commune officer, a council member and a shopper are
    refused (403); the programme officer opens the page."""
    response = client.get(address)
    assert response.status_code == 302 and "/login/" in response["Location"]
    for user in (
        ProducerUserFactory(producer=ProducerFactory()),
        CommuneOfficerFactory(),
        CouncilMemberFactory(),
        UserFactory(),
    ):
        client.force_login(user)
        assert client.get(address).status_code == 403
    client.force_login(officer)
    assert client.get(address).status_code == 200
