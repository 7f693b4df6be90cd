package mockapi

import "time"

// HelpCrunchFixtures seed the HelpCrunch fake.
type HelpCrunchFixtures struct {
	// APIKey is the accepted bearer key.
	APIKey string `json:"api_key"`
}

func defaultHelpCrunchFixtures() HelpCrunchFixtures {
	return HelpCrunchFixtures{APIKey: DemoHelpCrunchKey}
}

func mergeHelpCrunchFixtures(def, file HelpCrunchFixtures) HelpCrunchFixtures {
	if file.APIKey == "" {
		file.APIKey = def.APIKey
	}
	return file
}

// helpcrunchState is the HelpCrunch fake's data. Guarded by Server.mu.
type helpcrunchState struct {
	apiKey string
	now    func() time.Time
}

func newHelpCrunchState(fx *HelpCrunchFixtures, now func() time.Time) (*helpcrunchState, error) {
	return &helpcrunchState{apiKey: fx.APIKey, now: now}, nil
}

func (s *Server) registerHelpCrunchChats() {}

func (s *Server) helpcrunchChatsSnapshot() []map[string]any { return []map[string]any{} }

func (s *Server) deleteHelpCrunchChat(id string) bool { return false }
