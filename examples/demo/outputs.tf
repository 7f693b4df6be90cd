output "devrev_chat_ids" {
  description = "DevRev chat ids, by resource."
  value = {
    ops      = chatops_devrev_chat.ops.id
    existing = chatops_devrev_chat.existing.id
  }
}

output "devrev_chat_display_ids" {
  description = "DevRev chat display ids, by resource."
  value = {
    ops      = chatops_devrev_chat.ops.display_id
    existing = chatops_devrev_chat.existing.display_id
  }
}

output "devrev_conversation_ids" {
  description = "Ids of the open conversations owned by DEVU-1 (at most 20)."
  value       = data.chatops_devrev_conversations.mine.ids
}

output "helpcrunch_chat_ids" {
  description = "HelpCrunch chat ids, by resource."
  value = {
    billing    = chatops_helpcrunch_chat.billing.id
    onboarding = chatops_helpcrunch_chat.onboarding.id
  }
}

output "devrev_conversation" {
  description = "The managed DevRev conversation: id, display id and stage."
  value = {
    id         = chatops_devrev_conversation.escalations.id
    display_id = chatops_devrev_conversation.escalations.display_id
    stage      = chatops_devrev_conversation.escalations.stage
  }
}
