terraform {
  required_version = ">= 1.5"
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

provider "chatops" {}

# A HelpCrunch chat opened by the widget before Terraform: its numeric id.
import {
  to = chatops_helpcrunch_chat.vip
  id = "1"
}

resource "chatops_helpcrunch_chat" "vip" {
  customer    = 1
  application = 1
}

# A DevRev DM made in the app: its display id (or DON id).
import {
  to = chatops_devrev_chat.partners
  id = "DM-1"
}

resource "chatops_devrev_chat" "partners" {
  users = ["DEVU-1", "DEVU-4"]
  title = "Partners"
}

# A DevRev conversation: its display id; the state keeps its DON id.
import {
  to = chatops_devrev_conversation.escalations
  id = "CONV-1"
}

resource "chatops_devrev_conversation" "escalations" {
  title   = "Escalations: Acme"
  members = ["DEVU-2"]
}
