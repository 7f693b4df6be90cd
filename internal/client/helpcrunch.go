package client

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DefaultHelpCrunchEndpoint is HelpCrunch's public REST API v1.
const DefaultHelpCrunchEndpoint = "https://api.helpcrunch.com/v1"

// HelpCrunch is a client of HelpCrunch's REST API v1
// (https://docs.helpcrunch.com/en/rest-api-v1/api-setup-v1).
type HelpCrunch struct {
	core *core

	// Chats covers creating, reading, searching and updating chats.
	Chats *HelpCrunchChatsService
	// Messages covers posting messages to chats.
	Messages *HelpCrunchMessagesService
	// Customers covers creating, reading, searching, updating and deleting
	// customers.
	Customers *HelpCrunchCustomersService
}

// NewHelpCrunch returns a HelpCrunch client. opts.Token is the organization's
// REST API key.
func NewHelpCrunch(opts Options) (*HelpCrunch, error) {
	if opts.Endpoint == "" {
		opts.Endpoint = DefaultHelpCrunchEndpoint
	}
	c, err := newCore("HelpCrunch", opts, decodeHelpCrunchError)
	if err != nil {
		return nil, err
	}
	hc := &HelpCrunch{core: c, Chats: &HelpCrunchChatsService{core: c}}
	hc.Messages = &HelpCrunchMessagesService{core: c}
	hc.Customers = &HelpCrunchCustomersService{core: c}
	return hc, nil
}

// decodeHelpCrunchError reads HelpCrunch's error body,
// {"errors": [{"code": "...", "message": "..."}]}. Codes vary between
// endpoints (invalid_token or unauthorized, not_found or chat_not_found), so
// every entry is kept and none is interpreted here: callers test the HTTP
// status. Older pages show an entry as a bare string, or a single object
// instead of a list; both are read too.
func decodeHelpCrunchError(e *APIError, body []byte) {
	var b struct {
		Errors  json.RawMessage `json:"errors"`
		Message string          `json:"message"`
		Error   string          `json:"error"`
	}
	if json.Unmarshal(body, &b) != nil {
		return
	}
	var items []json.RawMessage
	if json.Unmarshal(b.Errors, &items) != nil {
		items = []json.RawMessage{b.Errors}
	}
	for _, raw := range items {
		if item, ok := decodeHelpCrunchErrorItem(raw); ok {
			e.Errors = append(e.Errors, item)
		}
	}
	switch {
	case len(e.Errors) > 0:
		e.Type, e.Message = e.Errors[0].Code, e.Errors[0].Message
	case b.Message != "":
		e.Message = b.Message
	case b.Error != "":
		e.Message = b.Error
	}
}

func decodeHelpCrunchErrorItem(raw json.RawMessage) (ErrorItem, bool) {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return ErrorItem{Message: text}, text != ""
	}
	var item struct {
		Code    json.RawMessage `json:"code"`
		Message string          `json:"message"`
		Field   string          `json:"field"`
	}
	if json.Unmarshal(raw, &item) != nil {
		return ErrorItem{}, false
	}
	code, _ := stringOrNumber(item.Code)
	out := ErrorItem{Code: code, Message: item.Message, Field: item.Field}
	return out, out.Code != "" || out.Message != ""
}

