"""Signals the performance app sends for apps above it (the LIS) to follow.

`figures_changed(sender, partnership)`: the set of approved figures of a partnership
changed (a return was approved or re-opened for correction). Sent inside the
service's transaction, so a receiver sees the new state and its writes commit or
roll back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

figures_changed = Signal()
