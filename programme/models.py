"""The OCOP programme's cycle, as data: product ideas, business plans, dossiers, criteria sets, evaluation rounds
with the council's scorecards, and recognition decisions.

A recognition decision is the one door to the shop: it creates the ``catalogue.Certification`` in force
(``programme.services.decisions``). Every other model here records a step on the way there.
Rules (who may do what, what a state allows next) live in the services; these models only hold the facts.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.private_files import private_storage


def _this_year() -> int:
    return datetime.date.today().year


def _user_stamp(verbose_name):
    """Who took a step (created, decided, uploaded, recorded…): kept as empty if the account goes, no reverse name."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )


def _optional_moment(verbose_name):
    """When a step happened, empty until it does."""
    return models.DateTimeField(verbose_name, null=True, blank=True)


def _shop_product(*, related_name: str):
    """The shop listing a cycle record became, once it is listed or linked by an officer."""
    return models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("Product in the shop"),
        related_name=related_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )


class ReviewStatus(models.TextChoices):
    """The states an idea and a business plan move through (steps 2 and 3 of the cycle)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


class CommuneAssignment(models.Model):
    """A commune officer's reach: the communes and wards whose dossiers they check."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("User"), related_name="ocop_communes", on_delete=models.CASCADE
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("Commune or ward"), related_name="ocop_officers", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("Commune officer's commune")
        verbose_name_plural = _("Commune officers' communes")
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="commune_assignment_once")]

    def __str__(self):
        return f"{self.user} — {self.region}"


