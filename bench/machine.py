"""What every bench records of the machine it ran on, beside its figures."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from typing import Any

__all__ = ["machine"]


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
