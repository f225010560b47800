from __future__ import annotations

import pytest

from tests.exports.published import make_published_round


@pytest.fixture
def published():
    return make_published_round()
