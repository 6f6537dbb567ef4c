"""Training registration, cancellation, the attendance sheet, the iCal file and "my trainings": thin views.

The training pages themselves are Wagtail's (``TrainingPage``); these views take a training by its page id.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events.trainings import ical, selectors, services
from events.trainings.forms import AttendanceForm
from events.trainings.models import TrainingPage


def _training_or_404(pk: int) -> TrainingPage:
    try:
        training = selectors.training_get(pk=pk)
    except TrainingPage.DoesNotExist:
        raise Http404 from None
    if training.get_view_restrictions().exists():
        raise Http404
    return training


def _refused(request, *, training, message: str):
    return TemplateResponse(request, "trainings/refused.html", {"training": training, "refusal": message}, status=403)


@require_POST
def training_register(request, pk: int):
    """A producer's person or an officer takes a seat; refusals come back as a message on the training page."""
    training = _training_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(training.url)
    if not selectors.training_user_roles(user=request.user):
        return _refused(
            request,
            training=training,
            message=_("Only producers and officers can register for trainings."),
        )
    try:
        services.training_register(training=training, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You are registered for this training."))
    return redirect(training.url)


@require_POST
def training_cancel(request, pk: int):
    training = _training_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(training.url)
    registration = selectors.training_registration_for_user(training=training, user=request.user)
    if registration is None:
        messages.error(request, _("You are not registered for this training."))
        return redirect(training.url)
    try:
        services.training_registration_cancel(registration=registration, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(training.url)


@require_http_methods(["GET", "POST"])
def training_attendance(request, pk: int):
    """The attendance sheet: the organiser or a programme officer ticks who came."""
    training = _training_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not selectors.training_user_may_mark_attendance(training=training, user=request.user):
        raise PermissionDenied
    registrations = selectors.training_attendance_sheet(training=training)
    data = request.POST if request.method == "POST" else None
    form = AttendanceForm(data, training=training, registrations=registrations, user=request.user)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, _("Attendance saved."))
        return redirect("trainings:attendance", pk=training.pk)
    return TemplateResponse(
        request,
        "trainings/attendance_sheet.html",
        {
            "training": training,
            "registrations": registrations,
            "form": form,
            "checked": form.checked_ids(),
            "attended_count": sum(1 for r in registrations if r.attended),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def training_ical(request, pk: int):
    training = _training_or_404(pk)
    return ical.ical_response(
        body=ical.ical_calendar(trainings=[training], request=request, name=training.title),
        filename=f"{training.slug}.ics",
    )


@login_required
@require_GET
def training_registration_list(request):
    """The signed-in user's own registrations (empty for those who cannot register)."""
    return TemplateResponse(
        request,
        "trainings/my_trainings.html",
        {"registrations": selectors.training_registration_list_for_user(user=request.user)},
    )
