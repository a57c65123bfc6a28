"""Logging set-up: a rotating file, an optional console, and redaction.

Configured once, from the entry point. The :class:`RedactingFilter` sits
on every handler, so the API key cannot reach a log line even if some
library puts it into a message.
"""

from __future__ import annotations

import base64
import faulthandler
import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE_BYTES = 1_000_000
LOG_FILE_BACKUPS = 5
REDACTED = "[redacted]"
NOISY_LOGGERS = (
    "httpx",
    "httpcore",
    "apscheduler",
    "PIL",
    "keyring",
    "tzlocal",
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_fault_file: IO[str] | None = None

logger = logging.getLogger(__name__)


def register_secret(secret: str | None) -> None:
    """Make the filter redact ``secret`` and its Basic-auth form."""
    if not secret or not secret.strip():
        return

    secret = secret.strip()
    encoded = base64.b64encode(secret.encode()).decode()
    with _secrets_lock:
        _secrets.update({secret, encoded})


def redact(text: str) -> str:
    """Replace every registered secret in ``text``."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites records so no registered secret survives formatting."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _secrets:
            return True

        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(
                record.exc_info
            )
        record.msg = redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def configure_logging(
    *, verbose: bool = False, log_file: Path | None = None
) -> None:
    """Set up handlers once: a rotating file and/or the console."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)

    handlers: list[logging.Handler] = []
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_file,
                maxBytes=LOG_FILE_BYTES,
                backupCount=LOG_FILE_BACKUPS,
                encoding="utf-8",
                delay=True,
            )
        )
    # A windowed build has no stderr at all.
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.DEBUG if verbose else logging.WARNING)
        handlers.append(console)

    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)


def install_crash_handlers(log_file: Path | None) -> None:
    """Log uncaught exceptions instead of dying, and dump hard crashes."""
    global _fault_file

    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        _fault_file = open(  # noqa: SIM115 - stays open for the process
            log_file.with_suffix(".faults"), "a", encoding="utf-8"
        )
        faulthandler.enable(file=_fault_file)
    elif sys.stderr is not None:
        faulthandler.enable()


def _log_uncaught(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    logger.critical("Uncaught error", exc_info=(exc_type, exc, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    logger.critical(
        "Uncaught error in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )
