"""pystray's home: the TrayView adapter and its UI-thread marshalling.

No other module imports pystray. It is imported lazily, in
:class:`TrayView`'s constructor: with no X display, ``import pystray``
raises python-xlib's ``DisplayNameError`` (not an ImportError), so even
importing it at module level would break every headless caller.

Backends, as pystray picks them: ``appindicator`` or ``gtk`` (Linux with
PyGObject), ``xorg`` (Linux without it: an icon but no menu), ``darwin``,
``win32``. On xorg a left click opens :mod:`tray_app.fallback_menu`, a
small tkinter window in a child process that lists the same entries.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tray_app.child import self_command
from tray_app.errors import HackatimeTrayError
from tray_app.fallback_menu import FALLBACK_MENU_COMMAND, entries_to_json
from tray_app.menu_model import MenuEntry

if TYPE_CHECKING:
    from PIL.Image import Image

logger = logging.getLogger(__name__)

#: Windows keeps the tooltip in a WCHAR[128]; pystray raises beyond that.
MAX_TITLE_LENGTH = 127

#: How long a call posted to pystray's X thread may take before we give up.
XORG_CALL_TIMEOUT = 10.0
XORG_CALL_ATOM = "_HACKATIME_TRAY_CALL"

NO_DISPLAY_MESSAGE = (
    "No graphical display was found (DISPLAY/WAYLAND_DISPLAY unset); "
    "run 'hackatime-tray status' in a terminal instead."
)
WAYLAND_ONLY_MESSAGE = (
    "This Wayland session has no X11 display and the AppIndicator tray "
    "support is not installed (PyGObject and gir1.2-ayatanaappindicator3-0.1, "
    "see the README); run 'hackatime-tray status' in a terminal instead."
)
NO_BACKEND_MESSAGE = (
    "No system tray support could be loaded on this system; "
    "run 'hackatime-tray status' in a terminal instead."
)
GTK_BACKENDS = frozenset({"appindicator", "gtk"})


def display_error() -> HackatimeTrayError | None:
    """The error to show when there is plainly no display, else None.

    Cheap and import-free, for callers that want to check before building
    a :class:`TrayView`; the constructor runs the same check.
    """
    if sys.platform in ("darwin", "win32"):
        return None

    if os.environ.get("PYSTRAY_BACKEND") == "dummy":
        return None

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return HackatimeTrayError(NO_DISPLAY_MESSAGE)

    return None


NO_TRAY_HOST_MESSAGE = (
    "No system tray was found on this desktop, so the icon cannot show "
    "yet; it appears as soon as a tray starts. On GNOME, enable the "
    "'AppIndicator and KStatusNotifierItem Support' extension."
)


def missing_tray_host_message() -> str | None:
    """A sentence when this Linux desktop has no tray host, else None.

    Looks for both kinds of host: an XEmbed tray (the owner of the
    ``_NET_SYSTEM_TRAY_S<n>`` selection) and a StatusNotifierItem
    watcher on the session bus. None on macOS, Windows, or when unsure.
    """
    if sys.platform in ("darwin", "win32") or display_error() is not None:
        return None

    if _xembed_tray_present() or _sni_watcher_present():
        return None
    return NO_TRAY_HOST_MESSAGE


def _xembed_tray_present() -> bool:
    if not os.environ.get("DISPLAY"):
        return False
    try:
        from Xlib.display import Display
        from Xlib.error import DisplayError, XError

        display = Display()
    except (ImportError, DisplayError, OSError):
        return False

    try:
        screen = display.get_default_screen()
        atom = display.intern_atom(f"_NET_SYSTEM_TRAY_S{screen}")
        owner = display.get_selection_owner(atom)
        return bool(getattr(owner, "id", owner))
    except XError:
        return False
    finally:
        display.close()


def _sni_watcher_present() -> bool:
    try:
        from gi.repository import Gio, GLib
    except ImportError:
        return False
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        reply = bus.call_sync(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "NameHasOwner",
            GLib.Variant("(s)", ("org.kde.StatusNotifierWatcher",)),
            GLib.VariantType("(b)"),
            Gio.DBusCallFlags.NONE,
            2000,
            None,
        )
    except GLib.Error:
        return False
    return bool(reply.unpack()[0])


def _cannot_connect_message() -> str:
    display = os.environ.get("DISPLAY", "")
    return (
        f"Could not connect to the X display {display!r}; check that your "
        "desktop session is running, or run 'hackatime-tray status' in a "
        "terminal instead."
    )


def _is_xlib_display_error(exc: BaseException) -> bool:
    try:
        from Xlib.error import DisplayError
    except ImportError:
        return False

    return isinstance(exc, DisplayError)


def _import_pystray() -> Any:
    """Import pystray, turning "no display / no backend" into our error."""
    problem = display_error()
    if problem is not None:
        raise problem

    try:
        import pystray
    except ImportError as exc:
        raise HackatimeTrayError(NO_BACKEND_MESSAGE) from exc
    except Exception as exc:
        if not _is_xlib_display_error(exc):
            raise
        if not os.environ.get("DISPLAY"):
            raise HackatimeTrayError(WAYLAND_ONLY_MESSAGE) from exc
        raise HackatimeTrayError(_cannot_connect_message()) from exc

    return pystray


def short_title(title: str) -> str:
    """Cut a tooltip to what every backend accepts (127 characters)."""
    if len(title) <= MAX_TITLE_LENGTH:
        return title

    return title[: MAX_TITLE_LENGTH - 1] + "…"


def to_pystray_menu(
    pystray: Any,
    entries: tuple[MenuEntry, ...],
    dispatch: Callable[[str], None],
    *,
    default_action: Callable[[], None] | None = None,
) -> Any:
    """Build a ``pystray.Menu`` from entries; clicks call ``dispatch``.

    ``default_action``, if given, becomes a hidden default item: what a
    left click on the icon runs on backends with a default action.
    """
    items = [_to_pystray_item(pystray, entry, dispatch) for entry in entries]

    if default_action is not None:
        items.append(
            pystray.MenuItem(
                "Open menu",
                _guarded(default_action),
                default=True,
                visible=False,
            )
        )

    return pystray.Menu(*items)


def _to_pystray_item(
    pystray: Any,
    entry: MenuEntry,
    dispatch: Callable[[str], None],
) -> Any:
    if entry.separator:
        return pystray.Menu.SEPARATOR

    checked = entry.checked
    checked_callable = None if checked is None else (lambda _item: checked)
    if entry.children:
        action: Any = to_pystray_menu(pystray, entry.children, dispatch)
    elif entry.action is None:
        action = None
    else:
        action = _guarded(_bind(dispatch, entry.action))

    return pystray.MenuItem(
        entry.label,
        action,
        checked=checked_callable,
        radio=entry.radio,
        enabled=entry.enabled,
    )


def _bind(dispatch: Callable[[str], None], action: str) -> Callable[[], None]:
    def run() -> None:
        dispatch(action)

    return run


def _guarded(
    callback: Callable[[], None],
    failure: str = "A tray menu action failed",
) -> Callable[[], None]:
    """Wrap a callback so no exception escapes into pystray's loop."""

    def run() -> None:
        try:
            callback()
        except Exception:
            logger.exception(failure)

    return run


