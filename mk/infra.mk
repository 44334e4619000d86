# Infrastructure: offline checks and the AWS deploy path. Include at the END of the Makefile
# (uses its STAMP/PY for the app virtualenv, which must be defined first).
#   make infra-check               terraform fmt + validate + mock-provider plan/apply, checkov, structural tests
#                                  (no AWS, no provider download)
#   make deploy  STAGE=dev         build + terraform apply + web upload (needs AWS credentials)
#   make destroy STAGE=dev         terraform destroy
#   make rollback STAGE=prod       pin every function's "live" alias one version back (a terraform apply)
STAGE       ?= dev
PYTHON      ?= python3
INFRA_VENV  := .venv-infra
INFRA_PY    := $(INFRA_VENV)/bin/python
INFRA_STAMP := $(INFRA_VENV)/.installed-$(shell cksum requirements-infra.txt | cut -d' ' -f1)
TERRAFORM   ?= terraform
TF_PLUGIN_DIR ?= /opt/tf-plugins

.PHONY: infra-venv infra-check infra-fmt infra-validate infra-tftest infra-checkov infra-test infra-docs deploy destroy rollback

## infra-venv: separate virtualenv for checkov/python-hcl2/pytest (checkov pins clash with the app's)
infra-venv: $(INFRA_STAMP)

$(INFRA_STAMP): requirements-infra.txt
	test -x $(INFRA_PY) || $(PYTHON) -m venv $(INFRA_VENV)
	echo '*' > $(INFRA_VENV)/.gitignore  # keeps git and ruff (`make lint`) out of it
	$(INFRA_PY) -m pip install -q --upgrade pip
	$(INFRA_PY) -m pip install -q -r requirements-infra.txt
	rm -f $(INFRA_VENV)/.installed-* && touch $@

## infra-check: the offline infrastructure checks (part of `make test`)
infra-check: infra-fmt infra-validate infra-tftest infra-checkov infra-test

infra-fmt:
	$(TERRAFORM) fmt -check -recursive terraform

## infra-validate: terraform init (-backend=false, providers only from the local mirror) + validate
## for envs/dev, envs/prod and envs/account. Skips (successfully) where the mirror is missing.
infra-validate:
	TERRAFORM=$(TERRAFORM) TF_PLUGIN_DIR=$(TF_PLUGIN_DIR) scripts/tf_offline.sh validate

## infra-tftest: `terraform test` (tests/infra/terraform): envs/dev, envs/prod and an all-options
## root planned and applied against the mock AWS provider, plus per-module assertions.
infra-tftest:
	TERRAFORM=$(TERRAFORM) TF_PLUGIN_DIR=$(TF_PLUGIN_DIR) scripts/tf_offline.sh test

infra-checkov: $(INFRA_STAMP)
	BC_SKIP_MAPPING=TRUE $(INFRA_VENV)/bin/checkov -d terraform --framework terraform --quiet --compact

# The chalice-package test runs the app's chalice; the schema test imports chalicelib in .venv.
infra-test: $(INFRA_STAMP) $(STAMP)
	$(INFRA_PY) -m pytest -q tests/infra --confcutdir=tests/infra

## infra-docs: regenerate the inputs/outputs tables in terraform/modules/*/README.md
infra-docs: $(INFRA_STAMP)
	$(INFRA_PY) scripts/gen_infra_readmes.py
	$(TERRAFORM) fmt -recursive terraform

## deploy: terraform apply + Lambda package + web upload for STAGE (docs/deploy.md)
deploy: $(STAMP)
	STAGE=$(STAGE) PY=$(PY) scripts/deploy.sh

## destroy: tear STAGE down
destroy:
	STAGE=$(STAGE) scripts/deploy_destroy.sh

## rollback: pin every function's "live" alias one version back through terraform (VERSION=n: that
## version; VERSION=latest: lift the pin)
rollback:
	STAGE=$(STAGE) VERSION=$(VERSION) scripts/deploy_rollback.sh
