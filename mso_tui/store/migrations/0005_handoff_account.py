"""A handoff's honest account of itself: coverage by class, what it left out, pins, the delivered version, closed items.

handoff.coverage_by_class / handoff.left_out hold the inventory's count per class and the items not carried;
handoff_pin holds what the user pinned (carried into every handoff until unpinned or closed);
project.delivered_handoff is a version the user chose on purpose (NULL: the latest completed session's);
session.resolved lists the carried blockers and steps a session closed. Frozen models, as in 0002.
"""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    class Project(Model):
        class Meta:
            database = db
            table_name = "project"

    class HandoffPin(Model):
        project = ForeignKeyField(Project, on_delete="CASCADE")
        text = TextField()
        kind = CharField(default="")
        seq = IntegerField(default=0)
        created_at = DateTimeField()
        closed_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "handoff_pin"

    migrator.migrate(
        migrator.add_column("handoff", "coverage_by_class", TextField(null=True)),
        migrator.add_column("handoff", "left_out", TextField(null=True)),
        migrator.add_column("project", "delivered_handoff_id", IntegerField(null=True)),
        migrator.add_column("session", "resolved", TextField(null=True)),
    )
    db.create_tables([HandoffPin], safe=True)
