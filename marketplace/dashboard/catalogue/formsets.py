"""The stock record formset: officers manage every producer's stock records, as staff do."""

from oscar.apps.dashboard.catalogue import formsets as core_formsets
from oscar.core.loading import get_model

from marketplace.dashboard.access import user_is_officer
from marketplace.dashboard.selectors import producer_list_for_user

StockRecord = get_model("partner", "StockRecord")


class StockRecordFormSet(core_formsets.StockRecordFormSet):
    def __init__(self, product_class, user, *args, **kwargs):
        if "instance" in kwargs and "queryset" not in kwargs:
            kwargs["queryset"] = StockRecord.objects.filter(
                product=kwargs["instance"], partner__in=producer_list_for_user(user=user)
            )
        super().__init__(product_class, user, *args, **kwargs)
        # Oscar asks non-staff users for a stock record of their own; officers act for producers.
        self.require_user_stockrecord = not user_is_officer(user)
