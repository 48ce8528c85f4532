"""The packages import only what docs/architecture.md says they may: its drawing stays true."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["missions.public", "missions.editors", "missions.backups", "missions.pagecache"]


def allowed_imports():
    """{package: the project packages it may import}, read from the list in docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = text.split("<!-- imports:")[1].split("<!-- end imports -->")[0]
    allowed = {}
    for line in block.splitlines():
        if match := re.match(r"- `([\w.]+)`: (.*)", line):
            allowed[match[1]] = set(re.findall(r"`([\w.]+)`", match[2]))
    return allowed


def package_of(module):
    """The package of the project a dotted module name belongs to, or None if not the project's."""
    if module.startswith("nmi_site"):
        return "nmi_site"
    for package in PACKAGES:
        if module == package or module.startswith(f"{package}."):
            return package
    if module == "missions" or module.startswith("missions."):
        return "missions"
    return None


def imported_modules(path, module):
    """Every module ``path`` (the module ``module``) imports, relative imports resolved."""
    tree = ast.parse(path.read_text())
    is_package = path.name == "__init__.py"
    parts = module.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module
            yield name
            yield from (f"{name}.{alias.name}" for alias in node.names)


def project_modules():
    for folder in ("missions", "nmi_site"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield path, module.removesuffix(".__init__")


def test_the_documented_import_list_names_every_package():
    assert set(allowed_imports()) == {"missions", "nmi_site", *PACKAGES}


def test_every_module_imports_only_the_packages_the_architecture_doc_allows():
    allowed = allowed_imports()
    wrong = set()
    for path, module in project_modules():
        own = package_of(module)
        for imported in imported_modules(path, module):
            target = package_of(imported)
            if target is not None and target != own and target not in allowed[own]:
                wrong.add(f"{module} imports {imported}")
    assert wrong == set()


def test_no_package_imports_one_that_imports_it():
    allowed = allowed_imports()
    cycles = {(a, b) for a, targets in allowed.items() for b in targets if a in allowed.get(b, ())}
    assert cycles == set()
