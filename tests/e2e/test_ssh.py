"""hamtui served over a real OpenSSH server, set up as docs/SSH.md says (option B: a
`restrict,pty,command="env HAMTUI_HOME=... HAMTUI_RESTRICTED=1 ... hamtui --restricted"` line
in authorized_keys).

Everything is throwaway and runs as the current user: a host key and a user key made with
ssh-keygen, an sshd_config, an authorized_keys file and the workspace, all under tmp_path;
`sshd -D -e -f` that config on a free port of 127.0.0.1. The test writes no system file (as
root, sshd does need its privilege separation folder /run/sshd; the package makes it).

The client is `ssh -tt` inside a detached tmux server of its own (`-L`), 100x30. The test reads
the screen with `tmux capture-pane -p` and types with `tmux send-keys`: it searches the library
for "nordic", adds the exercise, tries to save outside the workspace (refused), saves inside it,
quits, and reads the saved program. Every step polls with a timeout; nothing sleeps blindly.
A second test checks that a connection without a terminal runs hamtui, not the client's command.

Skipped, with the reason, when sshd, ssh, ssh-keygen or tmux is missing, when the account's
login shell cannot run a forced command, or when sshd cannot serve this account here for a
reason of the machine's, not of the setup (no /run/sshd as root; a locked password without
PAM; a non-root sshd that cannot give the pty the tty group). `.ci/run` installs the tools.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

EXERCISE = "nordic-hamstring-curl"
PROGRAM_NAME = "nordic-over-ssh.toml"
# The save-as dialog starts in <workspace>/programs, so `../escape.toml` would still be inside
# the workspace (and allowed); two `..` lead out of it.
ESCAPE = "../../escape.toml"
# A notification (a toast) in Textual: a left border "▌", then 59 columns (Toast's CSS width
# is 60). Whatever shows to its right (the rack's scrollbar gutter) belongs to the screen below.
TOAST_EDGE = "▌"
TOAST_WIDTH = 60
STEP_TIMEOUT = 15.0  # per step; the whole test takes a few seconds


def _find_sshd() -> str | None:
    found = shutil.which("sshd")
    if found:
        return found
    for candidate in ("/usr/sbin/sshd", "/usr/local/sbin/sshd", "/sbin/sshd"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass
class Tools:
    sshd: str
    ssh: str
    ssh_keygen: str
    tmux: str
    hamtui: Path


def _tools() -> Tools:
    """The programs the test needs, or a skip that names what is missing."""
    found = {
        "sshd": _find_sshd(),
        "ssh": shutil.which("ssh"),
        "ssh-keygen": shutil.which("ssh-keygen"),
        "tmux": shutil.which("tmux"),
    }
    missing = [name for name, path in found.items() if path is None]
    if missing:
        pytest.skip(
            f"{', '.join(missing)} not found (on Debian or Ubuntu: apt-get install "
            "openssh-server openssh-client tmux)"
        )
    # The hamtui of this environment (the venv's console script), not whatever is on PATH.
    hamtui = Path(sys.executable).parent / "hamtui"
    if not os.access(hamtui, os.X_OK):
        pytest.skip(f"no hamtui console script beside {sys.executable} (pip install -e .)")
    shell = pwd.getpwuid(os.getuid()).pw_shell or "/bin/sh"
    if Path(shell).name in ("nologin", "false"):
        pytest.skip(
            f"the login shell of this account is {shell}; sshd runs a forced command through "
            "the login shell, so it cannot run hamtui for this account"
        )
    return Tools(
        sshd=str(found["sshd"]),
        ssh=str(found["ssh"]),
        ssh_keygen=str(found["ssh-keygen"]),
        tmux=str(found["tmux"]),
        hamtui=hamtui,
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(check: Callable[[], bool], timeout: float, what: str, why: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    if check():
        return
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{why()}")


@dataclass
class Server:
    """A running throwaway sshd that lets one key in, with the forced command of the docs."""

    port: int
    user: str
    key: Path
    workspace: Path
    log: Path
    proc: subprocess.Popen[bytes]
    ssh: str

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def skip_if_refused(self) -> None:
        """Skip when the session failed for a reason of this machine, not of hamtui's setup."""
        log = self.log_text()
        if "not allowed because account is locked" in log:
            # sshd without PAM refuses an account whose password is locked, keys or not.
            pytest.skip(
                f"sshd refuses the account {self.user}: its password is locked (`!` in "
                "/etc/shadow) and the test's sshd runs without PAM"
            )
        if os.getuid() != 0 and re.search(r"chown\(/dev/pts/\d+, \d+, \d+\) failed", log):
            # A non-root sshd must give the pty the `tty` group; it can when /dev/pts is
            # mounted with gid=5 (the usual) or the account is in that group.
            pytest.skip(
                "an sshd that is not root cannot hand the terminal over on this machine "
                "(/dev/pts is mounted without gid=5 and the account is not in the tty group); "
                "run the test as root"
            )

    def client_args(self) -> list[str]:
        """`ssh` with no user or system config, this key only, no prompts, no host checks."""
        return [
            self.ssh,
            "-F",
            "/dev/null",
            "-p",
            str(self.port),
            "-i",
            str(self.key),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=10",
        ]

    @property
    def target(self) -> str:
        return f"{self.user}@127.0.0.1"


