"""Shopper accounts: where people land after logging in, and the account views we adjust.

Not an Oscar fork (Oscar's customer app stays installed as is): marketplace/urls.py mounts these few
views in front of Oscar's at the same addresses, so Oscar's URL names keep working.
"""
