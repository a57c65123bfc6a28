"""pystray's appindicator backend seen through a real SNI host, headless.

Each test runs a private D-Bus session bus, Xvfb, and
gtk-sni-tray-standalone as StatusNotifierWatcher and host, then
tray_driver.py with ``PYSTRAY_BACKEND=appindicator``. What the user's
panel would show is read back over D-Bus with gdbus: the item's
properties and its menu (``com.canonical.dbusmenu.GetLayout``).
Skipped unless PyGObject, the AppIndicator typelib and the SNI host are
installed (``scripts/install-system-deps --test`` and
``--pip-appindicator``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from tray_display_helpers import DriverProcess, wait_for
from tray_driver import ENTRIES, FIRST_TITLE, ICON_NAME, SHORT_ENTRIES

from tray_app.menu_model import MenuEntry

pytestmark = [pytest.mark.display, pytest.mark.timeout(60)]

ITEM_PATH = "/org/ayatana/NotificationItem/" + ICON_NAME.replace("-", "_")
MENU_PATH = ITEM_PATH + "/Menu"

#: One dbusmenu item in GetLayout's text form: ``<(id, {props}, ``.
LAYOUT_ITEM = re.compile(r"<\((\d+), \{([^{}]*)\}, ")
#: One property of an item: ``'key': <value>``.
LAYOUT_PROPERTY = re.compile(r"'([\w-]+)': <([^<>]*)>")

Gdbus = Callable[..., str]
Row = tuple[int, dict[str, str]]


def watcher_items(gdbus: Gdbus) -> list[str]:
    """The bus names the StatusNotifierWatcher has registered."""
    output = gdbus(
        "--dest", "org.kde.StatusNotifierWatcher",
        "--object-path", "/StatusNotifierWatcher",
        "--method", "org.freedesktop.DBus.Properties.Get",
        "org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems",
    )  # fmt: skip
    return [item.split("/")[0] for item in re.findall(r"'([^']+)'", output)]


def item_property(gdbus: Gdbus, bus_name: str, name: str) -> str:
    """A StatusNotifierItem property, as gdbus prints it."""
    return gdbus(
        "--dest", bus_name,
        "--object-path", ITEM_PATH,
        "--method", "org.freedesktop.DBus.Properties.Get",
        "org.kde.StatusNotifierItem", name,
    )  # fmt: skip


def string_value(printed: str) -> str:
    """The string inside gdbus's ``(<'text'>,)`` output."""
    match = re.search(r"<(?:objectpath )?'(.*)'>", printed)
    assert match, printed
    return match.group(1)


def menu_layout(
    gdbus: Gdbus, bus_name: str
) -> list[tuple[int, int, dict[str, str]]]:
    """(id, depth, properties) of every dbusmenu item, parents first.

    A small reader for GetLayout's text form; enough for labels without
    quotes, braces or angle brackets, which is all these tests use.
    """
    printed = gdbus(
        "--dest", bus_name,
        "--object-path", MENU_PATH,
        "--method", "com.canonical.dbusmenu.GetLayout",
        "--", "0", "-1", "[]",
    )  # fmt: skip
    rows = []
    for match in LAYOUT_ITEM.finditer(printed):
        before = printed[: match.start()]
        depth = before.count("[") - before.count("]") - 1
        properties = {
            key: value.strip("'")
            for key, value in LAYOUT_PROPERTY.findall(match.group(2))
        }
        rows.append((int(match.group(1)), depth, properties))
    return rows


def expected_layout(
    entries: tuple[MenuEntry, ...], depth: int = 0
) -> Iterator[tuple[int, dict[str, str]]]:
    """What dbusmenu should report for ``entries``: depth and properties."""
    for entry in entries:
        if entry.separator:
            yield (depth, {"type": "separator", "enabled": "true"})
            continue

        properties = {"label": entry.label}
        if not entry.enabled:
            properties["enabled"] = "false"
        if entry.checked is not None:
            properties["toggle-type"] = "radio" if entry.radio else "checkmark"
            properties["toggle-state"] = "1" if entry.checked else "0"
        if entry.children:
            properties["children-display"] = "submenu"
        yield (depth, properties)
        yield from expected_layout(entry.children, depth + 1)


