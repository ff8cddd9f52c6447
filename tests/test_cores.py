"""Generation's use of both cores: the compile guard reports code that does not compile, whether
the files are compiled here or shared with a forked process (a large output); a running child
(validation) yields its core to the model chunks."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator import forked, generate

# The two broken files are the largest: compiled largest first in turn, one lands in each
# half when the files are shared with a forked process.
FILES = {
    "pkg/a.py": "x = 1\n",
    "pkg/b.py": "def f(:\n    pass\n" + "# padding\n" * 20,  # a syntax error on line 1
    "pkg/c.py": "class C:\n    y: int = 2\n",
    "pkg/d.py": "def g():\n    pass\nreturn 3\n" + "# padding\n" * 10,  # 'return' outside function
}


@pytest.mark.parametrize("shared", [False, True], ids=["here", "forked"])
def test_files_that_do_not_compile_are_reported_with_their_line(
    shared: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shared:
        monkeypatch.setattr(generate, "_COMPILE_SHARED", 1)
    errors = generate._compile_errors(FILES)
    assert [(rel, line) for rel, line, _ in errors] == [("pkg/b.py", 1), ("pkg/d.py", 3)]
    assert "outside function" in errors[1][2]


def test_clean_files_give_no_error_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    clean = {rel: text for rel, text in FILES.items() if rel in ("pkg/a.py", "pkg/c.py")}
    assert generate._compile_errors(clean) == []
    monkeypatch.setattr(generate, "_COMPILE_SHARED", 1)
    assert generate._compile_errors(clean) == []


def _own_niceness(go: Any) -> int:
    go.wait(10)
    return os.getpriority(os.PRIO_PROCESS, 0)


@pytest.mark.skipif(not forked.can_fork(), reason="no fork here")
def test_a_running_child_yields_its_core_to_workers_started_after_it() -> None:
    """Validation, started first, gets a lower priority when the model chunks fan out."""
    go = multiprocessing.get_context("fork").Event()
    base = os.getpriority(os.PRIO_PROCESS, 0)
    running = forked.start(_own_niceness, go)
    forked.yield_cores()
    go.set()
    assert running() == min(19, base + forked.YIELDED)
    assert os.getpriority(os.PRIO_PROCESS, 0) == base  # this process keeps its own
    assert not forked._running  # waited for: no longer touched


BILLING = Path(__file__).parent / "fixtures" / "realworld" / "billing30"
CLIENT = "cloudnet/billing/_client.py"


def _compiled_files(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """What each call of the compile guard is given, from now on."""
    calls: list[dict[str, str]] = []
    original = generate._compile_errors

    def spy(files: dict[str, str]) -> list[tuple[str, int, str]]:
        calls.append(dict(files))
        return original(files)

    monkeypatch.setattr(generate, "_compile_errors", spy)
    return calls


def _edited_billing(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of a four-operation tree built once with a cache, then one summary edited."""
    specs, cache = tmp_path / "specs", tmp_path / "cache"
    shutil.copytree(BILLING, specs)
    assert generate.build(specs, "cloudnet", "cloudnet", cache).ok
    spec = specs / "billing.yaml"
    spec.write_text(spec.read_text().replace("summary: Retrieve an invoice", "summary: Fetch one"))
    return specs, cache


def test_after_an_edit_the_guard_compiles_only_the_operation_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, cache = _edited_billing(tmp_path)
    calls = _compiled_files(monkeypatch)
    result = generate.build(specs, "cloudnet", "cloudnet", cache)
    assert result.ok, result.diagnostics
    assert result.files == generate.build(specs, "cloudnet", "cloudnet").files  # a full build
    assert [name for name in calls[0] if name.startswith(CLIENT)] == [f"{CLIENT} (batch 1)"]
    compiled = calls[0][f"{CLIENT} (batch 1)"]
    assert "Fetch one" in compiled and "def retrieve_invoice(" in compiled
    assert "async def retrieve_invoice(" in compiled
    for kept in ("list_invoices", "create_invoice", "upload_invoice_pdf"):
        assert f"def {kept}(" in result.files[CLIENT]
        assert f"def {kept}(" not in compiled, kept
    assert "class BillingClient(" in compiled  # the module's own lines around the operation


