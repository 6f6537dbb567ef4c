"""Public traceability views: the lot page a QR code opens, the QR code itself and a printable label sheet.

Thin: reads go through traceability.selectors; the QR is drawn by segno.
"""

import hashlib
import io

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from traceability import selectors

# Printed labels are read in shops and kitchens, sometimes scuffed: medium error correction (15 %);
# segno raises it further when the payload leaves room in the same symbol size.
QR_ERROR = "m"
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules
QR_PNG_SCALE = 10  # pixels per module: about 370 px for a trace address
QR_SVG_SCALE = 4
QR_MAX_AGE = 24 * 60 * 60  # a trace code never changes; the site address rarely does

LABELS_DEFAULT = 12
LABELS_MAX = 60
LABELS_PER_PAGE = 21  # the common A4 sheet: 3 × 7 labels of 63.5 × 38.1 mm


def _lot_public_or_404(code: str):
    lot = selectors.lot_get_public(code=code)
    if lot is None:
        raise Http404(_("No lot has this trace code."))
    return lot


def _qr(payload: str):
    return segno.make(payload, error=QR_ERROR, micro=False)


@require_safe
def lot_detail(request, code: str):
    """What a shopper sees after scanning: product, certificate, producer, lot facts and journey."""
    lot = _lot_public_or_404(code)
    context = {
        "lot": lot,
        "product": lot.product,
        "producer": lot.producer,
        "certification": lot.certification,
        "steps": lot.steps.all(),
    }
    return render(request, "traceability/lot_detail.html", context)


@require_safe
def lot_qr(request, code: str, kind: str):
    """The lot's QR code as SVG or PNG, encoding the absolute address of its page."""
    lot = selectors.lot_get(code=code)
    if lot is None:
        raise Http404(_("No lot has this trace code."))
    payload = selectors.lot_trace_url(lot=lot, request=request)
    digest = hashlib.sha256(f"{kind}:{QR_ERROR}:{QR_BORDER}:{payload}".encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        buffer = io.BytesIO()
        if kind == "svg":
            _qr(payload).save(buffer, kind="svg", scale=QR_SVG_SCALE, border=QR_BORDER, title=payload)
            response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
        else:
            _qr(payload).save(buffer, kind="png", scale=QR_PNG_SCALE, border=QR_BORDER)
            response = HttpResponse(buffer.getvalue(), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="lot-{lot.code}.{kind}"'
    else:
        response = not_modified
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response


def _label_count(raw: str | None) -> int | None:
    """The number of labels asked for, or None when it is not a whole number from 1 to LABELS_MAX."""
    if raw is None:
        return LABELS_DEFAULT
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit():
        return None
    count = int(raw)
    return count if 1 <= count <= LABELS_MAX else None


@require_safe
def lot_label_sheet(request, code: str):
    """A printable A4 sheet of labels for the lot: QR code, product, stars, lot number and dates."""
    lot = _lot_public_or_404(code)
    count = _label_count(request.GET.get("count"))
    context = {
        "lot": lot,
        "product": lot.product,
        "certification": lot.certification,
        "labels_max": LABELS_MAX,
        "labels_default": LABELS_DEFAULT,
    }
    if count is None:
        context["error"] = _("The number of labels must be a whole number from 1 to %(max)s.") % {"max": LABELS_MAX}
        context["count"] = LABELS_DEFAULT
        return render(request, "traceability/label_sheet.html", context, status=400)
    trace_url = selectors.lot_trace_url(lot=lot, request=request)
    # Drawn once and repeated on every label. The markup is segno's own; the payload (our URL) is only encoded.
    qr_svg = _qr(trace_url).svg_inline(scale=1, border=QR_BORDER, omitsize=True, svgclass="lot-label__qr-svg")
    labels = range(count)
    context.update(
        {
            "count": count,
            "trace_url": trace_url,
            "trace_url_short": trace_url.split("://", 1)[-1],
            "qr_svg": mark_safe(qr_svg),
            "pages": [labels[start : start + LABELS_PER_PAGE] for start in range(0, count, LABELS_PER_PAGE)],
        }
    )
    return render(request, "traceability/label_sheet.html", context)
