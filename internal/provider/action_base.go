package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/chatinfra/terraform-provider-chatops/internal/client"
)

// devrevActionBase gives a DevRev action its client, and fails clearly when
// the provider has no DevRev credential.
type devrevActionBase struct {
	client *client.DevRev
}

func (b *devrevActionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	data := providerDataFrom(req.ProviderData, &resp.Diagnostics)
	if data == nil {
		return
	}
	if data.DevRev == nil {
		resp.Diagnostics.AddError("DevRev Is Not Configured",
			"This action needs the DevRev API, but the provider is missing a configuration for it. "+
				"Set devrev.token in the provider block, or the "+EnvDevRevToken+" environment variable.")
	}
	b.client = data.DevRev
}

// helpcrunchActionBase gives a HelpCrunch action its client, and fails
// clearly when the provider has no HelpCrunch credential.
type helpcrunchActionBase struct {
	client *client.HelpCrunch
}

func (b *helpcrunchActionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	data := providerDataFrom(req.ProviderData, &resp.Diagnostics)
	if data == nil {
		return
	}
	if data.HelpCrunch == nil {
		resp.Diagnostics.AddError("HelpCrunch Is Not Configured",
			"This action needs the HelpCrunch API, but the provider is missing a configuration for it. "+
				"Set helpcrunch.api_key in the provider block, or the "+EnvHelpCrunchAPIKey+" environment variable.")
	}
	b.client = data.HelpCrunch
}

// addPostMessageError reports a failed message post. When the request
// reached the API and its answer was lost, the message may exist: that is
// said plainly, since the provider did not (and could not safely) send it
// again and invoking the action again may post it twice.
func addPostMessageError(diags *diag.Diagnostics, platform, target string, err error, notFoundHint string) {
	if client.MayHaveCommitted(err) {
		diags.AddError("Message May Have Been Posted",
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
	diags.AddError("Unable to Post "+platform+" Message",
		apiErrorDetail(fmt.Sprintf("posting a message to %s %s", platform, target), err, hint)+
			"\n\nNo message was posted.")
}
