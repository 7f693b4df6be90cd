# The team's on-call DM in DevRev. A default DM is unique per set of users, so
# an existing one is adopted (get_if_conflict) rather than duplicated.
resource "chatops_devrev_chat" "oncall" {
  users = var.oncall_users
  title = "${var.team} on-call"
}

# A standing escalation room per key account.
resource "chatops_devrev_conversation" "escalation" {
  for_each = var.key_accounts

  title       = "Escalations: ${each.value}"
  description = "Standing room for ${each.value} escalations to ${var.team}."
  members     = var.oncall_users
  owned_by    = [var.oncall_users[0]]
  stage       = "new"
}

# A standing HelpCrunch chat per VIP customer, assigned to the team's agent.
# Destroying it closes the chat (HelpCrunch cannot delete chats).
resource "chatops_helpcrunch_chat" "vip" {
  for_each = var.vip_customers

  customer    = each.value
  application = var.helpcrunch_application
  assignee    = var.helpcrunch_agent
}
