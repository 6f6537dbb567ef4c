#!/usr/bin/env python3
"""The smoke run's journey over HTTP against gunicorn (standard library only; traffic to 127.0.0.1 only).

A shopper browses, searches, buys cash on delivery; the officer confirms, packs and ships the order in
the dashboard; the e-mails must come from the Celery worker (written to the worker's EMAIL_FILE_PATH,
never the web's). Every response's status and a content marker are checked.

  smoke_journey.py --base http://127.0.0.1:8123 --seed seed.json --password P \\
      --web-mail DIR --worker-mail DIR [--degraded] [--healthz-only]

Requests carry X-Forwarded-Proto: https, as the proxy in front of production does, so production's
secure cookies, CSRF and HSTS settings are exercised as they are.
"""

import argparse
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

ORDER_NUMBER = re.compile(r"\bOC[0-9A-Z]{8}-\d+\b")


class StepFailed(Exception):
    pass


class Response:
    def __init__(self, status, url, headers, body):
        self.status, self.url, self.headers = status, url, headers
        self.text = body.decode("utf-8", "replace")

    def expect(self, status, *markers):
        if self.status != status:
            raise StepFailed(f"{self.url}: status {self.status}, expected {status}: {self.text[:300]!r}")
        for marker in markers:
            if marker not in self.text:
                raise StepFailed(f"{self.url}: {marker!r} not in the page")
        return self


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept by hand: the jar in http.cookiejar would not send production's Secure cookies over
    plain HTTP to 127.0.0.1 (TLS ends at the proxy, simulated by X-Forwarded-Proto)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.host = urllib.parse.urlsplit(self.base).netloc
        self.cookies: dict[str, str] = {}
        self.page = None  # the last page shown
        self.opener = urllib.request.build_opener(_NoRedirect)

    def _send(self, method, url, data=None):
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "vi", "User-Agent": "ocop-smoke/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Django's CSRF check on HTTPS wants a same-origin Origin/Referer.
            headers["Origin"] = f"https://{self.host}"
            # The page the form was on, as a browser sends it (Oscar redirects back to it after "add to basket").
            headers["Referer"] = f"https://{self.host}{urllib.parse.urlsplit(self.page or url).path}"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 (http://127.0.0.1 only)
        try:
            with self.opener.open(request, timeout=30) as answer:
                status, answer_headers, content = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, content = error.code, error.headers, error.read()
        for line in answer_headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(status, url, answer_headers, content)

    def request(self, method, path, data=None, follow=True):
        url = path if "://" in path else self.base + path
        response = self._send(method, url, data)
        hops = 0
        while follow and response.status in (301, 302, 303, 307, 308) and hops < 10:
            location = urllib.parse.urljoin(url, response.headers["Location"])
            # The app answers with https:// addresses (it believes the proxy): stay on plain HTTP here.
            parts = urllib.parse.urlsplit(location)
            if parts.netloc != self.host:
                raise StepFailed(f"{url} redirected off the site, to {location}")
            url = self.base + parts.path + (f"?{parts.query}" if parts.query else "")
            response = self._send("GET", url)
            hops += 1
        if response.headers.get_content_type() == "text/html":
            self.page = response.url
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data, **kwargs)


