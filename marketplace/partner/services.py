"""Writes about producers: the profile a producer keeps up to date themselves, and their gallery.

A producer's ``story`` is rich text, sanitized here on every write (``marketplace.partner.story``).
"""

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.partner.story import producer_story_sanitize
from marketplace.partner.validators import founded_year_validate

Partner = get_model("partner", "Partner")
ProducerImage = get_model("partner", "ProducerImage")

STORY_MAX_LENGTH = 20_000
FACEBOOK_HOSTS = ("facebook.com", "fb.com", "fb.me")


# Validation ----------------------------------------------------------------------------------------------------


def _clean_url(value: str, *, field: str, errors: dict, hosts: tuple[str, ...] = ()) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors[field] = [_("Enter a full web address starting with http:// or https://.")]
        return value
    if hosts:
        host = (urlsplit(value).hostname or "").lower()
        if not any(host == allowed or host.endswith("." + allowed) for allowed in hosts):
            errors[field] = [_("Enter the address of a Facebook page (facebook.com/…).")]
    return value


def _clean_phone(value: str, *, field: str, errors: dict) -> str:
    """Stored in E.164 ("+842103812345"); pages show it nationally (the phone_display filter)."""
    from marketplace.core.phone import phone_to_e164

    value = (value or "").strip()
    if not value:
        return ""
    try:
        return phone_to_e164(value)
    except ValidationError as error:
        errors[field] = error.messages
        return value


def _clean_logo(upload, *, errors: dict):
    """The upload cleaned by the one upload pipeline (upright, no EXIF, renamed by its content), or None with
    an error recorded."""
    from marketplace.core.uploads import image_upload_clean

    try:
        return image_upload_clean(upload=upload)
    except ValidationError as error:
        errors["logo"] = error.messages
        return None


def _user_may_edit(*, producer, user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active) and (
        user.is_staff or producer.users.filter(pk=user.pk).exists()
    )


@transaction.atomic
def producer_update_profile(
    *,
    producer,
    user,
    story: str,
    phone: str,
    email: str,
    website: str,
    facebook_url: str,
    zalo_phone: str,
    street_address: str,
    founded_year: int | None,
    logo=None,
    logo_clear: bool = False,
    language: str | None = None,
):
    """A producer's own update of their public profile. Nothing is saved unless every field is valid.

    ``logo`` replaces the logo; ``logo_clear`` removes it. Raises PermissionDenied for a user who does
    not work for this producer, ValidationError (by field) for bad input. The producer and its products
    are queued for reindexing (their search documents show the producer). ``language`` (one of the site's)
    is the one the shop's e-mails to the producer are written in; None keeps it.
    """
    if not _user_may_edit(producer=producer, user=user):
        raise PermissionDenied(_("You may only edit the profile of a producer you work for."))
    errors: dict[str, list] = {}

    story = producer_story_sanitize(story=story)
    if len(story) > STORY_MAX_LENGTH:
        errors["story"] = [
            _("The story is too long: at most %(limit)s characters of formatted text.") % {"limit": STORY_MAX_LENGTH}
        ]
    phone = _clean_phone(phone, field="phone", errors=errors)
    zalo_phone = _clean_phone(zalo_phone, field="zalo_phone", errors=errors)
    email = (email or "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError as error:
            errors["email"] = error.messages  # Django's own message, translated by Django
    website = _clean_url(website, field="website", errors=errors)
    facebook_url = _clean_url(facebook_url, field="facebook_url", errors=errors, hosts=FACEBOOK_HOSTS)
    street_address = " ".join((street_address or "").split())
    try:
        founded_year_validate(founded_year)
    except ValidationError as exc:
        errors["founded_year"] = exc.messages
    if logo:
        logo = _clean_logo(logo, errors=errors)

    fields = {
        "story": story,
        "phone": phone,
        "zalo_phone": zalo_phone,
        "email": email,
        "website": website,
        "facebook_url": facebook_url,
        "street_address": street_address,
        "founded_year": founded_year,
    }
    if language is not None:
        fields["language"] = language  # checked against the site's languages by full_clean below
    locked = Partner.objects.select_for_update().get(pk=producer.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    try:
        # The model's own limits (lengths) on what passed the checks above.
        locked.full_clean(exclude=[name for name in _all_field_names() if name not in fields or name in errors])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)

    old_logo = locked.logo.name if locked.logo else ""
    if logo:
        locked.logo = logo
    elif logo_clear:
        locked.logo = ""
    locked.save()
    if old_logo and old_logo != (locked.logo.name or ""):
        storage = locked.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo), robust=True)

    from marketplace.search.services import search_index_enqueue_producer

    search_index_enqueue_producer(pk=locked.pk)
    return locked


def _all_field_names() -> list[str]:
    return [field.name for field in Partner._meta.concrete_fields]


@transaction.atomic
def producer_gallery_image_add(*, producer, user, image, caption: str = "", display_order: int = 0):
    """Add a picture to a producer's gallery, cleaned by the one upload pipeline (upright, no EXIF).

    The one way a gallery picture is written. No screen calls it yet (only tests): the producer gallery screen
    in the dashboard will; kept so that it has a checked path to call rather than a ModelForm of its own.
    Raises PermissionDenied for a user who does not work for this producer, ValidationError (by field) for a
    file that is not a readable photo within the limits; nothing is stored then.
    """
    from marketplace.core.uploads import image_upload_clean

    if not _user_may_edit(producer=producer, user=user):
        raise PermissionDenied(_("You may only edit the profile of a producer you work for."))
    try:
        clean = image_upload_clean(upload=image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from None
    picture = ProducerImage(
        producer=producer, image=clean, caption=(caption or "").strip(), display_order=display_order
    )
    picture.full_clean(exclude=["image"])  # the caption's length; the file was checked above
    picture.save()
    return picture
