"""The Korean edition's Sphinx configuration; every other setting is in ../conf_common.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import conf_common

globals().update(conf_common.settings("ko"))
