"""Budgets: a USD cap per period (day, week, month or billing block), overall, per project or per account.

scope is "overall", "project" or "account"; target the project's or account's name ("" overall). One
budget per (scope, target, period). A frozen model, as in 0002.
Also a partial index of the usage events without a price, by session: every screen asks which sessions
have unpriced usage (to show "unpriced", never $0.00), and without it that is a scan of every event.
"""
from peewee import CharField, DateTimeField, DoubleField, Model


def up(migrator, db):
    class Budget(Model):
        scope = CharField(default="overall")
        target = CharField(default="")
        period = CharField(default="day")
        limit_usd = DoubleField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "budget"
            indexes = ((("scope", "target", "period"), True),)

    db.create_tables([Budget], safe=True)
    # SQLite and PostgreSQL both take a partial index in this spelling
    db.execute_sql('CREATE INDEX IF NOT EXISTS "usage_event_unpriced" ON "usage_event" ("session_id") '
                   "WHERE cost_usd IS NULL")
