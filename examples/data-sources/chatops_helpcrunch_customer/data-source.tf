# A customer HelpCrunch already has, by the id of your own CRM...
data "chatops_helpcrunch_customer" "acme_admin" {
  user_id = "crm-1042"
}

# ...or by email.
data "chatops_helpcrunch_customer" "billing" {
  email = "billing@acme.example"
}

resource "chatops_helpcrunch_chat" "renewal" {
  customer        = data.chatops_helpcrunch_customer.acme_admin.id
  application     = 3838
  reuse_open_chat = true
}

output "billing_plan" {
  value = data.chatops_helpcrunch_customer.billing.custom_data
}
