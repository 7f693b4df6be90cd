# The default DM between you (the token's owner) and two teammates. If it
# already exists, it is adopted (get_if_conflict defaults to true).
resource "chatops_devrev_chat" "oncall" {
  users = ["DEVU-1", "DEVU-2", "DEVU-3"]
  title = "On-call handover"

  records = ["ISS-42"]

  # Custom fields need the schema they belong to: tnt__ fields are the
  # tenant fragment's. DevRev does not return either, so they are kept as
  # applied.
  custom_fields = jsonencode({
    tnt__rotation = "weekly"
  })
  custom_schema_spec = {
    tenant_fragment          = true
    validate_required_fields = true
  }

  timeouts {
    create = "5m"
  }
}

# A second, non-default DM of the same users: is_default = false never
# conflicts with the default one. Users may also be written as DON ids.
resource "chatops_devrev_chat" "incident" {
  users = [
    "don:identity:dvrv-us-1:devo/0:devu/1",
    "don:identity:dvrv-us-1:devo/0:devu/2",
    "don:identity:dvrv-us-1:devo/0:devu/3",
  ]
  title      = "Incident room"
  is_default = false
}

output "oncall_chat" {
  value = chatops_devrev_chat.oncall.display_id
}
