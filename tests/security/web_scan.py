"""A web security scan on loopback: Debian's wapiti 3.0.4 against the live test server, its JSON report
read as findings, and the README's table of the findings that are justified.

Wapiti never reaches past 127.0.0.1: its attack payloads name the live server as their "external" end,
its proxy for anything else is a closed loopback port, its crash reports are off, and its technology
database (downloaded by every run otherwise) is an empty local file.
"""

import functools
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Web security scan"
LAUNCHER = Path(__file__).with_name("wapiti_launcher.py")
VERSION = "3.0.4"  # the launcher's fixes are for this version's code

# The default set (`wapiti --list-modules`) without ssrf, which asks wapiti's own server on the internet
# whether it was called, and blindsql, whose timing test takes a slow answer on a busy machine for a
# finding; with csrf and crlf, a request or two per form or parameter.
MODULES = "common,-ssrf,-blindsql,csrf,crlf"
# Parameters not attacked: the CSRF token (any other value is a 403 before the view runs) and a
# form's checkbox lists, one parameter per choice (choice fields: an unknown value is refused).
NOT_ATTACKED = ("csrfmiddlewaretoken", "affected_states", "source_categories")

# A form with more is not attacked: the emission profile's table, a number for each gas in each month.
MAX_PARAMETERS = 60
ATTACK_SECONDS = 30  # for each attack module, on each surface
CRAWL_SECONDS = 15
REQUEST_TIMEOUT_SECONDS = 15  # above any answer's time on a busy machine: a timeout is a finding
TRUNCATED = ("Max scan time was reached", "Max attack time was reached")


@dataclass(frozen=True)
class Finding:
    category: str  # wapiti's, e.g. "HTTP Secure Headers", "Internal Server Error"
    info: str  # what it says, e.g. "X-XSS-Protection is not set"
    method: str
    path: str
    parameter: str

    def __str__(self):
        where = f" (parameter {self.parameter})" if self.parameter else ""
        return f"{self.category}: {self.info} at {self.method} {self.path}{where}"


@dataclass(frozen=True)
class Justification:
    category: str
    info: str  # a pattern: * for any text
    where: str  # a pattern over the path, e.g. /assessments/*/comment/
    why: str

    def covers(self, finding: Finding) -> bool:
        return (
            finding.category == self.category
            and fnmatchcase(finding.info, self.info)
            and fnmatchcase(finding.path, self.where)
        )

    def __str__(self):
        return f"{self.category}: {self.info} at {self.where}"


@dataclass(frozen=True)
class Surface:
    """One wapiti run: ``url`` sets its scope (a folder, or one page), ``start`` adds pages to begin at."""

    name: str
    url: str
    scope: str = "folder"
    start: tuple[str, ...] = ()
    cookie: dict | None = None  # name -> http.cookies.Morsel, as a sign-in set them


