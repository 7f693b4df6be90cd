terraform {
  required_version = ">= 1.5"
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

# Credentials and endpoints come from DEVREV_TOKEN, HELPCRUNCH_API_KEY and,
# for a test double, DEVREV_ENDPOINT and HELPCRUNCH_ENDPOINT.
provider "chatops" {}

# A DM between you (the token's user) and a teammate. A default DM is unique
# per set of users: if it already exists, it is adopted instead of failing.
resource "chatops_devrev_chat" "handover" {
  users = ["DEVU-1", "DEVU-2"]
  title = "Shift handover"
}

# A support chat for an existing HelpCrunch customer, through one of your
# applications, assigned to an agent.
resource "chatops_helpcrunch_chat" "welcome" {
  customer    = 1
  application = 1
  assignee    = 2
  status      = "opened"
}

output "handover_chat" {
  value = chatops_devrev_chat.handover.display_id
}

output "welcome_chat" {
  value = chatops_helpcrunch_chat.welcome.id
}
