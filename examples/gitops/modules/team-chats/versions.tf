terraform {
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}
