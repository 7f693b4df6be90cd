# Terraform 1.12 and later (and OpenTofu 1.12): adopt it by its identity.
import {
  to = chatops_helpcrunch_customer.ada
  identity = {
    id = "542335"
  }
}
