package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// actionBase gives an action of one platform its type name (see
// resourceBase) and its client, and fails at plan time, as the resources do,
// when the provider has no credential for that platform.
type actionBase[C platformClient] struct {
	typeName string
	client   *C
}

type (
	devrevActionBase     = actionBase[client.DevRev]
	helpcrunchActionBase = actionBase[client.HelpCrunch]
)

func (b *actionBase[C]) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.typeName
}

func (b *actionBase[C]) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	b.client = configuredClient[C](req.ProviderData, &resp.Diagnostics)
}

// postMessage posts one message to target on platform with post, which
// returns what was posted ("comment 1 to DevRev DM-1"), and tells Terraform
// before and after. When the request reached the API and its answer was
// lost, the message may exist: that is said plainly, since the provider did
// not (and could not safely) send it again and invoking the action again may
// post it twice.
func postMessage(ctx context.Context, resp *action.InvokeResponse, platform, target, posting string, logFields map[string]any,
	notFoundHint string, post func() (posted string, err error)) {
	resp.SendProgress(action.InvokeProgressEvent{Message: "Posting " + posting})
	tflog.Debug(ctx, "Posting a "+platform+" message", logFields)
	posted, err := post()
	if err == nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: "Posted " + posted})
		tflog.Trace(ctx, "Posted a "+platform+" message", map[string]any{"posted": posted})
		return
	}
	if client.MayHaveCommitted(err) {
		resp.Diagnostics.AddError("Message May Have Been Posted",
			fmt.Sprintf("The request to post the message to %s %s reached %s, but no answer came back: %s.\n\n"+
				"The message may or may not be in the chat. %s cannot tell a repeated request from a new message, "+
				"so the provider did not send it again. Look at the chat before invoking the action again: "+
				"if the message is there, invoking the action again posts it a second time.",
				platform, target, platform, err, platform))
		return
	}
	hint := ""
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && (apiErr.StatusCode == 404 || (apiErr.StatusCode == 400 && apiErr.Type == "invalid_id")) {
		hint = notFoundHint
	}
	resp.Diagnostics.AddError("Unable to Post "+platform+" Message",
		apiErrorDetail(fmt.Sprintf("posting a message to %s %s", platform, target), err, hint)+
			"\n\nNo message was posted.")
}
