"""The audit trail (django-auditlog): who changed what, and when, for every decision of the cycle.

Every model of the cycle is registered, with the certificates it writes and the permission changes that decide
who may act (users' groups and permissions, groups' permissions, commune officers' communes). The actor comes
from ``auditlog.middleware.AuditlogMiddleware``; services called outside a request (tasks, commands) record no
actor. Programme officers read the trail at /dashboard/ocop/audit/.
"""

from django.apps import apps


def audit_register() -> None:
    from auditlog.registry import auditlog

    for name in (
        "CommuneAssignment",
        "ProductIdea",
        "BusinessPlan",
        "DocumentRequirement",
        "Dossier",
        "DossierDocument",
        "CriteriaSet",
        "EvaluationRound",
        "RoundEntry",
        "Scorecard",
        "ScorecardAnswer",
        "RecognitionDecision",
        "DecisionItem",
        "ProgrammePlan",
        "PlanTarget",
        "PlannedProduct",
        "BudgetLine",
        "Spending",
    ):
        model = apps.get_model("programme", name)
        if name == "EvaluationRound":
            auditlog.register(model, m2m_fields={"members"})
        elif name == "ProgrammePlan":
            auditlog.register(model, m2m_fields={"communes"})
        elif name == "CriteriaSet":
            auditlog.register(model, m2m_fields={"product_sets"})
        else:
            auditlog.register(model)
    auditlog.register(apps.get_model("catalogue", "Certification"))
    auditlog.register(
        apps.get_model("auth", "User"),
        include_fields=["is_active", "is_staff", "is_superuser", "groups", "user_permissions"],
        m2m_fields={"groups", "user_permissions"},
    )
    auditlog.register(apps.get_model("auth", "Group"), m2m_fields={"permissions"})
