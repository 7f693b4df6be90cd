package client

// DevRevConversationsService covers DevRev's conversations.* endpoints.
type DevRevConversationsService struct {
	core *core
}
