"""notebooks/exploration.ipynb runs top to bottom in a kernel of this interpreter, and is
committed without outputs."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "exploration.ipynb"


def test_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "the notebook has no code cells"
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, "".join(cell["source"])[:80]


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory) -> str:
    """A kernelspec that starts ``sys.executable``, so that the notebook sees this venv's relex
    whatever kernels the machine has (or lacks); found through JUPYTER_PATH, nothing installed."""
    pytest.importorskip("ipykernel")
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / "relex-test"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "relex test", "language": "python"}))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(folder))
        # connection files and IPython's profile in tmp too: no writable home needed, no user start-up files
        mp.setenv("JUPYTER_RUNTIME_DIR", str(folder / "runtime"))
        mp.setenv("IPYTHONDIR", str(folder / "ipython"))
        yield "relex-test"


@pytest.fixture(scope="module")
def executed(kernel_name):
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("matplotlib")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, startup_timeout=120, kernel_name=kernel_name,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, if a cell fails
    return nb


def _outputs(nb, tag: str) -> list[dict]:
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r}"
    return cells[0].outputs


def test_notebook_runs(executed):
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_render_cell_shows_the_document_once(executed):
    html = [o for o in _outputs(executed, "render") if "text/html" in o.get("data", {})]
    assert len(html) == 1
    assert 'class="relex-relations"' in html[0]["data"]["text/html"] and "Paolo Venturin" in html[0]["data"]["text/html"]


def test_questions_and_chart(executed):
    signers = _outputs(executed, "signers")[0]["data"]["text/plain"]
    for name in ("Markus Obertaler", "Paolo Venturin", "Jan Dvořák", "Serik Schumangarin"):
        assert name in signers
    trade = _outputs(executed, "trade")[0]["data"]["text/plain"]
    assert "Litauen – Polen" in trade and "Kasachstan – Usbekistan" in trade
    assert any("image/png" in o.get("data", {}) for o in _outputs(executed, "chart"))


def test_dev_set_read_or_skipped(executed):
    text = "".join(o.get("text", "") for o in _outputs(executed, "dev-set") if o.output_type == "stream")
    dev = NOTEBOOK.parents[2] / "shared" / "data" / "relex-dev" / "dev.jsonl"
    if dev.is_file():
        assert "articles from" in text and "facts" in text
    else:
        assert "Skipping the development set" in text
