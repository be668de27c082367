"""``python -m p2skb``: the same as the ``p2skb`` command."""

from __future__ import annotations

import sys

from p2skb.cli import main

sys.exit(main())
