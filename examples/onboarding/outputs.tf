output "customer_id" {
  description = "The HelpCrunch customer's id."
  value       = chatops_helpcrunch_customer.this.id
}

output "chat_id" {
  description = "The onboarding chat's id."
  value       = chatops_helpcrunch_chat.onboarding.id
}

output "escalation" {
  description = "The DevRev conversation escalations go to, and its members' DON ids."
  value = {
    display_id = chatops_devrev_conversation.escalation.display_id
    members    = sort(tolist(chatops_devrev_conversation.escalation.members))
  }
}
