# A customer from your CRM, with the chat opened for them.
resource "chatops_helpcrunch_customer" "ada" {
  name    = "Ada Lovelace"
  email   = "ada@analytical.example"
  user_id = "crm-1815" # your own id: lets a lost create be found again
  company = "Analytical Engines"
  phone   = "+44 20 7946 0000"
  notes   = "Prefers email."

  # Names only; new tags get HelpCrunch's default color.
  tags = ["vip", "onboarding"]

  # Strings, numbers and booleans, each keeping its type.
  custom_data = {
    plan  = "enterprise"
    seats = 40
    trial = false
  }

  # The default: destroying this resource leaves the customer (and their chat
  # history) in HelpCrunch. "delete" deletes both, for good.
  on_destroy = "keep"
}

resource "chatops_helpcrunch_chat" "ada_onboarding" {
  customer    = chatops_helpcrunch_customer.ada.id
  application = 3838
}
