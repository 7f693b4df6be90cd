# A HelpCrunch chat is imported by its numeric id.
terraform import chatops_helpcrunch_chat.onboarding 5214000
