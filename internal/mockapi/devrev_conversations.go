package mockapi

// ConversationFixture is one seeded DevRev conversation.
type ConversationFixture struct{}

// conversationStore holds DevRev conversations. Guarded by Server.mu.
type conversationStore struct{}

func newConversationStore(d *devrevState, fx []ConversationFixture) (*conversationStore, error) {
	return &conversationStore{}, nil
}

func (d *devrevState) generateConversations(n int) {}

func (s *Server) registerDevRevConversations() {}

func (s *Server) devrevConversationsSnapshot() []map[string]any { return []map[string]any{} }
