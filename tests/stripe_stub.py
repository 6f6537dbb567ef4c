"""A stand-in for the Stripe API on 127.0.0.1, for driving the real ``stripe`` SDK without internet.

It answers the calls OCOP Market makes — create and retrieve a PaymentIntent, create a Refund —
with JSON shaped like Stripe's, and behaves like Stripe where it matters to us:

- requests need ``Authorization: Bearer <secret key>``;
- an ``Idempotency-Key`` seen before replays the first answer (header ``Idempotent-Replayed: true``);
  the same key with other parameters is a 400 ``idempotency_error``; the same key while the first
  request is still running is a 409 (the SDK retries it);
- a refund needs a succeeded intent and cannot exceed what is left to refund.

Every request is recorded (method, path, form body as a flat dict, headers) for tests to assert on.
``succeed(intent_id)`` plays the shopper paying: the intent becomes ``succeeded`` and is returned,
ready to wrap in a webhook event. ``fail_with = 500`` makes every call fail until reset.
"""

import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class RecordedRequest:
    method: str
    path: str
    form: dict
    headers: dict
    status: int | None = None  # the answer given (set once answered)

    @property
    def idempotency_key(self):
        return self.headers.get("idempotency-key")


@dataclass
class StripeStub:
    secret_key: str = "sk_test_x"
    create_delay: float = 0.0  # seconds a PaymentIntent creation takes (to let requests overlap)
    fail_with: int | None = None
    requests: list = field(default_factory=list)
    intents: dict = field(default_factory=dict)
    refunds: dict = field(default_factory=dict)
    _idempotent: dict = field(default_factory=dict)  # key -> (method, path, form, status, body) or None while running
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    # --- for tests ---------------------------------------------------------------------------------

    def calls(self, method: str, path_prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    def succeed(self, intent_id: str, *, amount_received: int | None = None) -> dict:
        with self._lock:
            intent = self.intents[intent_id]
            intent["status"] = "succeeded"
            intent["amount_received"] = intent["amount"] if amount_received is None else amount_received
            intent["latest_charge"] = f"ch_{secrets.token_hex(8)}"
            return json.loads(json.dumps(intent))

    def fail(self, intent_id: str) -> dict:
        with self._lock:
            intent = self.intents[intent_id]
            intent["status"] = "requires_payment_method"
            intent["last_payment_error"] = {
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "insufficient_funds",
                "message": "Your card has insufficient funds.",
            }
            return json.loads(json.dumps(intent))

    # --- the API -----------------------------------------------------------------------------------

    def handle(self, method: str, path: str, form: dict, headers: dict) -> tuple[int, dict, dict]:
        """(status, body, extra headers) for one request."""
        record = RecordedRequest(method, path, form, headers)
        with self._lock:
            self.requests.append(record)
        status, body, extra = self._answer(method, path, form, headers)
        record.status = status
        return status, body, extra

    def _answer(self, method: str, path: str, form: dict, headers: dict) -> tuple[int, dict, dict]:
        if self.fail_with:
            return self.fail_with, _error("api_error", "Something went wrong on Stripe's end."), {}
        if headers.get("authorization") != f"Bearer {self.secret_key}":
            return 401, _error("invalid_request_error", "Invalid API Key provided."), {}

        key = headers.get("idempotency-key") if method == "POST" else None
        if key:
            with self._lock:
                if key in self._idempotent:
                    first = self._idempotent[key]
                    if first is None:
                        return (
                            409,
                            _error(
                                "idempotency_error",
                                "There is currently another in-progress request using this Stripe API key and "
                                "idempotency key. Please try again later.",
                            ),
                            {},
                        )
                    if first[:3] != (method, path, form):
                        return (
                            400,
                            _error(
                                "idempotency_error",
                                "Keys for idempotent requests can only be used with the same parameters they "
                                "were first used with.",
                            ),
                            {},
                        )
                    return first[3], first[4], {"Idempotent-Replayed": "true"}
                self._idempotent[key] = None
        try:
            status, body = self._route(method, path, form)
        except Exception:
            if key:
                with self._lock:
                    del self._idempotent[key]
            raise
        if key:
            with self._lock:
                self._idempotent[key] = (method, path, form, status, body)
        return status, body, {}

    def _route(self, method: str, path: str, form: dict) -> tuple[int, dict]:
        if method == "POST" and path == "/v1/payment_intents":
            return self._intent_create(form)
        if method == "GET" and path.startswith("/v1/payment_intents/"):
            intent_id = path.removeprefix("/v1/payment_intents/")
            with self._lock:
                intent = self.intents.get(intent_id)
                if intent is None:
                    return 404, _missing("payment_intent", intent_id)
                return 200, json.loads(json.dumps(intent))
        if method == "POST" and path == "/v1/refunds":
            return self._refund_create(form)
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _intent_create(self, form: dict) -> tuple[int, dict]:
        if self.create_delay:
            time.sleep(self.create_delay)
        try:
            amount = int(form.get("amount", ""))
        except ValueError:
            return 400, _error("invalid_request_error", "Invalid integer: amount", param="amount")
        if not form.get("currency"):
            return 400, _error("invalid_request_error", "Missing required param: currency.", param="currency")
        intent_id = f"pi_{next(self._ids):04d}{secrets.token_hex(8)}"
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_received": 0,
            "automatic_payment_methods": {"allow_redirects": "always", "enabled": True}
            if form.get("automatic_payment_methods[enabled]") == "true"
            else None,
            "capture_method": "automatic_async",
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
            "confirmation_method": "automatic",
            "created": int(time.time()),
            "currency": form["currency"],
            "description": form.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": _nested(form, "metadata"),
            "payment_method": None,
            "payment_method_types": ["card"],
            "status": "requires_payment_method",
        }
        with self._lock:
            self.intents[intent_id] = intent
        return 200, json.loads(json.dumps(intent))

    def _refund_create(self, form: dict) -> tuple[int, dict]:
        intent_id = form.get("payment_intent", "")
        with self._lock:
            intent = self.intents.get(intent_id)
            if intent is None:
                return 404, _missing("payment_intent", intent_id, param="payment_intent")
            if intent["status"] != "succeeded":
                return 400, _error(
                    "invalid_request_error",
                    f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                    code="charge_not_refundable",
                )
            refunded = sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent_id)
            remaining = intent["amount_received"] - refunded
            amount = int(form["amount"]) if "amount" in form else remaining
            if amount <= 0 or amount > remaining:
                return 400, _error(
                    "invalid_request_error",
                    f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                    code="amount_too_large",
                    param="amount",
                )
            refund_id = f"re_{next(self._ids):04d}{secrets.token_hex(8)}"
            refund = {
                "id": refund_id,
                "object": "refund",
                "amount": amount,
                "charge": intent["latest_charge"],
                "created": int(time.time()),
                "currency": intent["currency"],
                "metadata": _nested(form, "metadata"),
                "payment_intent": intent_id,
                "reason": form.get("reason"),
                "status": "succeeded",
            }
            self.refunds[refund_id] = refund
            return 200, json.loads(json.dumps(refund))


