# The root `terraform test` runs in (make infra-tftest). It declares nothing: every run block in
# tests/ names the root it plans and applies (terraform/envs/dev, terraform/envs/prod,
# all_options/) against the mock AWS provider in mocks/, so no credentials or network are needed.
