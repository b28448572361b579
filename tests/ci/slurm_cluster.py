"""A throw-away single-node Slurm cluster on localhost, for the Slurm tests.

Everything lives in one temporary folder: a private munge key and socket, the
configuration, the controller's state and the node's spool. Nothing in /etc is
changed, the daemons listen on free ports of 127.0.0.1, and :meth:`stop` ends
exactly the processes :meth:`start` began.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

PACKAGES = ("slurmctld", "slurmd", "slurm-client", "munge")
BINARIES = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel")


class SlurmUnavailable(RuntimeError):
    """Slurm cannot be installed or started here (the reason is the message)."""


def ensure_installed() -> None:
    """Install Debian's Slurm and munge packages when they are missing (needs root and apt-get)."""
    if all(shutil.which(name) or Path("/usr/sbin", name).exists() for name in BINARIES):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SlurmUnavailable("Slurm is not installed and cannot be installed here (needs root and apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q", "--no-install-recommends",
               *PACKAGES]
    done = subprocess.run(install, env=env, capture_output=True, text=True)
    if done.returncode != 0:  # the package lists may be missing on a fresh machine
        subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-q"], env=env,
                       capture_output=True, text=True)
        done = subprocess.run(install, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SlurmUnavailable("apt-get could not install Slurm: " + done.stderr.strip()[-500:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sbin(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin") / name)


class SlurmCluster:
    """One controller and one node (this machine, ``cpus`` CPUs), all under ``base``."""

    def __init__(self, base: Path, cpus: int = 2) -> None:
        self.base = Path(base)
        self.cpus = cpus
        self.conf = self.base / "slurm.conf"
        self.processes: list[subprocess.Popen] = []

    @property
    def env(self) -> dict[str, str]:
        """The environment for Slurm's client commands (sbatch, squeue...) to reach this cluster."""
        return dict(os.environ, SLURM_CONF=str(self.conf))

    def start(self) -> "SlurmCluster":
        ensure_installed()
        for folder in ("state", "spool", "log", "munge"):
            (self.base / folder).mkdir(parents=True, exist_ok=True)
        munge = self.base / "munge"
        munge.chmod(0o700)
        key = munge / "munge.key"
        key.write_bytes(os.urandom(128))
        key.chmod(0o400)
        sock = munge / "munge.socket"
        self._spawn([_sbin("munged"), "--foreground", "--force", f"--socket={sock}", f"--key-file={key}",
                     f"--pid-file={munge / 'munged.pid'}", f"--log-file={munge / 'munged.log'}",
                     f"--seed-file={munge / 'munged.seed'}"], "munged")
        self._wait_for(sock.exists, "munged did not create its socket")
        host = socket.gethostname().split(".")[0]
        self.conf.write_text(f"""\
ClusterName=autograder-test
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={sock}
StateSaveLocation={self.base / 'state'}
SlurmdSpoolDir={self.base / 'spool'}
SlurmctldPidFile={self.base / 'slurmctld.pid'}
SlurmdPidFile={self.base / 'slurmd.pid'}
SlurmctldLogFile={self.base / 'log' / 'slurmctld.log'}
SlurmdLogFile={self.base / 'log' / 'slurmd.log'}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
SwitchType=switch/none
SchedulerParameters=defer_batch=0
MinJobAge=600
KillWait=2
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName={host} NodeAddr=127.0.0.1 CPUs={self.cpus} State=UNKNOWN
PartitionName=grading Nodes={host} Default=YES MaxTime=INFINITE State=UP
""")
        self._spawn([_sbin("slurmctld"), "-D", "-i", "-f", str(self.conf)], "slurmctld")
        self._spawn([_sbin("slurmd"), "-D", "-f", str(self.conf)], "slurmd")
        self._wait_for(self._node_ready, "the Slurm node did not become ready", timeout=90)
        return self

    def _spawn(self, command: list[str], name: str) -> None:
        log = open(self.base / "log" / f"{name}.out", "wb")
        self.processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                               env=self.env, start_new_session=True))

    def _node_ready(self) -> bool:
        done = subprocess.run(["sinfo", "--noheader", "--format=%T"], env=self.env, capture_output=True, text=True)
        return done.returncode == 0 and done.stdout.strip() in ("idle", "mixed", "allocated")

    def _wait_for(self, condition, message: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            for process in self.processes:
                if process.poll() is not None:
                    raise SlurmUnavailable(f"{message}: {process.args[0]} exited with {process.returncode}; "
                                           + self.logs())
            if time.monotonic() > deadline:
                raise SlurmUnavailable(f"{message} within {timeout:.0f} s; " + self.logs())
            time.sleep(0.2)

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-2000:]}"
                         for path in sorted((self.base / "log").glob("*")))

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
