# A standing escalation room for a key account.
resource "chatops_devrev_conversation" "acme_escalations" {
  title       = "Escalations: Acme"
  description = "Standing room for Acme escalations. Page the on-call owner."
  group       = "GROUP-1"
  members     = ["DEVU-1", "DEVU-2"]
  owned_by    = ["DEVU-1"]
  stage       = "new"
  channels    = ["ECC-2"]

  tags = [
    { id = "TAG-4" },
    { id = "TAG-5", value = "p1" },
  ]

  custom_fields = jsonencode({
    tnt__account_tier = "gold"
  })
  custom_schema_spec = {
    tenant_fragment = true
  }
}