class CycleEvent(models.Model):
    """One step of a producer's product through the cycle (submitted, returned, proposed, recognised…).

    The producer's timeline reads these; each is e-mailed to the producer once (``emailed_at``).
    """

    class Kind(models.TextChoices):
        IDEA_SUBMITTED = "idea_submitted", _("Product idea submitted")
        IDEA_RETURNED = "idea_returned", _("Product idea returned with comments")
        IDEA_ACCEPTED = "idea_accepted", _("Product idea accepted")
        PLAN_SUBMITTED = "plan_submitted", _("Business plan submitted")
        PLAN_RETURNED = "plan_returned", _("Business plan returned with comments")
        PLAN_ACCEPTED = "plan_accepted", _("Business plan accepted")
        DOSSIER_SUBMITTED = "dossier_submitted", _("Dossier submitted")
        DOSSIER_RETURNED = "dossier_returned", _("Dossier returned with comments")
        DOSSIER_PROPOSED = "dossier_proposed", _("Dossier proposed for evaluation")
        DOSSIER_IN_EVALUATION = "dossier_in_evaluation", _("Product assigned to an evaluation round")
        DOSSIER_SCORED = "dossier_scored", _("Product scored by the council")
        DOSSIER_NOT_RATED = "dossier_not_rated", _("Product not rated")
        PRODUCT_RECOGNISED = "product_recognised", _("Product recognised")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
        RE_EVALUATION_OPENED = "re_evaluation_opened", _("Re-evaluation dossier opened")

    # E-mailed to the producer (the others are the producer's own actions, kept for the timeline only).
    EMAILED_KINDS = frozenset(
        {
            Kind.IDEA_RETURNED,
            Kind.IDEA_ACCEPTED,
            Kind.PLAN_RETURNED,
            Kind.PLAN_ACCEPTED,
            Kind.DOSSIER_RETURNED,
            Kind.DOSSIER_PROPOSED,
            Kind.DOSSIER_SCORED,
            Kind.DOSSIER_NOT_RATED,
            Kind.PRODUCT_RECOGNISED,
            Kind.CERTIFICATE_REVOKED,
            Kind.RE_EVALUATION_OPENED,
        }
    )

    producer = models.ForeignKey(
        "partner.Partner", verbose_name=_("Producer"), related_name="ocop_events", on_delete=models.CASCADE
    )
    idea = models.ForeignKey(
        "programme.ProductIdea",
        verbose_name=_("Product idea"),
        related_name="events",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    dossier = models.ForeignKey(
        "programme.Dossier",
        verbose_name=_("Dossier"),
        related_name="events",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("What happened"), max_length=32, choices=Kind.choices)
    comment = models.TextField(_("Comment"), blank=True)
    actor = _user_stamp(_("Done by"))
    created_at = models.DateTimeField(_("When"), auto_now_add=True)
    emailed_at = _optional_moment(_("E-mailed at"))

    class Meta:
        verbose_name = _("Cycle event")
        verbose_name_plural = _("Cycle events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.get_kind_display()


class ProductIdea(models.Model):
    """Step 2: a producer's registration of a product idea (phiếu đăng ký ý tưởng sản phẩm)."""

    producer = models.ForeignKey(
        "partner.Partner", verbose_name=_("Producer"), related_name="ocop_ideas", on_delete=models.PROTECT
    )
    commune = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Commune or ward"),
        related_name="ocop_ideas",
        on_delete=models.PROTECT,
        help_text=_("Where the product is made; the commune officer of this commune checks the dossier."),
    )
    name = models.CharField(_("Product name"), max_length=255)
    product_set = models.ForeignKey(
        "catalogue.Category",
        verbose_name=_("Product group and set"),
        related_name="ocop_ideas",
        on_delete=models.PROTECT,
    )
    raw_materials = models.TextField(_("Raw materials"))
    raw_material_origin = models.TextField(_("Origin of the raw materials"))
    intended_market = models.TextField(_("Intended market"))
    yearly_volume = models.CharField(_("Expected yearly volume"), max_length=128, help_text=_("e.g. 20 tonnes"))
    description = models.TextField(_("Description"), blank=True)
    # The shop listing this idea became (set when the product is listed or linked by an officer).
    product = _shop_product(related_name="ocop_ideas")
    status = models.CharField(_("Status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    review_comment = models.TextField(_("Reviewer's comments"), blank=True)
    year = models.PositiveSmallIntegerField(_("Year"), default=_this_year)
    created_by = _user_stamp(_("Created by"))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    submitted_at = _optional_moment(_("Submitted at"))
    decided_at = _optional_moment(_("Decided at"))
    decided_by = _user_stamp(_("Decided by"))

    class Meta:
        verbose_name = _("Product idea")
        verbose_name_plural = _("Product ideas")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self):
        return self.name


class IdeaPhoto(models.Model):
    """A photo of the product idea: private until the product is listed."""

    idea = models.ForeignKey(
        ProductIdea, verbose_name=_("Product idea"), related_name="photos", on_delete=models.CASCADE
    )
    file = models.FileField(_("Photo"), storage=private_storage, upload_to="ocop/ideas/%Y/%m/", max_length=255)
    original_name = models.CharField(_("File name"), max_length=255)
    uploaded_at = models.DateTimeField(_("Uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Product idea photo")
        verbose_name_plural = _("Product idea photos")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class BusinessPlan(models.Model):
    """Step 3: the idea's business plan (phương án sản xuất kinh doanh): a form plus attachments."""

    idea = models.OneToOneField(
        ProductIdea, verbose_name=_("Product idea"), related_name="business_plan", on_delete=models.CASCADE
    )
    production_capacity = models.CharField(_("Production capacity"), max_length=255)
    investment = models.PositiveBigIntegerField(_("Planned investment (đồng)"), default=0)
    target_markets = models.TextField(_("Target markets and channels"))
    plan = models.TextField(_("The plan"), help_text=_("Production, quality, packaging, marketing and timeline."))
    status = models.CharField(_("Status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    review_comment = models.TextField(_("Reviewer's comments"), blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    submitted_at = _optional_moment(_("Submitted at"))
    decided_at = _optional_moment(_("Decided at"))
    decided_by = _user_stamp(_("Decided by"))

    class Meta:
        verbose_name = _("Business plan")
        verbose_name_plural = _("Business plans")

    def __str__(self):
        return str(self.idea)


class PlanAttachment(models.Model):
    plan = models.ForeignKey(
        BusinessPlan, verbose_name=_("Business plan"), related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(_("File"), storage=private_storage, upload_to="ocop/plans/%Y/%m/", max_length=255)
    original_name = models.CharField(_("File name"), max_length=255)
    uploaded_by = _user_stamp(_("Uploaded by"))
    uploaded_at = models.DateTimeField(_("Uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Business plan attachment")
        verbose_name_plural = _("Business plan attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class DocumentType(models.Model):
    """One kind of document a dossier holds; which are required depends on the product set (data, not code)."""

    code = models.SlugField(_("Code"), max_length=64, unique=True)
    name = models.CharField(_("Name"), max_length=255)
    name_en = models.CharField(_("Name in English"), max_length=255, blank=True)
    help_text = models.TextField(_("What to send"), blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Dossier document type")
        verbose_name_plural = _("Dossier document types")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class DocumentRequirement(models.Model):
    """Whether a document type is required or optional in the dossiers of one product set."""

    product_set = models.ForeignKey(
        "catalogue.Category",
        verbose_name=_("Product set"),
        related_name="ocop_document_requirements",
        on_delete=models.CASCADE,
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("Document type"), related_name="requirements", on_delete=models.CASCADE
    )
    required = models.BooleanField(_("Required"), default=True)

    class Meta:
        verbose_name = _("Dossier document requirement")
        verbose_name_plural = _("Dossier document requirements")
        constraints = [
            models.UniqueConstraint(fields=["product_set", "document_type"], name="document_requirement_once")
        ]

    def __str__(self):
        return f"{self.product_set} — {self.document_type}"


class Dossier(models.Model):
    """The evaluation dossier (hồ sơ đánh giá) of one product for one year's evaluation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the commune")
        RETURNED = "returned", _("Returned with comments")
        PROPOSED = "proposed", _("Proposed for evaluation")
        IN_EVALUATION = "in_evaluation", _("In evaluation")
        SCORED = "scored", _("Scored")
        RECOGNISED = "recognised", _("Recognised")
        NOT_RECOGNISED = "not_recognised", _("Not recognised")

    class Kind(models.TextChoices):
        FIRST = "first", _("First evaluation")
        RE_EVALUATION = "re_evaluation", _("Re-evaluation")

    idea = models.ForeignKey(
        ProductIdea, verbose_name=_("Product idea"), related_name="dossiers", on_delete=models.PROTECT
    )
    product = _shop_product(related_name="ocop_dossiers")
    kind = models.CharField(_("Kind"), max_length=16, choices=Kind.choices, default=Kind.FIRST)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("Previous dossier"),
        related_name="re_evaluations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # The certificate a re-evaluation dossier was opened for (one re-evaluation per certificate).
    certification = models.OneToOneField(
        "catalogue.Certification",
        verbose_name=_("Certificate being renewed"),
        related_name="re_evaluation_dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("Evaluation year"), default=_this_year)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField(_("Reviewer's comments"), blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    submitted_at = _optional_moment(_("Submitted at"))
    proposed_at = _optional_moment(_("Proposed at"))
    proposed_by = _user_stamp(_("Proposed by"))

    class Meta:
        verbose_name = _("Evaluation dossier")
        verbose_name_plural = _("Evaluation dossiers")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self):
        return f"{self.idea} ({self.year})"


class DossierDocument(models.Model):
    """One uploaded version of one document of a dossier; a resubmission adds a version and keeps the rest."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("Dossier"), related_name="documents", on_delete=models.CASCADE)
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("Document type"), related_name="documents", on_delete=models.PROTECT
    )
    version = models.PositiveSmallIntegerField(_("Version"))
    file = models.FileField(_("File"), storage=private_storage, upload_to="ocop/dossiers/%Y/%m/", max_length=255)
    original_name = models.CharField(_("File name"), max_length=255)
    content_type = models.CharField(_("Content type"), max_length=64)
    size = models.PositiveIntegerField(_("Size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = _user_stamp(_("Uploaded by"))
    uploaded_at = models.DateTimeField(_("Uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Dossier document")
        verbose_name_plural = _("Dossier documents")
        ordering = ["document_type__position", "document_type_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "document_type", "version"], name="dossier_document_version")
        ]

    def __str__(self):
        return f"{self.document_type} v{self.version}"


class CriteriaSet(models.Model):
    """A versioned 100-point scorecard: its legal basis, the product sets it scores, and its validity dates."""

    name = models.CharField(_("Name"), max_length=255)
    legal_basis = models.CharField(_("Legal basis"), max_length=255, help_text=_('e.g. "Quyết định 148/QĐ-TTg, 2023"'))
    product_sets = models.ManyToManyField(
        "catalogue.Category", verbose_name=_("Product sets"), related_name="ocop_criteria_sets"
    )
    valid_from = models.DateField(_("Valid from"))
    valid_until = models.DateField(_("Valid until"), null=True, blank=True)
    # Sample wording shipped with the software, to be replaced by the official annex.
    is_sample = models.BooleanField(_("Sample wording"), default=False)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Criteria set")
        verbose_name_plural = _("Criteria sets")
        ordering = ["-valid_from", "name"]

    def __str__(self):
        return self.name


class CriteriaPart(models.Model):
    """A part of the scorecard (A, B, C) with its maximum (40/25/35 under Decision 148)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("Criteria set"), related_name="parts", on_delete=models.CASCADE
    )
    code = models.CharField(_("Code"), max_length=8)
    title = models.CharField(_("Title"), max_length=255)
    max_points = models.PositiveSmallIntegerField(_("Maximum points"))
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Criteria part")
        verbose_name_plural = _("Criteria parts")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criteria_part_code_once")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class CriteriaGroup(models.Model):
    part = models.ForeignKey(CriteriaPart, verbose_name=_("Part"), related_name="groups", on_delete=models.CASCADE)
    title = models.CharField(_("Title"), max_length=255)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Criteria group")
        verbose_name_plural = _("Criteria groups")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    """One question of the scorecard. A knock-out criterion must be met for the product to be rated at all."""

    group = models.ForeignKey(
        CriteriaGroup, verbose_name=_("Criteria group"), related_name="criteria", on_delete=models.CASCADE
    )
    code = models.CharField(_("Code"), max_length=16)
    text = models.TextField(_("Criterion"))
    max_points = models.PositiveSmallIntegerField(_("Maximum points"))
    is_knockout = models.BooleanField(_("Knock-out criterion"), default=False)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Criterion")
        verbose_name_plural = _("Criteria")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class CriterionAnswer(models.Model):
    """An allowed answer to a criterion and its points; on a knock-out criterion, ``fails`` marks the answer
    that stops the product being rated."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("Criterion"), related_name="answers", on_delete=models.CASCADE
    )
    text = models.CharField(_("Answer"), max_length=500)
    points = models.PositiveSmallIntegerField(_("Points"))
    fails = models.BooleanField(_("Fails the knock-out criterion"), default=False)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Allowed answer")
        verbose_name_plural = _("Allowed answers")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.text} ({self.points})"


class EvaluationRound(models.Model):
    """A council's evaluation round: its members score each assigned product; the secretary closes it."""

    class Level(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        PROVINCE = "province", _("Province")
        CENTRAL = "central", _("Central")

    class Status(models.TextChoices):
        OPEN = "open", _("Open for scoring")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("Name"), max_length=255)
    year = models.PositiveSmallIntegerField(_("Year"), default=_this_year)
    level = models.CharField(_("Level"), max_length=16, choices=Level.choices, default=Level.PROVINCE)
    scoring_deadline = models.DateField(_("Scoring deadline"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("Council members"), related_name="ocop_rounds"
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Council secretary"),
        related_name="ocop_rounds_as_secretary",
        on_delete=models.PROTECT,
    )
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_by = _user_stamp(_("Opened by"))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    closed_at = _optional_moment(_("Closed at"))
    closed_by = _user_stamp(_("Closed by"))

    class Meta:
        verbose_name = _("Evaluation round")
        verbose_name_plural = _("Evaluation rounds")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class RoundEntry(models.Model):
    """One product (through its dossier) assigned to a round, scored on one criteria set.

    The result fields are filled when the secretary closes the round, from the members' valid cards.
    """

    evaluation_round = models.ForeignKey(
        EvaluationRound, verbose_name=_("Evaluation round"), related_name="entries", on_delete=models.CASCADE
    )
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("Dossier"), related_name="round_entries", on_delete=models.PROTECT
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("Criteria set"), related_name="round_entries", on_delete=models.PROTECT
    )
    score = models.PositiveSmallIntegerField(
        _("Score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    mean_exact = models.DecimalField(_("Mean of the cards"), max_digits=6, decimal_places=3, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("Proposed stars"), null=True, blank=True)
    not_rated = models.BooleanField(_("Not rated (knock-out criterion failed)"), default=False)
    proposed_central = models.BooleanField(_("Proposed for 5★ at the central level"), default=False)

    class Meta:
        verbose_name = _("Product in a round")
        verbose_name_plural = _("Products in a round")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation_round", "dossier"], name="round_entry_once")]

    def __str__(self):
        return f"{self.evaluation_round} — {self.dossier}"


class Scorecard(models.Model):
    """One council member's card for one product of a round."""

    entry = models.ForeignKey(
        RoundEntry, verbose_name=_("Product in a round"), related_name="scorecards", on_delete=models.CASCADE
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Council member"),
        related_name="ocop_scorecards",
        on_delete=models.PROTECT,
    )
    total = models.PositiveSmallIntegerField(_("Total"), default=0)
    knocked_out = models.BooleanField(_("Fails a knock-out criterion"), default=False)
    # A card counts once it is submitted (every criterion answered); drafts are the member's own.
    submitted_at = _optional_moment(_("Submitted at"))
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    class Meta:
        verbose_name = _("Scorecard")
        verbose_name_plural = _("Scorecards")
        ordering = ["entry_id", "member_id"]
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="scorecard_once_per_member")]

    def __str__(self):
        return f"{self.entry} — {self.member}"


class ScorecardAnswer(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("Scorecard"), related_name="answers", on_delete=models.CASCADE
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("Criterion"), related_name="+", on_delete=models.PROTECT)
    answer = models.ForeignKey(CriterionAnswer, verbose_name=_("Answer"), related_name="+", on_delete=models.PROTECT)
    points = models.PositiveSmallIntegerField(_("Points"))
    note = models.TextField(_("Note"), blank=True)

    class Meta:
        verbose_name = _("Scorecard answer")
        verbose_name_plural = _("Scorecard answers")
        constraints = [models.UniqueConstraint(fields=["scorecard", "criterion"], name="scorecard_answer_once")]

    def __str__(self):
        return f"{self.criterion.code}: {self.points}"


class RecognitionDecision(models.Model):
    """A decision recognising products' stars (province: 3★ and 4★; central: 5★)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial People's Committee")
        CENTRAL = "central", _("Ministry of Agriculture and Environment")

    number = models.CharField(_("Decision number"), max_length=64)
    date = models.DateField(_("Decision date"))
    signer = models.CharField(_("Signed by"), max_length=255)
    level = models.CharField(_("Level"), max_length=16, choices=Level.choices, default=Level.PROVINCE)
    note = models.TextField(_("Note"), blank=True)
    recorded_by = _user_stamp(_("Recorded by"))
    recorded_at = models.DateTimeField(_("Recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Recognition decision")
        verbose_name_plural = _("Recognition decisions")
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["level", "number"], name="recognition_decision_number_once")]

    def __str__(self):
        return self.number


class DecisionItem(models.Model):
    """One product a decision recognises, and the certificate it created."""

    decision = models.ForeignKey(
        RecognitionDecision, verbose_name=_("Recognition decision"), related_name="items", on_delete=models.CASCADE
    )
    entry = models.ForeignKey(
        RoundEntry, verbose_name=_("Product in a round"), related_name="decision_items", on_delete=models.PROTECT
    )
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("Product"), related_name="ocop_decision_items", on_delete=models.PROTECT
    )
    score = models.PositiveSmallIntegerField(_("Score"))
    stars = models.PositiveSmallIntegerField(_("Stars"))
    certification = models.OneToOneField(
        "catalogue.Certification",
        verbose_name=_("Certificate"),
        related_name="decision_item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("Recognised product")
        verbose_name_plural = _("Recognised products")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "product"], name="decision_item_product_once"),
            models.CheckConstraint(condition=Q(stars__gte=3) & Q(stars__lte=5), name="decision_item_stars_3_5"),
        ]

    def __str__(self):
        return f"{self.decision} — {self.product}"


# The programme office: the yearly plan, its targets and planned products, and its budget -----------------------


class ProgrammePlan(models.Model):
    """A year's OCOP plan of one administrative level (a province, or a city or former city with its communes).

    What the plan covers is ``region`` (the province) and, for a city or former city, the ``communes`` it names;
    a province's plan without communes covers every commune and ward of the province.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City or former city")

    year = models.PositiveSmallIntegerField(_("Year"), default=_this_year)
    level = models.CharField(_("Level"), max_length=16, choices=Level.choices, default=Level.CITY)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("Province"), related_name="ocop_plans", on_delete=models.PROTECT
    )
    communes = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("Communes and wards covered"),
        related_name="ocop_plans_covering",
        blank=True,
        help_text=_("Leave empty for a province's plan: it covers every commune and ward of the province."),
    )
    title = models.CharField(_("Title"), max_length=255)
    decision_ref = models.CharField(
        _("Approving decision"), max_length=128, blank=True, help_text=_('e.g. "Kế hoạch 52/KH-UBND, 2023"')
    )
    created_by = _user_stamp(_("Created by"))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Yearly OCOP plan")
        verbose_name_plural = _("Yearly OCOP plans")
        ordering = ["-year", "title", "pk"]
        constraints = [models.UniqueConstraint(fields=["year", "level", "region", "title"], name="programme_plan_once")]

    def __str__(self):
        return f"{self.title} ({self.year})"


class PlanTarget(models.Model):
    """One target of a plan: a kind whose actual is computed from the data, or a custom one with its unit."""

    class Kind(models.TextChoices):
        NEW_PRODUCTS = "new_products_3star", _("New products at 3★ or more")
        UPGRADES = "upgrades", _("Products upgraded")
        RECERTIFICATIONS = "recertifications", _("Products re-certified")
        CUMULATIVE = "cumulative_certified", _("Certified products in force at the year's end")
        COMMUNE_COVERAGE = "commune_coverage_share", _("Share of communes with a registered product (%)")
        CUSTOM = "custom", _("Other target")

    plan = models.ForeignKey(ProgrammePlan, verbose_name=_("Plan"), related_name="targets", on_delete=models.CASCADE)
    kind = models.CharField(_("Kind"), max_length=32, choices=Kind.choices)
    label = models.CharField(_("Label"), max_length=255, blank=True, help_text=_("Required for another target."))
    unit = models.CharField(_("Unit"), max_length=32, blank=True, help_text=_('e.g. "products", "%"'))
    value = models.PositiveIntegerField(_("Target"))
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Plan target")
        verbose_name_plural = _("Plan targets")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], condition=~Q(kind="custom"), name="plan_target_kind_once"),
        ]

    def __str__(self):
        return self.label or self.get_kind_display()

    @property
    def title(self) -> str:
        return self.label if self.kind == self.Kind.CUSTOM else str(self.get_kind_display())


class PlannedProduct(models.Model):
    """One line of the plan's product list (appendix 01): a product or idea to develop, upgrade or re-certify."""

    class Type(models.TextChoices):
        NEW = "new", _("New product")
        UPGRADE = "upgrade", _("Upgrade")
        RECERTIFY = "recertify", _("Re-certification")

    plan = models.ForeignKey(
        ProgrammePlan, verbose_name=_("Plan"), related_name="planned_products", on_delete=models.CASCADE
    )
    name = models.CharField(_("Product name"), max_length=255)
    product = _shop_product(related_name="ocop_planned")
    idea = models.ForeignKey(
        ProductIdea,
        verbose_name=_("Product idea"),
        related_name="planned",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    producer = models.ForeignKey(
        "partner.Partner", verbose_name=_("Producer"), related_name="ocop_planned", on_delete=models.PROTECT
    )
    commune = models.ForeignKey(
        "regions.Region", verbose_name=_("Commune or ward"), related_name="ocop_planned", on_delete=models.PROTECT
    )
    type = models.CharField(_("Type"), max_length=16, choices=Type.choices, default=Type.NEW)
    target_stars = models.PositiveSmallIntegerField(
        _("Target stars"), default=3, validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    responsible_office = models.CharField(_("Responsible office"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Planned product")
        verbose_name_plural = _("Planned products")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_stars__gte=3) & Q(target_stars__lte=5), name="planned_product_stars_3_5"
            ),
        ]

    def __str__(self):
        return self.name


class BudgetLine(models.Model):
    """A line of the plan's budget (section III.8, appendix 02) with its funding source and planned amount."""

    class Source(models.TextChoices):
        CENTRAL = "central", _("Central budget (new rural programme)")
        PROVINCE = "province", _("Province budget")
        CITY = "city", _("City budget")
        COMMUNE = "commune", _("Commune budget")
        INTEGRATED = "integrated", _("Integrated programmes")
        OTHER = "other", _("Other sources")

    plan = models.ForeignKey(
        ProgrammePlan, verbose_name=_("Plan"), related_name="budget_lines", on_delete=models.CASCADE
    )
    name = models.CharField(_("Name"), max_length=255)
    source = models.CharField(_("Funding source"), max_length=16, choices=Source.choices, default=Source.CITY)
    planned_amount = models.PositiveBigIntegerField(_("Planned amount (đồng)"))
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Budget line")
        verbose_name_plural = _("Budget lines")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="budget_line_name_once")]

    def __str__(self):
        return self.name


class Spending(models.Model):
    """One spending entry booked against a budget line; over the line's plan only with an approver's reason."""

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("Budget line"), related_name="spendings", on_delete=models.PROTECT
    )
    date = models.DateField(_("Date"))
    amount = models.PositiveBigIntegerField(_("Amount (đồng)"))
    payee = models.CharField(_("Payee"), max_length=255)
    purpose = models.TextField(_("Purpose"))
    document = models.FileField(
        _("Supporting document"), storage=private_storage, upload_to="ocop/spending/%Y/%m/", max_length=255, blank=True
    )
    document_name = models.CharField(_("File name"), max_length=255, blank=True)
    over_plan_reason = models.TextField(_("Reason for going over the plan"), blank=True)
    recorded_by = _user_stamp(_("Recorded by"))
    recorded_at = models.DateTimeField(_("Recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Spending entry")
        verbose_name_plural = _("Spending entries")
        ordering = ["-date", "-pk"]
        permissions = [("approve_overspend", _("Can approve spending over a budget line's plan"))]

    def __str__(self):
        return f"{self.line} — {self.amount}"
