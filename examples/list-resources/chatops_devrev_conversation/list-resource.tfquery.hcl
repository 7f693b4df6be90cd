# Open conversations owned by DEVU-1 that DEVU-2 takes part in, modified in
# the last 90 days. Run
#   terraform query -generate-config-out=conversations.tf
# to write a resource block and an import block (by identity) for each one.
list "chatops_devrev_conversation" "escalations" {
  provider         = chatops
  include_resource = true
  limit            = 100

  config {
    owned_by = ["DEVU-1"]
    members  = ["DEVU-2"]
    state    = ["open"]
    modified_date = {
      preset_type = "last_n_days"
      days        = 90
    }
  }
}
