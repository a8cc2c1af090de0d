"""Each fault starts from empty Streamlit caches (the audio service and database handles are cached)."""

from tests.app.conftest import _clear_streamlit_caches  # noqa: F401 - an autouse fixture
