"""Oscar's analytics counters, made safe for concurrent requests.

Oscar creates a product's counter row on its first view or basket addition without a
savepoint. Two first views at once make one INSERT fail and, with ATOMIC_REQUESTS,
break the rest of that request (a 500). These receivers count the same things, but
create the row inside a savepoint and fall back to the UPDATE when another request won.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from oscar.apps.basket.signals import basket_addition
from oscar.apps.catalogue.signals import product_viewed
from oscar.core.loading import get_model


def _count(model, field: str, lookup: dict, increment: int = 1) -> None:
    if model.objects.filter(**lookup).update(**{field: F(field) + increment}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **{field: increment})
    except IntegrityError:
        model.objects.filter(**lookup).update(**{field: F(field) + increment})


def receive_product_view(sender, product, user, **kwargs):
    if kwargs.get("raw", False):
        return
    _count(get_model("analytics", "ProductRecord"), "num_views", {"product": product})
    if user and user.is_authenticated:
        _count(get_model("analytics", "UserRecord"), "num_product_views", {"user": user})
        get_model("analytics", "UserProductView").objects.create(product=product, user=user)


def receive_basket_addition(sender, product, user, **kwargs):
    if kwargs.get("raw", False):
        return
    _count(get_model("analytics", "ProductRecord"), "num_basket_additions", {"product": product})
    if user and user.is_authenticated:
        _count(get_model("analytics", "UserRecord"), "num_basket_additions", {"user": user})


def analytics_receivers_replace() -> None:
    """Swap Oscar's two racy receivers for ours (importing Oscar's module connects them first)."""
    from oscar.apps.analytics import receivers as oscar_receivers

    product_viewed.disconnect(oscar_receivers.receive_product_view)
    basket_addition.disconnect(oscar_receivers.receive_basket_addition)
    product_viewed.connect(receive_product_view, dispatch_uid="ocop-product-view")
    basket_addition.connect(receive_basket_addition, dispatch_uid="ocop-basket-addition")