def _backend_of(icon_class: Any) -> str:
    """The backend name of a pystray Icon class, from its module name."""
    module_name: str = icon_class.__module__
    return module_name.rsplit(".", 1)[-1].lstrip("_")


def _dock_aware_xorg_icon_class(base: Any) -> Any:
    """pystray's xorg Icon, changed to send dock requests only when needed.

    pystray asks the tray to dock the icon on every image change, and
    twice when it is first shown. trayer answers each request by
    re-embedding the icon in a new socket window (it flickers, and goes
    unmapped for a moment). This subclass redraws a docked icon in place,
    and docks only an icon whose window is still a child of the root.
    """

    from Xlib.error import ConnectionClosedError, XError

    def is_docked(icon: Any) -> bool:
        root_id = icon._display.screen().root.id
        try:
            parent = icon._window.query_tree().parent
        except (XError, ConnectionClosedError):
            # The window is gone (the icon is stopping): not docked.
            return False
        return bool(parent.id != root_id)

    # These names must stay: pystray re-routes the methods by __name__.
    def _update_icon(icon: Any) -> None:
        if not is_docked(icon):
            base._update_icon(icon)
            return

        icon._icon_data = None
        icon._draw()
        icon._icon_valid = True

    def _show(icon: Any) -> None:
        # visible=True runs _update_icon first, which already sent the
        # dock request when a tray was there.
        if icon._systray_manager is None:
            base._show(icon)

    return type(
        "DockAwareXorgIcon",
        (base,),
        {"_update_icon": _update_icon, "_show": _show},
    )


class TrayView:
    """The tray icon: image, tooltip, menu; safe to call from any thread.

    ``on_action`` receives the ``action`` of the entry the user clicked.
    It runs on the UI thread for native menus, and on a helper thread for
    the fallback menu window, so it should only post work elsewhere.
    """

    def __init__(
        self,
        *,
        name: str,
        title: str,
        image: Image,
        entries: tuple[MenuEntry, ...],
        on_action: Callable[[str], None],
    ) -> None:
        self._pystray = _import_pystray()
        self._backend = _backend_of(self._pystray.Icon)
        self._on_action = on_action
        self._entries = entries
        self._call_lock = threading.Lock()
        self._stop_requested = threading.Event()
        self._run_state_lock = threading.Lock()
        self._setup_started = False
        self._stopped = False
        self._ui_thread: threading.Thread | None = None
        self._fallback = _FallbackMenuProcess(self._dispatch)
        self._xorg_calls: _XorgThreadCalls | None = None

        icon_class = self._pystray.Icon
        if self._backend == "xorg":
            icon_class = _dock_aware_xorg_icon_class(icon_class)

        try:
            self._icon = icon_class(
                name,
                icon=image,
                title=self._title_for_backend(title),
                menu=self._menu_for(entries),
            )
            if self._backend == "xorg":
                _enable_clicks_on_xorg(self._icon)
                self._xorg_calls = _XorgThreadCalls(self._icon)
        except Exception as exc:
            if not _is_xlib_display_error(exc):
                raise
            raise HackatimeTrayError(_cannot_connect_message()) from exc

    def _title_for_backend(self, title: str) -> str:
        """The tooltip cut to size; Latin-1 only on xorg.

        pystray's xorg backend writes WM_NAME as Latin-1, and python-xlib
        raises on anything else (an ellipsis, an emoji), losing the
        update; other characters become "?" there.
        """
        title = short_title(title)
        if getattr(self, "_backend", None) != "xorg":
            return title
        title = title.replace("…", "...")
        return title.encode("latin-1", "replace").decode("latin-1")

    @property
    def backend_name(self) -> str:
        """pystray's backend: appindicator, gtk, xorg, darwin, win32, dummy."""
        return self._backend

    @property
    def has_menu(self) -> bool:
        """Whether the tray itself shows a menu (False on xorg)."""
        return bool(self._icon.HAS_MENU)

    @property
    def uses_fallback_menu(self) -> bool:
        """Whether a left click opens the fallback menu window instead."""
        return not self.has_menu

    @property
    def has_notifications(self) -> bool:
        """Whether :meth:`notify` can show anything on this backend."""
        return bool(self._icon.HAS_NOTIFICATION)

    @property
    def has_default_action(self) -> bool:
        """Whether a click on the icon runs a default action."""
        return bool(self._icon.HAS_DEFAULT_ACTION)

    def _menu_for(self, entries: tuple[MenuEntry, ...]) -> Any:
        default_action = None
        if not self._pystray.Icon.HAS_MENU:
            default_action = self._open_fallback_menu

        return to_pystray_menu(
            self._pystray,
            entries,
            self._dispatch,
            default_action=default_action,
        )

    def _dispatch(self, action: str) -> None:
        try:
            self._on_action(action)
        except Exception:
            logger.exception("Handling the menu action %r failed", action)

    def _open_fallback_menu(self) -> None:
        self._fallback.toggle(self._entries, self._icon_rectangle())

    def _icon_rectangle(self) -> tuple[int, int, int, int] | None:
        """The xorg icon's (x, y, width, height) on screen, if known.

        Runs on pystray's X thread (it is the default action).
        """
        if self._backend != "xorg":
            return None

        from Xlib.error import ConnectionClosedError, XError

        try:
            window = self._icon._window
            root = self._icon._display.screen().root
            origin = root.translate_coords(window, 0, 0)
            geometry = window.get_geometry()
        except (XError, ConnectionClosedError):
            logger.exception("Could not find where the tray icon is")
            return None

        return (origin.x, origin.y, geometry.width, geometry.height)

    def run(self, on_ready: Callable[[], None]) -> None:
        """Show the icon and block in the UI loop until :meth:`stop`.

        Call it on the main thread. ``on_ready`` runs once the icon is
        visible, on a separate short-lived thread; it must return quickly.
        """
        if self._stop_requested.is_set():
            return

        self._ui_thread = threading.current_thread()
        if self._backend == "darwin":
            _hide_dock_icon_on_macos()
        if self._backend == "xorg":
            # pystray's xorg backend sets ``_thread`` only after it lets the
            # setup thread start, and the setup thread needs it to route
            # calls; setting it first closes that race.
            self._icon._thread = self._ui_thread

        try:
            self._icon.run(setup=lambda _icon: self._setup(on_ready))
        except Exception as exc:
            if not (
                self._stop_requested.is_set() and self._is_shutdown_noise(exc)
            ):
                raise
            logger.debug("Ignored an error while the tray stopped: %s", exc)
        finally:
            self._stopped = True
            self._fallback.close()
            if self._xorg_calls is not None:
                self._xorg_calls.close()

    def _setup(self, on_ready: Callable[[], None]) -> None:
        with self._run_state_lock:
            self._setup_started = True
            stop_is_pending = self._stop_requested.is_set()
        if stop_is_pending:
            # stop() came before pystray could be stopped; do it now, once.
            self._call_on_ui_thread(
                self._icon.stop, even_when_stopping=True, wait=False
            )
            return

        def show() -> None:
            self._icon.visible = True

        self._call_on_ui_thread(show)

        if self._backend == "xorg":
            threading.Thread(
                target=self._watch_dock,
                name="tray-dock-watch",
                daemon=True,
            ).start()

        try:
            on_ready()
        except Exception:
            logger.exception("The tray's on_ready callback failed")

    def _is_shutdown_noise(self, exc: Exception) -> bool:
        """Whether ``exc`` is pystray's known error when GTK shuts down.

        On stop, pystray's GTK backends always close their last
        notification over D-Bus; with no notification service on the bus
        that raises GLib.Error (ServiceUnknown) out of ``Icon.run()``.
        """
        if self._backend not in GTK_BACKENDS:
            return False

        from gi.repository import GLib

        return isinstance(exc, GLib.Error)

    def update(
        self,
        image: Image,
        title: str,
        entries: tuple[MenuEntry, ...],
    ) -> None:
        """Show a new image, tooltip and menu; safe from any thread.

        The image is always assigned, even when unchanged: on xorg that
        docks an icon whose tray host appeared after the app started.
        """

        def apply() -> None:
            menu_changed = entries != self._entries
            self._entries = entries
            self._icon.icon = image
            self._icon.title = self._title_for_backend(title)
            if menu_changed and self.has_menu:
                self._icon.menu = self._menu_for(entries)

        self._call_on_ui_thread(apply)

    def redock(self) -> None:
        """Assign the current image again, which docks an undocked icon."""

        def apply() -> None:
            self._icon.icon = self._icon.icon

        self._call_on_ui_thread(apply)

    def notify(self, title: str, message: str) -> bool:
        """Show a desktop notification; False if this backend has none."""
        if not self.has_notifications or self._stop_requested.is_set():
            return False

        self._call_on_ui_thread(lambda: self._icon.notify(message, title))
        return True

    def stop(self) -> None:
        """End :meth:`run`; safe from any thread, and more than once."""
        with self._run_state_lock:
            if self._stop_requested.is_set():
                return

            self._stop_requested.set()
            setup_started = self._setup_started

        self._fallback.close()
        if setup_started:
            # Before that, pystray ignores stop(); _setup stops it instead.
            # No waiting: on xorg, pystray's stop() joins the setup thread,
            # which may be the one calling this.
            self._call_on_ui_thread(
                self._icon.stop, even_when_stopping=True, wait=False
            )

    def _call_on_ui_thread(
        self,
        function: Callable[[], None],
        *,
        even_when_stopping: bool = False,
        wait: bool = True,
    ) -> None:
        """Run ``function`` on the thread this backend wants tray calls on.

        GTK and macOS: queued to their main loop, this returns at once.
        xorg: run on pystray's X thread; unless ``wait`` is false, this
        returns once it has run. win32 takes calls from any thread; they
        are only serialized.
        """
        if self._stopped or (
            self._stop_requested.is_set() and not even_when_stopping
        ):
            return

        guarded = _guarded(function, "A change to the tray icon failed")
        on_ui_thread = threading.current_thread() is self._ui_thread
        if self._backend in GTK_BACKENDS:
            from gi.repository import GLib

            def idle() -> bool:
                guarded()
                return False

            GLib.idle_add(idle)
        elif self._backend == "darwin":
            app_helper = importlib.import_module("PyObjCTools.AppHelper")
            app_helper.callAfter(guarded)
        elif (
            self._xorg_calls is not None
            and self._ui_thread is not None
            and not on_ui_thread
        ):
            self._xorg_calls.call(guarded, wait=wait)
        elif on_ui_thread:
            guarded()
        else:
            with self._call_lock:
                guarded()

    def _watch_dock(self) -> None:
        """On xorg, dock the icon when a tray host appears after start.

        pystray tries to dock once and after its host goes away, but does
        not notice a host that starts later (a login race) or restarts.
        A new host announces itself with a MANAGER client message to the
        root window (freedesktop system tray spec), so this thread
        sleeps in the X connection until one comes: no timer, no
        wake-ups while nothing happens.
        """
        from Xlib import X, display, error

        try:
            connection = display.Display()
        except (error.DisplayError, OSError):
            logger.exception("Cannot watch the tray host")
            return

        try:
            screen = connection.get_default_screen()
            tray_selection = connection.intern_atom(
                f"_NET_SYSTEM_TRAY_S{screen}"
            )
            manager = connection.intern_atom("MANAGER")
            root = connection.screen().root
            root.change_attributes(event_mask=X.StructureNotifyMask)
            icon_window = connection.create_resource_object(
                "window", self._icon._window.id
            )
            if self._undocked_with_host(
                connection, tray_selection, icon_window, root.id
            ):
                self.redock()

            while not self._stop_requested.is_set():
                event = connection.next_event()
                if (
                    event.type == X.ClientMessage
                    and event.client_type == manager
                    and event.data[1][1] == tray_selection
                ):
                    logger.info("A tray host appeared; docking the icon")
                    self.redock()
        except (error.XError, error.ConnectionClosedError):
            if not self._stop_requested.is_set():
                logger.exception("Stopped watching the tray host")
        finally:
            connection.close()

    @staticmethod
    def _undocked_with_host(
        connection: Any, tray_selection: int, icon_window: Any, root_id: int
    ) -> bool:
        """Whether a tray host exists but the icon is not in it."""
        from Xlib import X

        owner = connection.get_selection_owner(tray_selection)
        if int(getattr(owner, "id", owner)) == X.NONE:
            return False
        return bool(icon_window.query_tree().parent.id == root_id)


