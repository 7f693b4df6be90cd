terraform {
  required_version = ">= 1.5"
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

# This workspace's share of the HelpCrunch key's 120 requests a minute: the
# pipelines that may run at once with this key split it (here 4, so 30).
variable "helpcrunch_budget" {
  type    = number
  default = 30
}

# One support chat per customer of this team, keyed by a name that stays
# when the list changes, so that adding one plans one create and nothing else.
variable "support_chats" {
  type = map(object({
    customer = number
    assignee = number
  }))
  default = {
    acme     = { customer = 1, assignee = 1 }
    globex   = { customer = 2, assignee = 1 }
    initech  = { customer = 3, assignee = 2 }
    umbrella = { customer = 4, assignee = 2 }
    hooli    = { customer = 5, assignee = 3 }
    stark    = { customer = 6, assignee = 3 }
  }
}

provider "chatops" {
  helpcrunch = {
    max_requests_per_minute = var.helpcrunch_budget
  }
}

resource "chatops_helpcrunch_chat" "support" {
  for_each = var.support_chats

  customer    = each.value.customer
  application = 1
  assignee    = each.value.assignee
  status      = "opened"
}
