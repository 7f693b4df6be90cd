# Announce every change of the release chat in the chat itself: the action
# runs after the chat is created and after each in-place update.
resource "chatops_devrev_chat" "release" {
  users = ["DEVU-1", "DEVU-2"]
  title = "Release ${var.release}"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.chatops_devrev_message.release_notice]
    }
  }
}

action "chatops_devrev_message" "release_notice" {
  config {
    target = chatops_devrev_chat.release.id
    body   = "Release ${var.release} is rolling out. Rollback plan: ISS-42."
  }
}

# An internal note on a conversation, posted only when asked for:
#   terraform apply -invoke=action.chatops_devrev_message.incident_note
action "chatops_devrev_message" "incident_note" {
  config {
    target     = "CONV-12"
    body       = "Mitigated; the post-mortem follows within two days."
    visibility = "internal"
  }
}

variable "release" {
  type    = string
  default = "1.4.0"
}
