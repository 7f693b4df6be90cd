# Terraform 1.5 and later: adopt an existing chat by its DON id or display id.
import {
  to = chatops_devrev_chat.oncall
  id = "DM-1"
}
