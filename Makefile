.PHONY: setup app etl demo test test-quick lint bench
setup:
	pip install -r requirements.txt
app:
	streamlit run dashboard.py
etl:
	python -m etl build
demo:
	python -m etl demo
test:
	python -m pytest --full -n 2
test-quick:
	python -m pytest
lint:
	ruff check . && ruff format --check .
bench:
	python -m bench.etl
