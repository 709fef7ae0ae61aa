"""`python -m undangle ...`: runs the `undangle` executable installed with this package."""

import os
import sys
import sysconfig


def find_undangle_bin() -> str:
    """The executable in the scripts folder of this installation (venv, user or system)."""
    name = "undangle" + (sysconfig.get_config_var("EXE") or "")
    schemes = [sysconfig.get_default_scheme()] if hasattr(sysconfig, "get_default_scheme") else []
    if os.name == "nt":
        schemes.append("nt_user")
    elif sys.platform == "darwin" and sys._framework:  # type: ignore[attr-defined]
        schemes.append("osx_framework_user")
    else:
        schemes.append("posix_user")
    for scheme in schemes:
        candidate = os.path.join(sysconfig.get_path("scripts", scheme=scheme), name)
        if os.path.isfile(candidate):
            return candidate
    # Beside the interpreter (a virtualenv's bin/), then on PATH.
    beside = os.path.join(os.path.dirname(sys.executable), name)
    if os.path.isfile(beside):
        return beside
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError(name)


def main() -> None:
    undangle = find_undangle_bin()
    if os.name == "nt":
        import subprocess

        sys.exit(subprocess.call([undangle, *sys.argv[1:]]))
    os.execvp(undangle, [undangle, *sys.argv[1:]])


if __name__ == "__main__":
    main()
