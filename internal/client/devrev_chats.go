package client

// DevRevChatsService covers DevRev's chats.* endpoints.
type DevRevChatsService struct {
	core *core
}
