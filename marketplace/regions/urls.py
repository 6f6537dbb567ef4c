"""Region pages: /regions/<province>/ and /regions/<province>/<commune>/."""

urlpatterns = []
