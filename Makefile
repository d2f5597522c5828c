# The two commands a newcomer needs: `make book` and `make test`.
# Both create .venv (if missing) and install requirements.txt into it first.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
JB     := $(VENV)/bin/jupyter-book
STAMP  := $(VENV)/.installed-stamp
NOTEBOOKS := $(wildcard chapters/*.ipynb)
# Each pytest run gets at most two workers: the machine this project targets has 2 cores.
WORKERS ?= 2

.PHONY: help setup book test test-package test-notebooks test-book test-browser test-assignments test-lab assignments grade execute lab benchmark pdf vendor clean

help:
	@echo "make book       build the HTML book into _build/html (warnings are errors)"
	@echo "make test       run every test: package, notebooks (nbval), book build, browser"
	@echo "make execute    re-execute every chapter notebook in place (after changing nnbook/)"
	@echo "make lab        open the chapters in JupyterLab (MyST exercises, solutions and maths rendered by jupyterlab-myst)"
	@echo "make test-lab   run every chapter in a real JupyterLab driven by Chromium"
	@echo "make benchmark  time nnbook against scikit-learn and raw matrix products"
	@echo "make pdf        build _build/latex/nnbook.pdf (needs Debian's TeX packages, see below)"
	@echo "make vendor     refresh the self-hosted JavaScript from the npm registry"
	@echo "make assignments  build every course assignment (student notebook + Gradescope zip) into _build/assignments"
	@echo "make grade A=01_neuron SUBS=folder  grade a folder of submissions locally (NO sandbox: see instructors.md)"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@# Build matplotlib's font cache now, so that no notebook prints the one-time notice.
	MPLBACKEND=Agg $(PY) -c "import matplotlib.pyplot"
	@touch $(STAMP)

setup: $(STAMP)

book: $(STAMP)
	$(JB) build . -W -n --keep-going

test: test-package test-notebooks test-book test-browser test-assignments test-lab

test-package: $(STAMP)
	$(PY) -m pytest tests -m "not browser and not assignments and not jupyterlab" -n $(WORKERS) -q

test-notebooks: $(STAMP)
	$(PY) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		-n $(WORKERS) --dist loadfile -q -p no:randomly $(NOTEBOOKS)

test-book: book

# Drives Debian's Chromium over the built book; skipped, and said so, when it is absent.
test-browser: test-book
	@test -x /usr/bin/chromium || echo "Browser tests SKIPPED: Chromium not found at /usr/bin/chromium (apt-get install chromium chromium-driver)"
	$(PY) -m pytest tests/browser -m browser -q -rs

# Course assignments (assignments/<chapter>/<chapter>.ipynb, see assignments/FORMAT.md).
# The grader runs its own processes in parallel (one per core), so pytest runs this file without -n.
test-assignments: $(STAMP)
	$(PY) -m pytest tests/test_assignments.py -m assignments -q -p no:randomly

assignments: $(STAMP)
	$(PY) tools/assignments/build.py

# make grade A=<assignment> SUBS=<folder> [TIMEOUT=120] [CELL_TIMEOUT=60] [MEMORY_MB=2048] [JOBS=cores]
# Rebuilds that assignment (a wrong A lists the valid names), then grades every .ipynb in SUBS.
grade: $(STAMP)
	$(PY) tools/assignments/build.py "$(A)"
	$(PY) tools/assignments/grade.py "$(A)" "$(SUBS)" $(if $(TIMEOUT),--timeout $(TIMEOUT)) \
		$(if $(CELL_TIMEOUT),--cell-timeout $(CELL_TIMEOUT)) $(if $(MEMORY_MB),--memory-mb $(MEMORY_MB)) \
		$(if $(JOBS),--jobs $(JOBS))

# Starts its own JupyterLab on a temporary copy of chapters/ (the repository is not touched),
# restarts and runs every chapter, moves every explorer and reads the rendered MyST.
# Screenshots in test-artifacts/jupyterlab/. Skipped, and said so, without Chromium.
test-lab: $(STAMP)
	@test -x /usr/bin/chromium || echo "JupyterLab tests SKIPPED: Chromium not found at /usr/bin/chromium (apt-get install chromium chromium-driver)"
	$(PY) -m pytest tests/jupyterlab -m jupyterlab -q -rs -p no:randomly

execute: $(STAMP)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=300 --ExecutePreprocessor.kernel_name=python3 $(NOTEBOOKS)

# JupyterLab on the chapters, with jupyterlab-myst (from requirements.txt) rendering exercises,
# dropdown solutions, admonitions and maths. `make lab LAB=notebook` opens Jupyter Notebook 7 instead.
LAB ?= lab
# The server's root is the repository (the chapters link to ../glossary.md); it opens on chapters/.
lab: $(STAMP)
	$(VENV)/bin/jupyter $(LAB) --ServerApp.root_dir=. \
		--ServerApp.default_url=$(if $(filter notebook,$(LAB)),/tree/chapters,/lab/tree/chapters) \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

benchmark: $(STAMP)
	$(PY) benchmarks/bench_sklearn.py
	$(PY) benchmarks/bench_mnist_size.py
	$(PY) benchmarks/bench_explorers.py
	$(PY) benchmarks/bench_grading.py

# Needs: apt-get install --no-install-recommends texlive-latex-recommended texlive-latex-extra
#        texlive-fonts-recommended texlive-xetex latexmk fonts-freefont-otf tex-gyre xindy
pdf: $(STAMP)
	$(JB) build . --builder pdflatex

vendor: $(STAMP)
	$(PY) tools/refresh_vendor.py

clean:
	rm -rf _build
