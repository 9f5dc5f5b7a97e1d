"""The `harvester` command group, and the one place errors become exit codes."""

from __future__ import annotations

import sys

import click

from harvester.cli.jobs import migrate, nightly, runs
from harvester.cli.lists import check, harvest_command, parse, render
from harvester.cli.review import ack, audit, explain, pin, reconcile, unpin
from harvester.errors import HarvesterError, Interrupted
from harvester.pipeline import stopping


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="harvester")
@click.option("-v", "--verbose", count=True, help="More log lines on stderr (any command).")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr (any command).")
def cli(verbose: int, quiet: bool) -> None:
    """Keep the dates in a curated paper list honest.

    -v and -q may come before the command or after it.

    Example: harvester harvest README.md --db dates.sqlite
    """


for command in (
    parse,
    harvest_command,
    check,
    render,
    reconcile,
    audit,
    explain,
    ack,
    pin,
    unpin,
    nightly,
    runs,
    migrate,
):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: our errors become one line on stderr and the contract's exit
    code; SIGINT and SIGTERM one line and 130 or 143."""
    stopping.install()
    try:
        result = cli.main(args=argv, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except HarvesterError as exc:
        stopping.ignore()
        click.echo(f"harvester: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except (Interrupted, KeyboardInterrupt) as exc:
        name, code = (
            (exc.signal_name, exc.exit_code) if isinstance(exc, Interrupted) else ("SIGINT", 130)
        )
        stopping.ignore()  # a second Ctrl-C, or a SIGTERM, while leaving
        click.echo(f"harvester: stopped by {name}", err=True)
        sys.exit(code)
    if isinstance(result, int):  # --help and --version end here, with click's exit code
        sys.exit(result)
