# The demo of `make demo`: scripts/demo.sh runs it against the fake APIs
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

# A new DM between the demo user (DEVU-1, the token's user) and DEVU-2.
resource "chatops_devrev_chat" "ops" {
  users = ["DEVU-1", "DEVU-2"]
  title = "Ops on-call"
  custom_fields = jsonencode({
    tnt__escalation_tier = "gold"
    tnt__runbook_url     = "https://runbooks.example.com/ops"
  })
  custom_schema_spec = {
    tenant_fragment = true
  }
}

# The default DM of DEVU-1 and DEVU-3 already exists (the demo script made it
# in "the DevRev UI"): creating it again adopts the existing chat instead of
# failing.
resource "chatops_devrev_chat" "existing" {
  users           = ["DEVU-1", "DEVU-3"]
  is_default      = true
  get_if_conflict = true
}

# A standing support conversation beside the DMs, owned by DEVU-2 (so the
# listing of DEVU-1's conversations below is the same before and after it is
# made). Destroying it deletes it.
resource "chatops_devrev_conversation" "escalations" {
  title       = "Escalations: Acme"
  description = "Standing room for Acme escalations."
  members     = ["DEVU-1", "DEVU-2"]
  owned_by    = ["DEVU-2"]
  group       = "GROUP-1"
  tags = [
    { id = "TAG-5", value = "p1" },
  ]
}

# Open conversations owned by the demo user, at most 20.
data "chatops_devrev_conversations" "mine" {
  owned_by = ["DEVU-1"]
  state    = ["open"]
  limit    = 20
}

# Two support chats. Destroying them closes them (on_destroy defaults to
# "close").
resource "chatops_helpcrunch_chat" "billing" {
  customer    = 1
  application = 1
  assignee    = 2
  department  = 1
  status      = "opened"
}

resource "chatops_helpcrunch_chat" "onboarding" {
  customer    = 2
  application = 2
  assignee    = 3
  department  = 2
  status      = "pending"
  on_destroy  = "close"
}