def _keygen(tools: Tools, path: Path) -> None:
    subprocess.run(
        [tools.ssh_keygen, "-q", "-t", "ed25519", "-N", "", "-C", "hamtui-e2e", "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )


def _authorized_keys_line(tools: Tools, workspace: Path, public_key: str) -> str:
    """One line as in docs/authorized_keys.example, for this workspace and this hamtui."""
    command = " ".join(
        [
            "env",
            "-i",
            shlex.quote(f"HAMTUI_HOME={workspace}"),
            "HAMTUI_RESTRICTED=1",
            "LC_ALL=C.UTF-8",
            "TERM=@TERM@",
            shlex.quote(str(tools.hamtui)),
            "--restricted",
        ]
    )
    assert '"' not in command, f"a path with a double quote cannot go in command=: {command}"
    # the terminal type, quoted for the shell and escaped for authorized_keys, as the docs do
    command = command.replace("@TERM@", '\\"$TERM\\"')
    return f'restrict,pty,command="{command}" {public_key.strip()}\n'


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    tools = _tools()
    user = pwd.getpwuid(os.getuid()).pw_name
    ssh_dir = tmp_path / "ssh"
    ssh_dir.mkdir()
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    workspace = workspace.resolve()  # hamtui names the workspace by its real path
    host_key, user_key = ssh_dir / "host_key", ssh_dir / "user_key"
    _keygen(tools, host_key)
    _keygen(tools, user_key)
    authorized = ssh_dir / "authorized_keys"
    public_key = user_key.with_suffix(".pub").read_text(encoding="utf-8")
    authorized.write_text(_authorized_keys_line(tools, workspace, public_key), encoding="utf-8")

    def config(port: int) -> Path:
        path = ssh_dir / "sshd_config"
        path.write_text(
            "\n".join(
                [
                    f"Port {port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {host_key}",
                    f"AuthorizedKeysFile {authorized}",
                    f"PidFile {ssh_dir / 'sshd.pid'}",
                    "UsePAM no",  # a non-root sshd can only let its own user in, without PAM
                    "StrictModes no",  # tmp_path's folders may be group- or world-writable
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PubkeyAuthentication yes",
                    "PermitRootLogin prohibit-password",  # the default; keys only (CI as root)
                    # What the docs' Match block adds; `restrict` covers it too.
                    "DisableForwarding yes",
                    "PermitUserRC no",
                    "PermitTTY yes",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        return path

    check = subprocess.run(
        [tools.sshd, "-t", "-f", str(config(_free_port()))],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    if check.returncode != 0:
        problem = (check.stderr or check.stdout).strip()
        if "privilege separation" in problem.lower():
            pytest.skip(f"sshd cannot run on this machine: {problem}")
        pytest.fail(f"sshd -t rejects the test's sshd_config:\n{problem}")

    log = ssh_dir / "sshd.log"
    proc: subprocess.Popen[bytes] | None = None
    for _attempt in range(3):  # another process may take the free port first
        port = _free_port()
        cfg = config(port)
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [tools.sshd, "-D", "-e", "-f", str(cfg)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, ended below
            )
        listening = f"Server listening on 127.0.0.1 port {port}"
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline and proc.poll() is None:
            if listening in log.read_text(encoding="utf-8", errors="replace"):
                break
            time.sleep(0.02)
        if proc.poll() is None and listening in log.read_text(encoding="utf-8", errors="replace"):
            break
        _stop(proc)
        said = log.read_text(encoding="utf-8", errors="replace")
        if "privilege separation" in said.lower():
            pytest.skip(f"sshd cannot run on this machine: {said.strip()}")
        if "Address already in use" not in said:
            pytest.fail(f"sshd did not start:\n{said}")
    else:
        pytest.fail("sshd found no free port in three tries")
    assert proc is not None
    try:
        yield Server(port, user, user_key, workspace, log, proc, tools.ssh)
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End the sshd this test started (its own process group: the listener and its
    per-connection children)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


class Tmux:
    """A detached tmux server of its own (-L), one session running one command."""

    SESSION = "hamtui"

    def __init__(self, tmux: str, folder: Path, server: Server) -> None:
        self.tmux = tmux
        self.socket = f"hamtui-e2e-{os.getpid()}-{secrets.token_hex(4)}"
        self.server = server
        self.config = folder / "tmux.conf"
        # Keep the pane when ssh ends, so that its last words can be read.
        self.config.write_text("set -g remain-on-exit on\n", encoding="utf-8")
        # The exit status of the command, written by the shell that runs it (tmux's own
        # #{pane_dead_status} can lag far behind the end of the program).
        self.status_file = folder / "exit-status"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        self.env["LC_ALL"] = "C.UTF-8"

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, "-f", str(self.config), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )
        if done.returncode != 0:
            pytest.fail(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: list[str], width: int, height: int) -> None:
        size = ["-x", str(width), "-y", str(height)]
        script = f"{shlex.join(command)}; echo $? > {shlex.quote(str(self.status_file))}"
        self.run("new-session", "-d", "-s", self.SESSION, *size, script)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.SESSION)

    def exit_status(self) -> int | None:
        """The command's exit status once it has ended, else None."""
        try:
            text = self.status_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return int(text) if text else None

    def keys(self, *keys: str) -> None:
        """Keys by tmux name: Enter, C-s, F12, ..."""
        self.run("send-keys", "-t", self.SESSION, *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.SESSION, "-l", text)

    def report(self) -> str:
        return f"--- screen ---\n{self.screen()}\n--- sshd log ---\n{self.server.log_text()}"

    def wait_for(self, *texts: str, timeout: float = STEP_TIMEOUT) -> str:
        """Poll the screen until it shows every one of `texts`; fail early if ssh ended."""
        seen = ""

        def shows() -> bool:
            nonlocal seen
            seen = self.screen()
            if all(text in seen for text in texts):
                return True
            if self.exit_status() is not None:
                self.server.skip_if_refused()
                pytest.fail(f"ssh ended while waiting for {texts}\n{self.report()}")
            return False

        _wait(shows, timeout, f"the screen to show {texts}", self.report)
        return seen

    def toasts(self) -> str:
        """The text of the notifications on the screen, without any whitespace (a toast
        wraps its text where it likes, even inside a long path)."""
        text = []
        for line in self.screen().splitlines():
            edge = line.rfind(TOAST_EDGE)
            if edge >= 0:
                text.append("".join(line[edge + 1 : edge + TOAST_WIDTH].split()))
        return "".join(text)

    def wait_for_toast(self, *texts: str, timeout: float = STEP_TIMEOUT) -> None:
        """Poll until the notifications say every one of `texts` (whitespace ignored)."""
        wanted = ["".join(text.split()) for text in texts]
        _wait(
            lambda: all(text in self.toasts() for text in wanted),
            timeout,
            f"a notification saying {texts}",
            self.report,
        )

    def kill(self) -> None:
        subprocess.run(
            [self.tmux, "-L", self.socket, "kill-server"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=self.env,
            timeout=30,
        )


@pytest.fixture
def tmux(server: Server, tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(_tools().tmux, tmp_path, server)
    try:
        yield session
    finally:
        session.kill()


def clear_name(tmux: Tmux) -> None:
    """Empty the save-as dialog's file name (the name it suggests).

    Wait until it is empty before typing: Textual runs a key's binding (ctrl+a, ctrl+k) after
    the focused input has taken the printable keys that followed it, so typing at once would
    be typed first and then deleted."""
    tmux.keys("C-a", "C-k")
    tmux.wait_for("type a file name")


def test_without_a_terminal_the_forced_command_ignores_the_client(server: Server) -> None:
    """`ssh user@host cat /etc/passwd`: no terminal, so hamtui says how to connect and exits
    2; the client's command never runs (docs/SSH.md, "Checking a setup")."""
    done = subprocess.run(
        [*server.client_args(), server.target, "cat", "/etc/passwd"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode == 255:
        server.skip_if_refused()
    assert done.returncode == 2, (done.stdout, done.stderr, server.log_text())
    assert "the app needs a terminal; connect with `ssh -t`" in done.stderr
    assert "root:" not in done.stdout


def test_edit_and_save_a_program_over_ssh(server: Server, tmux: Tmux, tmp_path: Path) -> None:
    workspace = server.workspace
    tmux.start([*server.client_args(), "-tt", server.target], width=100, height=30)

    # The main screen, with the library loaded (the search box's placeholder) and the footer.
    tmux.wait_for("Search: hamstring curl", "^s Save", timeout=30)

    # Search, and enter in the search box adds the highlighted result.
    tmux.type("nordic")
    tmux.wait_for("▶ Nordic Hamstring Curl")
    tmux.keys("Enter")
    tmux.wait_for("1. Nordic Hamstring Curl", "(unsaved changes)")

    # Save outside the workspace: the dialog accepts the name, restricted mode refuses it.
    tmux.keys("C-s")
    tmux.wait_for("Save as", "Save (enter)")
    clear_name(tmux)
    tmux.type(ESCAPE)
    tmux.wait_for(ESCAPE)
    tmux.keys("Enter")
    tmux.wait_for_toast(
        "Not saved",
        f"{workspace}/programs/{ESCAPE}: is outside the workspace {workspace}; in restricted "
        "mode hamtui reads and writes only inside it",
    )
    assert not (tmp_path / "escape.toml").exists()
    assert not list(workspace.rglob("escape.toml"))

    # Save inside it: a bare name goes to the workspace's programs/.
    tmux.keys("C-s")
    tmux.wait_for("Save (enter)")
    clear_name(tmux)
    tmux.type(PROGRAM_NAME)
    tmux.wait_for(f"File  {PROGRAM_NAME}")
    tmux.keys("Enter")
    saved = workspace / "programs" / PROGRAM_NAME
    tmux.wait_for_toast(f"Saved {saved}")
    _wait(saved.is_file, STEP_TIMEOUT, f"{saved} to be written", tmux.report)

    # Quit: nothing unsaved, so ctrl+q ends hamtui, and with it the SSH connection.
    tmux.keys("C-q")
    _wait(
        lambda: tmux.exit_status() is not None, STEP_TIMEOUT, "ssh to end after ctrl+q", tmux.report
    )
    assert tmux.exit_status() == 0, tmux.report()

    program = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert program["format"] == "hamtui-program/1"
    [block] = program["blocks"]
    assert [item["exercise"] for item in block["items"]] == [EXERCISE]
    # Nothing was written outside the workspace, and nothing hidden inside it.
    assert not (tmp_path / "escape.toml").exists()
    outside = {p.name for p in tmp_path.iterdir()}
    assert outside == {"ssh", "workspace", "tmux.conf", "exit-status"}, outside
    assert not [p for p in workspace.rglob(".*")], list(workspace.rglob(".*"))
