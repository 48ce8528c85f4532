"""The translation catalogues: which strings each package marks, and their French and Arabic.

Each job package (docs/architecture.md) keeps its own gettext catalogue in ``<package>/locale/``,
as Django looks in every installed app for one. Strings are found with Babel's reading of
Python, Jinja2's extractor for the public pages' templates and Django's own reading of the
admin's (``templatize``, as ``makemessages`` uses), so nothing but the project's Python
dependencies is needed: GNU gettext is not.

    python scripts/catalogues.py update    # add newly marked strings, drop ones no longer marked
    python scripts/catalogues.py compile   # .po -> .mo, as `make install` does
    python scripts/catalogues.py check     # what tests/test_catalogues.py checks

Templates of the top-level ``templates/`` belong to the package that renders them: the admin's
to the editors' package, the rest to the public site's.
"""

import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "ar")
DOMAIN = "django"
# Every gettext function the code may call, with the arguments that hold the message (Babel's
# notation: a number is a positional argument, (n, "c") the context).
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


@dataclass(frozen=True)
class Package:
    """A job package: its Python files, the templates it renders, and its catalogue."""

    path: str
    templates: tuple = ()
    root: Path = ROOT
    # Which language its templates are written in: "django", or "jinja2" (the public pages).
    template_language: str = "django"

    @property
    def directory(self):
        return self.root / self.path

    def catalogue(self, language):
        return self.directory / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"

    def python_files(self):
        """The package's modules, less its migrations and the packages nested in it."""
        nested = {p.directory for p in PACKAGES if p.directory != self.directory}
        nested = {path for path in nested if self.directory in path.parents}
        for path in sorted(self.directory.rglob("*.py")):
            if "migrations" in path.parts or any(n in path.parents for n in nested):
                continue
            yield path

    def template_files(self):
        for pattern in self.templates:
            yield from sorted(self.root.glob(pattern))


PACKAGES = (
    Package("missions"),
    Package(
        "missions/public",
        templates=("templates/public/**/*.html", "templates/*.html"),
        template_language="jinja2",
    ),
    Package(
        "missions/editors",
        templates=("templates/admin/**/*.html", "missions/editors/templates/**/*.html"),
    ),
    Package("missions/backups"),
    Package("missions/pagecache"),
)