class _Forms(HTMLParser):
    """Every <form> of a page with the values a browser would submit by default."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "id": attrs.get("id", ""), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs or (kind == "radio" and attrs["name"] not in self._form["fields"]):
                    self._form["fields"][attrs["name"]] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "image", "file"):
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form["fields"].setdefault(self._select, None)
        elif tag == "option" and self._select:
            if self._form["fields"][self._select] is None or "selected" in attrs:
                self._form["fields"][self._select] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form(response: Response, action_contains: str = "", *, field: str = "csrfmiddlewaretoken") -> dict:
    """The default values of the first form posting to ``action_contains`` that has ``field``."""
    parser = _Forms()
    parser.feed(response.text)
    for found in parser.forms:
        if action_contains in found["action"] and field in found["fields"]:
            return {key: value or "" for key, value in found["fields"].items()}
    raise StepFailed(f"{response.url}: no form posting to {action_contains!r} with a {field!r} field")


def mail_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.log")) if folder.is_dir() else []


def wait_for(check, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise StepFailed(f"gave up after {seconds:.0f} s waiting for {what}")
        time.sleep(0.5)


class Journey:
    def __init__(self, args, seed):
        self.args, self.seed = args, seed
        self.shopper, self.officer = Browser(args.base), Browser(args.base)
        self.web_mail, self.worker_mail = Path(args.web_mail), Path(args.worker_mail)
        self.results: list[tuple[str, bool, str]] = []
        self.order_number = None

    def step(self, name, action):
        started = time.monotonic()
        try:
            detail = action() or ""
        except (StepFailed, OSError, KeyError, ValueError) as error:
            self.results.append((name, False, f"{type(error).__name__}: {error}"))
            print(f"  FAIL {name}: {type(error).__name__}: {error}", flush=True)
            return False
        elapsed = (time.monotonic() - started) * 1000
        self.results.append((name, True, detail))
        print(f"  ok   {name} ({elapsed:.0f} ms){' — ' + detail if detail else ''}", flush=True)
        return True

    # The shopper -------------------------------------------------------------------------------------
    def home(self):
        self.shopper.get("/").expect(200, '<html lang="vi"', "OCOP")

    def catalogue(self):
        page = self.shopper.get("/shop/").expect(200, self.product["title"])
        return f"{page.text.count('data-testid')} marked elements"

    def product_page(self):
        self.product_response = self.shopper.get(self.product["url"]).expect(200, self.product["title"], "₫")

    def search(self):
        # Indexed by the worker after seeding: wait until it has run.
        query = urllib.parse.quote(self.product["title"].split(" (")[0])
        wait_for(
            lambda: self.product["title"] in self.shopper.get(f"/search/?q={query}").expect(200).text,
            seconds=90,
            what="the worker to index the products",
        )

    def basket_add(self):
        data = form(self.product_response, f"/basket/add/{self.product['pk']}/")
        data["quantity"] = "2"
        self.shopper.post(f"/shop/basket/add/{self.product['pk']}/", data).expect(200)
        self.shopper.get("/shop/basket/").expect(200, self.product["title"])

    def checkout(self):
        page = self.shopper.get("/shop/checkout/").expect(200, 'name="shown_total"')
        data = form(page, field="shown_total")
        data.update(
            email=f"khach-{int(time.time())}@smoke.ocop.internal",
            full_name="Nguyễn Thị Thử",
            phone="0912 345 678",
            province=self.seed["province"],
            street="Số 1, phố Thử",
            payment_method="cod",
        )
        # The no-JavaScript path: "Update" shows the wards and the delivery fee of the province.
        refreshed = self.shopper.post("/shop/checkout/", {**data, "refresh": "1"}).expect(200, self.seed["ward"])
        data = {**form(refreshed, field="shown_total"), **{k: v for k, v in data.items() if k != "shown_total"}}
        data["ward"] = self.seed["ward"]
        purchase = self.shopper.post("/shop/checkout/", data)
        purchase.expect(200, 'data-testid="purchase"', self.product["title"])
        if "/checkout/purchase/" not in purchase.url:
            raise StepFailed(f"checkout ended on {purchase.url}, not a purchase page")
        match = ORDER_NUMBER.search(purchase.text)
        if not match:
            raise StepFailed("no order number on the purchase page")
        self.order_number = match.group(0)
        self.purchase_path = urllib.parse.urlsplit(purchase.url).path
        return f"order {self.order_number}"

    def mails_in_process(self, count: int):
        """Redis down: the broker is unreachable, so the web process sends the order's e-mails itself, at once."""

        def found():
            return [f for f in mail_files(self.web_mail) if self.order_number in f.read_text(errors="replace")]

        files = wait_for(lambda: len(found()) >= count and found(), seconds=30, what=f"{count} e-mail(s) from the web")
        worker = [f for f in mail_files(self.worker_mail) if self.order_number in f.read_text(errors="replace")]
        if worker:
            raise StepFailed(f"the worker also sent {len(worker)} e-mail(s) about it: sent twice")
        return f"{len(files)} e-mail(s) about {self.order_number}, written in-process by the web"

    def mails_for_order(self, count: int):
        def found():
            return [f for f in mail_files(self.worker_mail) if self.order_number in f.read_text(errors="replace")]

        files = wait_for(
            lambda: len(found()) >= count and found(), seconds=90, what=f"{count} e-mail(s) from the worker"
        )
        web = [f for f in mail_files(self.web_mail) if self.order_number in f.read_text(errors="replace")]
        if web:
            raise StepFailed(f"the web process sent {len(web)} e-mail(s) itself instead of queueing them")
        return f"{len(files)} e-mail(s) about {self.order_number}, all written by the worker"

    # The officer -------------------------------------------------------------------------------------
    def officer_login(self):
        page = self.officer.get("/shop/accounts/login/").expect(200)
        data = form(page, field="login-username")
        data.update({"login-username": self.seed["officer"], "login-password": self.args.password})
        data["login_submit"] = "1"
        landed = self.officer.post(page.url, data).expect(200)
        if "/dashboard/" not in landed.url:
            raise StepFailed(f"login ended on {landed.url}, not the dashboard")

    def officer_moves_order(self):
        path = f"/dashboard/orders/{self.order_number}/"
        for status, extra in (
            ("confirmed", {}),
            ("packed", {}),
            ("shipped", {"carrier": "VNPost", "tracking_number": "EB000000001VN"}),
        ):
            page = self.officer.get(path).expect(200, self.order_number, f'data-testid="action-{status}"')
            data = {
                **form(page, field="order_action"),
                "new_status": status,
                **extra,
            }
            self.officer.post(path, data).expect(200, self.order_number)
        self.shopper.get(self.purchase_path).expect(200, "EB000000001VN")
        return "confirmed → packed → shipped; the shopper's page shows the tracking number"

    def run(self, label: str) -> bool:
        self.product = self.seed["products"][1 if self.args.degraded else 0]
        print(f"== journey ({label}) ==", flush=True)
        steps = [
            ("home page", self.home),
            ("catalogue", self.catalogue),
            ("product page", self.product_page),
            ("search", self.search),
            ("add to basket", self.basket_add),
            ("cash-on-delivery checkout", self.checkout),
        ]
        if self.args.degraded:
            steps.append(("order e-mail sent in-process by the web", lambda: self.mails_in_process(1)))
        else:
            steps.append(("order e-mail sent by the worker", lambda: self.mails_for_order(1)))
        steps += [("officer logs in to the dashboard", self.officer_login), ("officer ships the order", self.ship)]
        if self.args.degraded:
            steps.append(("status e-mails sent in-process by the web", lambda: self.mails_in_process(4)))
        else:
            steps.append(("status e-mails sent by the worker", lambda: self.mails_for_order(4)))
        for name, action in steps:
            if not self.step(name, action):
                break  # later steps build on this one
        failed = [name for name, ok, _ in self.results if not ok]
        skipped = len(steps) - len(self.results)
        print(
            f"== {label}: {len(self.results) - len(failed)} of {len(steps)} steps passed"
            + (f", {len(failed)} failed ({', '.join(failed)}), {skipped} not run" if failed else "")
            + " ==",
            flush=True,
        )
        return not failed

    def ship(self):
        return self.officer_moves_order()


def healthz(base: str) -> bool:
    browser = Browser(base)

    said = set()

    def ok():
        response = browser.get("/healthz")
        if (response.status, response.text) not in said:  # each distinct answer once
            said.add((response.status, response.text))
            print(f"  /healthz {response.status}: {response.text[:200]}", flush=True)
        return response.status == 200

    try:
        wait_for(ok, seconds=60, what="/healthz to answer 200")
    except StepFailed as error:
        print(f"  FAIL healthz: {error}", flush=True)
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--seed")
    parser.add_argument("--password")
    parser.add_argument("--web-mail")
    parser.add_argument("--worker-mail")
    parser.add_argument("--degraded", action="store_true")
    parser.add_argument("--healthz-only", action="store_true")
    args = parser.parse_args()
    if urllib.parse.urlsplit(args.base).hostname != "127.0.0.1":
        parser.error("the smoke journey only talks to 127.0.0.1")
    if args.healthz_only:
        return 0 if healthz(args.base) else 1
    seed = json.loads(Path(args.seed).read_text())
    journey = Journey(args, seed)
    return 0 if journey.run("Redis down" if args.degraded else "all services up") else 1


if __name__ == "__main__":
    sys.exit(main())
