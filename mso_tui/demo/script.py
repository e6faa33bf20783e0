"""The scripted content of the demo store: what each project's sessions did, said and ran."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SessionPlan:
    """One demo session: its outcome and the conversation it produces."""

    title: str
    type: str = "development"
    status: str = "completed"
    objectives: tuple[tuple[str, bool], ...] = ()
    accomplishments: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    narrative: str = ""
    edits: tuple[str, ...] = ()
    commands: tuple[tuple[str, str, int], ...] = ()
    decisions: tuple[str, ...] = ()
    credits: float = 0.0
    budget: float | None = None


@dataclass(frozen=True)
class ProjectPlan:
    """One demo project and its sessions."""

    name: str
    description: str
    agent: str
    model: str
    account: str
    status: str = "active"
    sessions: tuple[SessionPlan, ...] = field(default_factory=tuple)


PYTEST_FAIL = ("FAILED tests/test_refunds.py::test_partial_refund - AssertionError: assert 4999 == 5000\n"
               "1 failed, 41 passed in 3.2s")
PYTEST_OK = "42 passed in 3.4s"

PAYMENTS = ProjectPlan(
    "payments-api", "Stripe-backed payments service: charges, refunds, webhooks", "claude-code",
    "claude-sonnet-4-5", "claude-max", sessions=(
        SessionPlan("Scaffold the service", objectives=(("Create FastAPI app skeleton", True), ("Add health check", True)),
                    accomplishments=("App skeleton with /health",), requests=("Set up a FastAPI service for payments with a health endpoint",),
                    narrative="Creating the app package and the health route.", edits=("app/main.py", "app/health.py", "tests/test_health.py"),
                    commands=(("pytest -q", "3 passed in 0.4s", 0),),
                    decisions=("We'll use FastAPI instead of Flask because the webhooks need async handlers.",)),
        SessionPlan("Charges endpoint", objectives=(("POST /charges with idempotency keys", True), ("Persist charges in Postgres", True), ("Retry on 5xx from Stripe", False)),
                    accomplishments=("Charges endpoint with idempotency keys", "Alembic migration for charges"),
                    requests=("Add a charges endpoint; idempotency keys are required, never charge twice",),
                    narrative="Adding the charges router and its table.", edits=("app/charges.py", "migrations/0002_charges.py"),
                    commands=(("alembic upgrade head", "INFO  Running upgrade 0001 -> 0002", 0), ("pytest -q", "18 passed in 1.9s", 0)),
                    decisions=("Decided to store amounts as integer cents, not floats.",)),
        SessionPlan("Refunds", objectives=(("Partial refunds", True), ("Refund webhook", False)),
                    accomplishments=("Partial refunds with validation",), blockers=("Rounding error on partial refunds of odd amounts",),
                    requests=("Support partial refunds. Amounts must never go negative.",),
                    narrative="Implementing refunds and their tests.", edits=("app/refunds.py", "tests/test_refunds.py"),
                    commands=(("pytest tests/test_refunds.py", PYTEST_FAIL, 1),), credits=12, budget=40),
        SessionPlan("Fix refund rounding", type="debugging", objectives=(("Fix rounding on partial refunds", True), ("Refund webhook", True)),
                    accomplishments=("Rounding fixed with banker's rounding removed", "Refund webhook handler"),
                    requests=("The partial refund test fails with 4999 != 5000; find the cause",),
                    narrative="Tracing the rounding through the refund calculation.", edits=("app/refunds.py", "app/webhooks.py"),
                    commands=(("pytest tests/test_refunds.py", PYTEST_FAIL, 1), ("pytest -q", PYTEST_OK, 0)),
                    decisions=("Switch to Decimal with ROUND_HALF_UP for refund splits because float division lost a cent.",)),
        SessionPlan("Webhook signatures", objectives=(("Verify Stripe signatures", True), ("Replay protection", True), ("Dead-letter queue", False)),
                    accomplishments=("Signature verification", "5-minute replay window"),
                    requests=("Webhooks must reject unsigned or replayed events",), narrative="Adding signature checks.",
                    edits=("app/webhooks.py", "app/security.py", "tests/test_webhooks.py"),
                    commands=(("pytest tests/test_webhooks.py", "9 passed in 0.8s", 0),)),
        SessionPlan("Load test", type="research", objectives=(("Run k6 against staging", True), ("Find p99 hot spot", False)),
                    blockers=("Staging database hits max_connections at 200 rps",),
                    requests=("How does the service behave at 200 requests per second?",), narrative="Running k6 scenarios.",
                    edits=("loadtest/charges.js",),
                    commands=(("k6 run loadtest/charges.js", "ERRO[0031] request failed: dial tcp: too many connections", 1),)),
        SessionPlan("Connection pooling", objectives=(("Add pgbouncer config", False), ("Pool size from env", False)),
                    status="in_progress", requests=("Add connection pooling so staging survives 200 rps",),
                    narrative="Reading the database settings.", edits=("app/db.py",),
                    commands=(("pytest -q", PYTEST_OK, 0),)),
    ))

MOBILE = ProjectPlan(
    "mobile-app", "React Native client for the payments service", "codex", "gpt-5", "codex-team", sessions=(
        SessionPlan("Navigation shell", objectives=(("Tab navigation", True), ("Dark theme", True)),
                    accomplishments=("Tab navigation with three tabs",), requests=("Create the navigation shell with tabs for Home, Pay and Settings",),
                    narrative="Setting up react-navigation.", edits=("src/App.tsx", "src/navigation/Tabs.tsx"),
                    commands=(("npm test -- --watchAll=false", "Tests: 4 passed, 4 total", 0),)),
        SessionPlan("Pay screen", objectives=(("Card form", True), ("Client-side validation", True), ("Apple Pay", False)),
                    accomplishments=("Card form with Luhn validation",), requests=("Build the Pay screen; validate card numbers before sending",),
                    narrative="Building the form.", edits=("src/screens/Pay.tsx", "src/lib/luhn.ts", "src/lib/luhn.test.ts"),
                    commands=(("npm test -- luhn", "Tests: 6 passed, 6 total", 0),),
                    decisions=("Chose react-hook-form over Formik because it re-renders less on every keystroke.",)),
        SessionPlan("Apple Pay", objectives=(("Apple Pay button", False), ("Merchant id config", True)),
                    blockers=("Apple Pay entitlement missing from the provisioning profile",),
                    requests=("Add Apple Pay on iOS",), narrative="Wiring the native module.", edits=("ios/App/App.entitlements",),
                    commands=(("npx react-native run-ios", "error: Provisioning profile doesn't include the Apple Pay capability", 65),)),
        SessionPlan("Settings and i18n", objectives=(("Language picker", True), ("German strings", True)),
                    accomplishments=("i18n with German and English",), requests=("Add a settings screen with a language picker",),
                    narrative="Adding i18next.", edits=("src/screens/Settings.tsx", "src/i18n/de.json", "src/i18n/en.json"),
                    commands=(("npm test", "Tests: 15 passed, 15 total", 0),)),
        SessionPlan("Offline queue", type="research", objectives=(),
                    requests=("What are our options for queueing payments while offline?",),
                    narrative="Comparing approaches.", decisions=("We'll not queue payments offline: a queued charge can double-bill after reconnect.",)),
        SessionPlan("Release build", type="deployment", objectives=(("Android release build", True), ("Upload to internal track", True)),
                    accomplishments=("Version 0.3.0 on the internal track",), requests=("Cut release 0.3.0 for internal testers",),
                    narrative="Building the release.", edits=("android/app/build.gradle",),
                    commands=(("./gradlew bundleRelease", "BUILD SUCCESSFUL in 2m 41s", 0),)),
        SessionPlan("Crash on resume", type="debugging", objectives=(("Reproduce crash", True), ("Fix crash", False)),
                    status="in_progress", requests=("Testers report a crash when resuming from background on Android 14",),
                    narrative="Reading the crash logs.", edits=("src/App.tsx",),
                    commands=(("adb logcat -d | grep FATAL", "FATAL EXCEPTION: main java.lang.IllegalStateException: Fragment not attached", 0),)),
    ))

PIPELINE = ProjectPlan(
    "data-pipeline", "Nightly ETL from the payments database into the warehouse", "aider", "gpt-4o", "openai-api",
    status="paused", sessions=(
        SessionPlan("Extract job", objectives=(("Incremental extract by updated_at", True),),
                    accomplishments=("Incremental extract",), requests=("Write the extract step; only rows changed since the last run",),
                    narrative="Writing the extractor.", edits=("etl/extract.py", "tests/test_extract.py"),
                    commands=(("pytest tests/test_extract.py", "5 passed in 0.3s", 0),)),
        SessionPlan("Transform", objectives=(("Currency normalisation", True), ("Dedupe refunds", True)),
                    accomplishments=("Amounts normalised to EUR cents",), requests=("Normalise all amounts to EUR cents",),
                    narrative="Adding the transform.", edits=("etl/transform.py",),
                    commands=(("pytest -q", "12 passed in 0.9s", 0),)),
        SessionPlan("Warehouse load", objectives=(("Load into BigQuery", False), ("Partition by day", True)),
                    blockers=("Service account lacks bigquery.tables.create",),
                    requests=("Load the transformed rows into BigQuery, partitioned by day",), narrative="Configuring the loader.",
                    edits=("etl/load.py",),
                    commands=(("python -m etl.load --date 2026-10-20", "403 Access Denied: Permission bigquery.tables.create denied", 1),)),
        SessionPlan("Schedule", type="deployment", objectives=(("Cron at 02:00 UTC", True),),
                    accomplishments=("Nightly schedule",), requests=("Schedule the pipeline nightly",),
                    narrative="Adding the schedule.", edits=("deploy/cron.yaml",)),
        SessionPlan("Web research on CDC", type="research", objectives=(("Compare CDC tools", True),),
                    accomplishments=("Comparison of Debezium and logical replication",),
                    requests=("Should we move to change data capture?",), narrative="Reading about CDC.", credits=30, budget=50,
                    decisions=("Decided to stay with batch extracts until volume passes 10M rows a day.",)),
    ))

PROJECTS = (PAYMENTS, MOBILE, PIPELINE)

ACCOUNTS = (
    dict(name="claude-max", platform="claude-code", email="dev@example.com", daily_budget=200.0, credits_today=64.0,
         specialization="backend", status="active"),
    dict(name="codex-team", platform="codex", email="mobile@example.com", daily_budget=150.0, credits_today=150.0,
         specialization="mobile", status="exhausted"),
    dict(name="openai-api", platform="aider", email="data@example.com", daily_budget=50.0, credits_today=12.5,
         specialization="data", status="available"),
    dict(name="genspark-web", platform="web", email="research@example.com", daily_budget=100.0, credits_today=0.0,
         specialization="research", status="inactive"),
)

KNOWLEDGE = (
    dict(title="SQLite 'database is locked' under two writers", category="troubleshooting", tags="sqlite,locking",
         description="Two processes writing at once", content="Use WAL, a busy timeout and BEGIN IMMEDIATE for writes."),
    dict(title="Money as integer cents", category="best_practice", tags="payments,money",
         description="Never use floats for money", content="Store amounts as integer minor units; convert at the edges."),
    dict(title="Stripe webhook signature check", category="solution", tags="stripe,webhooks,security",
         description="Reject unsigned events", content="Verify the Stripe-Signature header with the endpoint secret and a 5 minute tolerance."),
    dict(title="Idempotency keys for POST", category="pattern", tags="http,payments",
         description="Safe retries", content="Clients send an Idempotency-Key; the server stores the first response and replays it."),
    dict(title="Apple Pay capability missing", category="troubleshooting", tags="ios,apple-pay",
         description="Provisioning profile error", content="Enable Apple Pay in the App ID, regenerate the profile, add the merchant id entitlement."),
    dict(title="Too many connections under load", category="troubleshooting", tags="postgres,pooling",
         description="max_connections reached", content="Put pgbouncer in transaction mode in front of Postgres; size pools per worker."),
)
