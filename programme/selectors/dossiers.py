"""Reads of the OCOP cycle: dossiers and their documents. Each list a user reaches is filtered here, by the user
(``programme.selectors.dossier_list_for_user``); an object outside the reach is not found (404)."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from programme.access import user_is_council_member, user_is_officer
from programme.models import BusinessPlan, DocumentRequirement, Dossier, DossierDocument, ProductIdea, ReviewStatus
from programme.selectors import commune_ids_for_user, dossier_list_for_user, producer_ids_for_user

# Producers may add documents in these states; nobody may once the dossier is proposed.
UPLOAD_STATES = (Dossier.Status.DRAFT, Dossier.Status.RETURNED)


def _product_model():
    return apps.get_model("catalogue", "Product")


def document_type_label(document_type) -> str:
    """The type's name in the active language (its English name under /en/, when it has one)."""
    return document_type.name_en if get_language() == "en" and document_type.name_en else document_type.name


# Reach -------------------------------------------------------------------------------------------------------------


def dossier_is_own(*, user, dossier: Dossier) -> bool:
    return dossier.idea.producer_id in producer_ids_for_user(user=user)


def dossier_can_review(*, user, dossier: Dossier) -> bool:
    """The commune officer of the dossier's commune, or a programme officer."""
    return user_is_officer(user) or dossier.idea.commune_id in commune_ids_for_user(user=user)


def dossier_can_upload(*, user, dossier: Dossier) -> bool:
    return dossier.status in UPLOAD_STATES and dossier_is_own(user=user, dossier=dossier)


def dossier_read_only_for(*, user, dossier: Dossier) -> bool:
    """A council member who reaches the dossier only through a round reads it and nothing more."""
    return not (dossier_is_own(user=user, dossier=dossier) or dossier_can_review(user=user, dossier=dossier))


def user_is_only_council_member(user) -> bool:
    return (
        user_is_council_member(user)
        and not user_is_officer(user)
        and not producer_ids_for_user(user=user)
        and not commune_ids_for_user(user=user)
    )


# Lists and objects -------------------------------------------------------------------------------------------------


def dossier_list(*, user, status: str | None = None, year: int | None = None) -> QuerySet:
    dossiers = dossier_list_for_user(user=user).select_related(
        "idea__producer", "idea__commune", "idea__product_set", "product"
    )
    if status:
        dossiers = dossiers.filter(status=status)
    if year:
        dossiers = dossiers.filter(year=year)
    return dossiers.order_by("-year", "-pk")


def dossier_year_choices(*, user) -> list[int]:
    return sorted(
        set(dossier_list_for_user(user=user).order_by().values_list("year", flat=True).distinct()), reverse=True
    )


def dossier_get_for_user(*, user, pk: int) -> Dossier:
    dossier = (
        dossier_list_for_user(user=user)
        .select_related(
            "idea__producer", "idea__commune__parent", "idea__product_set", "product", "proposed_by", "previous"
        )
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def dossier_document_get_for_user(*, user, pk: int) -> DossierDocument:
    document = (
        DossierDocument.objects.select_related("dossier", "document_type")
        .filter(pk=pk, dossier__in=dossier_list_for_user(user=user))
        .first()
    )
    if document is None:
        raise Http404
    return document


def dossier_events(*, dossier: Dossier) -> QuerySet:
    return dossier.events.select_related("actor").order_by("created_at", "pk")


# The checklist -----------------------------------------------------------------------------------------------------


@dataclass
class ChecklistRow:
    document_type: object
    required: bool
    label: str
    versions: list = field(default_factory=list)  # newest first

    @property
    def latest(self):
        return self.versions[0] if self.versions else None

    @property
    def earlier(self) -> list:
        return self.versions[1:]


def document_requirements(*, product_set) -> QuerySet:
    return (
        DocumentRequirement.objects.filter(product_set=product_set)
        .select_related("document_type")
        .order_by("-required", "document_type__position", "document_type_id")
    )


def dossier_checklist(*, dossier: Dossier) -> list[ChecklistRow]:
    """The product set's document types (required first), each with every version uploaded, newest first.

    Two queries whatever the number of documents.
    """
    rows = {
        requirement.document_type_id: ChecklistRow(
            document_type=requirement.document_type,
            required=requirement.required,
            label=document_type_label(requirement.document_type),
        )
        for requirement in document_requirements(product_set=dossier.idea.product_set_id)
    }
    documents = (
        DossierDocument.objects.filter(dossier=dossier)
        .select_related("uploaded_by")
        .order_by("document_type_id", "-version")
    )
    for document in documents:
        row = rows.get(document.document_type_id)
        if row is not None:
            row.versions.append(document)
    return list(rows.values())


def dossier_missing_required(*, dossier: Dossier) -> list:
    """The required document types with no document yet (in checklist order)."""
    return [row.document_type for row in dossier_checklist(dossier=dossier) if row.required and not row.versions]


def document_type_allowed(*, dossier: Dossier, document_type) -> bool:
    return DocumentRequirement.objects.filter(
        product_set_id=dossier.idea.product_set_id, document_type=document_type
    ).exists()


# Creating a dossier ------------------------------------------------------------------------------------------------


def dossier_idea_choices(*, user) -> QuerySet:
    """The user's producers' accepted ideas whose business plan is accepted: those a dossier may be opened for."""
    return (
        ProductIdea.objects.filter(
            producer_id__in=producer_ids_for_user(user=user),
            status=ReviewStatus.ACCEPTED,
            business_plan__status=ReviewStatus.ACCEPTED,
        )
        .select_related("producer")
        .order_by("name", "pk")
    )


def idea_ready_for_dossier(*, idea: ProductIdea) -> bool:
    return (
        idea.status == ReviewStatus.ACCEPTED
        and BusinessPlan.objects.filter(idea=idea, status=ReviewStatus.ACCEPTED).exists()
    )


def producer_product_list(*, producer) -> QuerySet:
    """The producer's own products in the shop (a parent through any variant), by title."""
    Product = _product_model()
    own = Q(stockrecords__partner=producer) | Q(children__stockrecords__partner=producer)
    return (
        Product.objects.filter(pk__in=Product.objects.filter(own).values("pk"))
        .exclude(structure="child")
        .order_by("title", "pk")
    )


def dossier_product_choices(*, user) -> QuerySet:
    """The products in the shop of every producer the user works for (the form's list; the service checks the
    chosen product belongs to the idea's producer)."""
    Product = _product_model()
    partner_ids = producer_ids_for_user(user=user)
    own = Q(stockrecords__partner_id__in=partner_ids) | Q(children__stockrecords__partner_id__in=partner_ids)
    return (
        Product.objects.filter(pk__in=Product.objects.filter(own).values("pk"))
        .exclude(structure="child")
        .order_by("title", "pk")
    )
