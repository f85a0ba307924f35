"""The status signal of a report: phrases that read as a state of the talks and those that do not."""

from __future__ import annotations

import pytest

from tests.fixtures_x2 import nlp_x2, run_x2  # noqa: F401  (fixtures)


@pytest.mark.parametrize(
    "text, signal",
    [
        ("The talks between Arland and Borvia stalled on Monday.", "stalled"),
        # "with or without a deal" names both outcomes and reports neither.
        ("Arland said it would push on with or without a deal.", "none"),
        # Obstacles someone works to remove are no stall.
        ("Norway said it was working on removing the remaining obstacles to grain exports.", "none"),
        ("Norway said it would try to overcome the impasse.", "none"),
        # ... but obstacles that stand are.
        ("Officials said serious obstacles remained in the talks.", "stalled"),
        ("The talks ended on Thursday without an agreement.", "stalled"),
    ],
)
def test_status_signal(nlp_x2, text, signal):
    assert run_x2(nlp_x2, text).status.signal == signal
