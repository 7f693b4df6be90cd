# A DevRev conversation is imported by its DON id...
terraform import chatops_devrev_conversation.acme_escalations don:core:dvrv-us-1:devo/0:conversation/1

# ...or by its display id.
terraform import chatops_devrev_conversation.acme_escalations CONV-1
