package client

import (
	"context"
	"net/url"
)

// DevRevUsersService covers DevRev's dev-users.list, dev-users.get and
// dev-users.self. Each only reads, so every failure the core can retry is
// retried.
type DevRevUsersService struct {
	core *core
}

// DevRevUser is a dev user as DevRev returns it (the spec's dev-user), as
// much of it as the provider shows.
type DevRevUser struct {
	ID          string `json:"id"`
	DisplayID   string `json:"display_id,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	FullName    string `json:"full_name,omitempty"`
	Email       string `json:"email,omitempty"`
	State       string `json:"state,omitempty"`
}

// DevRevUsersListRequest is the body of dev-users.list; unset fields are
// left out.
type DevRevUsersListRequest struct {
	// Email keeps the users with one of these addresses.
	Email []string `json:"email,omitempty"`
	// State keeps the users in one of these states.
	State []string `json:"state,omitempty"`
	// Limit is the page size (DevRev's default: 50).
	Limit int32 `json:"limit,omitempty"`
	// Cursor resumes after the page that returned it.
	Cursor string `json:"cursor,omitempty"`
}

// DevRevUsersPage is one page of dev-users.list.
type DevRevUsersPage struct {
	DevUsers   []DevRevUser `json:"dev_users"`
	NextCursor string       `json:"next_cursor,omitempty"`
	PrevCursor string       `json:"prev_cursor,omitempty"`
}

type devrevUserResponse struct {
	DevUser DevRevUser `json:"dev_user"`
}

// List returns one page of the dev users that match req.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/dev-users/list-post
func (s *DevRevUsersService) List(ctx context.Context, req *DevRevUsersListRequest) (*DevRevUsersPage, error) {
	return call[DevRevUsersPage](ctx, s.core, request{method: "POST", path: "/dev-users.list", body: req, policy: retryIdempotent, operation: "dev-users.list"})
}

// Get fetches one dev user by DON id or display id. A user that does not
// exist is an error for which IsNotFound is true.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/dev-users/get
func (s *DevRevUsersService) Get(ctx context.Context, id string) (*DevRevUser, error) {
	return s.get(ctx, "dev-users.get", url.Values{"id": {id}})
}

// Self fetches the dev user the token authenticates as.
//
// DevRev API docs: https://developer.devrev.ai/api-reference/dev-users/self
func (s *DevRevUsersService) Self(ctx context.Context) (*DevRevUser, error) {
	return s.get(ctx, "dev-users.self", nil)
}

// get reads one dev user with GET /<operation>, answered with
// {"dev_user": ...}.
func (s *DevRevUsersService) get(ctx context.Context, operation string, query url.Values) (*DevRevUser, error) {
	out, err := call[devrevUserResponse](ctx, s.core, request{method: "GET", path: "/" + operation, query: query, policy: retryIdempotent, operation: operation})
	if err != nil {
		return nil, err
	}
	return &out.DevUser, nil
}
