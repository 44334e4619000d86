terraform {
  required_version = ">= 1.10.0" # use_lockfile in backend.tf

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = { Project = "cloud-chat", ManagedBy = "terraform" }
  }
}
