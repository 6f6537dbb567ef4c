"""The one flattened search document every searchable object becomes (product, producer, region, fair, tour).

The database backend searches this table (PostgreSQL: tsvector + trigram indexes; SQLite: an FTS5 table
kept in step by triggers); the Elasticsearch backend stores the same documents in an index.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        PRODUCER = "producer", _("Producer")
        REGION = "region", _("Place")
        FAIR = "fair", _("Fair")
        TOUR = "tour", _("Tour")

    kind = models.CharField(_("Kind"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("Object id"))
    title = models.CharField(_("Title"), max_length=255)
    url = models.CharField(_("URL"), max_length=255, blank=True)
    summary = models.CharField(_("Summary"), max_length=300, blank=True)
    # Lower case with its marks (NFC): exact-diacritic matches rank first.
    title_lower = models.CharField(max_length=255)
    text_lower = models.TextField()
    # marketplace.core.text.fold, words joined by single spaces: what the full-text indexes read.
    folded_title = models.CharField(max_length=255)
    folded_text = models.TextField()
    # Facets (empty or null where they do not apply to the kind).
    stars = models.PositiveSmallIntegerField(null=True, blank=True)
    group = models.CharField(max_length=128, blank=True)
    province = models.CharField(max_length=128, blank=True)
    commune = models.CharField(max_length=128, blank=True)
    legal_type = models.CharField(max_length=32, blank=True)
    price = models.PositiveBigIntegerField(null=True, blank=True)
    price_band = models.CharField(max_length=16, blank=True)
    in_stock = models.BooleanField(null=True, blank=True)
    created = models.DateTimeField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Search document")
        verbose_name_plural = _("Search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_object")]
        indexes = [models.Index(fields=["kind", "updated_at"], name="search_doc_kind_updated")]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title}"


class SearchTerm(models.Model):
    """The vocabulary of folded words in the documents: where one-typo alternatives are looked up.

    Words are only added (a stale word finds nothing); ``search_reindex`` rebuilds the list.
    """

    word = models.CharField(max_length=64, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)

    class Meta:
        verbose_name = _("Search term")
        verbose_name_plural = _("Search terms")

    def __str__(self):
        return self.word