def _enable_clicks_on_xorg(icon: Any) -> None:
    """Let a left click on the xorg icon reach the default action.

    pystray 0.19.5 creates the icon window without ButtonPressMask, so X
    never delivers a click and the default action never runs
    (moses-palmer/pystray#151 and #159). Adding the mask to its private
    ``_window`` makes left clicks arrive. Called before ``run()``.
    """
    from Xlib import X

    event_mask = X.ExposureMask | X.StructureNotifyMask | X.ButtonPressMask
    icon._window.change_attributes(event_mask=event_mask)
    icon._display.sync()


@dataclass
class _PendingCall:
    """A function waiting for pystray's X thread, and its done flag."""

    function: Callable[[], None]
    done: threading.Event = field(default_factory=threading.Event)


class _XorgThreadCalls:
    """Run functions on pystray's X thread, posted from other threads.

    pystray's xorg backend forwards calls from other threads itself, but
    it does so over its one python-xlib connection, used by two threads
    at once. python-xlib's thread handling has races there: here, about
    one stop() in five left its DestroyWindow request unsent, or left
    the X thread waiting for a lock nobody released, and ``run()`` never
    returned. So every pystray call runs on the X thread; other threads
    only post a ClientMessage to the icon window over a connection of
    their own, and wait until the X thread has run the function.
    """

    def __init__(self, icon: Any) -> None:
        from Xlib import X, display

        self._icon_display = icon._display
        self._queue: queue.Queue[_PendingCall] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._sender = display.Display()
        self._atom = self._sender.intern_atom(XORG_CALL_ATOM)
        self._target = self._sender.create_resource_object(
            "window", icon._window.id
        )
        pystray_handler = icon._message_handlers[X.ClientMessage]

        def on_client_message(event: Any) -> None:
            if event.client_type == self._atom:
                self._run_pending()
            else:
                pystray_handler(event)

        icon._message_handlers[X.ClientMessage] = on_client_message

    def call(self, function: Callable[[], None], *, wait: bool = True) -> None:
        """Have the X thread run ``function``; by default wait until it has."""
        from Xlib.protocol import event

        pending = _PendingCall(function)
        with self._lock:
            if self._closed:
                return

            self._queue.put(pending)
            message = event.ClientMessage(
                window=self._target,
                client_type=self._atom,
                data=(32, (0, 0, 0, 0, 0)),
            )
            self._target.send_event(message, event_mask=0)
            self._sender.sync()

        if wait and not pending.done.wait(XORG_CALL_TIMEOUT):
            logger.warning("The tray's X thread did not answer in time")

    def _run_pending(self) -> None:
        while True:
            try:
                pending = self._queue.get_nowait()
            except queue.Empty:
                return

            try:
                pending.function()
                # pystray leaves some requests (the new WM_NAME) queued.
                self._icon_display.flush()
            except Exception:
                # An exception here would end pystray's event loop.
                logger.exception("A call on the tray's X thread failed")
            finally:
                pending.done.set()

    def close(self) -> None:
        """Stop posting; release callers still waiting."""
        with self._lock:
            if self._closed:
                return

            self._closed = True
            self._sender.close()

        while True:
            try:
                self._queue.get_nowait().done.set()
            except queue.Empty:
                return


