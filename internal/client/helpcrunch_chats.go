package client

// HelpCrunchChatsService covers HelpCrunch's /chats endpoints.
type HelpCrunchChatsService struct {
	core *core
}
