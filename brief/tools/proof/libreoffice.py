"""LibreOffice, run to print a DOCX to PDF as a word processor lays it out: boxed in, and killed if it hangs.

The DOCX is always one a build just made in memory, never a user's file. It is printed in a
fresh temporary folder that also holds LibreOffice's profile (so a LibreOffice the user has
open is neither joined nor disturbed, and parallel runs do not share one), with an environment
that carries no proxy settings, in a network namespace of its own where the system allows one
(`unshare`), and in a process group of its own, which is killed whole on timeout: `soffice` is
a launcher whose worker would otherwise outlive it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from brief import gate
from brief.errors import ConversionFailed
from brief.write.output import write_file

NAMES = ("soffice", "libreoffice")
TIMEOUT = 120.0  # a cold start and a long brief take about ten seconds; a hang must not hold the command for ever


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, under either of its names, else None."""
    return next((found for name in NAMES if (found := shutil.which(name))), None)


def docx_to_pdf(docx: bytes, soffice: str, timeout: float = TIMEOUT) -> bytes:
    """The PDF LibreOffice prints from `docx`; ConversionFailed if it fails or takes longer than `timeout` seconds."""
    with tempfile.TemporaryDirectory(prefix="brief-proof-") as folder:
        work = Path(folder).resolve()
        write_file(work / "brief.docx", docx)
        _run(_isolated(_command(soffice, work)), work, timeout)
        if not (work / "brief.pdf").exists():
            raise ConversionFailed("LibreOffice printed no PDF from the DOCX (it said nothing useful); is it a working install?")
        return gate.read_bytes(work / "brief.pdf", gate.PRINTED_DOCX, [work])


def _command(soffice: str, work: Path) -> list[str]:
    options = ["--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work)]
    return [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", *options, str(work / "brief.docx")]


def _isolated(command: list[str]) -> list[str]:
    """The command run without a network where an unprivileged network namespace can be made; as it is elsewhere."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return command
    try:
        allowed = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        allowed = False
    return [unshare, "-rn", *command] if allowed else command


def _run(command: list[str], work: Path, timeout: float) -> None:
    """Run LibreOffice in `work`; on timeout kill its whole process group, then raise."""
    process = _start(command, work)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionFailed(f"LibreOffice took longer than {timeout:g} s to print the DOCX and was stopped") from None
    if process.returncode != 0:
        said = errors.decode(errors="replace").strip().splitlines()
        raise ConversionFailed(f"LibreOffice failed to print the DOCX (exit {process.returncode}): {said[-1] if said else 'no message'}")


def _start(command: list[str], work: Path) -> subprocess.Popen[bytes]:
    """LibreOffice started in a session of its own, with `work` as its home and no proxy or other settings of the user's."""
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": str(work), "LANG": "C.UTF-8", "TZ": "UTC"}
    try:
        return subprocess.Popen(command, cwd=work, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as error:
        raise ConversionFailed(f"LibreOffice ({command[0]}) cannot be started: {error.strerror or error}") from error
