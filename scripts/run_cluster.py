"""Run the dashboard the way it is deployed for many viewers, on this machine.

PostgreSQL, two Streamlit app servers sharing it, and nginx in front of them
(deploy/nginx.conf: sticky sessions, websockets, gzip), all from Debian packages:

    .venv/bin/python scripts/run_cluster.py                # http://127.0.0.1:8080, data in var/cluster/
    .venv/bin/python scripts/run_cluster.py --throwaway    # a temporary cluster, deleted on exit
    .venv/bin/python scripts/run_cluster.py --listen 0.0.0.0 --port 80 --apps 3

It initialises a PostgreSQL cluster (as the ``postgres`` user when run as root, since the
server refuses to run as root), creates the database, seeds it once, starts the app servers
with ``DASHBOARD_DATABASE_URL`` pointing at it, starts nginx as a foreground process with
every file under the work directory, waits until all of them answer, prints the address and
stops everything cleanly on Ctrl-C or SIGTERM. ``Cluster`` lives in
``dashboard.deploy``, where the tests and ``bench/load.py`` import it.

Needs Debian's ``postgresql`` and ``nginx`` (``scripts/install_system_deps.sh`` installs
them as root).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from dashboard import settings
from dashboard.deploy import LOCALHOST, Cluster, ClusterError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--listen", default=LOCALHOST, help="nginx's address (default 127.0.0.1)")
    parser.add_argument("--apps", type=int, default=2, help="number of app servers (default 2)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workdir",
        type=Path,
        default=settings.PROJECT_ROOT / "var" / "cluster",
        help="database, logs and nginx files; kept between runs (default var/cluster)",
    )
    where.add_argument("--throwaway", action="store_true", help="a temporary cluster, deleted on exit")
    return parser


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.apps < 1:
        print("run_cluster: --apps must be at least 1", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    cluster = Cluster(
        None if arguments.throwaway else arguments.workdir,
        front_port=arguments.port,
        listen=arguments.listen,
        app_count=arguments.apps,
    )
    try:
        print(
            f"Starting PostgreSQL, {arguments.apps} app servers and nginx in {cluster.workdir} …", flush=True
        )
        cluster.start()
        print(f"Dashboard: {cluster.url}", flush=True)
        print(f"  app servers: {', '.join(cluster.app_urls)} (sticky sessions through nginx)")
        print(f"  database:    {cluster.database_url}")
        print(f"  logs:        {cluster.logs}")
        print("Ctrl-C stops everything.", flush=True)
        while True:
            stopped = cluster.exited()
            if stopped:
                print(
                    f"run_cluster: stopped by itself: {', '.join(stopped)}; see {cluster.logs}",
                    file=sys.stderr,
                )
                return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping …", flush=True)
        return 0
    except ClusterError as error:
        print(f"run_cluster: {error}", file=sys.stderr)
        return 1
    finally:
        # A second Ctrl-C must not cut the shutdown short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