@functools.cache
def wapiti_unavailable() -> str | None:
    if not (path := shutil.which("wapiti")):
        return "wapiti is not installed (apt-get install wapiti)"
    try:
        found = subprocess.run(  # noqa: S603 (our own arguments)
            [_interpreter(path), "-c", "from wapitiCore.main.wapiti import WAPITI_VERSION as v; print(v)"],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"wapiti's interpreter does not run: {error}"
    if found != f"Wapiti {VERSION}":
        return f"wapiti {VERSION} is needed (Debian 12's), found {found or 'nothing'}"
    return None


def _interpreter(wapiti: str) -> str:
    """The Python that runs the wapiti script (its #! line): the one with wapitiCore."""
    first_line = Path(wapiti).read_text().splitlines()[0]
    return first_line.removeprefix("#!").strip().split()[0]


def scan(base_url: str, surfaces: list[Surface], workdir: Path) -> tuple[list[Finding], list[str]]:
    """Run wapiti over every surface at once (the live server answers them in parallel); returns the
    findings and the surfaces whose crawl or an attack module ran out of time."""
    config = workdir / "config"
    config.mkdir(parents=True)
    (config / "apps.json").write_text("{}")  # mod_wapp downloads its database unless there is one
    runs = {surface.name: _start(base_url, surface, workdir, config) for surface in surfaces}
    # Reached only if wapiti hangs: every module at its limit (it stops between two pages), and a minute.
    deadline = time.monotonic() + CRAWL_SECONDS + ATTACK_SECONDS * 12 + 60
    findings, truncated = [], []
    for name, (process, log) in runs.items():
        try:
            process.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for other, _ in runs.values():
                other.kill()
            raise AssertionError(
                f"wapiti did not finish the {name} scan in time: {log.read_text()[-2000:]}"
            ) from None
        output = log.read_text()
        assert process.returncode == 0, f"wapiti failed on {name}: {output[-2000:]}"
        if any(message in output for message in TRUNCATED):
            truncated.append(name)
        findings += read_report(workdir / f"{name}.json")
    return findings, truncated


def _start(base_url: str, surface: Surface, workdir: Path, config: Path):
    secure_base = base_url.replace("http://", "https://", 1)
    arguments = [
        *("--url", base_url + surface.url, "--scope", surface.scope),
        *(argument for page in surface.start for argument in ("--start", base_url + page)),
        *("--module", MODULES, "--depth", "2", "--max-parameters", str(MAX_PARAMETERS)),
        *(argument for name in NOT_ATTACKED for argument in ("--skip", name)),
        *("--max-scan-time", str(CRAWL_SECONDS), "--max-attack-time", str(ATTACK_SECONDS)),
        *("--timeout", str(REQUEST_TIMEOUT_SECONDS)),
        # As production's TLS proxy says (SECURE_PROXY_SSL_HEADER), and as a browser on that origin
        # sends with a form (Django's CSRF check compares it with the host).
        *("--header", "X-Forwarded-Proto: https", "--header", f"Origin: {secure_base}"),
        *("--endpoint", base_url + "/", "--no-bugreport"),
        *("--flush-session", "--store-session", str(workdir / "session"), "--store-config", str(config)),
        *("--format", "json", "--output", str(workdir / f"{surface.name}.json"), "--verbose", "1"),
    ]
    if surface.cookie:
        arguments += ["--cookie", str(_cookie_file(surface, workdir))]
    log = workdir / f"{surface.name}.log"
    wapiti = shutil.which("wapiti")
    process = subprocess.Popen(  # noqa: S603 (our own arguments)
        [_interpreter(wapiti), str(LAUNCHER), *arguments],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        # Anything not on loopback goes to a closed port.
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(workdir),
            "LANG": "C.UTF-8",
            "HTTP_PROXY": "http://127.0.0.1:9",
            "HTTPS_PROXY": "http://127.0.0.1:9",
            "NO_PROXY": "127.0.0.1",
        },
    )
    return process, log


def _cookie_file(surface: Surface, workdir: Path) -> Path:
    """Wapiti's cookie file (wapitiCore.net.jsoncookie) for 127.0.0.1, with each cookie's Secure flag."""
    cookies = {
        name: {
            "value": morsel.value,
            "expires": None,
            "secure": bool(morsel["secure"]),
            "port": None,
            "version": 0,
        }
        for name, morsel in surface.cookie.items()
    }
    path = workdir / f"{surface.name}-cookies.json"
    path.write_text(json.dumps({"127.0.0.1": {"/": cookies}}))
    return path


def read_report(path: Path) -> list[Finding]:
    """The vulnerabilities and anomalies (a 500, a timeout) of a wapiti JSON report."""
    report = json.loads(path.read_text())
    return [
        Finding(category, item["info"], item["method"], item["path"], item.get("parameter") or "")
        for kind in ("vulnerabilities", "anomalies")
        for category, items in report[kind].items()
        for item in items
    ]


def justifications(readme: str | None = None) -> list[Justification]:
    """The rows of the README's table under SECTION (after its header and | --- | line):
    | Category: what it says | `where` | why |."""
    text = README.read_text() if readme is None else readme
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    table = [line.strip() for line in section.splitlines() if line.strip().startswith("|")]
    rows = []
    for line in table[2:]:
        finding, where, why = (cell.strip() for cell in line.strip("|").split("|"))
        category, info = finding.split(": ", 1)
        rows.append(Justification(category, _unquoted(info), _unquoted(where), why))
    return rows


def _unquoted(cell: str) -> str:
    return re.sub(r"^`(.*)`$", r"\1", cell)
