package mockapi

// devrevChatStore holds DevRev chats (DMs). Guarded by Server.mu.
type devrevChatStore struct{}

func newDevRevChatStore() *devrevChatStore { return &devrevChatStore{} }

func (s *Server) registerDevRevChats() {}

func (s *Server) devrevChatsSnapshot() []map[string]any { return []map[string]any{} }

func (s *Server) deleteDevRevChat(id string) bool { return false }
