"""Migrations make exactly the models' schema, on SQLite and PostgreSQL, and undo cleanly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from softlanding import create_app
from softlanding.core.extensions import db
from tests.conftest import make_config


def _significant(diffs):
    """Drop differences that are not real (none expected today; kept explicit on purpose)."""
    return [d for d in diffs]


def test_upgrade_matches_models_then_downgrade_to_base(new_database, tmp_path):
    url = new_database()
    app = create_app(make_config(url, tmp_path / "mail"))
    migrations = str(app.root_path + "/../migrations")
    with app.app_context():
        upgrade(directory=migrations)
        engine = create_engine(url)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "render_as_batch": True})
            diffs = _significant(compare_metadata(context, db.metadata))
        assert diffs == [], f"migrations differ from the models: {diffs}"
        tables = set(inspect(engine).get_table_names())
        assert {"user", "profile", "ref_option", "outbox_message"} <= tables
        downgrade(directory=migrations, revision="base", x_arg=["yes"])
        left = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert left == set(), f"downgrade left tables behind: {left}"
        engine.dispose()
        db.engine.dispose()


def test_downgrade_refuses_without_yes_and_leaves_the_schema_then_runs_with_it(new_database, tmp_path):
    url = new_database()
    app = create_app(make_config(url, tmp_path / "mail"))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    engine = create_engine(url)
    before = set(inspect(engine).get_table_names())
    with engine.connect() as conn:  # the head moves as migrations are added; the refusal must leave it
        head = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    refused = runner.invoke(args=["db", "downgrade", "0006"])
    assert refused.exit_code != 0
    assert "Refusing to downgrade" in refused.output and "0009" in refused.output and "0007" in refused.output
    assert "--yes" in refused.output
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
    assert set(inspect(engine).get_table_names()) == before
    confirmed = runner.invoke(args=["db", "downgrade", "--yes", "0006"])
    assert confirmed.exit_code == 0, confirmed.output
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0006"
    after = set(inspect(engine).get_table_names())
    assert "analysis_code" not in after and "event" in after
    engine.dispose()
    with app.app_context():
        db.engine.dispose()
