# The customers with one email address (HelpCrunch does not require emails to
# be unique). Run
#   terraform query -generate-config-out=customers.tf
# to write a resource block and an import block (by identity) for each one.
list "chatops_helpcrunch_customer" "acme_billing" {
  provider         = chatops
  include_resource = true
  limit            = 20

  config {
    email = "billing@acme.example"
  }
}
