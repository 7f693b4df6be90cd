terraform {
  required_version = ">= 1.5"
  required_providers {
    chatops = {
      source  = "chatinfra/chatops"
      version = "~> 0.2"
    }
  }
}

provider "chatops" {}

resource "chatops_devrev_chat" "oncall" {
  users = ["DEVU-1", "DEVU-2"]
  title = "On-call"
}

# Since 0.2.0 the data source keeps `id` as written (here a display id) and
# has the DON id in `don_id`. A configuration that used `id` for the DON id
# uses `don_id` now.
data "chatops_devrev_chat" "oncall" {
  id = chatops_devrev_chat.oncall.display_id
}

output "oncall_don_id" {
  value = data.chatops_devrev_chat.oncall.don_id
}
