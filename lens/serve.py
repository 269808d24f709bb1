"""Start the dashboard only when its configuration is safe to serve.

    python -m lens.serve [any option of `streamlit run`, e.g. --server.port 8501]

Streamlit reads its options (command-line flags, STREAMLIT_* environment variables such as
STREAMLIT_SECRETS_FILES, config.toml) when `streamlit run` starts, and runs the dashboard's script
only when someone opens a page. This runs Streamlit's own command line with the same arguments and,
once the options are loaded and before the server starts listening, asks lens.auth.access what would
stop this deployment serving anyone (a declared non-public deployment without a readable secrets
file, a missing, misspelt or malformed [auth], a placeholder or weak cookie secret, ...). A problem
is printed to stderr and the process exits with status 78 (EX_CONFIG): the container stops, its
health check never passes, and nginx sends nobody to it. The router (dashboard.py) checks the same
again on every page view, for a server started with plain `streamlit run`.
"""

from __future__ import annotations

import sys
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"
EX_CONFIG = 78  # sysexits.h: configuration error


def refuse_unless_configured() -> None:
    """Exit with EX_CONFIG and the problem on stderr when this deployment may not serve."""
    from lens.auth.access import deployment_problem, serves_non_public

    problem = deployment_problem()
    if problem:
        print(f"Partnership Lens will not start: {problem}", file=sys.stderr, flush=True)
        raise SystemExit(EX_CONFIG)
    if not serves_non_public():
        print(
            "Partnership Lens: LENS_SERVES_NON_PUBLIC is not set, so LAs' own parent surveys and "
            "advisers' engagement judgements of a real warehouse are not shown to anyone (the "
            "demonstration data's fictional ones are).",
            file=sys.stderr,
            flush=True,
        )


def main(argv: list[str]) -> None:
    from streamlit.web import bootstrap, cli

    start = bootstrap.run

    def checked_start(*args: object, **kwargs: object) -> None:
        refuse_unless_configured()
        start(*args, **kwargs)

    bootstrap.run = checked_start
    cli.main(["run", str(DASHBOARD), *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
