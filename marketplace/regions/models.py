from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    """Regions by level: ``Region.objects.provinces()``, ``Region.objects.local_units()``."""

    def provinces(self):
        """Provinces and centrally-run cities (the upper level)."""
        return self.filter(kind__in=Region.PROVINCE_KINDS)

    def local_units(self):
        """Communes, wards and special zones (the lower level)."""
        return self.filter(kind__in=Region.LOCAL_UNIT_KINDS)


class Region(models.Model):
    """One administrative unit: country → province → commune/ward (two levels since 1 July 2025)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        PROVINCE = "province", _("Province")
        CITY = "city", _("Centrally-run city")
        WARD = "ward", _("Ward")
        COMMUNE = "commune", _("Commune")
        SPECIAL_ZONE = "special_zone", _("Special zone")

    # The two levels below the country since 1 July 2025: the one place each is defined.
    PROVINCE_KINDS = (Kind.PROVINCE, Kind.CITY)
    LOCAL_UNIT_KINDS = (Kind.WARD, Kind.COMMUNE, Kind.SPECIAL_ZONE)

    # GSO statistical code: stable while the unit exists.
    code = models.CharField(_("GSO code"), max_length=10, unique=True)
    name = models.CharField(_("Name"), max_length=128)
    short_name = models.CharField(_("Short name"), max_length=128)
    slug = models.SlugField(_("Slug"), max_length=128)
    kind = models.CharField(_("Kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Parent"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    latitude = models.FloatField(_("Latitude"), null=True, blank=True)
    longitude = models.FloatField(_("Longitude"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="region_unique_slug_per_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_province(self) -> bool:
        return self.kind in self.PROVINCE_KINDS

    @property
    def is_local_unit(self) -> bool:
        return self.kind in self.LOCAL_UNIT_KINDS


class FormerUnit(models.Model):
    """A unit that existed before 1 July 2025 (province, district or commune/ward), kept as an alias.

    "Thành phố Việt Trì" resolves to the wards that replaced it, so old addresses and searches still work.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        WARD = "ward", _("Commune or ward")

    level = models.CharField(_("Level"), max_length=16, choices=Level.choices)
    code = models.CharField(_("Former GSO code"), max_length=10)
    name = models.CharField(_("Name"), max_length=128)
    short_name = models.CharField(_("Short name"), max_length=128)
    # Lower case without diacritics (marketplace.core.text.fold), for matching what people type.
    folded_name = models.CharField(max_length=128, db_index=True)
    parent_name = models.CharField(_("Belonged to"), max_length=128, blank=True)
    successors = models.ManyToManyField(Region, verbose_name=_("Replaced by"), related_name="former_units")

    class Meta:
        verbose_name = _("Former administrative unit")
        verbose_name_plural = _("Former administrative units")
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="former_unit_unique_code")]

    def __str__(self):
        return f"{self.name} ({self.parent_name})" if self.parent_name else self.name
