# Terraform 1.12 and later (and OpenTofu 1.12): adopt it by its identity.
import {
  to = chatops_devrev_chat.oncall
  identity = {
    id = "don:core:dvrv-us-1:devo/0:dm/1"
  }
}
