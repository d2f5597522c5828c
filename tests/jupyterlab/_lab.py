"""Start a throw-away JupyterLab on the chapters, and the JavaScript the suite runs in it.

The server runs on 127.0.0.1 on a free port without a token, with every Jupyter
directory (config, data, runtime, settings, workspaces) inside a temporary folder, and
serves a temporary COPY of ``chapters/`` and of the pages the chapters link to (the
glossary, the references), laid out as in the repository: running the notebooks never
touches the repository, and a link such as ``../glossary.md#term-epoch`` leads where it
leads for a learner who opened the repository in JupyterLab or Binder. ``LabApp.expose_app_in_browser`` puts the application on ``window.jupyterapp``,
so the tests call JupyterLab's own commands (``notebook:restart-run-all``, ...) and read
the notebook's model instead of guessing from pixels.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
ARTIFACTS = ROOT / "test-artifacts" / "jupyterlab"
NOTEBOOKS = sorted(p.name for p in CHAPTERS.glob("*.ipynb"))
# the pages outside chapters/ that the chapters link to
LINKED_PAGES = ("glossary.md", "references.md", "intro.md", "api.md")

# User settings for the throw-away JupyterLab:
# * every cell attached to the page (the default windowing modes leave cells out of the
#   page, or unrendered, until they are scrolled to, and the checks read the whole notebook);
# * no news and no update check (both would try to reach the internet).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``jupyter lab`` in a subprocess; ``start()`` returns once ``/api/status`` answers."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.root = workdir / "repository"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "jupyterlab.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120.0) -> "LabServer":
        shutil.copytree(CHAPTERS, self.root / "chapters")
        for page in LINKED_PAGES:
            shutil.copy(ROOT / page, self.root / page)
        dirs = {name: self.workdir / name for name in ("config", "data", "runtime", "settings", "workspaces")}
        for d in dirs.values():
            d.mkdir()
        for name, value in LAB_SETTINGS.items():
            path = dirs["settings"] / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
                   JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
                   JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]), JUPYTER_PLATFORM_DIRS="1",
                   MPLBACKEND="module://matplotlib_inline.backend_inline")
        cmd = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
               "--ServerApp.token=", "--ServerApp.password=",
               f"--ServerApp.root_dir={self.root}", "--LabApp.expose_app_in_browser=True",
               "--LabApp.news_url=", "--ServerApp.port_retries=0"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(cmd, env=env, cwd=self.root, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2):
                    return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()          # the server shuts its kernels down on SIGTERM
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if getattr(self, "_log", None):
            self._log.close()

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""


# --------------------------------------------------------------------------- JavaScript
# The open notebook panel (the current widget of the shell).
NOTEBOOK_READY_JS = """
(name) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.context || !w.context.isReady || w.context.path !== name) return false;
  const cells = w.content.widgets;
  // every markdown cell rendered (jupyterlab-myst renders asynchronously)
  return cells.length > 0 && cells.every((c) => c.model.type !== 'markdown' || c.rendered);
}
"""

KERNEL_IDLE_JS = """
() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}
"""

# Done when the kernel is idle and no code cell is queued or running: either every code
# cell has run (an execution count), or run-all stopped at an error.
RUN_DONE_JS = """
() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  const code = w.content.widgets.filter((c) => c.model.type === 'code');
  if (code.some((c) => c.model.executionState === 'running' || c.promptNode && /\\*/.test(c.promptNode.textContent))) return false;
  const errored = code.some((c) => c.model.outputs.toJSON().some((o) => o.output_type === 'error'));
  return errored || code.every((c) => c.model.executionCount !== null);
}
"""

# What a reader sees of each cell: the visible text of the rendered markdown cells, and,
# per code cell, what its outputs are and how they are displayed.
COLLECT_JS = r"""
() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets;
  const seen = (e) => e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && e.getBoundingClientRect().height > 0;
  const markdown = cells.filter((c) => c.model.type === 'markdown').map((c) => ({
    id: c.model.id,
    text: c.node.innerText,
    // all text but code, hidden parts included (maths must be typeset in closed solutions too)
    prose: (() => { const k = c.node.cloneNode(true);
                    k.querySelectorAll('.jp-InputArea-editor, pre, code, .katex, mjx-container').forEach((e) => e.remove());
                    return k.textContent; })(),
    katex: c.node.querySelectorAll('.katex').length,
    details: c.node.querySelectorAll('details').length,
  }));
  const code = cells.filter((c) => c.model.type === 'code').map((c) => {
    const outs = c.model.outputs.toJSON();
    const area = c.node.querySelector('.jp-OutputArea');
    return {
      id: c.model.id,
      count: c.model.executionCount,
      errors: outs.filter((o) => o.output_type === 'error').map((o) => o.ename + ': ' + o.evalue),
      mimes: outs.map((o) => Object.keys(o.data || {}).concat(o.output_type === 'stream' ? ['stream:' + o.name] : [])),
      shown: area ? area.innerText.slice(0, 300) : '',
      images: area ? area.querySelectorAll('img').length : 0,
      widgets: area ? area.querySelectorAll('.jupyter-widgets').length : 0,
      explorers: area ? area.querySelectorAll('img.nnbook-explorer-figure').length : 0,
      staticNotes: area ? [...area.querySelectorAll('.nnbook-static-note')].map((n) => n.innerText) : [],
      // what only the web page should show, and what a saved, unrun notebook shows instead of widgets
      webOnlyVisible: area ? [...area.querySelectorAll('.nnbook-static-note, .nnbook-flipbook-note, img.nnbook-flipbook-frame')]
                               .filter(seen).map((n) => n.className) : [],
      runHints: area ? [...area.querySelectorAll('.nnbook-run-hint')].filter(seen).length : 0,
      liveLines: area ? [...area.querySelectorAll('.nnbook-live-line')].filter(seen).length : 0,
    };
  });
  return {markdown, code, trusted: cells.filter((c) => c.model.type === 'code').every((c) => c.model.trusted)};
}
"""
