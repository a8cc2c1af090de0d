"""How French is spoken: a chain of text-to-speech engines behind a content-keyed cache on disk.

The public entry point is :mod:`audio.service` (``AudioService``, ``Clip``, ``from_settings``); the command
line (``python -m audio prebuild | export-pack | import-pack``) lives in :mod:`audio.__main__`. Nothing here
imports streamlit: the one audio control of the interface is ``app_pages/widgets/audio_control.py``.
"""
