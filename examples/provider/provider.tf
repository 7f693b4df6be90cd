terraform {
  required_providers {
    chatops = {
      source = "chatinfra/chatops"
    }
  }
}

variable "devrev_token" {
  description = "DevRev personal access token or service account token."
  type        = string
  sensitive   = true
}

variable "helpcrunch_api_key" {
  description = "HelpCrunch REST API key."
  type        = string
  sensitive   = true
}

# Both platforms configured. Either block may be left out, or its credential
# left unset and taken from DEVREV_TOKEN / HELPCRUNCH_API_KEY instead.
provider "chatops" {
  devrev = {
    token    = var.devrev_token
    endpoint = "https://api.devrev.ai" # the default; or DEVREV_ENDPOINT
    # No pacing by default: DevRev's 429 says how long to wait.
    # max_requests_per_minute = 300      # or DEVREV_MAX_REQUESTS_PER_MINUTE
  }

  helpcrunch = {
    api_key  = var.helpcrunch_api_key
    endpoint = "https://api.helpcrunch.com/v1" # the default; or HELPCRUNCH_ENDPOINT

    max_requests_per_minute = 120 # the default (HelpCrunch's limit); or HELPCRUNCH_MAX_REQUESTS_PER_MINUTE
  }

  max_retries     = 5     # the default; or CHATOPS_MAX_RETRIES
  request_timeout = "30s" # the default; or CHATOPS_REQUEST_TIMEOUT
}