def test_an_operation_made_again_that_does_not_compile_is_reported_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A generator bug in the edited operation's method: the guard finds it in the operations
    made again, and reports the line of the client module that would have been written."""
    from generator import render

    specs, cache = _edited_billing(tmp_path)
    template = render._env().get_template("client_operation.py.j2")
    original = template.render

    def broken(*args: Any, **kwargs: Any) -> str:
        text = original(*args, **kwargs)
        if kwargs["part"] == "method" and "Fetch one" in text:
            text = text.removesuffix("\n") + "\n    return 1\n"  # in the class, not the method
        return text

    monkeypatch.setattr(template, "render", broken)
    calls = _compiled_files(monkeypatch)
    result = generate.build(specs, "cloudnet", "cloudnet", cache)
    errors = [d for d in result.diagnostics if d.rule == "generate-syntax"]
    assert len(errors) == 1, result.diagnostics  # compile stops at a file's first error
    assert (
        "def list_invoices(" not in calls[0][f"{CLIENT} (batch 1)"]
    )  # the operation made again...
    full = calls[1][CLIENT]  # ...then the module as it would have been written, for the line
    assert "def list_invoices(" in full
    line = int(errors[0].message.split(f"{CLIENT}:")[1].split()[0])
    assert full.splitlines()[line - 1].strip() == "return 1"
    assert "outside function" in errors[0].message
    monkeypatch.undo()  # nothing of the failed build was kept
    assert generate.build(specs, "cloudnet", "cloudnet", cache).files == (
        generate.build(specs, "cloudnet", "cloudnet").files
    )


def test_formatting_in_two_passes_gives_what_one_pass_gives() -> None:
    """The APIs' files are formatted while the release is made, the package's own files that
    the version changes after, in the same tree: import sorting still knows every first-party
    module (``helpers`` is only in the first pass)."""
    from generator.render.formatting import Formatter

    pyproject = '[project]\nname = "pkg"\n\n[tool.ruff]\nline-length = 100\n'
    apis = {"helpers/__init__.py": "X = 1\n", "pkg/api/_client.py": "import os\nx=os.sep\n"}

    def own(version: str) -> dict[str, str]:
        init = f"import pkg.api\nimport helpers\nimport httpx\nimport os\nVERSION = '{version}'\n"
        return {"pyproject.toml": pyproject, "pkg/__init__.py": init, "pkg/py.typed": ""}

    release = {"CHANGELOG.md": "# 0.2.0\n"}
    two = generate._Formatting(apis, own("0.1.0"))
    try:
        made = two.finish(own("0.2.0"), release)
    finally:
        two.close()
    with Formatter() as one:
        assert made == one.format({**apis, **own("0.2.0"), **release})
    assert made["pkg/__init__.py"].startswith("import os\n\nimport httpx\n\nimport helpers\n")


def test_a_cold_build_compiles_the_client_in_batches_and_finds_an_error_in_any(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a cache every operation is made anew: the guard compiles the client module in
    batches of operations (the syntax tree of a whole 4.8 MB module is 130 MB at once), every
    operation in one of them, and an error in the last batch is still found at its line."""
    from generator import render

    monkeypatch.setattr(render, "GUARD_BATCH", 1)
    calls = _compiled_files(monkeypatch)
    result = generate.build(BILLING, "cloudnet", "cloudnet")
    assert result.ok, result.diagnostics
    batches = [text for name, text in calls[0].items() if name.startswith(CLIENT)]
    assert len(batches) == 4 and CLIENT not in calls[0]
    for method in ("list_invoices", "create_invoice", "retrieve_invoice", "upload_invoice_pdf"):
        assert sum(f"    def {method}(" in text for text in batches) == 1, method
        assert f"    def {method}(" in result.files[CLIENT]

    template = render._env().get_template("client_operation.py.j2")
    original = template.render

    def broken(*args: Any, **kwargs: Any) -> str:
        text = original(*args, **kwargs)
        if kwargs["part"] == "method" and "def upload_invoice_pdf(" in text:
            text = text.removesuffix("\n") + "\n    return 1\n"
        return text

    monkeypatch.setattr(template, "render", broken)
    calls.clear()
    errors = [
        d
        for d in generate.build(BILLING, "cloudnet", "cloudnet").diagnostics
        if d.rule == "generate-syntax"
    ]
    assert len(errors) == 1, errors
    line = int(errors[0].message.split(f"{CLIENT}:")[1].split()[0])
    assert calls[1][CLIENT].splitlines()[line - 1].strip() == "return 1"


def test_a_build_that_ends_before_its_package_step_stops_ruff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation found an error while the files were being formatted: the build returns at
    once, ruff stopped, the scratch tree gone."""
    import time

    from generator.render import formatting

    slow = tmp_path / "ruff"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setattr(formatting, "_ruff", lambda: str(slow))
    started = time.monotonic()
    work = generate._Formatting({"pkg/a.py": "x = 1\n"}, {"pyproject.toml": ""})
    work.close()
    assert time.monotonic() - started < 10
    assert not work.formatter.root.exists()
