"""Oscar's report generators, each also available to officers (Oscar's answer only staff).

Oscar's reports view loads ``GeneratorRepository`` through ``get_class("dashboard.reports.utils", ...)``,
which finds this module (the "dashboard" app is ``marketplace.dashboard``).
"""

from oscar.apps.dashboard.reports.utils import GeneratorRepository as CoreGeneratorRepository

from marketplace.core.roles import user_is_officer


def _for_officers(generator):
    """The same generator (same code, queryset and templates), available to staff and officers."""

    def is_available_to(self, user):
        return user_is_officer(user)

    return type(generator.__name__, (generator,), {"is_available_to": is_available_to, "__module__": __name__})


class GeneratorRepository(CoreGeneratorRepository):
    generators = [_for_officers(generator) for generator in CoreGeneratorRepository.generators]
