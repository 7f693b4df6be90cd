# A HelpCrunch customer is imported by its numeric id (not its user_id).
terraform import chatops_helpcrunch_customer.ada 542335
