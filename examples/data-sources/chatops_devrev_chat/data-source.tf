# Read a chat by its display id (or its DON id).
data "chatops_devrev_chat" "handover" {
  id = "DM-1"
}

output "handover_users" {
  value = data.chatops_devrev_chat.handover.users
}

output "handover_title" {
  value = data.chatops_devrev_chat.handover.title
}
