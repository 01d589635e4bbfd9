"""django-silver behind a JSON-lines pipe, run with the silver venv's Python.

django-silver 0.11.1 pins cryptography<3.4, which the harness's own
environment cannot share, so silver lives in a venv of its own and the
adapter talks to this script over stdin/stdout. It therefore imports only the
standard library, Django, silver and freezegun: the harness is not installed
where it runs.

Protocol (one JSON object per line each way):
  request  {"id": 1, "op": "subscribe", "args": {...}}
  response {"id": 1, "ok": true, "result": ...}
        or {"id": 1, "ok": false, "error": "ValueError: ...", "traceback": "..."}
The first line the worker writes is {"ready": true, ...} once Django is set up.

Dates are "YYYY-MM-DD"; `now` is a naive ISO datetime that silver's clock is
set to before the operation (silver reads today's date in activate(),
cancel(), generation and issuing); amounts are decimal strings.

Isolation: the database is migrated once into a template file (the slow
part, ~13 s), each worker loads the template into an in-memory SQLite
database, and every scenario runs inside one transaction that `reset` rolls
back. Nothing is left on disk but the template."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import traceback
from datetime import date, datetime
from decimal import Decimal
from importlib import metadata

PROTOCOL = "prorata.silver-worker/1"
# A fixed Fernet key (32 url-safe base64 bytes): silver encrypts payment
# method data with it, which no scenario uses.
FERNET_KEY = b"cHJvcmF0YS1zaWx2ZXItd29ya2VyLWtleS0wMDAwMDA="


def versions() -> dict:
    return {name: metadata.version(name) for name in ("django-silver", "Django", "freezegun")}


def template_path(cache_dir: str) -> str:
    v = versions()
    return os.path.join(cache_dir, f"silver-{v['django-silver']}-django-{v['Django']}.sqlite3")


def configure() -> None:
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="prorata-silver-worker",
        USE_TZ=True,
        TIME_ZONE="UTC",
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "rest_framework",
            "django_filters",
            "django_fsm",
            "silver",
        ],
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
        PAYMENT_PROCESSORS={"manual": {"class": "silver.fixtures.test_fixtures.ManualProcessor"}},
        PAYMENT_METHOD_SECRET=FERNET_KEY,
        SILVER_AUTOMATICALLY_CREATE_TRANSACTIONS=False,  # no payments: only the documents matter
        SILVER_DEFAULT_DUE_DAYS=5,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        LOGGING_CONFIG=None,
    )
    import django

    django.setup()


def load_database(cache_dir: str) -> bool:
    """Fill the in-memory database from the template, migrating (and saving
    the template) first if there is none. True when it had to migrate."""
    from django.core.management import call_command
    from django.db import connection

    connection.ensure_connection()
    path = template_path(cache_dir)
    if os.path.exists(path):
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return False
    call_command("migrate", verbosity=0, interactive=False)
    os.makedirs(cache_dir, exist_ok=True)
    partial = f"{path}.{os.getpid()}.tmp"
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, path)  # atomic: a concurrent worker sees all of it or nothing
    return True


class Silver:
    """The operations the adapter may ask for, each a thin use of silver's
    own models and transitions (the same calls its REST views make)."""

    def __init__(self, clock) -> None:
        from django.db import transaction

        self.clock = clock
        self.transaction = transaction
        self.scenario = None
        self.begin()

    # -- scenario isolation

    def begin(self) -> None:
        self.scenario = self.transaction.atomic()
        self.scenario.__enter__()

    def op_reset(self) -> dict:
        self.transaction.set_rollback(True)
        self.scenario.__exit__(None, None, None)
        self.begin()
        from silver.models import Provider

        return {"providers": Provider.objects.count()}  # 0: nothing survived the rollback

    def op_hello(self) -> dict:
        return {"protocol": PROTOCOL, "versions": versions()}

    def _at(self, now: str | None) -> None:
        if now:
            self.clock.move_to(datetime.fromisoformat(now))

    # -- catalog and parties

    def op_create_provider(self, name: str, flow: str = "invoice", prebill_plan: bool = True,
                           default_document_state: str = "issued") -> dict:
        from silver.models import Provider

        provider = Provider.objects.create(
            name=name, company=name, address_1="1 Test Street", city="Testville", country="US",
            flow=flow, invoice_series="INV", invoice_starting_number=1,
            proforma_series="PRO", proforma_starting_number=1,
            default_document_state=default_document_state, prebill_plan=prebill_plan,
        )
        return {"id": provider.pk}

    def op_create_customer(self, name: str, consolidated_billing: bool = True, currency: str | None = None) -> dict:
        from silver.models import Customer

        customer = Customer.objects.create(
            first_name=name, last_name="Customer", address_1="2 Test Street", city="Testville",
            country="US", consolidated_billing=consolidated_billing, currency=currency,
        )
        return {"id": customer.pk}

    def op_create_metered_feature(self, name: str, unit: str, price_per_unit: str, product_code: str,
                                  included_units: str = "0") -> dict:
        from silver.models import MeteredFeature, ProductCode

        code, _ = ProductCode.objects.get_or_create(value=product_code)
        feature = MeteredFeature.objects.create(
            name=name, unit=unit, price_per_unit=Decimal(price_per_unit),
            included_units=Decimal(included_units), product_code=code,
        )
        return {"id": feature.pk}

    def op_create_plan(self, name: str, amount: str, currency: str, interval: str, interval_count: int,
                       product_code: str, provider: int, metered_features: list | None = None) -> dict:
        from silver.models import Plan, ProductCode

        code, _ = ProductCode.objects.get_or_create(value=product_code)
        plan = Plan.objects.create(
            name=name, amount=Decimal(amount), currency=currency, interval=interval,
            interval_count=interval_count, product_code=code, provider_id=provider,
        )
        if metered_features:
            plan.metered_features.set(metered_features)
        return {"id": plan.pk}

    # -- subscription lifecycle (silver reads the clock in each of these)

    def _subscription_state(self, sub) -> dict:
        return {
            "id": sub.pk, "state": sub.state, "start_date": _day(sub.start_date),
            "cancel_date": _day(sub.cancel_date), "ended_at": _day(sub.ended_at),
        }

    def op_subscribe(self, plan: int, customer: int, start_date: str, now: str) -> dict:
        """Create and activate, as POST /subscriptions + /activate do."""
        from silver.models import Subscription

        self._at(now)
        sub = Subscription.objects.create(plan_id=plan, customer_id=customer,
                                          start_date=date.fromisoformat(start_date))
        sub.activate(start_date=date.fromisoformat(start_date))
        sub.save()
        return self._subscription_state(sub)

    def op_cancel(self, subscription: int, when: str, now: str) -> dict:
        """POST /subscriptions/<id>/cancel with when=now|end_of_billing_cycle."""
        from silver.models import Subscription

        self._at(now)
        sub = Subscription.objects.get(pk=subscription)
        if sub.state != Subscription.STATES.ACTIVE:
            raise ValueError(f"Cannot cancel subscription from {sub.state} state.")  # the API's answer
        sub.cancel(when=when)
        sub.save()
        return self._subscription_state(sub)

    def op_reactivate(self, subscription: int, now: str) -> dict:
        """POST /subscriptions/<id>/reactivate: activate() a canceled subscription."""
        from silver.models import Subscription

        self._at(now)
        sub = Subscription.objects.get(pk=subscription)
        if sub.state != Subscription.STATES.CANCELED:
            raise ValueError(f"Cannot reactivate subscription from {sub.state} state.")
        sub.activate()
        sub.save()
        return self._subscription_state(sub)

    def op_subscription(self, subscription: int) -> dict:
        from silver.models import Subscription

        return self._subscription_state(Subscription.objects.get(pk=subscription))

    def op_log_usage(self, subscription: int, metered_feature: int, units: str, now: str) -> dict:
        """Add units to the bucket the clock falls in, as the metered-feature
        units log endpoint does (one log per feature and bucket)."""
        from silver.models import MeteredFeatureUnitsLog, Subscription

        self._at(now)
        sub = Subscription.objects.get(pk=subscription)
        start, end = sub.bucket_start_date(), sub.bucket_end_date()
        log = MeteredFeatureUnitsLog.objects.filter(
            subscription=sub, metered_feature_id=metered_feature, start_date=start, end_date=end
        ).first()
        if log is None:
            log = MeteredFeatureUnitsLog(subscription=sub, metered_feature_id=metered_feature,
                                         consumed_units=Decimal(units), start_date=start, end_date=end)
        else:
            log.consumed_units += Decimal(units)
        log.save()
        return {"start_date": _day(start), "end_date": _day(end), "consumed_units": str(log.consumed_units)}

    # -- documents

    def op_generate(self, billing_date: str, customer: int, now: str) -> dict:
        """silver's DocumentsGenerator for one customer, as `generate_docs --date` runs it."""
        from silver.documents_generator import DocumentsGenerator
        from silver.models import BillingDocumentBase, Customer

        self._at(now)
        before = set(BillingDocumentBase.objects.filter(customer_id=customer).values_list("pk", flat=True))
        DocumentsGenerator().generate(billing_date=date.fromisoformat(billing_date),
                                      customers=Customer.objects.filter(pk=customer))
        after = BillingDocumentBase.objects.filter(customer_id=customer).values_list("pk", flat=True)
        return {"documents": sorted(set(after) - before)}

    def op_documents(self, customer: int) -> list:
        from silver.models import BillingDocumentBase

        documents = []
        for doc in BillingDocumentBase.objects.filter(customer_id=customer).order_by("pk"):
            entries = getattr(doc, f"{doc.kind}_entries").order_by("pk")
            documents.append({
                "id": doc.pk, "kind": doc.kind, "state": doc.state, "series": doc.series,
                "number": doc.number, "issue_date": _day(doc.issue_date), "currency": doc.currency,
                "total": str(doc.compute_total()),
                "entries": [{
                    "description": entry.description, "unit": entry.unit,
                    "quantity": str(entry.quantity), "unit_price": str(entry.unit_price),
                    "total": str(entry.total), "start_date": _day(entry.start_date),
                    "end_date": _day(entry.end_date), "prorated": entry.prorated,
                    "product_code": entry.product_code.value if entry.product_code else None,
                } for entry in entries],
            })
        return documents


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def serve(silver: Silver, requests, channel) -> None:
    for raw in requests:
        if not raw.strip():
            continue
        try:
            request = json.loads(raw)
        except ValueError as error:
            channel.write(json.dumps({"id": None, "ok": False, "error": f"bad request: {error}"}) + "\n")
            channel.flush()
            continue
        op = request.get("op")
        if op == "shutdown":
            channel.write(json.dumps({"id": request.get("id"), "ok": True, "result": None}) + "\n")
            channel.flush()
            return
        handler = getattr(silver, f"op_{op}", None)
        try:
            if handler is None:
                raise ValueError(f"unknown op {op!r}")
            if op == "reset":  # ends the scenario's transaction itself: no savepoint around it
                result = handler()
            else:
                with silver.transaction.atomic():  # a failing op leaves the scenario's transaction usable
                    result = handler(**request.get("args", {}))
            reply = {"id": request.get("id"), "ok": True, "result": result}
        except Exception as error:  # every failure is an answer: the adapter decides what it means
            reply = {"id": request.get("id"), "ok": False, "error": f"{type(error).__name__}: {error}",
                     "traceback": traceback.format_exc()}
        channel.write(json.dumps(reply) + "\n")
        channel.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", required=True, help="where the migrated template database is kept")
    parser.add_argument("--prepare", action="store_true", help="build the template database and exit")
    args = parser.parse_args(argv)

    # The protocol owns the real stdout; whatever Django or silver print goes to stderr.
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    from freezegun import freeze_time

    # Started once, before Django is imported (so it patches little) and moved per operation.
    clock = freeze_time("2000-01-01T00:00:00", tick=False).start()
    configure()
    migrated = load_database(args.cache_dir)
    if args.prepare:
        channel.write(json.dumps({"ready": True, "migrated": migrated, "template": template_path(args.cache_dir)}) + "\n")
        channel.flush()
        return 0
    silver = Silver(clock)
    channel.write(json.dumps({"ready": True, "migrated": migrated, "protocol": PROTOCOL, "versions": versions()}) + "\n")
    channel.flush()
    serve(silver, sys.stdin, channel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