// stringOrNumber reads a value HelpCrunch sends as a string in one place and
// a number in another: a string's text, or a number's decimal text. ok is
// false for anything else.
func stringOrNumber(raw []byte) (text string, ok bool) {
	if json.Unmarshal(raw, &text) == nil {
		return text, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	return "", false
}

// HelpCrunch chat statuses. The docs spell "on hold" three ways: "on hold"
// in the current page of PUT /chats/status (the spelling sent), "on-hold" in
// an older revision of that page, and "onhold" in the chat model (the
// spelling read back); "empty" is a chat without messages and cannot be set.
// https://docs.helpcrunch.com/en/rest-api-v1/update-chat-status-v1,
// https://docs.helpcrunch.com/en/rest-api-v1/chat-model-v1
const (
	HelpCrunchStatusNew             = "new"
	HelpCrunchStatusOpened          = "opened"
	HelpCrunchStatusPending         = "pending"
	HelpCrunchStatusOnHold          = "on hold"
	HelpCrunchStatusNoCommunication = "no communication"
	HelpCrunchStatusClosed          = "closed"
	HelpCrunchStatusEmpty           = "empty"
)

// HelpCrunchSettableStatuses are what a user may ask PUT /chats/status for:
// the documented values in every documented spelling of "on hold".
var HelpCrunchSettableStatuses = []string{
	"new", "opened", "pending", "on hold", "onhold", "on-hold", "no communication", "closed",
}

// HelpCrunchStatuses are every status a chat can be read with.
var HelpCrunchStatuses = append(append([]string(nil), HelpCrunchSettableStatuses...), HelpCrunchStatusEmpty)

// statusSeparators drops what separates the words of a status. Built once: a
// Replacer builds its tables on first use, which cost more than the folding.
var statusSeparators = strings.NewReplacer(" ", "", "-", "", "_", "")

// helpcrunchStatusKey folds the spellings of one status into one key.
func helpcrunchStatusKey(s string) string {
	return statusSeparators.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// HelpCrunchStatusEqual reports whether a and b are spellings of the same
// status ("on hold", "onhold", "on-hold").
func HelpCrunchStatusEqual(a, b string) bool {
	return helpcrunchStatusKey(a) == helpcrunchStatusKey(b)
}

// HelpCrunchStatusSettable reports whether s, in any spelling, is a status
// PUT /chats/status takes ("empty" is not).
func HelpCrunchStatusSettable(s string) bool {
	for _, known := range HelpCrunchSettableStatuses {
		if HelpCrunchStatusEqual(known, s) {
			return true
		}
	}
	return false
}

// HelpCrunchSendStatus is the spelling of s that PUT /chats/status documents
// today ("on hold", "no communication"); other values are returned as given.
func HelpCrunchSendStatus(s string) string {
	if HelpCrunchStatusSettable(s) {
		return CanonicalHelpCrunchStatus(s)
	}
	return s
}

// HelpCrunchSearchStatus is the spelling of s that a chats.status search
// filter compares with: the chat model's ("onhold"), since a search matches
// the status as HelpCrunch stores and reads it.
func HelpCrunchSearchStatus(s string) string {
	if helpcrunchStatusKey(s) == "onhold" {
		return "onhold"
	}
	return CanonicalHelpCrunchStatus(s)
}

// CanonicalHelpCrunchStatus returns the one spelling this client uses for a
// status: the form PUT /chats/status documents ("on hold",
// "no communication"); unknown values are returned lower-cased.
func CanonicalHelpCrunchStatus(s string) string {
	key := helpcrunchStatusKey(s)
	for _, known := range HelpCrunchStatuses {
		if helpcrunchStatusKey(known) == key {
			switch key {
			case "onhold":
				return HelpCrunchStatusOnHold
			case "nocommunication":
				return HelpCrunchStatusNoCommunication
			}
			return known
		}
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// UnixTime is a HelpCrunch timestamp: Unix seconds, sent as a JSON number
// (1603864800), a string ("1603864800"), a fractional string
// ("1603864800.000") or null. Valid is false for null.
type UnixTime struct {
	Time  time.Time
	Valid bool
}

// UnmarshalJSON reads every form HelpCrunch sends. An empty string is null.
func (u *UnixTime) UnmarshalJSON(raw []byte) error {
	text := strings.TrimSpace(string(raw))
	if text == "null" {
		*u = UnixTime{}
		return nil
	}
	if strings.HasPrefix(text, `"`) {
		if err := json.Unmarshal(raw, &text); err != nil {
			return fmt.Errorf("HelpCrunch timestamp %s: %w", raw, err)
		}
		text = strings.TrimSpace(text)
		if text == "" {
			*u = UnixTime{}
			return nil
		}
	}
	t, err := parseUnixSeconds(text)
	if err != nil {
		return fmt.Errorf("HelpCrunch timestamp %s: %w", raw, err)
	}
	*u = UnixTime{Time: t, Valid: true}
	return nil
}

// parseUnixSeconds reads "1603864800", "1603864800.5" or "1.6038648e9"
// exactly where it can, to the nanosecond.
func parseUnixSeconds(text string) (time.Time, error) {
	whole, frac, hasFrac := strings.Cut(text, ".")
	if secs, err := strconv.ParseInt(whole, 10, 64); err == nil && (!hasFrac || isDigits(frac)) {
		var nanos int64
		if hasFrac {
			frac = (frac + "000000000")[:9]
			nanos, _ = strconv.ParseInt(frac, 10, 64)
			if secs < 0 || strings.HasPrefix(whole, "-") {
				nanos = -nanos
			}
		}
		return time.Unix(secs, nanos).UTC(), nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e15 {
		return time.Time{}, fmt.Errorf("not a number of Unix seconds")
	}
	secs, rem := math.Modf(f)
	return time.Unix(int64(secs), int64(math.Round(rem*1e9))).UTC(), nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// RFC3339 returns the time in RFC 3339 (UTC, with fractional seconds only
// when there are some), or "" for null.
func (u UnixTime) RFC3339() string {
	if !u.Valid {
		return ""
	}
	return u.Time.UTC().Format(time.RFC3339Nano)
}
