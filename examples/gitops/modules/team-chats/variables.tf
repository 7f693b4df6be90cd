variable "team" {
  description = "The team's name, used in titles."
  type        = string
}

variable "oncall_users" {
  description = "DevRev users of the team's on-call DM and members of its escalation rooms (DON ids or display ids). The first one owns the rooms."
  type        = list(string)

  validation {
    condition     = length(var.oncall_users) > 0 && length(var.oncall_users) <= 16
    error_message = "A DM has 1 to 16 users."
  }
}

variable "key_accounts" {
  description = "Key accounts that get a standing escalation room: key => account name."
  type        = map(string)
  default     = {}
}

variable "vip_customers" {
  description = "HelpCrunch customers that get a standing chat with the team's agent: key => customer id."
  type        = map(number)
  default     = {}
}

variable "helpcrunch_application" {
  description = "HelpCrunch application (widget) id the team's chats belong to."
  type        = number
}

variable "helpcrunch_agent" {
  description = "HelpCrunch agent id the team's chats are assigned to."
  type        = number
}
