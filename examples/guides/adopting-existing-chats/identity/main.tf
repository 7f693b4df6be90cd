terraform {
  required_version = ">= 1.12"
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

provider "chatops" {}

# The same adoption by resource identity (Terraform 1.12+, OpenTofu 1.12+):
# the identity names the object, whichever form of its id you have.
import {
  to       = chatops_devrev_conversation.escalations
  identity = { id = "CONV-1" }
}

resource "chatops_devrev_conversation" "escalations" {
  title   = "Escalations: Acme"
  members = ["DEVU-2"]
}
