terraform {
  required_version = ">= 1.14"
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

provider "chatops" {}
