# A chat opened for customer 8738438 through the website widget 3838,
# assigned to agent 4188 in department 233048.
resource "chatops_helpcrunch_chat" "onboarding" {
  customer    = 8738438
  application = 3838
  assignee    = 4188
  department  = 233048

  # One of: new, opened, pending, on hold (also onhold, on-hold),
  # no communication, closed. Left out, the chat keeps HelpCrunch's status
  # (shown as null while HelpCrunch reports "empty": no message yet).
  status = "opened"

  # HelpCrunch cannot delete chats: destroying this resource closes the chat.
  # Use "keep" to only remove it from Terraform state.
  on_destroy = "close"

  timeouts {
    create = "5m"
  }
}
