# Greet the customer as soon as the chat is opened, and again whenever it is
# handed to another agent, as the agent who now owns it.
resource "chatops_helpcrunch_chat" "onboarding" {
  customer    = 8738438
  application = 3838
  assignee    = var.agent

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.chatops_helpcrunch_message.greeting]
    }
  }
}

action "chatops_helpcrunch_message" "greeting" {
  config {
    chat          = chatops_helpcrunch_chat.onboarding.id
    agent         = var.agent
    text          = "Hi! I'm looking after your onboarding from now on."
    markdown_text = "Hi! I'm looking after your **onboarding** from now on."
  }
}

# A note only agents see, posted only when asked for:
#   terraform apply -invoke=action.chatops_helpcrunch_message.handover_note
action "chatops_helpcrunch_message" "handover_note" {
  config {
    chat  = chatops_helpcrunch_chat.onboarding.id
    agent = var.agent
    type  = "private"
    text  = "Contract signed; priority support until the end of the quarter."
  }
}

variable "agent" {
  type    = number
  default = 4188
}
