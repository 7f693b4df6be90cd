# A DevRev chat is imported by its DON id...
terraform import chatops_devrev_chat.oncall don:core:dvrv-us-1:devo/0:dm/1

# ...or by its display id.
terraform import chatops_devrev_chat.oncall DM-1
