# The ids of every open conversation owned by DEVU-1 (all pages are read).
# With only the ids kept, a plan over thousands of conversations stays fast.
data "chatops_devrev_conversations" "my_open" {
  owned_by = ["DEVU-1"]
  state    = ["open"]
  ids_only = true
}

output "my_open_conversation_ids" {
  value = data.chatops_devrev_conversations.my_open.ids
}

# The last 20 conversations (reading backwards from the end of the API's order)
# whose SLA was breached in the past week, last first.
data "chatops_devrev_conversations" "recently_breached" {
  sla_summary = {
    stage       = ["breached"]
    target_time = { preset_type = "last_n_days", days = 7 }
  }
  mode  = "before"
  limit = 20
}

output "recently_breached_titles" {
  value = [for c in data.chatops_devrev_conversations.recently_breached.conversations : "${c.display_id}: ${c.title}"]
}
