terraform {
  required_version = ">= 1.5"

  required_providers {
    chatops = {
      source  = "chatinfra/chatops"
      version = "~> 0.1"
    }
  }

  # Keep the state where the whole team's pipeline can reach it, e.g.:
  # backend "s3" {
  #   bucket = "acme-terraform-state"
  #   key    = "chatops/terraform.tfstate"
  #   region = "eu-west-1"
  # }
}
