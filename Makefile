# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.relex-installed

.PHONY: demo test evaluate benchmark model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,notebook]"
	touch $(STAMP)

demo: $(STAMP)  ## extract facts from the example articles in examples/
	$(VENV)/bin/relex extract examples --format text --html out/demo.html
	@echo "A picture of the same: out/demo.html"

test: $(STAMP)  ## run the test suite
	$(PY) -m pytest

evaluate: $(STAMP)  ## scores on the dev set and the seed (needs ../shared)
	$(VENV)/bin/relex evaluate ../shared/data/relex-dev/dev.jsonl
	$(VENV)/bin/relex evaluate ../shared/data/seed/seed.gold.jsonl

benchmark: $(STAMP)  ## throughput of tokenizer, base model and relex side by side
	$(PY) benchmarks/throughput.py

model:  ## rebuild the shipped base model from the corpora (hours on 2 cores)
	bash training/build_model.sh ../shared/data

clean:
	rm -rf $(VENV) out build dist
