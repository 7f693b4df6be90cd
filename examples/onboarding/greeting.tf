# The greeting, posted once the chat exists (and again should the chat ever be
# replaced). Actions need Terraform 1.14 or later; `make demo` leaves this file
# out on older versions.
action "chatops_helpcrunch_message" "greeting" {
  config {
    chat  = chatops_helpcrunch_chat.onboarding.id
    agent = var.agent
    text  = "Hi ${var.customer.name}, welcome aboard! I'm looking after your onboarding; reply here any time."
  }
}

resource "terraform_data" "greeting" {
  input = chatops_helpcrunch_chat.onboarding.id

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.chatops_helpcrunch_message.greeting]
    }
  }
}
