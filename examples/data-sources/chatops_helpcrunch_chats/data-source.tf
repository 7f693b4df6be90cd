# The 20 newest chats on hold in department 233048 since the start of 2024.
data "chatops_helpcrunch_chats" "on_hold" {
  status        = "on hold"
  department    = 233048
  created_after = "2024-01-01T00:00:00Z"
  sort          = "chats.createdAt"
  order         = "desc"
  limit         = 20
}

output "on_hold_chats" {
  value = {
    for chat in data.chatops_helpcrunch_chats.on_hold.chats :
    chat.id => "${chat.customer_name} <${chat.customer_email}>"
  }
}

# The 5 newest chats of customer 8738438 that came through widget 3838.
# HelpCrunch cannot search by application: the provider filters the
# customer's chats, and limit counts the chats it keeps.
data "chatops_helpcrunch_chats" "widget" {
  customer    = 8738438
  application = 3838
  limit       = 5
}
