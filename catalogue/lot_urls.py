"""Public traceability: /t/<code>/ (lot page), its QR code and label sheet."""

urlpatterns = []
