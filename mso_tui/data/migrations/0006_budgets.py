"""Budgets: a USD cap per period (day, week, month or billing block), overall, per project or per account.

scope is "overall", "project" or "account"; target the project's or account's name ("" overall). One
budget per (scope, target, period). A frozen model, as in 0002.
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