def _error(kind: str, message: str, *, code: str | None = None, param: str | None = None) -> dict:
    error = {"type": kind, "message": message}
    if code:
        error["code"] = code
    if param:
        error["param"] = param
    return {"error": error}


def _missing(resource: str, resource_id: str, *, param: str = "id") -> dict:
    return _error("invalid_request_error", f"No such {resource}: '{resource_id}'", code="resource_missing", param=param)


def _nested(form: dict, name: str) -> dict:
    """``metadata[purchase_reference]=X`` → ``{"purchase_reference": "X"}``."""
    prefix = f"{name}["
    return {key[len(prefix) : -1]: value for key, value in form.items() if key.startswith(prefix) and key.endswith("]")}


class _Handler(BaseHTTPRequestHandler):
    stub: StripeStub  # set on the subclass made per server
    protocol_version = "HTTP/1.1"

    def _serve(self, method: str):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        path, _sep, query = self.path.partition("?")
        form = {key: values[-1] for key, values in parse_qs(raw or query, keep_blank_values=True).items()}
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, body, extra = self.stub.handle(method, path, form, headers)
        payload = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Request-Id", f"req_{secrets.token_hex(7)}")
        self.send_header("Stripe-Version", headers.get("stripe-version", ""))
        if status >= 500:
            self.send_header("Stripe-Should-Retry", "false")
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_DELETE(self):
        self._serve("DELETE")

    def log_message(self, format, *args):  # keep test output quiet
        pass


class StripeStubServer:
    """``with StripeStubServer() as server:`` — ``server.url`` and ``server.stub``."""

    def __init__(self, stub: StripeStub | None = None):
        self.stub = stub or StripeStub()
        handler = type("Handler", (_Handler,), {"stub": self.stub})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
