# Terraform 1.5 and later: adopt an existing conversation by its DON id or
# display id.
import {
  to = chatops_devrev_conversation.acme_escalations
  id = "CONV-1"
}
