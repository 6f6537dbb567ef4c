"""The OCOP cycle's screens, under /dashboard/ocop/ (namespace ``ocop``); each area keeps its own patterns."""

from programme.views import board, criteria, decisions, dossiers, home, ideas, rounds

app_name = "ocop"
urlpatterns = [
    *home.urlpatterns,
    *ideas.urlpatterns,
    *dossiers.urlpatterns,
    *criteria.urlpatterns,
    *rounds.urlpatterns,
    *decisions.urlpatterns,
    *board.urlpatterns,
]
