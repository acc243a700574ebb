"""Periodic jobs, declared by the apps: an AppConfig may list `periodic_jobs`, pairs of
(dotted path to a function taking no arguments, interval in seconds). `manage.py run_scheduler`
(started by `make run`) calls each when due. Jobs must be idempotent: a restart may run one early.
"""

import logging
import time

from django.apps import apps
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def declared_jobs():
    jobs = []
    for config in apps.get_app_configs():
        for path, interval in getattr(config, "periodic_jobs", ()):
            jobs.append((path, int(interval)))
    return jobs


def run_due(jobs, last_run, now):
    """Run every job not run yet (in this process: each runs once at start) or whose interval has passed since;
    returns the paths run. (`now` is time.monotonic(), whose zero is the machine's start: counting from zero, a
    daily job would first run a day after the machine booted.)"""
    ran = []
    for path, interval in jobs:
        if path not in last_run or now - last_run[path] >= interval:
            try:
                import_string(path)()
            except Exception:  # noqa: BLE001  one failing job must not stop the others
                log.exception("periodic job %s failed", path)
            last_run[path] = now
            ran.append(path)
    return ran


def loop(tick=30, iterations=None):
    jobs = declared_jobs()
    last_run = {}
    count = 0
    while iterations is None or count < iterations:
        run_due(jobs, last_run, time.monotonic())
        count += 1
        if iterations is None or count < iterations:
            time.sleep(tick)
