# The user the provider's token belongs to.
data "chatops_devrev_user" "me" {
  self = true
}

# Teammates by email instead of a DEVU- id looked up by hand.
data "chatops_devrev_user" "lead" {
  email = "priya@example.com"
}

data "chatops_devrev_user" "backup" {
  id = "DEVU-12"
}

resource "chatops_devrev_conversation" "escalations" {
  title    = "Escalations: Acme"
  members  = [data.chatops_devrev_user.me.id, data.chatops_devrev_user.lead.id, data.chatops_devrev_user.backup.id]
  owned_by = [data.chatops_devrev_user.lead.id]
}
