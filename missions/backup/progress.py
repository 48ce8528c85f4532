"""Progress bars for the backup commands: on a terminal only, and never under --verbosity 0."""

from tqdm import tqdm


def progress_bars(stream, verbosity):
    """A factory ``(total, description) -> bar`` drawing on ``stream`` when it is a terminal.

    Bars go to standard error, so ``export_backup --output -`` can stream the backup itself
    on standard output.
    """
    enabled = verbosity > 0 and stream.isatty()

    def bar(total, description):
        return tqdm(
            total=total,
            desc=description,
            unit=" records",
            unit_scale=True,
            file=stream,
            disable=not enabled,
            leave=False,
        )

    return bar
