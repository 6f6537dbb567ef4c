"""Public traceability: /t/<code>/ (lot page), its QR code and label sheet."""

from django.urls import path

from traceability import views

app_name = "lots"

# Trace codes are URL-safe base64 (A–Z a–z 0–9 - _), exactly what the slug converter matches.
urlpatterns = [
    path("<slug:code>/", views.lot_detail, name="detail"),
    path("<slug:code>/qr.svg", views.lot_qr, {"kind": "svg"}, name="qr-svg"),
    path("<slug:code>/qr.png", views.lot_qr, {"kind": "png"}, name="qr-png"),
    path("<slug:code>/label/", views.lot_label_sheet, name="label-sheet"),
]
