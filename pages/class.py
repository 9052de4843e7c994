"""Where a fresh server looks up /class on its very first request: pages/__init__.py says why."""

from ui.sidebar import run_through_app

run_through_app()  # to app.py, whose navigation runs pages/classroom/page.py
