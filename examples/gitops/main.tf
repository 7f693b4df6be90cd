# One workspace for the support organisation's chats; one module call per team.
#
# Credentials never live in this repository: the pipeline sets DEVREV_TOKEN
# and HELPCRUNCH_API_KEY (and, against a sandbox, DEVREV_ENDPOINT and
# HELPCRUNCH_ENDPOINT) from its secret store.
provider "chatops" {}

module "payments" {
  source = "./modules/team-chats"

  team         = "Payments"
  oncall_users = ["DEVU-1", "DEVU-4", "DEVU-5"]
  key_accounts = {
    acme   = "Acme Corp"
    globex = "Globex"
  }
  vip_customers = {
    acme = 3
  }
  helpcrunch_application = 1
  helpcrunch_agent       = 2
}

module "platform" {
  source = "./modules/team-chats"

  team         = "Platform"
  oncall_users = ["DEVU-1", "DEVU-6"]
  key_accounts = {
    initech = "Initech"
  }
  helpcrunch_application = 2
  helpcrunch_agent       = 4
}