class _FallbackMenuProcess:
    """At most one fallback menu window, in a child process."""

    def __init__(self, dispatch: Callable[[str], None]) -> None:
        self._dispatch = dispatch
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None

    def toggle(
        self,
        entries: tuple[MenuEntry, ...],
        anchor: tuple[int, int, int, int] | None,
    ) -> None:
        """Open the window next to ``anchor``, or close it if it is open."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
                return

            self._process = self._start(entries, anchor)

        threading.Thread(
            target=self._read_choices,
            args=(self._process,),
            name="fallback-menu-reader",
            daemon=True,
        ).start()

    def _start(
        self,
        entries: tuple[MenuEntry, ...],
        anchor: tuple[int, int, int, int] | None,
    ) -> subprocess.Popen[str]:
        package_parent = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            path for path in (package_parent, env.get("PYTHONPATH")) if path
        )
        process = subprocess.Popen(
            self_command(FALLBACK_MENU_COMMAND),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
        )
        assert process.stdin is not None
        with process.stdin:
            request = {"entries": entries_to_json(entries), "anchor": anchor}
            json.dump(request, process.stdin)
        return process

    def _read_choices(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        with process.stdout:
            for line in process.stdout:
                action = line.strip()
                if action:
                    self._dispatch(action)

        return_code = process.wait()
        if return_code not in (0, -15):
            logger.warning(
                "The fallback menu window exited with %s", return_code
            )

    def close(self) -> None:
        """Close the window if it is open."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()


def _hide_dock_icon_on_macos() -> None:
    """Keep a Python rocket out of the macOS Dock (accessory app)."""
    try:
        app_kit = importlib.import_module("AppKit")
    except ImportError:
        return

    application = app_kit.NSApplication.sharedApplication()
    application.setActivationPolicy_(
        app_kit.NSApplicationActivationPolicyAccessory
    )
