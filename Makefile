# The two commands a new user needs: `make run` and `make test`.
.PHONY: run stop test install lint messages demo worker clean

run:            ## set up, migrate, load demo content and serve on http://127.0.0.1:8000
	bash scripts/run.sh

stop:           ## stop the web server, worker and beat a `make run` left running
	bash scripts/stop.sh

test:           ## the whole suite on SQLite and PostgreSQL, the real-worker tests on Redis, ruff
	bash scripts/test.sh

install:        ## create .venv and install the project with its development tools
	bash scripts/setup.sh

lint:
	bash scripts/setup.sh && .venv/bin/ruff check .

messages:       ## refresh the translation catalogues after changing UI strings
	bash scripts/setup.sh && .venv/bin/python scripts/i18n.py update

clean:
	rm -rf var .pytest_cache test-artifacts
