"""Progress bars for the backup commands: on a terminal only, and never under --verbosity 0."""

from django.utils.translation import pgettext
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
            unit=" " + pgettext("progress bar unit", "records"),
            unit_scale=True,
            file=Unterminated(stream),
            disable=not enabled,
            leave=False,
        )

    return bar


class Unterminated:
    """Hands tqdm a command's output wrapper that writes text as given: Django's wrapper ends
    every write with a newline, which would print each redraw of the bar on a line of its own."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")

    def flush(self):
        self.wrapper.flush()


def no_progress(total, description):
    """The factory for callers that draw no bars, such as a restore run from code."""
    return NoBar()


class NoBar:
    def update(self, count):
        """Nothing to show."""

    def close(self):
        """Nothing to close."""
