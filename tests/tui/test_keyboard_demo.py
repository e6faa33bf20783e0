"""Issue 16 item 2: the demo says DEMO in the header and the footer, and refuses real work."""
from __future__ import annotations

from pathlib import Path

from textual.widgets import Header, Static
from textual.widgets._footer import FooterKey

from mso_tui.store.models import Project
from mso_tui.tui.app import MsoApp
from tests.helpers.app_pilot import settle


def _demo_shown(app: MsoApp) -> None:
    """DEMO in the header's title and a DEMO key inside an 80-column footer."""
    assert "DEMO" in app.screen.query_one(Header).screen_title
    keys = [k for k in app.screen.query(FooterKey) if "DEMO" in k.description]
    assert keys and keys[0].region.right <= 80 and keys[0].region.width > 0


async def test_demo_opened_from_the_welcome_screen_says_so_and_refuses_a_project(store: Path) -> None:
    app = MsoApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "WelcomeScreen"
        await pilot.press("d")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProjectsScreen"
        _demo_shown(app)
        before = Project.select().count()
        await pilot.press("n", *"mine", "ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "NewProjectForm"
        assert "demo store" in str(app.screen.query_one("#error-name", Static).render())
        assert Project.select().count() == before


async def test_demo_flag_refuses_starting_a_session(store: Path) -> None:
    from mso_tui.demo.store import open_demo_store

    open_demo_store()
    app = MsoApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _demo_shown(app)
        await pilot.press("enter")
        await settle(pilot)
        _demo_shown(app)
        await pilot.press("s", *"real work", "ctrl+s")
        await settle(pilot)
        assert "demo store" in str(app.screen.query_one("#error-form", Static).render())
