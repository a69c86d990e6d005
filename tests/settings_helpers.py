"""Settings as ``itp.settings`` builds them from a given environment, read in a fresh process
(settings are read once per process)."""

import json
import os
import subprocess
import sys


def setting_from_environment(expression, *, unset, **variables):
    """The JSON value of ``expression`` (Python, ``s`` being ``itp.settings``) in a process
    whose environment is this one's without the names in ``unset``, plus ``variables``; a
    start-up error is raised as CalledProcessError."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in (*unset, "DJANGO_SETTINGS_MODULE")
    }
    environment.update(variables)
    finished = subprocess.run(
        [sys.executable, "-c", f"import json, itp.settings as s; print(json.dumps({expression}))"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout)