@pytest.fixture
def sni_driver(
    sni_host: Gdbus,
    session_bus: str,
    start_driver: Callable[..., DriverProcess],
) -> tuple[DriverProcess, str]:
    """The driver on the appindicator backend, registered: (driver, bus)."""
    driver = start_driver(
        PYSTRAY_BACKEND="appindicator",
        DBUS_SESSION_BUS_ADDRESS=session_bus,
        NO_AT_BRIDGE="1",
    )
    assert driver.expect("ready") == "ready appindicator"
    bus_name = wait_for(
        lambda: next(iter(watcher_items(sni_host)), None),
        "the icon to register with the StatusNotifierWatcher",
    )
    return driver, bus_name


def test_icon_registers_with_watcher_and_shows_title(
    sni_host: Gdbus, sni_driver: tuple[DriverProcess, str]
) -> None:
    """The watcher lists the item; its Id, Status and Title are ours."""
    _driver, bus_name = sni_driver

    assert string_value(item_property(sni_host, bus_name, "Id")) == ICON_NAME
    assert (
        string_value(item_property(sni_host, bus_name, "Status")) == "Active"
    )
    title = string_value(item_property(sni_host, bus_name, "Title"))
    assert title == FIRST_TITLE


def test_dbusmenu_lists_every_entry_with_marks_and_states(
    sni_host: Gdbus, sni_driver: tuple[DriverProcess, str]
) -> None:
    """GetLayout shows each entry: labels, disabled, radio, check, submenu."""
    _driver, bus_name = sni_driver

    layout = menu_layout(sni_host, bus_name)

    assert [(depth, props) for _id, depth, props in layout] == list(
        expected_layout(ENTRIES)
    )


def test_title_update_from_another_thread_reaches_the_item(
    sni_host: Gdbus, sni_driver: tuple[DriverProcess, str]
) -> None:
    """update() from a worker thread changes the SNI Title (via GLib)."""
    driver, bus_name = sni_driver

    driver.send("title Today: 3h 45m")
    driver.expect("done title")

    wait_for(
        lambda: (
            string_value(item_property(sni_host, bus_name, "Title"))
            == "Today: 3h 45m"
        ),
        "the new title on the bus",
    )


def test_menu_update_replaces_the_dbusmenu_layout(
    sni_host: Gdbus, sni_driver: tuple[DriverProcess, str]
) -> None:
    """Changed entries rebuild the exported menu."""
    driver, bus_name = sni_driver

    driver.send("menu short")
    driver.expect("done menu")

    expected = list(expected_layout(SHORT_ENTRIES))
    wait_for(
        lambda: (
            [
                (depth, props)
                for _id, depth, props in menu_layout(sni_host, bus_name)
            ]
            == expected
        ),
        "the short menu on the bus",
    )


def test_dbusmenu_click_runs_the_entry_action(
    sni_host: Gdbus, sni_driver: tuple[DriverProcess, str]
) -> None:
    """A "clicked" event on "Refresh now" reaches on_action("refresh")."""
    driver, bus_name = sni_driver
    refresh_id = next(
        item_id
        for item_id, _depth, props in menu_layout(sni_host, bus_name)
        if props.get("label") == "Refresh now"
    )

    sni_host(
        "--dest", bus_name,
        "--object-path", MENU_PATH,
        "--method", "com.canonical.dbusmenu.Event",
        "--", str(refresh_id), "clicked", "<int32 0>", "0",
    )  # fmt: skip

    assert driver.expect("action") == "action refresh"


def test_stop_without_notification_service_exits_cleanly(
    sni_driver: tuple[DriverProcess, str],
) -> None:
    """stop() ends run() with status 0 though no notification service runs."""
    driver, _bus_name = sni_driver

    driver.send("stop")

    assert driver.expect("stopped") == "stopped"
    assert driver.close() == 0
    assert "Traceback" not in driver.log_text()
