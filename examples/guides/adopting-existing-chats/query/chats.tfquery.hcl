# Every chat of application 3, up to 300: `terraform query
# -generate-config-out=adopted.tf` writes a resource block and an import
# block for each one.
list "chatops_helpcrunch_chat" "application_3" {
  provider         = chatops
  include_resource = true
  limit            = 300
  config {
    application = 3
  }
}

# DevRev conversations waiting on a first answer.
list "chatops_devrev_conversation" "new" {
  provider         = chatops
  include_resource = true
  config {
    stage = { name = ["new"] }
  }
}
