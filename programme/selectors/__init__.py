"""Reads of the OCOP cycle. The reach of each role is decided here, once, by the functions that take the user:

- programme officers (Officers group, staff) see everything;
- producers see the ideas and dossiers of the producers whose users they are (``Partner.users``);
- commune officers see the ideas and dossiers of the communes assigned to them (``CommuneAssignment``);
- council members see the dossiers of the rounds they sit on (as member or secretary), nothing else.

Every list or object a screen shows goes through one of these; area modules (ideas, dossiers, rounds…) build on
them.
"""

from django.apps import apps
from django.db.models import Q, QuerySet

from programme.access import user_is_commune_officer, user_is_council_member, user_is_officer


def _model(name):
    return apps.get_model("programme", name)


def producer_ids_for_user(*, user) -> list[int]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_ocop_partner_ids", None)
    if cached is None:
        cached = list(user.partners.values_list("pk", flat=True))
        user._ocop_partner_ids = cached
    return cached


def commune_ids_for_user(*, user) -> list[int]:
    """The communes and wards a commune officer checks."""
    if not user_is_commune_officer(user):
        return []
    cached = getattr(user, "_ocop_commune_ids", None)
    if cached is None:
        cached = list(_model("CommuneAssignment").objects.filter(user=user).values_list("region_id", flat=True))
        user._ocop_commune_ids = cached
    return cached


def round_list_for_user(*, user) -> QuerySet:
    """Rounds the user may open: all for officers; those they sit on (member or secretary) for council members."""
    EvaluationRound = _model("EvaluationRound")
    if user_is_officer(user):
        return EvaluationRound.objects.all()
    if user_is_council_member(user):
        return EvaluationRound.objects.filter(Q(members=user) | Q(secretary=user)).distinct()
    return EvaluationRound.objects.none()


def _producer_or_commune_reach(*, user, producer_field: str, commune_field: str) -> Q:
    """Own producers' rows (``producer_field``), and the submitted ones of a commune officer's communes
    (``commune_field``): drafts are the producer's own until submitted."""
    reach = Q(pk__in=[])
    partner_ids = producer_ids_for_user(user=user)
    if partner_ids:
        reach |= Q(**{f"{producer_field}__in": partner_ids})
    commune_ids = commune_ids_for_user(user=user)
    if commune_ids:
        reach |= Q(**{f"{commune_field}__in": commune_ids}) & ~Q(status="draft")
    return reach


def idea_list_for_user(*, user) -> QuerySet:
    ProductIdea = _model("ProductIdea")
    if user_is_officer(user):
        return ProductIdea.objects.all()
    return ProductIdea.objects.filter(
        _producer_or_commune_reach(user=user, producer_field="producer_id", commune_field="commune_id")
    )


def dossier_list_for_user(*, user) -> QuerySet:
    Dossier = _model("Dossier")
    if user_is_officer(user):
        return Dossier.objects.all()
    reach = _producer_or_commune_reach(user=user, producer_field="idea__producer_id", commune_field="idea__commune_id")
    if user_is_council_member(user):
        round_ids = list(round_list_for_user(user=user).values_list("pk", flat=True))
        if round_ids:
            reach |= Q(round_entries__evaluation_round_id__in=round_ids)
        return Dossier.objects.filter(pk__in=Dossier.objects.filter(reach).values("pk"))
    return Dossier.objects.filter(reach)


def programme_work_for_user(*, user) -> dict:
    """What waits for this user, by role: counts for the cycle's landing page."""
    work = {
        "is_officer": user_is_officer(user),
        "is_commune_officer": user_is_commune_officer(user),
        "is_council_member": user_is_council_member(user),
        "is_producer": bool(producer_ids_for_user(user=user)) and not user_is_officer(user),
    }
    ideas = idea_list_for_user(user=user)
    dossiers = dossier_list_for_user(user=user)
    if work["is_producer"]:
        work["ideas_returned"] = ideas.filter(status="returned").count()
        work["dossiers_returned"] = dossiers.filter(status="returned").count()
        work["ideas"] = ideas.count()
    if work["is_commune_officer"] or work["is_officer"]:
        work["ideas_to_check"] = ideas.filter(status="submitted").count()
        work["dossiers_to_check"] = dossiers.filter(status="submitted").count()
    if work["is_officer"]:
        work["dossiers_proposed"] = dossiers.filter(status="proposed").count()
        work["dossiers_scored"] = dossiers.filter(status="scored").count()
    if work["is_council_member"]:
        work["rounds_open"] = round_list_for_user(user=user).filter(status="open").count()
    return work