def _python_messages(source, filename):
    for lineno, message, comments, context in extract(
        "python", io.BytesIO(source.encode()), keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        yield filename, lineno, message, comments, context


def _template_source(path):
    # Imported here: Django's templatize needs no settings, but importing it at the top would
    # make this script depend on Django merely to be read.
    from django.utils.translation.template import templatize

    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    # Babel reads it as Python, whose tokenizer would take the HTML's indentation for blocks
    # (and fail where a line is less indented than the one before, but more than an earlier
    # one); each message is on one line, so lines without their indentation lose nothing.
    return "\n".join(line.lstrip() for line in source.split("\n"))


def _jinja2_messages(path, filename):
    """The messages of a Jinja2 template, read by Jinja2's own extractor for Babel, as the
    public pages' environment (missions/public/templating/environment.py) parses them."""
    with path.open("rb") as template:
        for lineno, message, comments, context in extract(
            "jinja2.ext:babel_extract",
            template,
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            options={"extensions": "jinja2.ext.i18n"},
        ):
            yield filename, lineno, message, comments, context


def marked_messages(package):
    """Every message the package's files mark: (file, line, message, comments, context)."""
    for path in package.python_files():
        source = path.read_text(encoding="utf-8")
        yield from _python_messages(source, path.relative_to(package.root))
    for path in package.template_files():
        relative = path.relative_to(package.root)
        if package.template_language == "jinja2":
            yield from _jinja2_messages(path, relative)
        else:
            yield from _python_messages(_template_source(path), relative)


def code_catalogue(package):
    """A catalogue of the messages the package's code marks, without translations."""
    catalogue = Catalog(domain=DOMAIN, project="NMI Records", charset="utf-8")
    for filename, lineno, message, comments, context in marked_messages(package):
        catalogue.add(
            message,
            locations=[(str(filename), lineno)],
            auto_comments=comments,
            context=context,
            flags=("python-format",) if _has_placeholder(message) else (),
        )
    return catalogue


def _has_placeholder(message):
    texts = message if isinstance(message, tuple) else (message,)
    return any("%(" in text or "%s" in text or "%d" in text for text in texts)


def read_catalogue(path):
    with path.open("rb") as po_file:
        return read_po(po_file, domain=DOMAIN)


def _key(message):
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return (msgid, message.context)


def problems(package, language):
    """What is wrong with one catalogue, in words: strings the code marks that it does not
    translate, translations of strings the code no longer marks, and broken placeholders."""
    path = package.catalogue(language)
    wanted = {_key(m): m for m in code_catalogue(package) if m.id}
    if not path.exists():
        if wanted:
            return [f"{path} is missing ({len(wanted)} strings to translate)"]
        return []
    catalogue = read_catalogue(path)
    found = {_key(m): m for m in catalogue if m.id}
    relative = path.relative_to(package.root)
    found_problems = []
    for key, message in wanted.items():
        translated = found.get(key)
        where = ", ".join(f"{file}:{line}" for file, line in message.locations)
        if translated is None:
            found_problems.append(f"{relative}: no entry for {key[0]!r} ({where})")
        elif translated.fuzzy:
            found_problems.append(f"{relative}: the translation of {key[0]!r} is marked fuzzy")
        elif not all(_strings(translated.string)):
            found_problems.append(f"{relative}: {key[0]!r} is not translated ({where})")
        elif isinstance(message.id, tuple) != isinstance(translated.id, tuple):
            found_problems.append(f"{relative}: {key[0]!r} changed between singular and plural")
    for key in found.keys() - wanted.keys():
        found_problems.append(f"{relative}: {key[0]!r} is no longer marked in the code")
    for message, errors in catalogue.check():
        for error in errors:
            found_problems.append(f"{relative}: {message.id!r}: {error}")
    return found_problems


def marks_in_f_strings(package):
    """Messages marked inside an f-string in the package's Python, in words: Babel reads an
    f-string as one string and finds no message in it, so such a message is never translated
    (unless a template happens to mark the same one)."""
    found = []
    for path in package.python_files():
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                if token.type != tokenize.STRING:
                    continue
                prefix = token.string[: len(token.string) - len(token.string.lstrip("rbfuRBFU"))]
                if "f" in prefix.lower() and any(
                    _MARK.search(field) for field in _FIELD.findall(token.string.replace("{{", ""))
                ):
                    relative = path.relative_to(package.root)
                    found.append(
                        f"{relative}:{token.start[0]}: a message marked inside an f-string, which "
                        "the catalogues cannot read: mark it outside the f-string"
                    )
    return found


# An f-string's replacement field (its escaped braces taken out first), and a call of one of
# KEYWORDS' functions in it.
_FIELD = re.compile(r"\{([^{}]*)\}")
_MARK = re.compile(rf"\b(?:{'|'.join(map(re.escape, KEYWORDS))})\(")


def _strings(string):
    return string if isinstance(string, tuple | list) else (string,)


def all_problems():
    return [
        *(p for package in PACKAGES for p in marks_in_f_strings(package)),
        *(p for package in PACKAGES for language in LANGUAGES for p in problems(package, language)),
    ]


def update():
    """Brings each catalogue in step with the code, keeping every translation still wanted."""
    for package in PACKAGES:
        template = code_catalogue(package)
        for language in LANGUAGES:
            path = package.catalogue(language)
            if not len(template) and not path.exists():
                continue
            if path.exists():
                catalogue = read_catalogue(path)
            else:
                catalogue = Catalog(locale=language, domain=DOMAIN, project="NMI Records")
            catalogue.update(template, no_fuzzy_matching=True)
            catalogue.obsolete.clear()
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as po_file:
                write_po(po_file, catalogue, width=100, omit_header=False, sort_output=False)
            print(f"{path.relative_to(ROOT)}: {len(catalogue)} strings")


def compile_all():
    """Writes each catalogue's .mo next to it, as Django reads them."""
    for package in PACKAGES:
        for language in LANGUAGES:
            path = package.catalogue(language)
            if not path.exists():
                continue
            catalogue = read_catalogue(path)
            with path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalogue)


def main(command):
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = all_problems()
        print("\n".join(found) or "Every marked string is translated into French and Arabic.")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
