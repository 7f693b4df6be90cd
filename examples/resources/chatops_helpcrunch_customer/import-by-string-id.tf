# Terraform 1.5 and later: adopt an existing customer by their numeric id.
import {
  to = chatops_helpcrunch_customer.ada
  id = "542335"
}
