"""Agent session ids linked to mso sessions, so every agent session of a shared mso session re-imports in place.

The model is a frozen copy (migrations never import the app's models, which move on).
"""
from peewee import CharField, ForeignKeyField, Model


def up(migrator, db):
    class Session(Model):
        class Meta:
            database = db
            table_name = "session"

    class AgentLink(Model):
        agent_session_id = CharField(unique=True)
        session = ForeignKeyField(Session, on_delete="CASCADE")

        class Meta:
            database = db
            table_name = "agent_link"

    db.create_tables([AgentLink], safe=True)
    # sessions that already carry an agent id keep finding it
    db.execute_sql("INSERT INTO agent_link (agent_session_id, session_id) "
                   "SELECT agent_session_id, MIN(id) FROM session WHERE agent_session_id IS NOT NULL "
                   "GROUP BY agent_session_id")
