output "oncall_chat" {
  description = "Display id of the on-call DM."
  value       = chatops_devrev_chat.oncall.display_id
}

output "escalation_rooms" {
  description = "Display id of each escalation room, by key account."
  value       = { for k, c in chatops_devrev_conversation.escalation : k => c.display_id }
}

output "vip_chats" {
  description = "HelpCrunch chat id of each VIP customer's chat."
  value       = { for k, c in chatops_helpcrunch_chat.vip : k => c.id }
}
