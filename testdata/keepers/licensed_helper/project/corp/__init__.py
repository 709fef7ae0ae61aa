# License: MIT
# Copyright © 2022 Corp Ltd

"""The corp package."""

from __future__ import annotations
