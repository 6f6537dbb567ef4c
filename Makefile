# Two commands: `make run` (set up and serve the demo site) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install migrate demo lint format messages check-deploy audit smoke bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  Shop (Vietnamese):  http://$(HOST):$(PORT)/"
	@echo "  Shop (English):     http://$(HOST):$(PORT)/en/"
	@echo "  Catalogue:          http://$(HOST):$(PORT)/shop/"
	@echo "  Oscar dashboard:    http://$(HOST):$(PORT)/dashboard/"
	@echo "  Wagtail CMS:        http://$(HOST):$(PORT)/cms/"
	@echo "  Django admin:       http://$(HOST):$(PORT)/django-admin/"
	@echo "  Health:             http://$(HOST):$(PORT)/healthz"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# Honours DATABASE_URL: the same suite runs on SQLite (default) and PostgreSQL.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	$(PY) manage.py makemessages -l vi -l en --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='bench/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore='.venv/*'

# Throwaway values that production accepts (it refuses sample ones: marketplace/settings/production_checks.py).
check-deploy: install
	SECRET_KEY=throwaway-$$(date +%s)-not-a-real-secret-key-0123456789abcdef ALLOWED_HOSTS=ocop.example.vn \
	SITE_URL=https://ci.ocop.internal EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend EMAIL_HOST=smtp.ci.ocop.internal \
	DEFAULT_FROM_EMAIL=no-reply@ci.ocop.internal OPERATOR_EMAIL=hotro@ci.ocop.internal \
	OPERATOR_PHONE="0210 3846 123" OPERATOR_REGISTRATION=CI-0000000001 \
	REDIS_URL=redis://127.0.0.1:6379/14 CELERY_BROKER_URL=redis://127.0.0.1:6379/14 TRUSTED_PROXY_NETWORKS=10.0.0.0/8 \
		$(PY) manage.py check --deploy --fail-level WARNING --settings=marketplace.settings.production

# Known vulnerabilities in .venv's packages (pip-audit). Exit 2 and "NOT CHECKED" when the vulnerability
# database cannot be reached: never "no known vulnerabilities" when nothing was checked.
audit: install
	$(PY) .ci/audit.py

# Production settings under gunicorn with a real Celery worker and beat, a shopper's and an officer's
# journey over HTTP, then the same with Redis gone (.ci/smoke; PostgreSQL and redis-server needed).
smoke: install
	.ci/smoke

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
