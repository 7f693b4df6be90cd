# Open chats of application 2 assigned to agent 4, newest first. Run
#   terraform query -generate-config-out=chats.tf
# to write a resource block and an import block (by identity) for each one.
list "chatops_helpcrunch_chat" "open_for_agent_4" {
  provider         = chatops
  include_resource = true
  limit            = 50

  config {
    status        = "opened"
    assignee      = 4
    application   = 2
    created_after = "2025-01-01T00:00:00Z"
  }
}
