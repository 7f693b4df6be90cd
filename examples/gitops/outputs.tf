output "oncall_chats" {
  description = "Display id of each team's on-call DM."
  value = {
    payments = module.payments.oncall_chat
    platform = module.platform.oncall_chat
  }
}

output "escalation_rooms" {
  description = "Display id of each key account's escalation room, per team."
  value = {
    payments = module.payments.escalation_rooms
    platform = module.platform.escalation_rooms
  }
}
