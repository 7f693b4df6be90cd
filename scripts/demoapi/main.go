// Command demoapi is the HTTP client of scripts/demo.sh, so that `make demo`
// needs nothing but Go and terraform:
//
//	demoapi create-dm USER...                     create a default DevRev DM, as the DevRev UI would
//	demoapi state CONTROL_URL [-helpcrunch-closed] summarize the fake's state
//
// create-dm reads DEVREV_ENDPOINT and DEVREV_TOKEN from the environment.
// With -helpcrunch-closed, state fails unless there are HelpCrunch chats and
// all of them are closed.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
	"github.com/chatinfra/terraform-provider-chatops/internal/mockapi/fake"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "demoapi: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: demoapi create-dm USER... | demoapi state CONTROL_URL [-helpcrunch-closed]")
	}
	switch args[0] {
	case "create-dm":
		return createDM(args[1:], out)
	case "state":
		return state(args[1:], out)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// createDM goes through the provider's own client, so the demo's DM is made
// exactly as a chats.create from Terraform would be.
func createDM(users []string, out io.Writer) error {
	endpoint, token := os.Getenv("DEVREV_ENDPOINT"), os.Getenv("DEVREV_TOKEN")
	if endpoint == "" || token == "" {
		return errors.New("create-dm needs DEVREV_ENDPOINT and DEVREV_TOKEN")
	}
	if len(users) == 0 {
		return errors.New("create-dm needs at least one user")
	}
	// No retries: a demo step that fails should say so at once.
	devrev, err := client.NewDevRev(client.Options{Endpoint: endpoint, Token: token, MaxRetries: 0, RequestTimeout: 10 * time.Second})
	if err != nil {
		return err
	}
	isDefault := true
	chat, err := devrev.Chats.Create(context.Background(), &client.DevRevChatCreateRequest{Users: users, IsDefault: &isDefault})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Created the default DM of %s: %s (%s)\n", strings.Join(users, ", "), chat.DisplayID, chat.ID)
	return nil
}

func state(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("state", flag.ContinueOnError)
	closed := fs.Bool("helpcrunch-closed", false, "fail unless every HelpCrunch chat is closed")
	if len(args) == 0 {
		return errors.New("state needs the control API's URL")
	}
	control := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var st fake.State
	if err := getJSON(strings.TrimSuffix(control, "/")+"/state", &st); err != nil {
		return err
	}

	fmt.Fprintf(out, "DevRev chats (%d):\n", len(st.DevRev.Chats))
	for _, c := range st.DevRev.Chats {
		title := "-"
		if t, ok := c["title"].(string); ok {
			title = strconv.Quote(t)
		}
		fmt.Fprintf(out, "  %-8s users=%-15s default=%-5s title=%s  %s\n",
			str(c["display_id"]), userList(c["users"]), str(c["is_default"]), title, str(c["id"]))
	}
	fmt.Fprintf(out, "DevRev conversations: %d\n", len(st.DevRev.Conversations))
	fmt.Fprintf(out, "HelpCrunch chats (%d):\n", len(st.HelpCrunch.Chats))
	var open []string
	for _, c := range st.HelpCrunch.Chats {
		status := str(c["status"])
		fmt.Fprintf(out, "  id=%-4s customer=%-3s status=%-10s closedAt=%s\n",
			str(c["id"]), str(field(c["customer"], "id")), status, str(c["closedAt"]))
		if status != "closed" {
			open = append(open, str(c["id"]))
		}
	}
	fmt.Fprintf(out, "HelpCrunch customers: %d\n", len(st.HelpCrunch.Customers))
	fmt.Fprintf(out, "HelpCrunch messages (%d):\n", len(st.HelpCrunch.Messages))
	for _, m := range st.HelpCrunch.Messages {
		fmt.Fprintf(out, "  chat=%-4s from=%-8s text=%s\n", str(m["chat"]), str(m["from"]), strconv.Quote(str(m["text"])))
	}
	if *closed {
		if len(st.HelpCrunch.Chats) == 0 {
			return errors.New("no HelpCrunch chats in the fake's state")
		}
		if len(open) > 0 {
			return fmt.Errorf("HelpCrunch chats %s are not closed", strings.Join(open, ", "))
		}
	}
	return nil
}

// getJSON reads one 2xx JSON answer of the fake's control API into v.
func getJSON(url string, v any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		return fmt.Errorf("GET %s: HTTP %d: %s", url, resp.StatusCode, bytes.TrimSpace(raw))
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// str renders a JSON value for the summary; "-" when absent.
func str(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		return v
	case float64:
		return fmt.Sprintf("%.0f", v)
	default:
		return fmt.Sprint(v)
	}
}

func field(v any, name string) any {
	if m, ok := v.(map[string]any); ok {
		return m[name]
	}
	return v
}

// userList renders a chat's users, given as ids or as user summaries.
func userList(v any) string {
	list, ok := v.([]any)
	if !ok {
		return str(v)
	}
	var out []string
	for _, u := range list {
		if m, ok := u.(map[string]any); ok {
			if d, ok := m["display_id"].(string); ok {
				out = append(out, d)
				continue
			}
			u = m["id"]
		}
		out = append(out, str(u))
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
