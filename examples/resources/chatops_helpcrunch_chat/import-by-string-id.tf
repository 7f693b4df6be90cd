# Terraform 1.5 and later: adopt an existing chat by its numeric id.
import {
  to = chatops_helpcrunch_chat.onboarding
  id = "5214000"
}
