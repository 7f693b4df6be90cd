# Onboarding one customer end to end, with no id looked up by hand: the
# customer in HelpCrunch, their chat (reusing one they already opened through
# the widget, if any), a greeting in it (greeting.tf, Terraform 1.14 and
# later), and the DevRev conversation escalations go to, whose members are
# found by email. `make demo` applies it against the fake APIs
# (cmd/chatops-mockapi), with the endpoints and credentials in the
# environment.

terraform {
  required_version = ">= 1.5"
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

# Configured from DEVREV_TOKEN, DEVREV_ENDPOINT, HELPCRUNCH_API_KEY and
# HELPCRUNCH_ENDPOINT.
provider "chatops" {}

variable "customer" {
  description = "Who is being onboarded, as your CRM knows them."
  type = object({
    name    = string
    email   = string
    crm_id  = string
    company = string
    plan    = string
    seats   = number
  })
  default = {
    name    = "Ada Lovelace"
    email   = "ada@analytical.example"
    crm_id  = "crm-1815"
    company = "Analytical Engines"
    plan    = "enterprise"
    seats   = 40
  }
}

variable "application" {
  description = "HelpCrunch application (website widget) the chat belongs to."
  type        = number
  default     = 1
}

variable "agent" {
  description = "HelpCrunch agent who owns the onboarding chat and greets the customer."
  type        = number
  default     = 2
}

variable "escalation_team" {
  description = "Emails of the DevRev users escalations go to; the first one owns the conversation."
  type        = list(string)
  default     = ["user2@example.com", "user3@example.com"]
}

resource "chatops_helpcrunch_customer" "this" {
  name    = var.customer.name
  email   = var.customer.email
  user_id = var.customer.crm_id
  company = var.customer.company
  tags    = ["onboarding"]
  custom_data = {
    plan  = var.customer.plan
    seats = var.customer.seats
  }
  # The default, said out loud: destroying this configuration leaves the
  # customer and their chat history in HelpCrunch.
  on_destroy = "keep"
}

# A customer who already opened a chat through the widget keeps that one:
# it is adopted (one search more per create) instead of opening a second.
resource "chatops_helpcrunch_chat" "onboarding" {
  customer        = chatops_helpcrunch_customer.this.id
  application     = var.application
  assignee        = var.agent
  department      = 1
  status          = "opened"
  reuse_open_chat = true
}

# The token's own user, and the escalation team, by email.
data "chatops_devrev_user" "me" {
  self = true
}

data "chatops_devrev_user" "team" {
  for_each = toset(var.escalation_team)
  email    = each.value
}

resource "chatops_devrev_conversation" "escalation" {
  title       = "Escalations: ${var.customer.company}"
  description = "Escalations from HelpCrunch chat ${chatops_helpcrunch_chat.onboarding.id} (customer ${chatops_helpcrunch_customer.this.id})."
  members     = concat([data.chatops_devrev_user.me.id], [for u in data.chatops_devrev_user.team : u.id])
  owned_by    = [data.chatops_devrev_user.team[var.escalation_team[0]].id]
}
