# Terraform 1.12 and later (and OpenTofu 1.12): adopt it by its identity. The
# identity holds the DON id; a display id is accepted too, and the state and
# identity then record the DON id.
import {
  to = chatops_devrev_conversation.acme_escalations
  identity = {
    id = "don:core:dvrv-us-1:devo/0:conversation/1"
  }
}
